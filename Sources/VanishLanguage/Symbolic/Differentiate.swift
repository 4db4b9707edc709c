/// Symbolic differentiation: the rules of calculus, each built with the simplifying
/// constructors, so the result comes out simplified as it is made.
extension SymbolicExpr {
  /// d(self)/d(name). Expects a simplified expression (as `simplified` gives).
  public func derivative(by name: String) -> SymbolicExpr {
    if isFree(of: name) { return .zero }
    switch self {
    case .constant:
      return .zero
    case .variable(let v):
      return v == name ? .one : .zero
    case .sum(let terms):
      return .sum(of: terms.map { $0.derivative(by: name) })
    case .product(let factors):
      // (f g h)' = f' g h + f g' h + f g h'
      var terms: [SymbolicExpr] = []
      for i in factors.indices {
        let d = factors[i].derivative(by: name)
        if d == .zero { continue }
        var replaced = factors
        replaced[i] = d
        terms.append(.product(of: replaced))
      }
      return .sum(of: terms)
    case .power(let base, let exponent):
      if exponent.isFree(of: name) {
        // (b^e)' = e * b^(e-1) * b'
        return .product(of: [exponent, .raise(base, exponent - .one), base.derivative(by: name)])
      }
      if base.isFree(of: name) {
        // (b^e)' = b^e * log(b) * e'
        return .product(of: [self, .apply(.log, base), exponent.derivative(by: name)])
      }
      // b^e = exp(e log b), so (b^e)' = b^e * (e' log(b) + e b'/b)
      let inner = exponent.derivative(by: name) * .apply(.log, base) + exponent * base.derivative(by: name) / base
      return self * inner
    case .call(let f, let u):
      return f.derivative(at: u) * u.derivative(by: name)
    }
  }
}

extension SymbolicFunction {
  /// f'(u), to be multiplied by u' (the chain rule).
  func derivative(at u: SymbolicExpr) -> SymbolicExpr {
    switch self {
    case .exp: return .apply(.exp, u)
    case .log: return .raise(u, .constant(-1))
    case .sqrt: return .constant(0.5) / .apply(.sqrt, u)
    // abs'(0) = 0 and relu'(0) = 0, the convention the activations follow.
    case .abs: return .apply(.sign, u)
    case .sign, .reluDerivative: return .zero
    case .sin: return .apply(.cos, u)
    case .cos: return -.apply(.sin, u)
    case .tanh: return .apply(.tanhDerivative, u)
    case .sigmoid: return .apply(.sigmoidDerivative, u)
    // sigma'' = sigma' (1 - 2 sigma) = -sigma' tanh(u/2), and tanh'' = -2 tanh tanh': forms
    // that do not cancel in saturation either.
    case .sigmoidDerivative: return -(.apply(.sigmoidDerivative, u) * .apply(.tanh, .constant(0.5) * u))
    case .tanhDerivative: return .constant(-2) * .apply(.tanh, u) * .apply(.tanhDerivative, u)
    case .relu: return .apply(.reluDerivative, u)
    }
  }
}

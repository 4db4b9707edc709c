import Foundation
import VanishCore

/// A scalar expression in named variables: what `grad(f)` differentiates and prints.
///
/// Sums and products are n-ary so that simplification can gather constants and like terms
/// from anywhere in them: `0.001*(2*w1)` is one product with the constants 0.001 and 2.
/// Subtraction is a sum with a negated term and division a product with a factor raised to
/// -1, which is also how the printer finds the minus signs and fraction bars again.
public indirect enum SymbolicExpr: Hashable, Sendable {
  case constant(Double)
  case variable(String)
  case sum([SymbolicExpr])
  case product([SymbolicExpr])
  case power(SymbolicExpr, SymbolicExpr)
  case call(SymbolicFunction, SymbolicExpr)

  public static let zero = SymbolicExpr.constant(0)
  public static let one = SymbolicExpr.constant(1)

  public var constantValue: Double? {
    if case .constant(let c) = self { return c }
    return nil
  }

  /// The number of nodes, counted as a tree (a shared part once per use), but no more
  /// than `limit`: counting stops there, so a huge tree costs no more than a small one.
  public func nodeCount(upTo limit: Int) -> Int {
    var count = 0
    func visit(_ e: SymbolicExpr) {
      if count >= limit { return }
      count += 1
      switch e {
      case .constant, .variable: return
      case .sum(let items), .product(let items): items.forEach(visit)
      case .power(let b, let x):
        visit(b)
        visit(x)
      case .call(_, let u): visit(u)
      }
    }
    visit(self)
    return count
  }

  /// True when `name` does not occur in the expression: its derivative in `name` is 0.
  public func isFree(of name: String) -> Bool {
    switch self {
    case .constant: return true
    case .variable(let v): return v != name
    case .sum(let items), .product(let items): return items.allSatisfy { $0.isFree(of: name) }
    case .power(let b, let e): return b.isFree(of: name) && e.isFree(of: name)
    case .call(_, let u): return u.isFree(of: name)
    }
  }
}

/// The functions an expression may call. Besides the ones a user writes, `sign`, `d(relu)`,
/// `d(sigmoid)` and `d(tanh)` appear in derivatives (of abs, relu, sigmoid and tanh); all can be
/// typed back into vanish, and evaluate as the activations' exact g' (`sigmoid(x)*(1 -
/// sigmoid(x))` would round to 0 from x = 37 on).
public enum SymbolicFunction: String, CaseIterable, Hashable, Sendable {
  case exp, log, sqrt, abs, sign, sin, cos, tanh, sigmoid, relu
  case reluDerivative = "d(relu)"
  case sigmoidDerivative = "d(sigmoid)"
  case tanhDerivative = "d(tanh)"

  /// The names a user's function may call, as error hints list them.
  public static let callable: [SymbolicFunction] = allCases.filter {
    ![.reluDerivative, .sigmoidDerivative, .tanhDerivative].contains($0)
  }

  public var name: String { rawValue }

  public func apply(_ x: Double) -> Double {
    switch self {
    case .exp: return Foundation.exp(x)
    case .log: return Foundation.log(x)
    case .sqrt: return x.squareRoot()
    case .abs: return Swift.abs(x)
    case .sign: return x > 0 ? 1 : x < 0 ? -1 : x  // 0, -0 and NaN stay as they are
    case .sin: return Foundation.sin(x)
    case .cos: return Foundation.cos(x)
    case .tanh: return Activation.tanh.apply(x)
    case .sigmoid: return Activation.sigmoid.apply(x)
    case .relu: return Activation.relu.apply(x)
    case .reluDerivative: return Activation.relu.derivative(x)
    case .sigmoidDerivative: return Activation.sigmoid.derivative(x)
    case .tanhDerivative: return Activation.tanh.derivative(x)
    }
  }
}

// MARK: - Evaluation

extension SymbolicExpr {
  /// The expression as a function of the values of `variables`, in that order. Evaluating
  /// walks the tree once per call without looking names up, so `descend` can take a
  /// million steps quickly.
  ///
  /// It computes what the printed expression computes when typed back, operation for
  /// operation, to the last bit: sums in their printed order (a negative term subtracted),
  /// products as printed, the coefficient first, then the numerator's factors, then one
  /// division by the denominator's product (`2*a/b^0.5` divides by b^0.5; it does not
  /// multiply by b^-0.5).
  public func compiled(variables: [String]) -> @Sendable (UnsafeBufferPointer<Double>) -> Double {
    switch self {
    case .constant(let c):
      return { _ in c }
    case .variable(let name):
      let i = variables.firstIndex(of: name) ?? 0
      return { $0[i] }
    case .sum(let terms):
      let ordered = SymbolicExpr.printedOrder(terms)
      let parts = ordered.map { t -> (subtracts: Bool, value: @Sendable (UnsafeBufferPointer<Double>) -> Double) in
        t.isNegative ? (true, (-t).compiled(variables: variables)) : (false, t.compiled(variables: variables))
      }
      if parts.isEmpty { return { _ in 0 } }
      let first = ordered[0].compiled(variables: variables)
      let rest = Array(parts.dropFirst())
      return { x in
        var s = first(x)
        for p in rest { if p.subtracts { s -= p.value(x) } else { s += p.value(x) } }
        return s
      }
    case .product(let factors):
      return SymbolicExpr.compiledProduct(factors, variables: variables)
    case .power(_, .constant(let k)) where k < 0:
      return SymbolicExpr.compiledProduct([self], variables: variables)
    case .power(let b, let e):
      let base = b.compiled(variables: variables)
      let exponent = e.compiled(variables: variables)
      return { x in Foundation.pow(base(x), exponent(x)) }
    case .call(let f, let u):
      let inner = u.compiled(variables: variables)
      return { x in f.apply(inner(x)) }
    }
  }

  /// A product as `productText` prints it: `-` and the coefficient's magnitude (left out when
  /// it is 1 and something follows), the numerator's factors multiplied from the left, then a
  /// division by the denominator (its factors multiplied from the left).
  private static func compiledProduct(
    _ factors: [SymbolicExpr], variables: [String]
  ) -> @Sendable (UnsafeBufferPointer<Double>) -> Double {
    let parts = productParts(factors)
    let magnitude = Swift.abs(parts.coefficient)
    let negative = parts.coefficient < 0
    let numerator: [@Sendable (UnsafeBufferPointer<Double>) -> Double] =
      (parts.numerator.isEmpty || magnitude != 1 ? [{ _ in magnitude }] : [])
      + parts.numerator.map { $0.compiled(variables: variables) }
    let denominator = parts.denominator.map { $0.compiled(variables: variables) }
    return { x in
      var p = numerator[0](x)
      if negative { p = -p }
      for f in numerator.dropFirst() { p *= f(x) }
      guard let first = denominator.first else { return p }
      var q = first(x)
      for f in denominator.dropFirst() { q *= f(x) }
      return p / q
    }
  }
}

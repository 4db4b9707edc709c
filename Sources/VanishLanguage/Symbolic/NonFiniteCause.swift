import Foundation

/// Why an expression is NaN or infinite at a point, told as a hint: the innermost operation
/// that made a NaN or an infinity out of finite numbers. The gradient of `sqrt(x)` at 0 is
/// `0.5/sqrt(x)`, a division by zero, not an overflow.
extension SymbolicExpr {
  /// The cause, for the values `point` of `variables`; nil when the value is finite. From
  /// the whole expression it goes down into the first operand that is not finite, each
  /// evaluated as `compiled` evaluates it, until it reaches an operation whose operands are
  /// all finite: that one made the NaN or the infinity.
  ///
  /// Each step compiles the operands again, so an expression of more than
  /// `maxAnalysedNodes` nodes is not analysed (nil): the hint is not worth seconds.
  func nonFiniteCause(variables: [String], at point: [Double]) -> String? {
    guard nodeCount(upTo: SymbolicExpr.maxAnalysedNodes + 1) <= SymbolicExpr.maxAnalysedNodes else { return nil }
    return cause(variables, point)
  }

  static let maxAnalysedNodes = 2000

  private func cause(_ variables: [String], _ point: [Double]) -> String? {
    let value = point.withUnsafeBufferPointer { compiled(variables: variables)($0) }
    guard !value.isFinite else { return nil }
    let operands = self.operands.map { e in (e, point.withUnsafeBufferPointer { e.compiled(variables: variables)($0) }) }
    if let (bad, _) = operands.first(where: { !$0.1.isFinite }) {
      return bad.cause(variables, point) ?? SymbolicExpr.overflow(in: self)
    }
    return cause(of: value, operands.map(\.1))
  }

  /// The subexpressions an operation is computed from.
  private var operands: [SymbolicExpr] {
    switch self {
    case .constant, .variable: return []
    case .sum(let terms): return terms
    case .product(let factors): return factors.flatMap { f -> [SymbolicExpr] in
        // A factor divided by is computed as a division by its base raised to the opposite power.
        if case .power(let base, .constant(let k)) = f, k < 0 { return [SymbolicExpr.divisor(base, k)] }
        return [f]
      }
    case .power(let b, .constant(let k)) where k < 0: return [SymbolicExpr.divisor(b, k)]
    case .power(let b, let e): return [b, e]
    case .call(_, let u): return [u]
    }
  }

  /// What `b^k` (k < 0) divides by: b, or b^-k.
  private static func divisor(_ b: SymbolicExpr, _ k: Double) -> SymbolicExpr {
    k == -1 ? b : .power(b, .constant(-k))
  }

  /// Why this operation gives `value` (not finite) from the finite `operands`.
  private func cause(of value: Double, _ operands: [Double]) -> String {
    switch self {
    case .product(let factors):
      for f in factors {
        if case .power(let base, .constant(let k)) = f, k < 0 {
          let divisor = SymbolicExpr.divisor(base, k)
          if let i = self.operands.firstIndex(of: divisor), operands[i] == 0 { return "division by zero: \(divisor) is 0" }
        }
      }
    case .power(let b, .constant(let k)) where k < 0:
      if operands.first == 0 { return "division by zero: \(SymbolicExpr.divisor(b, k)) is 0" }
    case .power(let b, _):
      if operands[0] < 0 && value.isNaN {
        return "a negative number to a fractional power is not a real number: \(b) is \(Format.number(operands[0]))"
      }
      if operands[0] == 0 && operands[1] < 0 { return "division by zero: \(b) is 0 and its power is negative" }
    case .call(let f, let u):
      let x = operands[0]
      if f == .log && x == 0 { return "the logarithm of 0 is -Inf: \(u) is 0" }
      if f == .log && x < 0 { return "the logarithm of a negative number is not a real number: \(u) is \(Format.number(x))" }
      if f == .sqrt && x < 0 { return "the square root of a negative number is not a real number: \(u) is \(Format.number(x))" }
    default:
      break
    }
    return SymbolicExpr.overflow(in: self)
  }

  private static func overflow(in e: SymbolicExpr) -> String {
    "numbers beyond about 1.8e308 overflow to Inf (in \(e))"
  }
}

extension DifferentiableFunction {
  /// The gradient at w; an error when an element is NaN or infinite, naming the partial
  /// derivative and, as the hint, the operation that made it so.
  func checkedGradient(at w: [Double], at range: SourceRange) throws(Diagnostic) -> [Double] {
    let g = gradient(at: w)
    guard let i = g.firstIndex(where: { !$0.isFinite }) else { return g }
    let element = g.count == 1 ? "the gradient of \(name)" : "element \(i + 1) of the gradient of \(name)"
    throw Diagnostic(
      "\(element), \(gradient[i]), is \(Numerics.name(g[i])) at \(pointText(w))", at: range,
      hint: gradient[i].nonFiniteCause(variables: parameters, at: w))
  }

  /// Why f or its gradient is not finite at w (nil when both are).
  func nonFiniteCause(at w: [Double]) -> String? {
    if !value(at: w).isFinite { return expression.nonFiniteCause(variables: parameters, at: w) }
    let g = gradient(at: w)
    guard let i = g.firstIndex(where: { !$0.isFinite }) else { return nil }
    return gradient[i].nonFiniteCause(variables: parameters, at: w)
  }

  /// `x = 0` or `w1 = 0, w2 = 1`.
  func pointText(_ w: [Double]) -> String {
    zip(parameters, w).map { "\($0) = \(Format.number($1))" }.joined(separator: ", ")
  }
}

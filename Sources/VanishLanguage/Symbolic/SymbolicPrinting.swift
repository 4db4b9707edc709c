/// Writing expressions as vanish source: what is printed can be typed back and means the
/// same, with no more parentheses than the grammar needs (`^` binds tighter than unary minus,
/// which binds tighter than `*` and `/`, which bind tighter than `+` and `-`).
///
/// A sum starts with a positive term when it has one (`1 - sigmoid(w)`, not
/// `-sigmoid(w) + 1`); negative terms are subtracted; factors raised to negative numbers
/// go under a fraction bar (`0.5/sqrt(w)`, `-1/(w1*w2)`).
extension SymbolicExpr: CustomStringConvertible {
  public var description: String {
    switch self {
    case .constant(let c): return Format.number(c)
    case .variable(let v): return v
    case .sum(let terms): return SymbolicExpr.sumText(terms)
    case .product(let factors): return SymbolicExpr.productText(factors)
    case .power(let base, let exponent):
      if let k = exponent.constantValue, k < 0 { return SymbolicExpr.productText([self]) }
      return base.asPowerOperand + "^" + exponent.asPowerOperand
    case .call(let f, let u): return "\(f.name)(\(u))"
    }
  }

  /// A negative number, or a product whose coefficient is negative.
  var isNegative: Bool {
    if let c = constantValue { return c < 0 }
    if case .product(let factors) = self, let c = factors.first?.constantValue { return c < 0 }
    return false
  }

  private static func sumText(_ terms: [SymbolicExpr]) -> String {
    guard !terms.isEmpty else { return "0" }
    let ordered = printedOrder(terms)
    var text = ordered[0].description
    for t in ordered.dropFirst() {
      text += t.isNegative ? " - \(-t)" : " + \(t)"
    }
    return text
  }

  /// The terms of a sum in the order they are printed: the first positive one moved to the
  /// front when the sum starts with a negative one.
  static func printedOrder(_ terms: [SymbolicExpr]) -> [SymbolicExpr] {
    var ordered = terms
    if let first = ordered.first, first.isNegative, let i = ordered.firstIndex(where: { !$0.isNegative }) {
      ordered.insert(ordered.remove(at: i), at: 0)
    }
    return ordered
  }

  /// A product's parts as printed: the constants multiplied into one coefficient, the factors
  /// above the fraction bar and those below it (raised to the positive power).
  static func productParts(
    _ factors: [SymbolicExpr]
  ) -> (coefficient: Double, numerator: [SymbolicExpr], denominator: [SymbolicExpr]) {
    var coefficient = 1.0
    var numerator: [SymbolicExpr] = []
    var denominator: [SymbolicExpr] = []
    for f in factors {
      if let c = f.constantValue {
        coefficient *= c
      } else if case .power(let base, .constant(let k)) = f, k < 0 {
        denominator.append(SymbolicExpr.raise(base, .constant(-k)))
      } else {
        numerator.append(f)
      }
    }
    return (coefficient, numerator, denominator)
  }

  private static func productText(_ factors: [SymbolicExpr]) -> String {
    let parts = productParts(factors)
    let coefficient = parts.coefficient
    let numerator = parts.numerator.map(\.asFactor)
    let denominator = parts.denominator.map { under -> String in
      if case .product = under { return "(\(under))" }
      return under.asFactor
    }
    let sign = coefficient < 0 ? "-" : ""
    let magnitude = Format.number(Swift.abs(coefficient))
    var text: String
    if numerator.isEmpty {
      text = magnitude
    } else {
      text = (Swift.abs(coefficient) == 1 ? "" : magnitude + "*") + numerator.joined(separator: "*")
    }
    if !denominator.isEmpty {
      let under = denominator.joined(separator: "*")
      text += "/" + (denominator.count == 1 ? under : "(\(under))")
    }
    return sign + text
  }

  /// As a factor of a product: sums need parentheses.
  private var asFactor: String {
    if case .sum = self { return "(\(self))" }
    return description
  }

  /// As the base or exponent of `^`: only names, calls and numbers that are not negative
  /// stand without parentheses.
  private var asPowerOperand: String {
    switch self {
    case .variable, .call: return description
    case .constant(let c) where c >= 0: return description
    default: return "(\(self))"
    }
  }
}

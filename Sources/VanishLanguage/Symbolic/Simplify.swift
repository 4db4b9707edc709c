import Foundation

/// Building expressions already simplified. Every derivative is built with these, so what
/// `grad(f)` prints never has `0*w`, `1*w`, `w + 0`, `w^1` or `w^0`, constants are folded
/// and like terms and like factors are gathered:
///
/// - sums: nested sums flattened, numbers added up (at the place of the first one), terms
///   that differ only in their coefficient combined (`2*w + 3*w` is `5*w`), zero terms dropped;
/// - products: nested products flattened, numbers multiplied into one coefficient written
///   first, equal bases gathered by adding exponents (`w*w` is `w^2`, `w/w` is 1), a zero
///   factor makes the product 0, a number times a sum is multiplied out (`-(a - b)` is `b - a`),
///   variables and their powers come before other factors (`-2*w*exp(-w^2)`);
/// - powers: `x^0` is 1, `x^1` is x, `1^x` is 1, numbers are folded, `(x^a)^n` is `x^(a*n)` and
///   `(a*b)^n` is `a^n*b^n` for whole n;
/// - functions of a number are folded when the result is finite.
///
/// Division by a number stays a fraction when the quotient is not exact, so `w^2/3`
/// differentiates to `2*w/3` rather than `0.6666666666666666*w`.
extension SymbolicExpr {
  public static func + (a: SymbolicExpr, b: SymbolicExpr) -> SymbolicExpr { sum(of: [a, b]) }
  public static func - (a: SymbolicExpr, b: SymbolicExpr) -> SymbolicExpr { sum(of: [a, -b]) }
  public static prefix func - (a: SymbolicExpr) -> SymbolicExpr { product(of: [.constant(-1), a]) }
  public static func * (a: SymbolicExpr, b: SymbolicExpr) -> SymbolicExpr { product(of: [a, b]) }
  public static func / (a: SymbolicExpr, b: SymbolicExpr) -> SymbolicExpr {
    product(of: [a, raise(b, .constant(-1))])
  }

  /// The value of an expression without variables (a number, a fraction of numbers).
  var numericValue: Double? {
    switch self {
    case .constant(let c): return c
    case .variable: return nil
    default:
      guard !hasVariables else { return nil }
      return [Double]().withUnsafeBufferPointer { compiled(variables: [])($0) }
    }
  }

  private var hasVariables: Bool {
    switch self {
    case .constant: return false
    case .variable: return true
    case .sum(let items), .product(let items): return items.contains { $0.hasVariables }
    case .power(let b, let e): return b.hasVariables || e.hasVariables
    case .call(_, let u): return u.hasVariables
    }
  }

  // MARK: - Sums

  public static func sum(of terms: [SymbolicExpr]) -> SymbolicExpr {
    var flat: [SymbolicExpr] = []
    for t in terms {
      if case .sum(let inner) = t { flat += inner } else { flat.append(t) }
    }
    // Slots in order of first appearance: nil is the place of the numbers.
    var slots: [SymbolicExpr?] = []
    var coefficients: [SymbolicExpr: Double] = [:]
    var numbers: [SymbolicExpr] = []
    for t in flat {
      if t.numericValue != nil {
        if numbers.isEmpty { slots.append(nil) }
        numbers.append(t)
        continue
      }
      let (c, rest) = t.splitCoefficient
      if let existing = coefficients[rest] {
        coefficients[rest] = existing + c
      } else {
        coefficients[rest] = c
        slots.append(rest)
      }
    }
    var result: [SymbolicExpr] = []
    for slot in slots {
      guard let rest = slot else {
        // A lone fraction such as 1/3 stays one; several numbers are added up.
        let number = numbers.count == 1 ? numbers[0] : .constant(numbers.reduce(0) { $0 + $1.numericValue! })
        if number.numericValue != 0 { result.append(number) }
        continue
      }
      let c = coefficients[rest]!
      if c == 0 { continue }
      let term = product(of: [.constant(c), rest])
      if case .sum(let inner) = term { result += inner } else { result.append(term) }
    }
    if result.isEmpty { return .zero }
    return result.count == 1 ? result[0] : .sum(result)
  }

  /// `-2*w*v` as (-2, w*v); a term without a leading number has coefficient 1.
  var splitCoefficient: (Double, SymbolicExpr) {
    guard case .product(let factors) = self, let c = factors.first?.constantValue else { return (1, self) }
    let rest = Array(factors.dropFirst())
    return (c, rest.count == 1 ? rest[0] : .product(rest))
  }

  // MARK: - Products

  public static func product(of factors: [SymbolicExpr]) -> SymbolicExpr {
    var flat: [SymbolicExpr] = []
    for f in factors {
      if case .product(let inner) = f { flat += inner } else { flat.append(f) }
    }
    var numerator = 1.0
    var denominator = 1.0
    var bases: [SymbolicExpr] = []
    var exponents: [SymbolicExpr: [SymbolicExpr]] = [:]
    func take(_ f: SymbolicExpr) {
      if let c = f.constantValue {
        numerator *= c
      } else if case .power(.constant(let k), .constant(-1)) = f {
        denominator *= k
      } else {
        let (base, exponent) = f.splitPower
        if exponents[base] == nil { bases.append(base) }
        exponents[base, default: []].append(exponent)
      }
    }
    flat.forEach(take)
    if numerator == 0 { return .zero }

    // Gather equal bases; what comes back may be a number or a product again.
    let gathered = bases.map { raise($0, sum(of: exponents[$0]!)) }
    bases = []
    exponents = [:]
    for g in gathered {
      if case .product(let inner) = g { inner.forEach(take) } else { take(g) }
    }
    if numerator == 0 { return .zero }
    var rest: [SymbolicExpr] = []
    for base in bases {
      let exps = exponents[base]!
      rest.append(exps.count == 1 ? raise(base, exps[0]) : raise(base, sum(of: exps)))
    }
    // Variables and their powers first, then calls, sums and other powers.
    rest = rest.filter(\.isVariableLike) + rest.filter { !$0.isVariableLike }

    let (coefficient, leftover) = reduce(numerator, over: denominator)
    let scale: [SymbolicExpr] = (coefficient == 1 ? [] : [.constant(coefficient)])
      + (leftover == 1 ? [] : [.power(.constant(leftover), .constant(-1))])
    if rest.isEmpty {
      if scale.isEmpty { return .one }
      return scale.count == 1 ? scale[0] : .product(scale)
    }
    if rest.count == 1, case .sum(let terms) = rest[0], !scale.isEmpty {
      return sum(of: terms.map { product(of: scale + [$0]) })
    }
    let all = scale + rest
    return all.count == 1 ? all[0] : .product(all)
  }

  /// n/d as one number when the division is exact, otherwise n over the leftover d.
  private static func reduce(_ n: Double, over d: Double) -> (Double, Double) {
    if d == 1 { return (n, 1) }
    let q = n / d
    // n - q*d computed exactly (one rounding, by the fused multiply-add) is 0 only when exact.
    if q.isFinite && n.addingProduct(-q, d) == 0 { return (q, 1) }
    return (n, d)
  }

  /// `w^2` as (w, 2); anything else is its own base with exponent 1.
  var splitPower: (SymbolicExpr, SymbolicExpr) {
    if case .power(let b, let e) = self { return (b, e) }
    return (self, .one)
  }

  var isVariableLike: Bool {
    switch self {
    case .variable: return true
    case .power(.variable, .constant): return true
    default: return false
    }
  }

  // MARK: - Powers and functions

  public static func raise(_ base: SymbolicExpr, _ exponent: SymbolicExpr) -> SymbolicExpr {
    if let e = exponent.constantValue {
      if e == 0 { return .one }
      if e == 1 { return base }
      if let b = base.constantValue {
        if e == -1 {
          let (q, leftover) = reduce(1, over: b)
          if leftover == 1 { return .constant(q) }
          return .power(base, exponent)
        }
        let v = Foundation.pow(b, e)
        return v.isFinite ? .constant(v) : .power(base, exponent)
      }
      if e == e.rounded() {
        if case .power(let b, let inner) = base, inner.constantValue != nil {
          return raise(b, inner * exponent)
        }
        if case .product(let factors) = base {
          return product(of: factors.map { raise($0, exponent) })
        }
      }
    }
    if let b = base.constantValue, b == 1 { return .one }
    if let b = base.constantValue, b == 0, let e = exponent.constantValue, e > 0 { return .zero }
    return .power(base, exponent)
  }

  public static func apply(_ f: SymbolicFunction, _ argument: SymbolicExpr) -> SymbolicExpr {
    if let c = argument.constantValue {
      let v = f.apply(c)
      if v.isFinite { return .constant(v) }
    }
    return .call(f, argument)
  }

  /// The expression with every part rebuilt through the simplifying constructors.
  public var simplified: SymbolicExpr {
    switch self {
    case .constant, .variable: return self
    case .sum(let terms): return .sum(of: terms.map(\.simplified))
    case .product(let factors): return .product(of: factors.map(\.simplified))
    case .power(let b, let e): return .raise(b.simplified, e.simplified)
    case .call(let f, let u): return .apply(f, u.simplified)
    }
  }
}

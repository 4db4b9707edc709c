import Foundation
import VanishCore

/// Arithmetic on numbers and, elementwise, on vectors and matrices of one shape;
/// a number with an array broadcasts. `@` is the matrix product, `->` composes networks.
enum Operators {
  static func apply(
    _ op: BinaryOperator, _ l: Value, _ r: Value, left: SourceRange, right: SourceRange, whole: SourceRange
  ) throws(Diagnostic) -> Value {
    let (l, r) = op == .compose ? (l, r) : (l.numeric, r.numeric)
    switch op {
    case .add: return try elementwise(l, r, "+", left, right, whole, +)
    case .subtract: return try elementwise(l, r, "-", left, right, whole, -)
    case .multiply: return try elementwise(l, r, "*", left, right, whole, *)
    case .divide: return try elementwise(l, r, "/", left, right, whole, /)
    case .power: return try elementwise(l, r, "^", left, right, whole, Foundation.pow)
    case .matmul: return try matmul(l, r, left, right, whole)
    case .compose: return try compose(l, r, left, right, whole)
    }
  }

  static func negate(_ v: Value, at range: SourceRange) throws(Diagnostic) -> Value {
    switch v.numeric {
    case .number(let x): return .number(-x)
    case .vector(let x): return .vector(x.map { -$0 })
    case .matrix(let m): return .matrix(m.map { -$0 })
    default: throw Diagnostic("cannot negate \(v.aKind)", at: range)
    }
  }

  static func transpose(_ v: Value, at range: SourceRange) throws(Diagnostic) -> Value {
    let v = v.numeric
    switch v {
    case .number: return v
    case .vector(let x): return .matrix(Matrix(rows: 1, cols: x.count, storage: x))
    case .matrix(let m): return .matrix(m.transposed)
    default: throw Diagnostic("cannot transpose \(v.aKind)", at: range)
    }
  }

  private static func elementwise(
    _ l: Value, _ r: Value, _ symbol: String, _ lr: SourceRange, _ rr: SourceRange, _ whole: SourceRange,
    _ f: (Double, Double) -> Double
  ) throws(Diagnostic) -> Value {
    switch (l, r) {
    case (.number(let a), .number(let b)): return .number(f(a, b))
    case (.number(let a), .vector(let b)): return .vector(b.map { f(a, $0) })
    case (.vector(let a), .number(let b)): return .vector(a.map { f($0, b) })
    case (.number(let a), .matrix(let b)): return .matrix(b.map { f(a, $0) })
    case (.matrix(let a), .number(let b)): return .matrix(a.map { f($0, b) })
    case (.vector(let a), .vector(let b)):
      guard a.count == b.count else {
        throw Diagnostic(
          "cannot apply '\(symbol)' to vectors of lengths \(a.count) and \(b.count)", at: whole)
      }
      return .vector(zip(a, b).map(f))
    case (.matrix(let a), .matrix(let b)):
      guard a.rows == b.rows && a.cols == b.cols else {
        throw Diagnostic(
          "cannot apply '\(symbol)' to a \(a.rows)×\(a.cols) and a \(b.rows)×\(b.cols) matrix", at: whole,
          hint: symbol == "*" ? "'*' is elementwise; '@' is the matrix product" : nil)
      }
      return .matrix(a.zipWith(b, f))
    case (.vector(let a), .matrix(let b)) where b.cols == 1 && b.rows == a.count:
      return .vector(zip(a, b.storage).map(f))
    case (.matrix(let a), .vector(let b)) where a.cols == 1 && a.rows == b.count:
      return .vector(zip(a.storage, b).map(f))
    case (.vector, .matrix), (.matrix, .vector):
      throw Diagnostic(
        "cannot apply '\(symbol)' to a \(l.kindWithShape) and a \(r.kindWithShape)", at: whole,
        hint: "'@' multiplies a matrix and a vector")
    default:
      let bad = isArithmetic(l) ? (r, rr) : (l, lr)
      throw Diagnostic("cannot apply '\(symbol)' to \(bad.0.aKind)", at: bad.1,
        hint: bad.0.kindName == "network" && symbol == "-" ? "compose networks with '->'" : nil)
    }
  }

  private static func isArithmetic(_ v: Value) -> Bool {
    switch v {
    case .number, .vector, .matrix: return true
    default: return false
    }
  }

  private static func matmul(_ l: Value, _ r: Value, _ lr: SourceRange, _ rr: SourceRange, _ whole: SourceRange)
    throws(Diagnostic) -> Value
  {
    func mismatch(_ a: String, _ b: String) -> Diagnostic {
      Diagnostic("cannot multiply a \(a) by a \(b): the inner sizes differ", at: whole)
    }
    switch (l, r) {
    case (.matrix(let a), .matrix(let b)):
      guard a.cols == b.rows else { throw mismatch("\(a.rows)×\(a.cols) matrix", "\(b.rows)×\(b.cols) matrix") }
      do {
        return .matrix(try a.matmulInterruptibly(b))
      } catch {
        throw Diagnostic(error.description, at: whole)
      }
    case (.matrix(let a), .vector(let b)):
      guard a.cols == b.count else { throw mismatch("\(a.rows)×\(a.cols) matrix", "vector of length \(b.count)") }
      return .vector(a.matmul(Matrix(column: b)).storage.array)
    case (.vector(let a), .matrix(let b)):
      guard a.count == b.rows else { throw mismatch("vector of length \(a.count)", "\(b.rows)×\(b.cols) matrix") }
      return .vector(Matrix(rows: 1, cols: a.count, storage: a).matmul(b).storage.array)
    case (.vector(let a), .vector(let b)):
      guard a.count == b.count else { throw mismatch("vector of length \(a.count)", "vector of length \(b.count)") }
      return .number(zip(a, b).reduce(0) { $0 + $1.0 * $1.1 })
    case (.number, _), (_, .number):
      throw Diagnostic("'@' is the matrix product; multiply by a number with '*'", at: whole)
    default:
      let bad = isArithmetic(l) ? (r, rr) : (l, lr)
      throw Diagnostic("cannot apply '@' to \(bad.0.aKind)", at: bad.1)
    }
  }

  private static func compose(_ l: Value, _ r: Value, _ lr: SourceRange, _ rr: SourceRange, _ whole: SourceRange)
    throws(Diagnostic) -> Value
  {
    guard case .network(let a) = l else {
      throw Diagnostic("'->' composes layers and networks, not \(l.aKind)", at: lr)
    }
    guard case .network(let b) = r else {
      throw Diagnostic("'->' composes layers and networks, not \(r.aKind)", at: rr)
    }
    do {
      let net = try a.network.composed(with: b.network)
      return .network(NetworkBox(net, recipes: a.recipes + b.recipes))
    } catch {
      throw Diagnostic(error.description, at: whole)
    }
  }
}

import VanishCore

/// Turning language values into the core's batches and back.
enum Networks {
  /// `net(x)`: x a vector (one example) or a matrix with one example per row.
  static func forward(_ net: Network, _ x: Value, at range: SourceRange, whole: SourceRange) throws(Diagnostic) -> Value {
    let (batch, single) = try examples(x, expected: net.inputSize, what: "x", at: range)
    let t: Trace
    do {
      t = try net.trace(batch)
    } catch {
      throw Diagnostic(error.description, at: whole)
    }
    try Numerics.checkForward(t, of: net, input: x, at: whole)
    let out = t.output
    return single ? .vector(out.storage) : .matrix(out.transposed)
  }

  /// A vector as one example (a column), or a matrix's rows as examples (columns).
  static func examples(_ v: Value, expected: Int, what: String, at range: SourceRange) throws(Diagnostic) -> (Matrix, Bool) {
    switch v {
    case .number(let x):
      guard expected == 1 else {
        throw Diagnostic("the network takes \(expected) inputs but \(what) is a number", at: range)
      }
      return (Matrix(column: [x]), true)
    case .vector(let x):
      guard x.count == expected else {
        throw Diagnostic("the network takes \(expected) input\(expected == 1 ? "" : "s") but \(what) has \(x.count)", at: range)
      }
      return (Matrix(column: x), true)
    case .matrix(let m):
      guard m.cols == expected else {
        throw Diagnostic(
          "the network takes \(expected) inputs but the rows of \(what) have \(m.cols) (one example per row)", at: range)
      }
      return (m.transposed, false)
    default:
      throw Diagnostic("\(what) must be a vector or a matrix, not \(v.aKind)", at: range)
    }
  }

  /// Targets for a batch, checked against the network's output size.
  static func targets(_ v: Value, expected: Int, count: Int, at range: SourceRange) throws(Diagnostic) -> Matrix {
    let (m, _) = try examples(v, expected: expected, what: "y", at: range)
    if m.cols != count {
      throw Diagnostic("x has \(count) example\(count == 1 ? "" : "s") but y has \(m.cols)", at: range)
    }
    return m
  }
}

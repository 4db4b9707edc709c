import VanishCore

/// `hessian(f)`: the matrix of second partial derivatives of a user function, each entry the
/// derivative of a gradient component (`d/dw_j (df/dw_i)`), simplified. It prints as a matrix
/// of expressions, `[[0.002, 0], [0, 2]]` for the seed's quadratic, and is called like f:
/// `hessian(f)(1, 1)` (or `hessian(f, [1, 1])`) is the matrix at (1, 1), each entry evaluated
/// as it is printed (as grad's gradient is).
public struct SymbolicHessian: CallableValue {
  public let function: DifferentiableFunction
  /// entries[i][j] = d^2 f / dw_i dw_j.
  public let entries: [[SymbolicExpr]]
  private let compiled: [[@Sendable (UnsafeBufferPointer<Double>) -> Double]]

  init(_ function: DifferentiableFunction) {
    self.function = function
    let parameters = function.parameters
    entries = function.gradient.map { g in parameters.map { g.derivative(by: $0) } }
    compiled = entries.map { row in row.map { $0.compiled(variables: parameters) } }
  }

  public var kindName: String { "symbolic hessian" }
  public var kindWithShape: String {
    "symbolic hessian of \(function.name)(\(function.parameters.joined(separator: ", ")))"
  }

  public var rendered: String {
    "[" + entries.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
  }

  /// The matrix at w.
  public func value(at w: [Double]) -> Matrix {
    Matrix(rowArrays: w.withUnsafeBufferPointer { p in compiled.map { row in row.map { $0(p) } } })
  }

  public func call(
    positional: [(value: Value, range: SourceRange)], named: [String: (value: Value, range: SourceRange)],
    at range: SourceRange
  ) throws(Diagnostic) -> Value {
    let usage = "hessian(\(function.name))(\(function.parameters.joined(separator: ", ")))"
    let w = try function.point(positional, named, at: range, usage: usage)
    return .matrix(try checked(at: w, at: range))
  }

  /// The matrix at w; an entry that is not finite is an error naming it and its cause.
  func checked(at w: [Double], at range: SourceRange) throws(Diagnostic) -> Matrix {
    let h = value(at: w)
    guard let k = h.storage.firstIndex(where: { !$0.isFinite }) else { return h }
    let (i, j) = (k / h.cols, k % h.cols)
    throw Diagnostic(
      "element [\(i + 1), \(j + 1)] of the hessian of \(function.name), \(entries[i][j]), is \(Numerics.name(h.storage[k])) at \(function.pointText(w))",
      at: range, hint: entries[i][j].nonFiniteCause(variables: function.parameters, at: w))
  }
}

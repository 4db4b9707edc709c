/// A user function with its symbolic gradient, both compiled for evaluation: what `grad(f)`
/// shows and what `descend` steps with.
public struct DifferentiableFunction {
  public let definition: UserFunction
  public var name: String { definition.name }
  public var parameters: [String] { definition.parameters }
  /// f as written (its value is bit-for-bit the interpreter's).
  public let expression: SymbolicExpr
  /// df/dw for each parameter w, simplified.
  public let gradient: [SymbolicExpr]
  private let value: @Sendable (UnsafeBufferPointer<Double>) -> Double
  private let partials: [@Sendable (UnsafeBufferPointer<Double>) -> Double]

  /// Differentiates f; errors point at what cannot be differentiated. `asker` names the
  /// builtin in messages; `range` is the argument that names f.
  init(_ f: UserFunction, interpreter: Interpreter, asker: String, at range: SourceRange) throws(Diagnostic) {
    var translation = SymbolicTranslation(interpreter: interpreter, asker: asker, fallbackRange: range)
    let expression = try translation.translate(f)
    let simplified = expression.simplified
    definition = f
    self.expression = expression
    gradient = f.parameters.map { simplified.derivative(by: $0) }
    value = expression.compiled(variables: f.parameters)
    partials = gradient.map { $0.compiled(variables: f.parameters) }
  }

  /// f(w); w has one value per parameter, in order.
  public func value(at w: [Double]) -> Double {
    w.withUnsafeBufferPointer { value($0) }
  }

  /// The gradient at w.
  public func gradient(at w: [Double]) -> [Double] {
    w.withUnsafeBufferPointer { p in partials.map { $0(p) } }
  }

  /// The gradient printed as a vector of expressions: `[0.002*w1, 2*w2]`.
  public var gradientText: String {
    "[" + gradient.map(\.description).joined(separator: ", ") + "]"
  }

  /// A point given as one value per parameter (`1, 2` or `w1=1, w2=2`) or as one vector.
  func point(
    _ positional: [(value: Value, range: SourceRange)], _ named: [String: (value: Value, range: SourceRange)],
    at range: SourceRange, usage: String
  ) throws(Diagnostic) -> [Double] {
    if positional.count == 1, named.isEmpty, case .vector(let v) = positional[0].value {
      guard v.count == parameters.count else {
        throw Diagnostic(
          "\(name) has \(parameters.count) parameter\(parameters.count == 1 ? "" : "s") (\(parameters.joined(separator: ", "))) but the point has \(v.count) values",
          at: positional[0].range, hint: "usage: \(usage)")
      }
      return v
    }
    let bound = try definition.bind(positional: positional, named: named.map { ($0.key, $0.value, $0.value.range) }, at: range)
    return try parameters.map { (p: String) throws(Diagnostic) -> Double in
      let arg = bound[p]!
      guard case .number(let x) = arg.value else {
        throw Diagnostic("\(p) must be a number, not \(arg.value.aKind)", at: arg.range)
      }
      return x
    }
  }
}

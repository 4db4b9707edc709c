/// `grad(f)`: the gradient of a user function as expressions. It prints as the vector of
/// partial derivatives and is called like f: `grad(f)(1, 2)` is the gradient at (1, 2).
public struct SymbolicGradient: CallableValue {
  public let function: DifferentiableFunction

  public var kindName: String { "symbolic gradient" }
  public var kindWithShape: String { "symbolic gradient of \(function.name)(\(function.parameters.joined(separator: ", ")))" }
  public var rendered: String { function.gradientText }

  public func call(
    positional: [(value: Value, range: SourceRange)], named: [String: (value: Value, range: SourceRange)],
    at range: SourceRange
  ) throws(Diagnostic) -> Value {
    let usage = "grad(\(function.name))(\(function.parameters.joined(separator: ", ")))"
    let w = try function.point(positional, named, at: range, usage: usage)
    return .vector(try function.checkedGradient(at: w, at: range))
  }
}

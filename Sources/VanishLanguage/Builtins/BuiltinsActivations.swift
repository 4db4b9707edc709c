import Foundation
import VanishCore

extension Builtins {
  nonisolated(unsafe) static let activationBuiltins: [Builtin] = [
    Builtin(
      "d", .activations, parameters: [Parameter("act", .activation)],
      summary: "the derivative g' of an activation, as a function: d(sigmoid)(0) is 0.25",
      example: "d(sigmoid)(0)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let g = try c.activation("act")
      if g == .softmax {
        throw Diagnostic(
          "softmax is not elementwise: it has no derivative g'(z) of one number", at: try c.argument("act").range,
          hint: "its Jacobian is diag(a) - a a^T; grad backpropagates through it")
      }
      return .derivative(g)
    },
    Builtin(
      "gamma", .activations, parameters: [Parameter("act", .activation)],
      summary: "sup g' of an activation, the factor of the vanishing-gradient bound (sigmoid 0.25)",
      example: "gamma(sigmoid)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let g = try c.activation("act")
      if g == .softmax {
        throw Diagnostic(
          "softmax is not elementwise: it has no gamma = sup g'", at: try c.argument("act").range,
          hint: "the norm of its Jacobian diag(a) - a a^T is at most 1/2")
      }
      return .number(g.gamma)
    },
  ] + math("exp", "e^x", Foundation.exp) + math("log", "the natural logarithm", Foundation.log)
    + math("sqrt", "the square root", { $0.squareRoot() }) + math("abs", "the absolute value", { Swift.abs($0) })
    + math("sign", "-1, 0 or 1 as x is negative, zero or positive (abs' in grad(f))", SymbolicFunction.sign.apply)
    + math("sin", "the sine", Foundation.sin) + math("cos", "the cosine", Foundation.cos)

  /// An elementwise function on numbers, vectors and matrices.
  private static func math(_ name: String, _ meaning: String, _ f: @escaping (Double) -> Double) -> [Builtin] {
    [
      Builtin(
        name, .arrays, parameters: [Parameter("x", .any)], summary: "\(meaning), elementwise on vectors and matrices",
        example: "\(name)([1, 2])"
      ) { (c: inout CallContext) throws(Diagnostic) in
        try Calls.mapNumbers(try c.argument("x"), name: name, f)
      }
    ]
  }
}

import VanishCore

/// `sgd`, `momentum`, `adagrad`, `rmsprop`, `adam`: the values `method=` takes, each with
/// its usual constants (which `beta=`, `beta1=`, `beta2=`, `eps=` replace).
public struct MethodValue: CustomValue {
  public let method: Optimizer.Method

  public var kindName: String { "method" }

  public var rendered: String {
    let constants: String
    switch method {
    case .sgd: constants = "w <- w - lr*g"
    case .momentum(let beta): constants = "beta = \(Format.number(beta))"
    case .adagrad(let eps): constants = "eps = \(Format.number(eps))"
    case .rmsprop(let beta, let eps): constants = "beta = \(Format.number(beta)), eps = \(Format.number(eps))"
    case .adam(let b1, let b2, let eps):
      constants = "beta1 = \(Format.number(b1)), beta2 = \(Format.number(b2)), eps = \(Format.number(eps))"
    }
    return "\(method.name) (descent method: \(constants))"
  }

  /// The constants naming every method, for `Interpreter.constants`.
  static var constants: [String: Value] {
    var c: [String: Value] = [:]
    for name in Optimizer.Method.names {
      if let m = Optimizer.Method.standard(name) { c[name] = .custom(MethodValue(method: m)) }
    }
    return c
  }
}

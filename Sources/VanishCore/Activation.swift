import Foundation

/// The activation functions g of a layer, each with its derivative g' and
/// gamma = sup g', the constant of the vanishing-gradient bound.
///
/// Conventions: relu'(0) = 0, leaky_relu has slope 0.01 below zero, elu has alpha 1,
/// softplus(z) = log(1 + e^z). Sigmoid and softplus are evaluated in forms that neither
/// overflow nor lose the tiny values that are the point of this tool. `softmax` is not
/// elementwise: a = exp(z - max z) / sum exp(z - max z) over a layer's units, allowed on the
/// output layer only; its `apply` and `derivative` on single numbers are not defined, and the
/// layers apply it a column (an example) at a time.
public enum Activation: String, CaseIterable, Sendable, Codable {
  case sigmoid
  case tanh
  case relu
  case leakyRelu = "leaky_relu"
  case elu
  case softplus
  case linear
  case softmax

  /// The activations that act on each unit alone (every one but softmax).
  public static let elementwise = allCases.filter { $0 != .softmax }
  public var isElementwise: Bool { self != .softmax }

  /// The name used in the language and in JSON files.
  public var name: String { rawValue }

  public init?(name: String) { self.init(rawValue: name) }

  public static let leakySlope = 0.01

  /// g(z)
  @inlinable public func apply(_ z: Double) -> Double {
    switch self {
    case .sigmoid: return Activation.sigmoid(z)
    case .tanh: return Foundation.tanh(z)
    case .relu: return z > 0 ? z : 0
    case .leakyRelu: return z > 0 ? z : Activation.leakySlope * z
    case .elu: return z > 0 ? z : Foundation.expm1(z)
    case .softplus: return Activation.softplus(z)
    case .linear, .softmax: return z
    }
  }

  /// g'(z), to a few ulps wherever it is a normal Double: the tiny slopes of a saturated unit
  /// are the data of this tool, so no form is used that cancels there. sigmoid' is
  /// s(z) s(-z) = e / (1 + e)^2 with e = e^-|z| (a (1 - a) rounds to 0 for z above 37, and is
  /// already 0.1% off at z = 30), tanh' is sech^2 z = 4e / (1 + e)^2 with e = e^-2|z| (1 - tanh^2
  /// is 0 from z = 19.1 on), elu' is e^z below zero and softplus' is sigmoid.
  @inlinable public func derivative(_ z: Double) -> Double {
    switch self {
    case .sigmoid: return Activation.sigmoidDerivative(z)
    case .tanh: return Activation.tanhDerivative(z)
    case .relu: return z > 0 ? 1 : 0
    case .leakyRelu: return z > 0 ? 1 : Activation.leakySlope
    case .elu: return z > 0 ? 1 : Foundation.exp(z)
    case .softplus: return Activation.sigmoid(z)
    case .linear, .softmax: return 1
    }
  }

  /// sigma'(z) = sigma(z) sigma(-z) = e / (1 + e)^2, e = e^-|z|: no cancellation at any z.
  @inlinable public static func sigmoidDerivative(_ z: Double) -> Double {
    let e = Foundation.exp(-Swift.abs(z))
    let d = 1 + e
    return e / (d * d)
  }

  /// tanh'(z) = sech^2 z = 4e / (1 + e)^2, e = e^-2|z|: no cancellation at any z.
  @inlinable public static func tanhDerivative(_ z: Double) -> Double {
    let e = Foundation.exp(-2 * Swift.abs(z))
    let d = 1 + e
    return 4 * e / (d * d)
  }

  /// gamma = sup over z of g'(z): 1/4 for sigmoid, 1 for the others. For softmax, the bound
  /// 1/2 on the spectral norm of its Jacobian diag(a) - a a^T (Gershgorin: each row's
  /// |entries| sum to 2 a_i (1 - a_i) <= 1/2).
  public var gamma: Double {
    switch self {
    case .sigmoid: return 0.25
    case .softmax: return 0.5
    case .tanh, .relu, .leakyRelu, .elu, .softplus, .linear: return 1
    }
  }

  /// sigma(z) = 1 / (1 + e^-z), computed on the side where the exponential cannot overflow:
  /// 1 / (1 + e^-z) for z >= 0, e^z / (1 + e^z) below. Written without a branch (e = e^-|z| is
  /// the exponential of both sides), because the sign of z is a coin toss in a layer.
  @inlinable public static func sigmoid(_ z: Double) -> Double {
    let e = Foundation.exp(-Swift.abs(z))
    return (z >= 0 ? 1 : e) / (1 + e)
  }

  /// log(1 + e^z) without overflow for large z or loss of precision for very negative z.
  @inlinable public static func softplus(_ z: Double) -> Double {
    if z > 0 { return z + Foundation.log1p(Foundation.exp(-z)) }
    return Foundation.log1p(Foundation.exp(z))
  }
}

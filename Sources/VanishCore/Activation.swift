import Foundation

/// The activation functions g of a layer, each with its derivative g' and
/// gamma = sup g', the constant of the vanishing-gradient bound.
///
/// Conventions: relu'(0) = 0, leaky_relu has slope 0.01 below zero, elu has alpha 1,
/// softplus(z) = log(1 + e^z). Sigmoid and softplus are evaluated in forms that neither
/// overflow nor lose the tiny values that are the point of this tool.
public enum Activation: String, CaseIterable, Sendable, Codable {
  case sigmoid
  case tanh
  case relu
  case leakyRelu = "leaky_relu"
  case elu
  case softplus
  case linear

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
    case .linear: return z
    }
  }

  /// g'(z)
  @inlinable public func derivative(_ z: Double) -> Double {
    switch self {
    case .sigmoid:
      let s = Activation.sigmoid(z)
      return s * (1 - s)
    case .tanh:
      let t = Foundation.tanh(z)
      return 1 - t * t
    case .relu: return z > 0 ? 1 : 0
    case .leakyRelu: return z > 0 ? 1 : Activation.leakySlope
    case .elu: return z > 0 ? 1 : Foundation.exp(z)
    case .softplus: return Activation.sigmoid(z)
    case .linear: return 1
    }
  }

  /// gamma = sup over z of g'(z): 1/4 for sigmoid, 1 for the others.
  public var gamma: Double {
    switch self {
    case .sigmoid: return 0.25
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

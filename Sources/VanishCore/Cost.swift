import Foundation

/// The cost functions. Quadratic: `C = 1/2 ||y - a||^2`; cross-entropy:
/// `C = -sum(y ln a + (1-y) ln(1-a))`, which needs outputs in (0, 1), i.e. a sigmoid output layer.
public enum Cost: String, CaseIterable, Sendable, Codable {
  case quadratic
  case crossEntropy = "cross_entropy"

  public var name: String { rawValue }
  public init?(name: String) { self.init(rawValue: name) }

  /// Checks that the cost can be used with an output layer of this activation.
  public func validate(outputActivation: Activation) throws(CoreError) {
    if self == .crossEntropy && outputActivation != .sigmoid {
      throw .invalidArgument(
        "cross_entropy needs outputs in (0, 1): the output layer must be sigmoid, not \(outputActivation.name)"
      )
    }
  }

  /// The cost of one example, given the output layer's z and a (both length n) and the target y.
  /// Cross-entropy is evaluated from z (ln a = -softplus(-z), ln(1-a) = -softplus(z)), which
  /// stays finite and exact even when a rounds to 0 or 1.
  public func value(z: UnsafeBufferPointer<Double>, a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> Double {
    var c = 0.0
    switch self {
    case .quadratic:
      for j in 0..<a.count {
        let d = a[j] - y[j]
        c += d * d
      }
      return 0.5 * c
    case .crossEntropy:
      for j in 0..<a.count {
        c += y[j] * Activation.softplus(-z[j]) + (1 - y[j]) * Activation.softplus(z[j])
      }
      return c
    }
  }

  /// True when the output layer's g' cancels out of delta[L] (cross-entropy with a sigmoid output:
  /// delta[L] = a - y); the bounds then leave out the output layer's factor.
  public func cancelsOutputDerivative(_ output: Activation) -> Bool {
    self == .crossEntropy && output == .sigmoid
  }
}

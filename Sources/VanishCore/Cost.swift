import Foundation

/// The cost functions. Quadratic: `C = 1/2 ||y - a||^2`; cross-entropy:
/// `C = -sum(y ln a + (1-y) ln(1-a))`, which needs outputs in (0, 1), i.e. a sigmoid output layer;
/// log-likelihood (Nielsen ch. 3): `C = -sum(y ln a)`, `-ln a_y` for a one-hot y, which needs a
/// softmax output layer.
public enum Cost: String, CaseIterable, Sendable, Codable {
  case quadratic
  case crossEntropy = "cross_entropy"
  case logLikelihood = "log_likelihood"

  public var name: String { rawValue }
  public init?(name: String) { self.init(rawValue: name) }

  /// Checks that the cost can be used with an output layer of this activation.
  public func validate(outputActivation: Activation) throws(CoreError) {
    if self == .crossEntropy && outputActivation != .sigmoid {
      throw .invalidArgument(
        "cross_entropy needs outputs in (0, 1): the output layer must be sigmoid, not \(outputActivation.name)"
      )
    }
    if self == .logLikelihood && outputActivation != .softmax {
      throw .invalidArgument(
        "log_likelihood needs a softmax output layer, not \(outputActivation.name)")
    }
  }

  /// The summed cost of a batch: z, a and y hold one example per column (row-major, n rows,
  /// `columns` columns). Quadratic and cross-entropy are sums over every output of every
  /// example; log-likelihood is ln(sum e^z) - sum_j y_j z_j per example (y one-hot, or any
  /// distribution), from z, so that a probability that rounds to 0 still gives a finite cost.
  public func value(
    columns m: Int, z: UnsafeBufferPointer<Double>, a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>
  ) -> Double {
    guard self == .logLikelihood else { return value(z: z, a: a, y: y) }
    let n = m == 0 ? 0 : z.count / m
    var total = 0.0
    for c in 0..<m {
      var top = -Double.infinity
      for j in 0..<n { top = Swift.max(top, z[j * m + c]) }
      var sum = 0.0
      var mass = 0.0
      var yz = 0.0
      for j in 0..<n {
        sum += Foundation.exp(z[j * m + c] - top)
        mass += y[j * m + c]
        yz += y[j * m + c] * z[j * m + c]
      }
      total += mass * (top + Foundation.log(sum)) - yz
    }
    return total
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
    case .logLikelihood:
      return value(columns: 1, z: z, a: a, y: y)
    }
  }

  /// True when the output layer's g' cancels out of delta[L] (cross-entropy with a sigmoid output:
  /// delta[L] = a - y, and log-likelihood with softmax: delta[L] = a - y); the bounds then leave
  /// out the output layer's factor.
  public func cancelsOutputDerivative(_ output: Activation) -> Bool {
    (self == .crossEntropy && output == .sigmoid) || (self == .logLikelihood && output == .softmax)
  }
}

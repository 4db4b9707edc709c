import Foundation

/// The elementwise halves of the passes, over whole buffers: the activation's switch is taken
/// once per buffer, not once per element, and each loop is a single pass.
extension Activation {
  /// a[i] = g(z[i]), i < count.
  func apply(_ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int) {
    switch self {
    case .sigmoid: for i in 0..<count { a[i] = Activation.sigmoid(z[i]) }
    case .tanh: for i in 0..<count { a[i] = Foundation.tanh(z[i]) }
    case .relu: for i in 0..<count { a[i] = z[i] > 0 ? z[i] : 0 }
    case .leakyRelu: for i in 0..<count { a[i] = z[i] > 0 ? z[i] : Activation.leakySlope * z[i] }
    case .elu: for i in 0..<count { a[i] = z[i] > 0 ? z[i] : Foundation.expm1(z[i]) }
    case .softplus: for i in 0..<count { a[i] = Activation.softplus(z[i]) }
    case .linear: for i in 0..<count { a[i] = z[i] }
    }
  }

  /// d[i] *= g'(z[i]), i < count, where a = g(z). Sigmoid's g' is taken as a (1 - a) and tanh's
  /// as 1 - a^2: the very numbers `derivative(z)` computes, without evaluating g again.
  func multiplyDerivative(
    _ d: UnsafeMutablePointer<Double>, z: UnsafePointer<Double>, a: UnsafePointer<Double>, count: Int
  ) {
    switch self {
    case .sigmoid: for i in 0..<count { d[i] *= a[i] * (1 - a[i]) }
    case .tanh: for i in 0..<count { d[i] *= 1 - a[i] * a[i] }
    case .relu: for i in 0..<count { d[i] *= z[i] > 0 ? 1 : 0 }
    case .leakyRelu: for i in 0..<count { d[i] *= z[i] > 0 ? 1 : Activation.leakySlope }
    case .linear: break
    case .elu, .softplus: for i in 0..<count { d[i] *= derivative(z[i]) }
    }
  }

  /// g'(z) where a = g(z) is known (the numbers of `multiplyDerivative`).
  @inline(__always)
  func derivative(z: Double, a: Double) -> Double {
    switch self {
    case .sigmoid: return a * (1 - a)
    case .tanh: return 1 - a * a
    default: return derivative(z)
    }
  }
}

import CSigmoid
import Foundation

/// The elementwise halves of the passes, over whole buffers: the activation's switch is taken
/// once per buffer, not once per element, and each loop is a single pass.
extension Activation {
  /// The loop the buffers' sigmoid runs here (Sources/CSigmoid): "avx512f", "avx2+fma" or
  /// "scalar", the same bits on every one.
  public static var sigmoidLoop: String { String(cString: vanish_sigmoid_kernel()) }

  /// a[i] = g(z[i]), i < count. sigmoid's vector loop (Sources/CSigmoid) is within 0.84 ulp
  /// in its exponential and the same bits on every CPU; the one-value `Activation.sigmoid`
  /// (glibc's exp) may differ from it in the last bit or two.
  func apply(_ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int) {
    switch self {
    case .sigmoid: vanish_sigmoid(z, a, count)
    case .tanh: for i in 0..<count { a[i] = Foundation.tanh(z[i]) }
    case .relu: for i in 0..<count { a[i] = z[i] > 0 ? z[i] : 0 }
    case .leakyRelu: for i in 0..<count { a[i] = z[i] > 0 ? z[i] : Activation.leakySlope * z[i] }
    case .elu: for i in 0..<count { a[i] = z[i] > 0 ? z[i] : Foundation.expm1(z[i]) }
    case .softplus: for i in 0..<count { a[i] = Activation.softplus(z[i]) }
    case .linear: for i in 0..<count { a[i] = z[i] }
    case .softmax: Activation.softmaxColumn(z, into: a, count: count, stride: 1)
    }
  }

  /// softmax over `count` values at z[0], z[stride], ...: exp(z - max z) / sum.
  public static func softmaxColumn(_ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int, stride: Int) {
    var top = -Double.infinity
    for i in 0..<count { top = Swift.max(top, z[i * stride]) }
    var sum = 0.0
    for i in 0..<count {
      let e = Foundation.exp(z[i * stride] - top)
      a[i * stride] = e
      sum += e
    }
    for i in 0..<count { a[i * stride] /= sum }
  }

  /// a = g(z) for a matrix of examples (one per column): elementwise, or softmax per column.
  func apply(columnsOf z: Matrix, into a: inout Matrix) {
    let rows = z.rows
    let cols = z.cols
    z.storage.withUnsafeBufferPointer { zp in
      a.storage.withUnsafeMutableBufferPointer { ap in
        if self == .softmax {
          for c in 0..<cols { Activation.softmaxColumn(zp.baseAddress! + c, into: ap.baseAddress! + c, count: rows, stride: cols) }
        } else {
          apply(zp.baseAddress!, into: ap.baseAddress!, count: zp.count)
        }
      }
    }
  }

  /// delta (.)= g'(z) for a matrix of examples; for softmax, delta <- J^T delta per column,
  /// J = diag(a) - a a^T: delta_i <- a_i (delta_i - sum_j a_j delta_j).
  func multiplyDerivative(columnsOf delta: inout Matrix, z: Matrix, a: Matrix) {
    let rows = delta.rows
    let cols = delta.cols
    delta.storage.withUnsafeMutableBufferPointer { dp in
      z.storage.withUnsafeBufferPointer { zp in
        a.storage.withUnsafeBufferPointer { ap in
          if self == .softmax {
            for c in 0..<cols {
              var dot = 0.0
              for i in 0..<rows { dot += ap[i * cols + c] * dp[i * cols + c] }
              for i in 0..<rows { dp[i * cols + c] = ap[i * cols + c] * (dp[i * cols + c] - dot) }
            }
          } else {
            multiplyDerivative(dp.baseAddress!, z: zp.baseAddress!, a: ap.baseAddress!, count: dp.count)
          }
        }
      }
    }
  }

  /// d[i] *= g'(z[i]), i < count, where a = g(z). Where a says enough, sigmoid's g' is taken
  /// as a (1 - a) and tanh's as (1 - |a|)(1 + |a|), without a second exponential: while 1 - a
  /// (or 1 - |a|) is at least 1/64, a's own rounding moves it by at most 1e-14 relative. Nearer
  /// saturation, a has lost the digits g' needs and g' is computed from z (`derivative(z)`).
  func multiplyDerivative(
    _ d: UnsafeMutablePointer<Double>, z: UnsafePointer<Double>, a: UnsafePointer<Double>, count: Int
  ) {
    switch self {
    case .sigmoid, .tanh: for i in 0..<count { d[i] *= derivative(z: z[i], a: a[i]) }
    case .relu: for i in 0..<count { d[i] *= z[i] > 0 ? 1 : 0 }
    case .leakyRelu: for i in 0..<count { d[i] *= z[i] > 0 ? 1 : Activation.leakySlope }
    case .linear, .softmax: break
    case .elu, .softplus: for i in 0..<count { d[i] *= derivative(z[i]) }
    }
  }

  /// Below this distance from saturation (1 - a for sigmoid, 1 - |a| for tanh) g' is computed
  /// from z rather than from a.
  @usableFromInline static let saturationMargin = 1.0 / 64

  /// g'(z) where a = g(z) is known: the numbers of `multiplyDerivative`, as accurate as
  /// `derivative(z)`.
  @inline(__always)
  func derivative(z: Double, a: Double) -> Double {
    switch self {
    case .sigmoid:
      let rest = 1 - a
      return rest >= Activation.saturationMargin ? a * rest : Activation.sigmoidDerivative(z)
    case .tanh:
      let m = Swift.abs(a)
      let rest = 1 - m
      return rest >= Activation.saturationMargin ? rest * (1 + m) : Activation.tanhDerivative(z)
    default: return derivative(z)
    }
  }
}

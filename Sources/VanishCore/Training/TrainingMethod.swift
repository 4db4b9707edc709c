import Foundation

/// How a training step turns the batch's mean gradient g into a change of the parameters.
/// Every method first shrinks each weight by the factor (1 - lr*lambda/n) (Nielsen's L2 rule;
/// for adam this is AdamW's decoupled decay); biases are not shrunk.
///   sgd:      w <- w - lr g
///   momentum: v <- mu v - lr g,  w <- w + v                          (mu = 0.9)
///   adam:     m <- b1 m + (1-b1) g,  s <- b2 s + (1-b2) g^2,
///             w <- w - lr (m / (1-b1^t)) / (sqrt(s / (1-b2^t)) + eps)  (b1 = 0.9, b2 = 0.999, eps = 1e-8)
public enum TrainingMethod: String, CaseIterable, Sendable {
  case sgd
  case momentum
  case adam

  public var name: String { rawValue }
  public init?(name: String) { self.init(rawValue: name) }

  /// The learning rate when none is given: 0.5 for sgd and momentum, 0.001 for adam.
  public var defaultLearningRate: Double { self == .adam ? 0.001 : 0.5 }

  public static let mu = 0.9
  public static let beta1 = 0.9
  public static let beta2 = 0.999
  public static let epsilon = 1e-8
}

/// A method's state between steps (velocities, moments), and the step, written straight into
/// the network's weights. Buffers are allocated once, for the methods that need them.
struct Optimizer {
  let method: TrainingMethod
  let lr: Double
  /// 1 - lr*lambda/n
  let decay: Double
  private var gw: [Matrix] = []
  private var gb: [[Double]] = []
  private var mw: [Matrix] = []
  private var mb: [[Double]] = []
  private var sw: [Matrix] = []
  private var sb: [[Double]] = []
  private var t = 0

  init(method: TrainingMethod, lr: Double, decay: Double, network: Network) {
    self.method = method
    self.lr = lr
    self.decay = decay
    if method == .sgd { return }
    func zeros() -> ([Matrix], [[Double]]) {
      (
        network.layers.map { Matrix(rows: $0.outputs, cols: $0.inputs) },
        network.layers.map { [Double](repeating: 0, count: $0.outputs) }
      )
    }
    (gw, gb) = zeros()
    (mw, mb) = zeros()
    if method == .adam { (sw, sb) = zeros() }
  }

  /// One step from the deltas of the batch in `pass` (after its backward pass).
  mutating func step(_ net: inout Network, _ pass: BatchPass) {
    let rate = lr / Double(pass.m)
    t += 1
    for l in 1...net.depth {
      let i = l - 1
      switch method {
      case .sgd:
        // w <- (1 - lr*lambda/n) w - (lr/m) sum_x delta_x a_x^T: one product, beta = the decay.
        pass.addWeightProduct(l, alpha: -rate, beta: decay, into: &net.layers[i].w)
        // b <- b - (lr/m) sum_x delta_x
        Matrix.gemv(pass.delta[l], pass.ones.storage, alpha: -rate, beta: 1, into: &net.layers[i].b)
      case .momentum:
        pass.meanWeightGradient(l, into: &gw[i])
        pass.meanBiasGradient(l, into: &gb[i])
        Optimizer.momentum(&net.layers[i].w.storage, gw[i].storage, &mw[i].storage, shrink: decay, lr: lr)
        Optimizer.momentum(&net.layers[i].b, gb[i], &mb[i], shrink: 1, lr: lr)
      case .adam:
        pass.meanWeightGradient(l, into: &gw[i])
        pass.meanBiasGradient(l, into: &gb[i])
        let c1 = 1 - pow(TrainingMethod.beta1, Double(t))
        let c2 = 1 - pow(TrainingMethod.beta2, Double(t))
        Optimizer.adam(&net.layers[i].w.storage, gw[i].storage, &mw[i].storage, &sw[i].storage, shrink: decay, lr: lr, c1: c1, c2: c2)
        Optimizer.adam(&net.layers[i].b, gb[i], &mb[i], &sb[i], shrink: 1, lr: lr, c1: c1, c2: c2)
      }
    }
  }

  /// v <- mu v - lr g,  p <- shrink p + v
  private static func momentum(_ p: inout [Double], _ g: [Double], _ v: inout [Double], shrink: Double, lr: Double) {
    let mu = TrainingMethod.mu
    p.withUnsafeMutableBufferPointer { pp in
      g.withUnsafeBufferPointer { gp in
        v.withUnsafeMutableBufferPointer { vp in
          for k in 0..<pp.count {
            vp[k] = mu * vp[k] - lr * gp[k]
            pp[k] = shrink * pp[k] + vp[k]
          }
        }
      }
    }
  }

  /// Adam's moments m and s, then p <- shrink p - lr (m / c1) / (sqrt(s / c2) + eps), where c1 and
  /// c2 are the bias corrections 1 - b1^t and 1 - b2^t.
  private static func adam(
    _ p: inout [Double], _ g: [Double], _ m: inout [Double], _ s: inout [Double], shrink: Double, lr: Double,
    c1: Double, c2: Double
  ) {
    let b1 = TrainingMethod.beta1
    let b2 = TrainingMethod.beta2
    let eps = TrainingMethod.epsilon
    p.withUnsafeMutableBufferPointer { pp in
      g.withUnsafeBufferPointer { gp in
        m.withUnsafeMutableBufferPointer { mp in
          s.withUnsafeMutableBufferPointer { sp in
            for k in 0..<pp.count {
              mp[k] = b1 * mp[k] + (1 - b1) * gp[k]
              sp[k] = b2 * sp[k] + (1 - b2) * gp[k] * gp[k]
              pp[k] = shrink * pp[k] - lr * (mp[k] / c1) / ((sp[k] / c2).squareRoot() + eps)
            }
          }
        }
      }
    }
  }
}

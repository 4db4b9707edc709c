import Foundation

/// One step of training, written straight into the network's weights from the deltas of a
/// batch, with the state a method keeps between steps. The methods are `Optimizer.Method`'s
/// (descend's), applied to every weight and bias with the batch's mean gradient g; before the
/// step, every weight (not bias) is shrunk by the factor (1 - lr*lambda/n): Nielsen's L2 rule,
/// which for the adaptive methods is AdamW's decoupled decay.
/// sgd needs no gradient buffer: w <- decay w - (lr/m) sum_x delta_x a_x^T is one BLAS product.
struct TrainingStep {
  let method: Optimizer.Method
  let lr: Double
  /// 1 - lr*lambda/n
  let decay: Double
  /// The mean gradients (all methods but sgd), then each method's first and second state
  /// (momentum's v, adagrad's G, rmsprop's E, adam's m; adam's v), allocated once.
  private var gw: [Matrix] = []
  private var gb: [[Double]] = []
  private var firstW: [Matrix] = []
  private var firstB: [[Double]] = []
  private var secondW: [Matrix] = []
  private var secondB: [[Double]] = []
  private var t = 0

  init(method: Optimizer.Method, lr: Double, decay: Double, network: Network) {
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
    (firstW, firstB) = zeros()
    (secondW, secondB) = zeros()  // used by adam only; small beside the batch buffers
  }

  /// One step from the deltas of the batch in `pass` (after its backward pass).
  mutating func step(_ net: inout Network, _ pass: BatchPass) {
    t += 1
    for l in 1...net.depth {
      let i = l - 1
      if method == .sgd {
        let rate = lr / Double(pass.m)
        // w <- (1 - lr*lambda/n) w - (lr/m) sum_x delta_x a_x^T: one product, beta = the decay.
        pass.addWeightProduct(l, alpha: -rate, beta: decay, into: &net.layers[i].w)
        // b <- b - (lr/m) sum_x delta_x
        Matrix.gemv(pass.delta[l], pass.ones.storage, alpha: -rate, beta: 1, into: &net.layers[i].b)
        continue
      }
      pass.meanWeightGradient(l, into: &gw[i])
      pass.meanBiasGradient(l, into: &gb[i])
      TrainingStep.apply(
        method, lr, t, &net.layers[i].w.storage, gw[i].storage, &firstW[i].storage, &secondW[i].storage, shrink: decay)
      TrainingStep.apply(method, lr, t, &net.layers[i].b, gb[i], &firstB[i], &secondB[i], shrink: 1)
    }
  }

  /// The rules of `Optimizer` for parameters p with gradient g and states s1, s2, after p is
  /// shrunk by `shrink`; t counts the steps (adam's bias correction).
  private static func apply(
    _ method: Optimizer.Method, _ lr: Double, _ t: Int, _ p: inout [Double], _ g: [Double],
    _ s1: inout [Double], _ s2: inout [Double], shrink: Double
  ) {
    p.withUnsafeMutableBufferPointer { p in
      g.withUnsafeBufferPointer { g in
        s1.withUnsafeMutableBufferPointer { s1 in
          s2.withUnsafeMutableBufferPointer { s2 in
            switch method {
            case .sgd:
              for k in 0..<p.count { p[k] = shrink * p[k] - lr * g[k] }
            case .momentum(let beta):
              for k in 0..<p.count {
                s1[k] = beta * s1[k] - lr * g[k]
                p[k] = shrink * p[k] + s1[k]
              }
            case .adagrad(let eps):
              for k in 0..<p.count {
                s1[k] += g[k] * g[k]
                p[k] = shrink * p[k] - lr * g[k] / (s1[k].squareRoot() + eps)
              }
            case .rmsprop(let beta, let eps):
              for k in 0..<p.count {
                s1[k] = beta * s1[k] + (1 - beta) * g[k] * g[k]
                p[k] = shrink * p[k] - lr * g[k] / (s1[k].squareRoot() + eps)
              }
            case .adam(let beta1, let beta2, let eps):
              let c1 = 1 - Foundation.pow(beta1, Double(t))
              let c2 = 1 - Foundation.pow(beta2, Double(t))
              for k in 0..<p.count {
                s1[k] = beta1 * s1[k] + (1 - beta1) * g[k]
                s2[k] = beta2 * s2[k] + (1 - beta2) * g[k] * g[k]
                p[k] = shrink * p[k] - lr * (s1[k] / c1) / ((s2[k] / c2).squareRoot() + eps)
              }
            }
          }
        }
      }
    }
  }
}

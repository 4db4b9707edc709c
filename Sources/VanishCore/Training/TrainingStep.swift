import Foundation

/// One step of training, written into the network's parameters from the deltas of a batch,
/// with the state a method keeps between steps. The rules are `Optimizer.apply`'s (descend's),
/// applied to every parameter with the batch's mean gradient g; before the step, every dense
/// weight (not bias, gain or shift) is shrunk by the factor (1 - lr*lambda/n): Nielsen's L2
/// rule, which for the adaptive methods is AdamW's decoupled decay. With `clip`, the whole
/// gradient is first rescaled to norm c when it is longer (PyTorch's clip_grad_norm_).
///
/// sgd without clipping needs no gradient buffer for a dense layer: its rule
/// w <- decay w - (lr/m) sum_x delta_x a_x^T is one BLAS product written straight into w
/// (`Dense.addGradient`).
struct TrainingStep {
  let method: Optimizer.Method
  let lr: Double
  /// 1 - lr*lambda/n
  let decay: Double
  let clip: Double?
  /// Per layer, the mean gradient: a dense layer's dC/dw in `gradW` and dC/db in `gradB`; a
  /// normalization layer's dgain and dshift one after the other in `gradB`. Then each method's
  /// first and second state for the same numbers (momentum's v, adagrad's G, rmsprop's E,
  /// adam's m; adam's v). Allocated once.
  private var gradW: [Matrix] = []
  private var gradB: [[Double]] = []
  private var firstW: [[Double]] = []
  private var firstB: [[Double]] = []
  private var secondW: [[Double]] = []
  private var secondB: [[Double]] = []
  private var t = 0
  /// How many steps had their gradient clipped.
  private(set) var clipped = 0

  init(method: Optimizer.Method, lr: Double, decay: Double, clip: Double?, network: Network) {
    self.method = method
    self.lr = lr
    self.decay = decay
    self.clip = clip
    gradW = network.layers.map { Matrix(rows: $0.isNormalization ? 0 : $0.outputs, cols: $0.isNormalization ? 0 : $0.inputs) }
    gradB = network.layers.map { [Double](repeating: 0, count: $0.isNormalization ? $0.parameterCount : $0.outputs) }
    firstW = gradW.map { [Double](repeating: 0, count: $0.count) }
    firstB = gradB.map { [Double](repeating: 0, count: $0.count) }
    secondW = firstW  // used by adam only; small beside the batch buffers
    secondB = firstB
  }

  /// sgd's fused step: nothing to clip, nothing to keep.
  private var fused: Bool { method == .sgd && clip == nil }

  /// One step from the deltas of the batch in `pass` (after its backward pass).
  mutating func step(_ net: inout Network, _ pass: Pass) {
    t += 1
    let m = pass.m
    for l in 1...net.depth {
      let i = l - 1
      let (input, rows) = pass.input(of: l)
      if net.layers[i].kindTag != .dense {
        gradB[i] = pass.parameterGradient(net, l)
      } else if fused {
        // w <- (1 - lr*lambda/n) w - (lr/m) sum_x delta_x a_x^T, b <- b - (lr/m) sum_x delta_x
        net.layers[i].withDense { d in
          if pass.halves, d.splits(batch: m) {
            Dense.addGradient(
              delta: pass.delta[l], input: input, inputRows: rows, ones: pass.ones, alpha: -lr / Double(m), weightBeta: decay,
              biasBeta: 1, dw: &d.w, db: &d.b, pair: pass.pair)
          } else {
            Dense.addGradient(
              delta: pass.delta[l], input: input, inputRows: rows, ones: pass.ones, alpha: -lr / Double(m), weightBeta: decay,
              biasBeta: 1, dw: &d.w, db: &d.b)
          }
        }
      } else {
        Dense.addGradient(
          delta: pass.delta[l], input: input, inputRows: rows, ones: pass.ones, alpha: 1 / Double(m), weightBeta: 0,
          biasBeta: 0, dw: &gradW[i], db: &gradB[i])
      }
    }
    if let clip {
      var squares = 0.0
      for i in gradW.indices {
        squares += gradW[i].storage.sumOfSquares
        squares += gradB[i].reduce(0) { $0 + $1 * $1 }
      }
      let norm = squares.squareRoot()
      if norm > clip {
        let scale = clip / norm
        for i in gradW.indices {
          for k in gradW[i].storage.indices { gradW[i].storage[k] *= scale }
          for k in gradB[i].indices { gradB[i][k] *= scale }
        }
        clipped += 1
      }
    }
    for i in net.layers.indices {
      if net.layers[i].kindTag != .dense {
        let n = net.layers[i].outputs
        net.layers[i].withNormalization { core in
          apply(&core.gain, gradB[i], 0, &firstB[i], &secondB[i], shrink: 1)
          apply(&core.shift, gradB[i], n, &firstB[i], &secondB[i], shrink: 1)
        }
      } else if !fused {
        net.layers[i].withDense { d in
          apply(&d.w.storage, gradW[i].storage, 0, &firstW[i], &secondW[i], shrink: decay)
          apply(&d.b, gradB[i], 0, &firstB[i], &secondB[i], shrink: 1)
        }
      }
    }
  }

  /// The method's rule on parameters p with the gradient g[offset...] and states at the same
  /// offset.
  private func apply<P: ContiguousDoubles, G: ContiguousDoubles>(
    _ p: inout P, _ g: G, _ offset: Int, _ s1: inout [Double], _ s2: inout [Double], shrink: Double
  ) {
    let count = p.count
    p.withUnsafeMutableBufferPointer { p in
      g.withUnsafeBufferPointer { g in
        s1.withUnsafeMutableBufferPointer { s1 in
          s2.withUnsafeMutableBufferPointer { s2 in
            Optimizer.apply(
              method, lr: lr, step: t, p, UnsafeBufferPointer(rebasing: g[offset..<(offset + count)]),
              UnsafeMutableBufferPointer(rebasing: s1[offset..<(offset + count)]),
              UnsafeMutableBufferPointer(rebasing: s2[offset..<(offset + count)]), shrink: shrink)
          }
        }
      }
    }
  }
}

/// The gradient of the cost for one example or the mean over a batch, with everything
/// that produced it: the trace, every example's delta, and the bounds of the theory.
///
/// Layer l (1...L) is at index l of `delta`, `dw`, `db`, `dgain`, `dshift`, `bound`,
/// `boundTight`; index 0 is unused, as in `Trace`. A dense layer has dw and db (its dgain and
/// dshift are empty); a normalization layer has dgain and dshift (its dw and db are empty).
public struct Gradient: Sendable {
  public let network: Network
  public let cost: Cost
  /// The mean cost over the batch.
  public let C: Double
  public let trace: Trace
  /// delta[l]: one column per example (dC/dz[l]; for a normalization layer dC/da[l]). For a
  /// network with batchnorm over a batch, column x is m times the gradient of the mean cost
  /// with respect to example x's z[l], which is the example's own delta where no batch
  /// statistics couple the examples.
  public let delta: [Matrix]
  /// dC/da[l], one column per example: what reaches layer l's output from above, skips
  /// included (delta[l] is it times g'(z[l]) for a dense layer).
  public let outputGradient: [Matrix]
  /// The mean of delta[l]'s columns (dC/db[l] for a dense layer, dC/dshift[l] for a
  /// normalization layer).
  public let meanDelta: [[Double]]
  /// dC/dw[l] and dC/db[l], means over the batch.
  public let dw: [Matrix]
  public let db: [[Double]]
  /// dC/dgain[l] and dC/dshift[l] of a normalization layer.
  public let dgain: [[Double]]
  public let dshift: [[Double]]
  /// The gamma bound and the tight bound on ||delta[l]||, means of the per-example bounds;
  /// NaN where the theory gives none (normalization layers, and the layers below them).
  public let bound: [Double]
  public let boundTight: [Double]

  public var depth: Int { network.depth }
  public var examples: Int { trace.examples }

  public func normDelta(_ l: Int) -> Double { meanDelta[l].euclideanNorm }
  public func normDwFrobenius(_ l: Int) -> Double { dw[l].frobeniusNorm }
  public func normDwSpectral(_ l: Int) -> Double { dw[l].spectralNorm }
}

extension Network {
  /// Checks what a gradient of (x, y) needs: a cost that fits the output layer, as many
  /// targets as examples, and a batch of two or more through batchnorm.
  func checkGradient(_ x: Matrix, _ y: Matrix, cost: Cost) throws(CoreError) {
    guard let output = layers.last else { throw .invalidArgument("the network has no layers") }
    try cost.validate(outputActivation: output.activation)
    if x.cols != y.cols {
      throw .shapeMismatch("x has \(x.cols) examples but y has \(y.cols)")
    }
    if x.cols == 0 { throw .invalidArgument("the batch is empty") }
    if hasBatchNorm && x.cols < 2 {
      throw .invalidArgument("batchnorm normalizes over a batch: the gradient of one example through it is not defined")
    }
    if cost.cancelsOutputDerivative(output.activation) && !skips(endingAt: depth).isEmpty {
      throw .invalidArgument("\(cost.name)'s output layer \(depth) cannot end a residual block: its output must stay \(output.activation.name)'s")
    }
  }

  /// Backpropagation through the one driver (`Pass`), in the numbering of the language:
  ///   delta[L] = dC/da[L] (.) g'(z[L])      (BP1; a[L] - y for cross-entropy + sigmoid and
  ///                                            log-likelihood + softmax)
  ///   delta[l] from delta[l+1] by each layer's kind (for a dense layer BP2), skips adding
  ///   dC/db[l] = delta[l], dC/dw[l] = delta[l] a[l-1]^T    (BP3, BP4; means over the batch)
  /// x and y hold one example per column. Normalization layers use the batch's statistics.
  public func backprop(_ x: Matrix, _ y: Matrix, cost: Cost) throws(CoreError) -> Gradient {
    try checkGradient(x, y, cost: cost)
    let L = depth
    var pass = Pass(network: self, examples: x.cols, inputRows: false)
    pass.keepsOutputGradients = true
    pass.load(columns: x, targets: y)
    pass.forward(self, mode: .batchStatistics)
    let C = pass.cost(cost, depth: L)
    pass.backward(self, cost: cost)

    var dw = [Matrix(rows: 0, cols: 0)]
    var db: [[Double]] = [[]]
    var dgain: [[Double]] = [[]]
    var dshift: [[Double]] = [[]]
    var meanDelta: [[Double]] = [[]]
    for l in 1...L {
      let flat = pass.parameterGradient(self, l)
      meanDelta.append(pass.meanDelta(l))
      if let d = layers[l - 1].asDense {
        dw.append(Matrix(rows: d.outputs, cols: d.inputs, storage: Array(flat[0..<d.w.count])))
        db.append(Array(flat[d.w.count...]))
        dgain.append([])
        dshift.append([])
      } else {
        let n = layers[l - 1].outputs
        dw.append(Matrix(rows: 0, cols: 0))
        db.append([])
        dgain.append(Array(flat[0..<n]))
        dshift.append(Array(flat[n...]))
      }
    }
    let trace = Trace(z: pass.z, a: (0...L).map { pass.activations($0) })
    let (bound, tight) = Bounds.compute(network: self, cost: cost, trace: trace, y: y)
    return Gradient(
      network: self, cost: cost, C: C, trace: trace, delta: pass.delta, outputGradient: pass.outputGradients, meanDelta: meanDelta, dw: dw, db: db,
      dgain: dgain, dshift: dshift, bound: bound, boundTight: tight)
  }
}

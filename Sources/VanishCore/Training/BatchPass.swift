/// The buffers of one forward and backward pass over a batch of m examples (one per column),
/// allocated once and reused for every batch of that size, so that training allocates nothing
/// per batch. The equations are Backprop.swift's, written into these buffers through BLAS:
///   z[l] = w[l] a[l-1] + b[l],  a[l] = g(z[l])
///   delta[L] = (a[L] - y) (.) g'(z[L])   (a[L] - y for cross-entropy with a sigmoid output)
///   delta[l] = (w[l+1]^T delta[l+1]) (.) g'(z[l])
///   dC/db[l] = mean of delta[l]'s columns,  dC/dw[l] = (1/m) delta[l] a[l-1]^T
/// One difference of layout: the inputs a[0] are held one example per row (`x`, m × n_in), the
/// order the dataset stores them in, so loading a batch is a contiguous copy; BLAS multiplies
/// them transposed.
struct BatchPass {
  let m: Int
  /// a[0]^T: the batch's inputs, one example per row.
  var x: Matrix
  /// a[l], z[l], delta[l] are layer l's, one example per column (index 0 unused).
  var a: [Matrix]
  var z: [Matrix]
  var delta: [Matrix]
  var y: Matrix
  /// m ones: delta[l] times this sums its columns in one BLAS call.
  let ones: Matrix

  init(network: Network, examples m: Int) {
    self.m = m
    let sizes = [network.inputSize] + network.layers.map(\.outputs)
    x = Matrix(rows: m, cols: network.inputSize)
    a = sizes.enumerated().map { l, n in Matrix(rows: l == 0 ? 0 : n, cols: m) }
    z = sizes.map { Matrix(rows: $0, cols: m) }
    delta = sizes.enumerated().map { l, n in Matrix(rows: l == 0 ? 0 : n, cols: m) }
    y = Matrix(rows: network.outputSize, cols: m)
    ones = Matrix(rows: m, cols: 1, repeating: 1)
  }

  /// Copies the examples at `indices` (exactly m of them) into x and y.
  mutating func load(_ data: Dataset, _ indices: ExampleIndices) {
    data.fillInputRows(indices, into: &x)
    data.fillTargets(indices, into: &y)
  }

  /// Copies only the targets (the inputs came from an `InputPrefetcher`).
  mutating func loadTargets(_ data: Dataset, _ indices: ExampleIndices) {
    data.fillTargets(indices, into: &y)
  }

  /// The forward pass over the loaded batch.
  mutating func forward(_ net: Network) {
    for l in 1...net.depth {
      let layer = net.layers[l - 1]
      // z[l] = w[l] a[l-1] + b[l]: the product, then b added to every column (see addToEveryColumn).
      if l == 1 {
        Matrix.gemm(layer.w, x, transposeB: true, into: &z[l])
      } else {
        Matrix.gemm(layer.w, a[l - 1], into: &z[l])
      }
      z[l].addToEveryColumn(layer.b)
      // a[l] = g(z[l])
      let g = layer.activation
      z[l].storage.withUnsafeBufferPointer { zp in
        a[l].storage.withUnsafeMutableBufferPointer { ap in
          g.apply(zp.baseAddress!, into: ap.baseAddress!, count: zp.count)
        }
      }
    }
  }

  /// The mean cost over the batch (after `forward`).
  func cost(_ cost: Cost, depth L: Int) -> Double {
    // Both costs are sums over every output of every example, so the whole matrix is one sum.
    let total = z[L].storage.withUnsafeBufferPointer { zp in
      a[L].storage.withUnsafeBufferPointer { ap in
        y.storage.withUnsafeBufferPointer { yp in cost.value(z: zp, a: ap, y: yp) }
      }
    }
    return total / Double(m)
  }

  /// The backward pass (after `forward`): every delta[l].
  mutating func backward(_ net: Network, cost: Cost) {
    let L = net.depth
    // BP1
    let cancels = cost.cancelsOutputDerivative(net.layers[L - 1].activation)
    let gL = net.layers[L - 1].activation
    a[L].storage.withUnsafeBufferPointer { ap in
      y.storage.withUnsafeBufferPointer { yp in
        delta[L].storage.withUnsafeMutableBufferPointer { dp in
          for i in 0..<dp.count { dp[i] = ap[i] - yp[i] }
        }
      }
    }
    if !cancels { multiplyDerivative(gL, layer: L) }
    // BP2
    if L >= 2 {
      for l in stride(from: L - 1, through: 1, by: -1) {
        Matrix.gemm(net.layers[l].w, transposeA: true, delta[l + 1], into: &delta[l])
        multiplyDerivative(net.layers[l - 1].activation, layer: l)
      }
    }
  }

  /// delta[l] (.)= g'(z[l]), g' taken from a[l] where it can be (see `Activation.multiplyDerivative`).
  private mutating func multiplyDerivative(_ g: Activation, layer l: Int) {
    z[l].storage.withUnsafeBufferPointer { zp in
      a[l].storage.withUnsafeBufferPointer { ap in
        delta[l].storage.withUnsafeMutableBufferPointer { dp in
          g.multiplyDerivative(dp.baseAddress!, z: zp.baseAddress!, a: ap.baseAddress!, count: dp.count)
        }
      }
    }
  }

  /// dC/db[l] = the mean of delta[l]'s columns, written into `db` (length n_l).
  func meanBiasGradient(_ l: Int, into db: inout [Double]) {
    Matrix.gemv(delta[l], ones.storage, alpha: 1 / Double(m), beta: 0, into: &db)
  }

  /// dC/dw[l] = (1/m) delta[l] a[l-1]^T, written into `dw`.
  func meanWeightGradient(_ l: Int, into dw: inout Matrix) {
    addWeightProduct(l, alpha: 1 / Double(m), beta: 0, into: &dw)
  }

  /// w <- alpha delta[l] a[l-1]^T + beta w: the sum over the batch of delta_x a_x^T, scaled and
  /// added to what `w` holds, in one BLAS call.
  func addWeightProduct(_ l: Int, alpha: Double, beta: Double, into w: inout Matrix) {
    if l == 1 {
      Matrix.gemm(delta[1], x, alpha: alpha, beta: beta, into: &w)
    } else {
      Matrix.gemm(delta[l], a[l - 1], transposeB: true, alpha: alpha, beta: beta, into: &w)
    }
  }
}

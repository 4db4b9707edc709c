/// Every z[l] and a[l] of a forward pass over a batch (one example per column).
/// `a[0]` is the input x; `z[l]` and `a[l]` for l = 1...L belong to layer l.
public struct Trace: Sendable {
  /// z[0] is unused (an empty matrix) so that z[l] is layer l's, as in the equations.
  public var z: [Matrix]
  public var a: [Matrix]

  public var depth: Int { z.count - 1 }
  public var output: Matrix { a[a.count - 1] }
  public var examples: Int { a[0].cols }
}

extension Network {
  /// Checks that a batch x (one example per column) fits the network's input layer.
  public func checkInput(_ x: Matrix) throws(CoreError) {
    if x.rows != inputSize {
      throw .shapeMismatch("the network takes \(inputSize) inputs but x has \(x.rows)")
    }
  }

  /// The forward pass with every intermediate value: z[l] = w[l] a[l-1] + b[l], a[l] = g(z[l]).
  public func trace(_ x: Matrix) throws(CoreError) -> Trace {
    try checkInput(x)
    var z = [Matrix(rows: 0, cols: 0)]
    var a = [x]
    for layer in layers {
      var zl = Matrix(rows: layer.outputs, cols: x.cols)
      Matrix.gemm(layer.w, a[a.count - 1], into: &zl)
      zl.addToEveryColumn(layer.b)
      z.append(zl)
      a.append(zl.map(layer.activation.apply))
    }
    return Trace(z: z, a: a)
  }

  /// The output a[L] for a batch x (one example per column).
  public func forward(_ x: Matrix) throws(CoreError) -> Matrix {
    try trace(x).output
  }

  /// The mean cost over a batch.
  public func cost(_ x: Matrix, _ y: Matrix, cost: Cost) throws(CoreError) -> Double {
    try cost.validate(outputActivation: layers.last?.activation ?? .linear)
    let t = try trace(x)
    return try Network.meanCost(trace: t, y: y, cost: cost)
  }

  static func meanCost(trace t: Trace, y: Matrix, cost: Cost) throws(CoreError) -> Double {
    let out = t.output
    if y.rows != out.rows || y.cols != out.cols {
      throw .shapeMismatch("the network gives \(out.rows) outputs but y has \(y.rows)")
    }
    let zL = t.z[t.depth].transposed
    let aL = out.transposed
    let yT = y.transposed
    let n = out.rows
    var total = 0.0
    for i in 0..<out.cols {
      zL.storage.withUnsafeBufferPointer { zp in
        aL.storage.withUnsafeBufferPointer { ap in
          yT.storage.withUnsafeBufferPointer { yp in
            total += cost.value(
              z: UnsafeBufferPointer(rebasing: zp[(i * n)..<((i + 1) * n)]),
              a: UnsafeBufferPointer(rebasing: ap[(i * n)..<((i + 1) * n)]),
              y: UnsafeBufferPointer(rebasing: yp[(i * n)..<((i + 1) * n)]))
          }
        }
      }
    }
    return total / Double(max(out.cols, 1))
  }
}

extension Matrix {
  /// self[j, c] += v[j] for every column c: the bias after the product, as numpy's `w @ a + b`
  /// adds it. Not through BLAS with beta = 1: OpenBLAS's kernels for FMA machines would then round
  /// w a + b once instead of twice, and the oracle's z, say 100 * 0.3 - 30 = 0 exactly, would come
  /// out as -1.1e-15 (which sigmoid layers with weights of 100 blow up to a visible difference).
  mutating func addToEveryColumn(_ v: [Double]) {
    precondition(v.count == rows, "bias length")
    let m = cols
    storage.withUnsafeMutableBufferPointer { p in
      for j in 0..<rows {
        let vj = v[j]
        for c in 0..<m { p[j * m + c] += vj }
      }
    }
  }
}

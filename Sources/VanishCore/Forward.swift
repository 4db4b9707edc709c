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

  /// The forward pass with every intermediate value: z[l] and a[l] of each layer (for a dense
  /// layer z[l] = w[l] a[l-1] + b[l], a[l] = g(z[l]), skips added), through the driver.
  /// Normalization layers use their running estimates unless `mode` says the batch's.
  public func trace(_ x: Matrix, mode: PassMode = .runningStatistics) throws(CoreError) -> Trace {
    try checkInput(x)
    if layers.isEmpty { return Trace(z: [Matrix(rows: 0, cols: 0)], a: [x]) }
    var pass = Pass(network: self, examples: x.cols, inputRows: false)
    pass.load(columns: x, targets: nil)
    pass.forward(self, mode: mode)
    return Trace(z: pass.z, a: [x] + pass.a.dropFirst())
  }

  /// The output a[L] for a batch x (one example per column).
  public func forward(_ x: Matrix) throws(CoreError) -> Matrix {
    try trace(x).output
  }

  /// The mean cost over a batch, computed as a gradient computes it: normalization layers use
  /// the batch's statistics (so that gradcheck's differences are of the cost backprop
  /// differentiates).
  public func cost(_ x: Matrix, _ y: Matrix, cost: Cost) throws(CoreError) -> Double {
    try checkGradient(x, y, cost: cost)
    var pass = Pass(network: self, examples: x.cols, inputRows: false)
    pass.load(columns: x, targets: y)
    pass.forward(self, mode: .batchStatistics)
    return pass.cost(cost, depth: depth)
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
      v.withUnsafeBufferPointer { vp in Matrix.addToEveryColumn(vp.baseAddress!, rows: 0..<rows, of: p.baseAddress!, columns: m) }
    }
  }

  /// The same for rows `rows` of a row-major matrix of `m` columns at p (a block of rows, as
  /// `SplitProducts` computes them).
  static func addToEveryColumn(_ v: UnsafePointer<Double>, rows: Range<Int>, of p: UnsafeMutablePointer<Double>, columns m: Int) {
    for j in rows {
      let vj = v[j]
      for c in 0..<m { p[j * m + c] += vj }
    }
  }

  /// self <- other, elementwise into self's own buffer when the shapes agree (assigning the
  /// storage would share other's buffer, and the next write to either would copy it).
  mutating func copy(from other: Matrix) {
    if rows != other.rows || cols != other.cols || other.storage.isEmpty {
      self = other
      return
    }
    other.storage.withUnsafeBufferPointer { op in
      storage.withUnsafeMutableBufferPointer { sp in sp.baseAddress!.update(from: op.baseAddress!, count: op.count) }
    }
  }
}

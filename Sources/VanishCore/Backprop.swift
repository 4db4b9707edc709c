/// The gradient of the cost for one example or the mean over a batch, with everything
/// that produced it: the trace, every example's delta, and the bounds of the theory.
///
/// Layer l (1...L) is at index l of `delta`, `dw`, `db`, `bound`, `boundTight`;
/// index 0 is unused, as in `Trace`.
public struct Gradient: Sendable {
  public let network: Network
  public let cost: Cost
  /// The mean cost over the batch.
  public let C: Double
  public let trace: Trace
  /// delta[l]: one column per example.
  public let delta: [Matrix]
  /// dC/dw[l] and dC/db[l], means over the batch.
  public let dw: [Matrix]
  public let db: [[Double]]
  /// The gamma bound and the tight bound on ||dC/db[l]||, means of the per-example bounds.
  public let bound: [Double]
  public let boundTight: [Double]

  public var depth: Int { network.depth }
  public var examples: Int { trace.examples }

  /// delta[l] averaged over the batch (it equals dC/db[l]); for one example, delta[l] itself.
  public func meanDelta(_ l: Int) -> [Double] { db[l] }
  public func normDelta(_ l: Int) -> Double { db[l].euclideanNorm }
  public func normDwFrobenius(_ l: Int) -> Double { dw[l].frobeniusNorm }
  public func normDwSpectral(_ l: Int) -> Double { dw[l].spectralNorm }
}

extension Network {
  /// Backpropagation, Nielsen's four equations in the numbering of the language:
  ///   delta[L] = dC/da[L] (.) g'(z[L])                (BP1; a[L] - y for cross-entropy + sigmoid)
  ///   delta[l] = (w[l+1]^T delta[l+1]) (.) g'(z[l])     (BP2)
  ///   dC/db[l] = delta[l]                             (BP3)
  ///   dC/dw[l] = delta[l] a[l-1]^T                    (BP4)
  /// x and y hold one example per column; dw and db are means over the columns.
  public func backprop(_ x: Matrix, _ y: Matrix, cost: Cost) throws(CoreError) -> Gradient {
    guard let output = layers.last else { throw .invalidArgument("the network has no layers") }
    try cost.validate(outputActivation: output.activation)
    if x.cols != y.cols {
      throw .shapeMismatch("x has \(x.cols) examples but y has \(y.cols)")
    }
    if x.cols == 0 { throw .invalidArgument("the batch is empty") }
    let t = try trace(x)
    let C = try Network.meanCost(trace: t, y: y, cost: cost)
    let L = depth
    let m = x.cols

    var delta = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: L + 1)
    let gPrime = (0...L).map { l in l == 0 ? Matrix(rows: 0, cols: 0) : t.z[l].map(layers[l - 1].activation.derivative) }

    // BP1
    let error = t.a[L].zipWith(y, -)  // a[L] - y = dC/da[L] for the quadratic cost
    delta[L] = cost.cancelsOutputDerivative(output.activation) ? error : error.hadamard(gPrime[L])
    // BP2
    if L >= 2 {
      for l in stride(from: L - 1, through: 1, by: -1) {
        var back = Matrix(rows: layers[l - 1].outputs, cols: m)
        Matrix.gemm(layers[l].w, transposeA: true, delta[l + 1], into: &back)
        delta[l] = back.hadamard(gPrime[l])
      }
    }
    // BP3, BP4 (means over the batch)
    var dw = [Matrix(rows: 0, cols: 0)]
    var db: [[Double]] = [[]]
    for l in 1...L {
      var g = Matrix(rows: layers[l - 1].outputs, cols: layers[l - 1].inputs)
      Matrix.gemm(delta[l], t.a[l - 1], transposeB: true, alpha: 1 / Double(m), into: &g)
      dw.append(g)
      db.append((0..<delta[l].rows).map { j in
        var s = 0.0
        for c in 0..<m { s += delta[l][j, c] }
        return s / Double(m)
      })
    }

    let (bound, tight) = Bounds.compute(
      network: self, cost: cost, gPrime: gPrime, error: error)
    return Gradient(
      network: self, cost: cost, C: C, trace: t, delta: delta, dw: dw, db: db, bound: bound,
      boundTight: tight)
  }
}

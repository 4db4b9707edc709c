import CBLAS

/// A dense layer: z = w a + b, a = g(z). `w` has shape (out, in): row j is neuron j, column k
/// is neuron k of the layer before (Nielsen's w^l_jk).
///
/// Its share of backprop, for the driver (`Pass`), is the delta recursion of Nielsen's BP2,
///   delta[l] = (w[l+1]^T delta[l+1]) (.) g'(z[l]),
/// in its two halves: `backward` takes dC/da[l] (which the layer above made as
/// w[l+1]^T delta[l+1], plus what skips bring), multiplies g'(z[l]) in to give delta[l], and
/// hands w[l]^T delta[l] down. BP1 is the same step at the output layer, BP3 and BP4
/// (`parameterGradient`) are dC/db = delta and dC/dw = delta a[l-1]^T, means over the batch.
/// One example through a small layer is computed in plain loops, everything else through BLAS.
public struct Dense: LayerKind, Equatable {
  public var w: Matrix
  public var b: [Double]
  public var activation: Activation

  /// Layers with at most this many weights skip BLAS for one example.
  static let small = 64

  public init(w: Matrix, b: [Double], activation: Activation) {
    precondition(w.rows == b.count, "bias length must equal the number of neurons")
    self.w = w
    self.b = b
    self.activation = activation
  }

  public init(
    inputs: Int, outputs: Int, activation: Activation, weights: Initializer = .nielsen,
    biases: Initializer? = nil, using rng: inout SeededGenerator
  ) {
    let w = weights.weights(out: outputs, in: inputs, using: &rng)
    let b = (biases ?? weights.defaultBias).biases(count: outputs, using: &rng)
    self.init(w: w, b: b, activation: activation)
  }

  public var inputs: Int { w.cols }
  public var outputs: Int { w.rows }
  public var parameterCount: Int { w.count + b.count }
  public var parameters: [Double] { w.storage + b }

  public mutating func setParameter(_ i: Int, to value: Double) {
    if i < w.count { w.storage[i] = value } else { b[i - w.count] = value }
  }

  public func redrawn(weights: Initializer, biases: Initializer?, using rng: inout SeededGenerator) -> Dense {
    Dense(inputs: inputs, outputs: outputs, activation: activation, weights: weights, biases: biases, using: &rng)
  }

  public func forward(_ input: Matrix, inputRows: Bool, z: inout Matrix, out: inout Matrix, cache: inout LayerCache, mode: PassMode) {
    // z = w a + b: the product, then b added to every column (see Matrix.addToEveryColumn).
    let m = z.cols
    if m == 1 && w.count <= Dense.small {
      let nIn = inputs
      w.storage.withUnsafeBufferPointer { wp in
        input.storage.withUnsafeBufferPointer { xp in
          z.storage.withUnsafeMutableBufferPointer { zp in
            for j in 0..<outputs {
              var s = 0.0
              for k in 0..<nIn { s += wp[j * nIn + k] * xp[k] }
              zp[j] = s + b[j]
            }
          }
        }
      }
      activation.apply(columnsOf: z, into: &out)
    } else {
      Matrix.gemm(w, input, transposeB: inputRows, into: &z)
      finishForward(z: &z, out: &out)
    }
  }

  /// The end of `forward` once z holds the product w a: z += b in every column, out = g(z).
  func finishForward(z: inout Matrix, out: inout Matrix) {
    z.addToEveryColumn(b)
    activation.apply(columnsOf: z, into: &out)
  }

  public mutating func updateRunningStatistics(_ cache: LayerCache) {}

  public func backward(
    delta: inout Matrix, z: Matrix, out: Matrix, cache: LayerCache, cancels: Bool,
    inputGradient: UnsafeMutablePointer<Matrix>?, add: Bool
  ) {
    // delta[l] = dC/da[l] (.) g'(z[l]); g' taken from a where it can be.
    if !cancels { activation.multiplyDerivative(columnsOf: &delta, z: z, a: out) }
    guard let below = inputGradient else { return }
    // dC/da[l-1] = w[l]^T delta[l]
    let m = delta.cols
    if m == 1 && w.count <= Dense.small {
      let nIn = inputs
      let nOut = outputs
      w.storage.withUnsafeBufferPointer { wp in
        delta.storage.withUnsafeBufferPointer { dp in
          below.pointee.storage.withUnsafeMutableBufferPointer { bp in
            for k in 0..<nIn {
              var s = 0.0
              for j in 0..<nOut { s += wp[j * nIn + k] * dp[j] }
              bp[k] = add ? bp[k] + s : s
            }
          }
        }
      }
    } else {
      Matrix.gemm(w, transposeA: true, delta, beta: add ? 1 : 0, into: &below.pointee)
    }
  }

  public func parameterGradient(delta: Matrix, input: Matrix, inputRows: Bool, cache: LayerCache) -> [Double] {
    var dw = Matrix(rows: outputs, cols: inputs)
    var db = [Double](repeating: 0, count: outputs)
    let ones = [Double](repeating: 1, count: delta.cols)
    Dense.addGradient(
      delta: delta, input: input, inputRows: inputRows, ones: ones, alpha: 1 / Double(delta.cols), weightBeta: 0, biasBeta: 0,
      dw: &dw, db: &db)
    return dw.storage + db
  }

  /// dw <- alpha delta a^T + weightBeta dw and db <- alpha sum_x delta_x + biasBeta db, one BLAS
  /// call each (`ones` holds m ones: the sum of delta's columns is a product with it). With
  /// alpha = 1/m and both betas 0, the mean gradient; with alpha = -lr/m, weightBeta the decay
  /// and biasBeta 1, sgd's step written straight into w and b.
  static func addGradient(
    delta: Matrix, input: Matrix, inputRows: Bool, ones: [Double], alpha: Double, weightBeta: Double, biasBeta: Double,
    dw: inout Matrix, db: inout [Double]
  ) {
    let m = delta.cols
    if m == 1 {
      // One example: the outer product and delta itself, in loops.
      let nIn = dw.cols
      delta.storage.withUnsafeBufferPointer { dp in
        input.storage.withUnsafeBufferPointer { xp in
          dw.storage.withUnsafeMutableBufferPointer { wp in
            for j in 0..<dw.rows {
              let d = alpha * dp[j]
              for k in 0..<nIn { wp[j * nIn + k] = weightBeta == 0 ? d * xp[k] : weightBeta * wp[j * nIn + k] + d * xp[k] }
            }
          }
        }
      }
      for j in 0..<db.count { db[j] = biasBeta == 0 ? alpha * delta.storage[j] : biasBeta * db[j] + alpha * delta.storage[j] }
      return
    }
    Matrix.gemm(delta, input, transposeB: !inputRows, alpha: alpha, beta: weightBeta, into: &dw)
    Matrix.gemv(delta, ones, alpha: alpha, beta: biasBeta, into: &db)
  }
}

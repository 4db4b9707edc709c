import Foundation

/// What layer normalization and batch normalization share: n units, a gain and a shift per
/// unit (drawn as 1 and 0), eps, and for batchnorm the running estimates and their momentum.
/// Both compute out = gain (.) xhat + shift with xhat = (x - mean) / sqrt(var + eps), the
/// variance biased (divided by the count), as PyTorch's LayerNorm and BatchNorm1d; they differ
/// in what the mean is over: a layernorm's over an example's units, a batchnorm's over the
/// batch's examples, per unit.
public struct Normalization: Equatable, Sendable {
  public var gain: [Double]
  public var shift: [Double]
  public let eps: Double
  /// batchnorm only: the running estimates of each unit's mean and (unbiased) variance, and
  /// how far a training batch moves them.
  public var runningMean: [Double]
  public var runningVariance: [Double]
  public let momentum: Double

  public init(
    n: Int, eps: Double = 1e-5, momentum: Double = 0.1, gain: [Double]? = nil, shift: [Double]? = nil,
    runningMean: [Double]? = nil, runningVariance: [Double]? = nil
  ) {
    self.gain = gain ?? [Double](repeating: 1, count: n)
    self.shift = shift ?? [Double](repeating: 0, count: n)
    self.eps = eps
    self.momentum = momentum
    self.runningMean = runningMean ?? [Double](repeating: 0, count: n)
    self.runningVariance = runningVariance ?? [Double](repeating: 1, count: n)
  }

  public var n: Int { gain.count }
  var parameters: [Double] { gain + shift }

  mutating func setParameter(_ i: Int, to value: Double) {
    if i < n { gain[i] = value } else { shift[i - n] = value }
  }

  /// running = (1 - momentum) running + momentum * batch, the variance unbiased (m / (m - 1)),
  /// as PyTorch moves them in a training forward pass.
  mutating func updateRunning(_ cache: LayerCache, momentum: Double) {
    let m = Double(cache.xhat.cols)
    for j in 0..<n {
      runningMean[j] = (1 - momentum) * runningMean[j] + momentum * cache.mean[j]
      runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * cache.variance[j] * m / (m - 1)
    }
  }

  /// The gradient of the mean cost with respect to gain and shift: means over the examples of
  /// delta (.) xhat and of delta.
  func parameterGradient(delta: Matrix, xhat: Matrix) -> [Double] {
    let m = delta.cols
    let n = n
    return [Double](unsafeUninitializedCapacity: 2 * n) { out, count in
      delta.storage.withUnsafeBufferPointer { dp in
        xhat.storage.withUnsafeBufferPointer { hp in
          for j in 0..<n {
            var g = 0.0
            var s = 0.0
            for c in 0..<m {
              g += dp[j * m + c] * hp[j * m + c]
              s += dp[j * m + c]
            }
            out[j] = g / Double(m)
            out[n + j] = s / Double(m)
          }
        }
      }
      count = 2 * n
    }
  }
}

/// Input of a normalization layer as one example per column, whichever way it came.
private func columns(_ input: Matrix, _ inputRows: Bool) -> Matrix {
  inputRows ? input.transposed : input
}

/// `layernorm(n, eps=1e-5)`: per example, out = gain (.) (x - mean(x)) / sqrt(var(x) + eps) +
/// shift over its n units. Backward, per example, with g = dC/d(out) (.) gain:
///   dC/dx = (g - mean(g) - xhat mean(g (.) xhat)) / sqrt(var + eps).
public struct LayerNorm: LayerKind, Equatable {
  public var core: Normalization

  public init(n: Int, eps: Double = 1e-5) { core = Normalization(n: n, eps: eps, runningMean: [], runningVariance: []) }
  public init(_ core: Normalization) { self.core = core }

  public var inputs: Int { core.n }
  public var outputs: Int { core.n }
  public var parameterCount: Int { 2 * core.n }
  public var parameters: [Double] { core.parameters }
  public mutating func setParameter(_ i: Int, to value: Double) { core.setParameter(i, to: value) }
  public mutating func updateRunningStatistics(_ cache: LayerCache) {}

  public func redrawn(weights: Initializer, biases: Initializer?, using rng: inout SeededGenerator) -> LayerNorm {
    LayerNorm(n: core.n, eps: core.eps)
  }

  public func forward(_ input: Matrix, inputRows: Bool, z: inout Matrix, out: inout Matrix, cache: inout LayerCache, mode: PassMode) {
    let x = columns(input, inputRows)
    let n = core.n
    let m = x.cols
    if cache.xhat.rows != n || cache.xhat.cols != m { cache.xhat = Matrix(rows: n, cols: m) }
    if cache.inverseStd.count != m { cache.inverseStd = [Double](repeating: 0, count: m) }
    let eps = core.eps
    // In place through pointers (an array's subscript checks bounds and uniqueness each time).
    x.storage.withUnsafeBufferPointer { xp in
      core.gain.withUnsafeBufferPointer { gain in
        core.shift.withUnsafeBufferPointer { shift in
          cache.xhat.storage.withUnsafeMutableBufferPointer { hp in
            cache.inverseStd.withUnsafeMutableBufferPointer { ip in
              z.storage.withUnsafeMutableBufferPointer { zp in
                for c in 0..<m {
                  var mean = 0.0
                  for j in 0..<n { mean += xp[j * m + c] }
                  mean /= Double(n)
                  var variance = 0.0
                  for j in 0..<n {
                    let d = xp[j * m + c] - mean
                    variance += d * d
                  }
                  variance /= Double(n)
                  let inv = 1 / (variance + eps).squareRoot()
                  ip[c] = inv
                  for j in 0..<n {
                    let h = (xp[j * m + c] - mean) * inv
                    hp[j * m + c] = h
                    zp[j * m + c] = gain[j] * h + shift[j]
                  }
                }
              }
            }
          }
        }
      }
    }
    // A copy into out's own buffer (sharing z's would make the next pass copy z).
    out.copy(from: z)
  }

  public func backward(
    delta: inout Matrix, z: Matrix, out: Matrix, cache: LayerCache, cancels: Bool,
    inputGradient: UnsafeMutablePointer<Matrix>?, add: Bool
  ) {
    guard let below = inputGradient else { return }
    let n = core.n
    let m = delta.cols
    delta.storage.withUnsafeBufferPointer { dp in
      core.gain.withUnsafeBufferPointer { gain in
        cache.xhat.storage.withUnsafeBufferPointer { hp in
          cache.inverseStd.withUnsafeBufferPointer { ip in
            below.pointee.storage.withUnsafeMutableBufferPointer { bp in
              withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { g in
                for c in 0..<m {
                  var meanG = 0.0
                  var meanGX = 0.0
                  for j in 0..<n {
                    g[j] = dp[j * m + c] * gain[j]
                    meanG += g[j]
                    meanGX += g[j] * hp[j * m + c]
                  }
                  meanG /= Double(n)
                  meanGX /= Double(n)
                  for j in 0..<n {
                    let dx = (g[j] - meanG - hp[j * m + c] * meanGX) * ip[c]
                    bp[j * m + c] = add ? bp[j * m + c] + dx : dx
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  public func parameterGradient(delta: Matrix, input: Matrix, inputRows: Bool, cache: LayerCache) -> [Double] {
    core.parameterGradient(delta: delta, xhat: cache.xhat)
  }
}

/// `batchnorm(n, eps=1e-5, momentum=0.1)`: per unit, over the batch, out = gain (.) (x -
/// mean_B) / sqrt(var_B + eps) + shift with the batch's mean and biased variance (training,
/// and grad over a batch), or with the running estimates (everything else). Backward with the
/// batch's statistics, per unit, with g = dC/d(out) (.) gain over the batch's examples:
///   dC/dx = (g - mean_B(g) - xhat mean_B(g (.) xhat)) / sqrt(var_B + eps);
/// with the running estimates the layer is affine: dC/dx = g / sqrt(running_var + eps).
public struct BatchNorm: LayerKind, Equatable {
  public var core: Normalization

  public init(n: Int, eps: Double = 1e-5, momentum: Double = 0.1) { core = Normalization(n: n, eps: eps, momentum: momentum) }
  public init(_ core: Normalization) { self.core = core }

  public var momentum: Double { core.momentum }
  public var inputs: Int { core.n }
  public var outputs: Int { core.n }
  public var parameterCount: Int { 2 * core.n }
  public var parameters: [Double] { core.parameters }
  public mutating func setParameter(_ i: Int, to value: Double) { core.setParameter(i, to: value) }
  public mutating func updateRunningStatistics(_ cache: LayerCache) { core.updateRunning(cache, momentum: core.momentum) }

  public func redrawn(weights: Initializer, biases: Initializer?, using rng: inout SeededGenerator) -> BatchNorm {
    BatchNorm(n: core.n, eps: core.eps, momentum: core.momentum)
  }

  public func forward(_ input: Matrix, inputRows: Bool, z: inout Matrix, out: inout Matrix, cache: inout LayerCache, mode: PassMode) {
    let x = columns(input, inputRows)
    let n = core.n
    let m = x.cols
    if cache.xhat.rows != n || cache.xhat.cols != m { cache.xhat = Matrix(rows: n, cols: m) }
    if cache.inverseStd.count != n {
      cache.inverseStd = [Double](repeating: 0, count: n)
      cache.mean = cache.inverseStd
      cache.variance = cache.inverseStd
    }
    for j in 0..<n {
      let mean: Double
      let variance: Double
      switch mode {
      case .batchStatistics:
        var s = 0.0
        for c in 0..<m { s += x.storage[j * m + c] }
        mean = s / Double(m)
        var v = 0.0
        for c in 0..<m {
          let d = x.storage[j * m + c] - mean
          v += d * d
        }
        variance = v / Double(m)
      case .runningStatistics:
        mean = core.runningMean[j]
        variance = core.runningVariance[j]
      }
      let inv = 1 / (variance + core.eps).squareRoot()
      cache.mean[j] = mean
      cache.variance[j] = variance
      cache.inverseStd[j] = inv
      for c in 0..<m {
        let h = (x.storage[j * m + c] - mean) * inv
        cache.xhat.storage[j * m + c] = h
        z.storage[j * m + c] = core.gain[j] * h + core.shift[j]
      }
    }
    cache.mode = mode
    out.copy(from: z)
  }

  public func backward(
    delta: inout Matrix, z: Matrix, out: Matrix, cache: LayerCache, cancels: Bool,
    inputGradient: UnsafeMutablePointer<Matrix>?, add: Bool
  ) {
    guard let below = inputGradient else { return }
    let n = core.n
    let m = delta.cols
    for j in 0..<n {
      let inv = cache.inverseStd[j]
      let gain = core.gain[j]
      var meanG = 0.0
      var meanGX = 0.0
      if cache.mode == .batchStatistics {
        for c in 0..<m {
          let g = delta.storage[j * m + c] * gain
          meanG += g
          meanGX += g * cache.xhat.storage[j * m + c]
        }
        meanG /= Double(m)
        meanGX /= Double(m)
      }
      for c in 0..<m {
        let g = delta.storage[j * m + c] * gain
        let dx = (g - meanG - cache.xhat.storage[j * m + c] * meanGX) * inv
        below.pointee.storage[j * m + c] = add ? below.pointee.storage[j * m + c] + dx : dx
      }
    }
  }

  public func parameterGradient(delta: Matrix, input: Matrix, inputRows: Bool, cache: LayerCache) -> [Double] {
    core.parameterGradient(delta: delta, xhat: cache.xhat)
  }
}

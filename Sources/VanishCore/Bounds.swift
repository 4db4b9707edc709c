/// The bounds of the vanishing-gradient argument on ||dC/db[l]||:
///
///   ||dC/db[l]|| <= prod_{r=l..L} gamma[r] * prod_{r=l+1..L} ||w[r]||_2 * ||a[L] - y||
///
/// with gamma[r] = sup g' of layer r's activation (the "gamma bound"), or the largest
/// g'(z[r]) actually met in that example (the "tight bound"). With cross-entropy and a sigmoid
/// output, delta[L] = a[L] - y and the output layer's factor drops out of both products.
/// For a batch, each bound is the mean of the per-example bounds.
public enum Bounds {
  /// Returns (bound, tight) indexed by layer 1...L (index 0 unused).
  static func compute(network: Network, cost: Cost, gPrime: [Matrix], error: Matrix)
    -> ([Double], [Double])
  {
    let L = network.depth
    let m = error.cols
    let skipOutput = cost.cancelsOutputDerivative(network.layers[L - 1].activation)
    let spectral = [0] + network.layers.map { $0.w.spectralNorm }
    var bound = [Double](repeating: 0, count: L + 1)
    var tight = [Double](repeating: 0, count: L + 1)
    for i in 0..<m {
      let err = error.column(i).euclideanNorm
      // Walk from the output back to layer 1, growing both products.
      var gammaProduct = 1.0
      var tightProduct = 1.0
      var weightProduct = 1.0
      for l in stride(from: L, through: 1, by: -1) {
        if l < L { weightProduct *= spectral[l + 1] }
        if !(l == L && skipOutput) {
          gammaProduct *= network.layers[l - 1].activation.gamma
          var largest = 0.0
          for j in 0..<gPrime[l].rows { largest = Swift.max(largest, gPrime[l][j, i]) }
          tightProduct *= largest
        }
        bound[l] += gammaProduct * weightProduct * err / Double(m)
        tight[l] += tightProduct * weightProduct * err / Double(m)
      }
    }
    return (bound, tight)
  }
}

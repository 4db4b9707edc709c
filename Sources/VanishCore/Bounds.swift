/// The bounds of the vanishing-gradient argument on ||delta[l]||. For a chain of dense layers:
///
///   ||delta[l]|| <= prod_{r=l..L} gamma[r] * prod_{r=l+1..L} ||w[r]||_2 * ||a[L] - y||
///
/// with gamma[r] = sup g' of layer r's activation (the "gamma bound"), or the largest
/// g'(z[r]) actually met in that example (the "tight bound"). With cross-entropy and a sigmoid
/// output, or log-likelihood and softmax, delta[L] = a[L] - y and the output layer's factor
/// drops out of both products. For a softmax output under the quadratic cost the factor is a
/// bound on its Jacobian's norm: 1/2, or max_i 2 a_i (1 - a_i) (Gershgorin).
///
/// Through skips (docs/language.md derives it): with G[l] = dC/da[l], a dense layer gives
/// delta[l] = G[l] (.) g'(z[l]) and hands w[l]^T delta[l] down, and a skip s..e adds G[e] to
/// G[s-1]. So, by the triangle inequality, the bounds B on ||G|| follow the same recursion:
///   B(delta[l]) = gamma[l] B(G[l]),  B(G[l-1]) = ||w[l]||_2 B(delta[l]) + sum over skips s..e
///   with s = l of B(G[e]),
/// which for a residual block of one layer is the factor (1 + gamma ||w||) of a one-neuron
/// chain's exact (1 + w g'). Normalization layers have no such bound here: their rows, and
/// every layer whose gradient passes through one, are NaN (printed `-`).
/// For a batch, each bound is the mean of the per-example bounds.
public enum Bounds {
  /// Returns (bound, tight) indexed by layer 1...L (index 0 unused).
  static func compute(network: Network, cost: Cost, trace t: Trace, y: Matrix) -> ([Double], [Double]) {
    let L = network.depth
    let m = y.cols
    let output = network.layers[L - 1].activation
    let cancels = cost.cancelsOutputDerivative(output)
    let spectral = [0] + network.layers.map { $0.isNormalization ? Double.nan : $0.w.spectralNorm }
    var bound = [Double](repeating: 0, count: L + 1)
    var tight = [Double](repeating: 0, count: L + 1)
    for i in 0..<m {
      let err = (0..<y.rows).map { t.a[L][$0, i] - y[$0, i] }.euclideanNorm
      // Bounds on ||G[l]||, grown from the output down.
      var gBound = [Double](repeating: 0, count: L + 1)
      var gTight = [Double](repeating: 0, count: L + 1)
      gBound[L] = err
      gTight[L] = err
      for l in stride(from: L, through: 1, by: -1) {
        let layer = network.layers[l - 1]
        var dBound = Double.nan
        var dTight = Double.nan
        if !layer.isNormalization {
          if l == L && cancels {
            dBound = gBound[l]
            dTight = gTight[l]
          } else {
            let g = layer.activation
            var largest = 0.0
            for j in 0..<layer.outputs {
              let slope: Double
              if g == .softmax {
                let a = t.a[l][j, i]
                slope = 2 * a * (1 - a)
              } else {
                slope = g.derivative(t.z[l][j, i])
              }
              largest = Swift.max(largest, slope)
            }
            dBound = g.gamma * gBound[l]
            dTight = largest * gTight[l]
          }
        }
        bound[l] += dBound / Double(m)
        tight[l] += dTight / Double(m)
        if l >= 2 {
          gBound[l - 1] += spectral[l] * dBound
          gTight[l - 1] += spectral[l] * dTight
          for skip in network.skips where skip.from == l {
            gBound[l - 1] += gBound[skip.to]
            gTight[l - 1] += gTight[skip.to]
          }
        }
      }
    }
    return (bound, tight)
  }
}

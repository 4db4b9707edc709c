import Foundation

/// delta[l] unrolled by BP2, delta[k] = (w[k+1]^T delta[k+1]) (.) g'(z[k]), from the output
/// layer L back to layer l, for one example:
///
///   delta[l] = w[l+1] g'(z[l]) * w[l+2] g'(z[l+1]) * ... * w[L] g'(z[L-1]) * delta[L]
///
/// With one neuron in every layer from l to L each factor w[k+1] g'(z[k]) is a number and
/// the product is exact. With wider layers the same step only bounds the norms,
/// ||delta[k]|| <= ||w[k+1]||_2 * max_j g'(z[k])_j * ||delta[k+1]||, and each factor is that
/// spectral norm times that largest slope.
public struct DeltaChain: Sendable {
  /// The factor that takes delta[k+1] to delta[k].
  public struct Factor: Sendable {
    /// The layer whose delta this factor produces (l...L-1).
    public let layer: Int
    /// w[k+1], or ||w[k+1]||_2.
    public let weight: Double
    /// g'(z[k]), or its largest entry.
    public let slope: Double
    public var value: Double { weight * slope }
  }

  /// l, the layer explained, and L, the output layer.
  public let layer: Int
  public let depth: Int
  /// True when every layer from l to L has one neuron: the factors multiply to delta[l].
  public let exact: Bool
  /// In equation order: the factor for layer l first, the one for layer L-1 last.
  public let factors: [Factor]
  /// delta[k] for k = l...L (its norm when not exact), at index k - l.
  public let deltas: [Double]

  public var product: Double { factors.reduce(1) { $0 * $1.value } }
  /// delta[L] (or its norm): where the chain starts.
  public var output: Double { deltas[deltas.count - 1] }
  /// delta[l] (or its norm): what the chain explains.
  public var delta: Double { deltas[0] }
  /// product * delta[L]: delta[l] itself when exact, otherwise a bound on ||delta[l]||.
  public var bound: Double { product * output }

  /// The factor farthest from 1 on a log scale: the one that shrinks or grows delta most.
  public var strongest: Factor? {
    factors.max { Swift.abs(log10Magnitude($0.value)) < Swift.abs(log10Magnitude($1.value)) }
  }

  private func log10Magnitude(_ v: Double) -> Double {
    let m = Swift.abs(v)
    return m == 0 ? -Double.infinity : Foundation.log10(m)
  }
}

extension Gradient {
  /// The chain of BP2 factors from layer l (1...L) to the output, for example `example`
  /// (0-based column of the batch).
  public func chain(from l: Int, example i: Int) -> DeltaChain {
    let L = depth
    let layers = network.layers
    let exact = (l...L).allSatisfy { layers[$0 - 1].outputs == 1 }
    var factors: [DeltaChain.Factor] = []
    for k in l..<L {
      let slopes = trace.z[k].column(i).map(layers[k - 1].activation.derivative)
      if exact {
        factors.append(.init(layer: k, weight: layers[k].w[0, 0], slope: slopes[0]))
      } else {
        factors.append(.init(layer: k, weight: layers[k].w.spectralNorm, slope: slopes.max() ?? 0))
      }
    }
    let deltas = (l...L).map { k in exact ? delta[k][0, i] : delta[k].column(i).euclideanNorm }
    return DeltaChain(layer: l, depth: L, exact: exact, factors: factors, deltas: deltas)
  }
}

/// delta[l] unrolled through a network with skips or normalization layers, for one example,
/// in terms of G[k] = dC/da[k], the gradient that reaches layer k's output:
///
///   G[k-1] = w[k]^T (G[k] (.) g'(z[k]))  (+ G[k] when a skip spans layer k alone)
///   delta[l] = G[l] (.) g'(z[l])  (a normalization layer: delta[l] = G[l])
///
/// With one neuron in every layer from l to L and each skip spanning one layer, every step is
/// a number, w[k] g'(z[k]) or (1 + w[k] g'(z[k])), and the product is exact: through skips it
/// stays near 1 where the plain chain's shrinks. Otherwise each step is bounded in norms,
/// ||G[k-1]|| <= ||w[k]||_2 max g'(z[k]) ||G[k]|| (+ ||G[k]|| through a one-layer skip,
/// + ||G[e]|| where a longer block e..k starts), and a normalization layer's step has no bound.
public struct GradientChain: Sendable {
  public struct Step: Sendable {
    /// The layer k whose step takes G[k] to G[k-1].
    public let layer: Int
    public let kind: String
    /// w[k] (or ||w[k]||_2) and g'(z[k]) (or its largest entry); NaN for normalization.
    public let weight: Double
    public let slope: Double
    /// A skip spans layer k alone: the step adds 1 (the identity).
    public let skip: Bool
    /// The blocks of several layers that start at k: their ends e, whose G[e] is added.
    public let blockEnds: [Int]
    /// w g' (+ 1 through a skip), or its bound.
    public var value: Double { weight * slope + (skip ? 1 : 0) }
  }

  public let layer: Int
  public let depth: Int
  public let exact: Bool
  /// From the output down: the step of layer L first.
  public let steps: [Step]
  /// G[k] for k = l...L at index k - l (its norm when not exact).
  public let gradients: [Double]
  /// The bound on G[k] that the steps give, k = l...L at index k - l (G[k] itself when exact).
  public let bounds: [Double]
  /// g'(z[l]) (its largest entry when not exact; 1 for a normalization layer), and delta[l].
  public let slope: Double
  public let delta: Double

  public var product: Double { steps.reduce(1) { $0 * $1.value } }
}

extension Gradient {
  /// The chain of steps from the output layer down to layer l, for example `example` (0-based).
  public func gradientChain(from l: Int, example i: Int) -> GradientChain {
    let L = depth
    let layers = network.layers
    let relevant = network.skips.filter { $0.from > l }
    let exact = (l...L).allSatisfy { layers[$0 - 1].outputs == 1 && !layers[$0 - 1].isNormalization }
      && relevant.allSatisfy { $0.from == $0.to }
    var steps: [GradientChain.Step] = []
    for k in stride(from: L, to: l, by: -1) {
      let layer = layers[k - 1]
      let skip = relevant.contains { $0.from == k && $0.to == k }
      let ends = relevant.filter { $0.from == k && $0.to > k }.map(\.to)
      if layer.isNormalization {
        steps.append(.init(layer: k, kind: layer.kindName, weight: .nan, slope: .nan, skip: skip, blockEnds: ends))
        continue
      }
      let slopes = trace.z[k].column(i).map(layer.activation.derivative)
      if exact {
        steps.append(.init(layer: k, kind: "dense", weight: layer.w[0, 0], slope: slopes[0], skip: skip, blockEnds: ends))
      } else {
        steps.append(.init(layer: k, kind: "dense", weight: layer.w.spectralNorm, slope: slopes.max() ?? 0, skip: skip, blockEnds: ends))
      }
    }
    let gradients = (l...L).map { k in exact ? outputGradient[k][0, i] : outputGradient[k].column(i).euclideanNorm }
    // The bounds, grown from G[L] down by the steps (G[L] itself: it is not bounded here).
    var bound = [Double](repeating: 0, count: L + 1)
    bound[L] = gradients[L - l]
    for step in steps {
      let k = step.layer
      bound[k - 1] += step.value * bound[k] + step.blockEnds.reduce(0) { $0 + bound[$1] }
    }
    let own = layers[l - 1]
    let lastSlopes = own.isNormalization ? [1.0] : trace.z[l].column(i).map(own.activation.derivative)
    let slope = exact ? lastSlopes[0] : (lastSlopes.max() ?? 0)
    let d = exact ? delta[l][0, i] : delta[l].column(i).euclideanNorm
    return GradientChain(
      layer: l, depth: L, exact: exact, steps: steps, gradients: gradients, bounds: (l...L).map { bound[$0] }, slope: slope,
      delta: d)
  }
}

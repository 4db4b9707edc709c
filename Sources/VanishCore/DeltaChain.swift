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

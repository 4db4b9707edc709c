/// A feedforward network of dense layers, numbered from 1 in the language (`w[1]`..`w[L]`),
/// stored from index 0 here.
public struct Network: Equatable, Sendable {
  public var layers: [Layer]

  /// Checks that each layer takes as many inputs as the one before gives.
  public init(layers: [Layer]) throws(CoreError) {
    for i in layers.indices.dropFirst() where layers[i].inputs != layers[i - 1].outputs {
      throw .shapeMismatch(
        "layer \(i + 1) takes \(layers[i].inputs) inputs but layer \(i) gives \(layers[i - 1].outputs)")
    }
    self.layers = layers
  }

  public var depth: Int { layers.count }
  public var inputSize: Int { layers.first?.inputs ?? 0 }
  public var outputSize: Int { layers.last?.outputs ?? 0 }
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// `self -> other`: the layers of both, shapes checked where they meet.
  public func composed(with other: Network) throws(CoreError) -> Network {
    if let last = layers.last, let first = other.layers.first, first.inputs != last.outputs {
      throw .shapeMismatch(
        "layer \(depth + 1) takes \(first.inputs) inputs but layer \(depth) gives \(last.outputs)")
    }
    return try Network(layers: layers + other.layers)
  }
}

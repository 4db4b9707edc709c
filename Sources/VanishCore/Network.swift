/// A skip connection of a residual block of layers `from`...`to`: the block's input a[from-1]
/// is added to layer `to`'s output, a[to] = out[to] + a[from-1].
public struct Skip: Equatable, Hashable, Sendable {
  public let from: Int
  public let to: Int
  public init(from: Int, to: Int) {
    self.from = from
    self.to = to
  }
}

/// A feedforward network: a sequence of layers of any kind, numbered from 1 in the language
/// (`w[1]`..`w[L]`) and stored from index 0 here, and the skips of its residual blocks.
public struct Network: Equatable, Sendable {
  public var layers: [Layer]
  public var skips: [Skip]

  /// Checks that each layer takes as many inputs as the one before gives, that softmax is on
  /// the output layer only, and that every skip joins equal sizes and nests with the others.
  public init(layers: [Layer], skips: [Skip] = []) throws(CoreError) {
    for i in layers.indices.dropFirst() where layers[i].inputs != layers[i - 1].outputs {
      throw .shapeMismatch(
        "layer \(i + 1) takes \(layers[i].inputs) inputs but layer \(i) gives \(layers[i - 1].outputs)")
    }
    for i in layers.indices.dropLast() where layers[i].activation == .softmax {
      throw .invalidArgument(
        "softmax is allowed on the output layer only, not on layer \(i + 1) of \(layers.count): it is not elementwise")
    }
    for skip in skips {
      guard 1 <= skip.from, skip.from <= skip.to, skip.to <= layers.count else {
        throw .invalidArgument("a skip from layer \(skip.from) to layer \(skip.to) does not fit a network of \(layers.count) layers")
      }
      let input = layers[skip.from - 1].inputs
      let output = layers[skip.to - 1].outputs
      if input != output {
        throw .shapeMismatch(
          "a residual block must give as many outputs as it takes inputs: layers \(skip.from)-\(skip.to) take \(input) and give \(output)")
      }
      for other in skips where other != skip {
        let disjoint = other.to < skip.from || skip.to < other.from
        let nested = (other.from <= skip.from && skip.to <= other.to) || (skip.from <= other.from && other.to <= skip.to)
        if !disjoint && !nested {
          throw .invalidArgument("the residual blocks \(skip.from)-\(skip.to) and \(other.from)-\(other.to) overlap without nesting")
        }
      }
    }
    self.layers = layers
    self.skips = skips
  }

  public var depth: Int { layers.count }
  public var inputSize: Int { layers.first?.inputs ?? 0 }
  public var outputSize: Int { layers.last?.outputs ?? 0 }
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
  /// Every layer dense, no skips: the network of v1.
  public var isPlainDense: Bool { skips.isEmpty && layers.allSatisfy { !$0.isNormalization } }
  public var hasBatchNorm: Bool { layers.contains { $0.kindTag == .batchNorm } }

  /// The skips that end at layer l (their first layers).
  public func skips(endingAt l: Int) -> [Skip] { skips.filter { $0.to == l } }

  /// `self -> other`: the layers of both, shapes checked where they meet; other's skips move
  /// up by this network's depth.
  public func composed(with other: Network) throws(CoreError) -> Network {
    if let last = layers.last, let first = other.layers.first, first.inputs != last.outputs {
      throw .shapeMismatch(
        "layer \(depth + 1) takes \(first.inputs) inputs but layer \(depth) gives \(last.outputs)")
    }
    let moved = other.skips.map { Skip(from: $0.from + depth, to: $0.to + depth) }
    return try Network(layers: layers + other.layers, skips: skips + moved)
  }

  /// The network as one residual block: a skip from its first layer to its last.
  public func residual() throws(CoreError) -> Network {
    try Network(layers: layers, skips: skips + [Skip(from: 1, to: depth)])
  }
}

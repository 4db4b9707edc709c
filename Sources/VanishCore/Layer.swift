/// What every kind of layer does, for the one forward/backward driver (`Pass`) that `grad`,
/// `train`, `gradcheck`, `trace`, `explain`, `norms` and the benchmark all use.
///
/// A layer maps its input a[l-1] to its output: z[l] is what it computes before any skip
/// (a dense layer's w a + b, a normalization layer's output), `out` = g(z) for a dense layer
/// and z itself otherwise; the driver adds skips to `out` to give a[l]. Every quantity holds
/// one example per column. delta[l] is dC/dz[l]: for a dense layer the delta of Nielsen's
/// equations, for a normalization layer dC/da[l] (its z is its output).
public protocol LayerKind: Sendable {
  var inputs: Int { get }
  var outputs: Int { get }
  var parameterCount: Int { get }
  /// The parameters as one flat list (a dense layer: w row by row, then b; a normalization
  /// layer: gain, then shift), the order of `parameterGradient` and `setParameter`.
  var parameters: [Double] { get }
  mutating func setParameter(_ i: Int, to value: Double)

  /// z and out for the examples of `input` (with `inputRows`, input holds one example per row:
  /// the first layer reads the batch as the dataset stores it), keeping in `cache` what
  /// backward needs. `mode` says whether batch statistics are used and updated.
  func forward(_ input: Matrix, inputRows: Bool, z: inout Matrix, out: inout Matrix, cache: inout LayerCache, mode: PassMode)
  /// Running estimates that a training forward pass moves (batchnorm); nothing for the others.
  mutating func updateRunningStatistics(_ cache: LayerCache)

  /// On entry `delta` holds dC/d(out); on return the layer's delta, dC/dz (`cancels`: the cost
  /// has already folded g' in, as cross-entropy with a sigmoid output does). Then dC/d(input)
  /// into `inputGradient` (added to what it holds when `add`), unless it is nil (layer 1).
  func backward(
    delta: inout Matrix, z: Matrix, out: Matrix, cache: LayerCache, cancels: Bool,
    inputGradient: UnsafeMutablePointer<Matrix>?, add: Bool
  )
  /// The gradient of the mean cost with respect to the parameters, flat, from the layer's
  /// delta and its input (as `forward` read it).
  func parameterGradient(delta: Matrix, input: Matrix, inputRows: Bool, cache: LayerCache) -> [Double]
  /// The layer drawn again as `x N` draws its copies: new weights for a dense layer, gain 1
  /// and shift 0 for a normalization layer.
  func redrawn(weights: Initializer, biases: Initializer?, using rng: inout SeededGenerator) -> Self
}

/// Whether normalization layers use the batch's statistics (training, and grad over a batch)
/// or their running estimates (everything else, as PyTorch's train and eval modes).
public enum PassMode: Sendable, Equatable {
  case batchStatistics
  case runningStatistics
}

/// What a layer keeps from forward for backward: a normalization layer's normalized inputs
/// and inverse standard deviations, and the batch's mean and variance.
public struct LayerCache: Sendable {
  public var xhat = Matrix(rows: 0, cols: 0)
  public var inverseStd: [Double] = []
  public var mean: [Double] = []
  public var variance: [Double] = []
  /// Which statistics the forward pass used (backward differentiates through batch statistics only).
  public var mode: PassMode = .batchStatistics
  public init() {}
}

/// One layer of a network, of any kind. A struct with the kind's parameters stored in place
/// (not an enum with payloads) so that a pass reads `layers[l].dense.w` where it lies: taking
/// a payload out of an enum copies it, retaining and releasing its arrays, which costs more
/// than a one-neuron layer's whole work (the benchmark's W4 ran six times slower).
public struct Layer: Equatable, Sendable {
  public enum Kind: String, Sendable {
    case dense
    case layerNorm = "layernorm"
    case batchNorm = "batchnorm"
  }

  public let kindTag: Kind
  /// A dense layer's weights, biases and activation (empty for the other kinds).
  public var dense: Dense
  /// A normalization layer's gain, shift and statistics (empty for a dense layer).
  public var normalization: Normalization

  private static let noDense = Dense(w: Matrix(rows: 0, cols: 0), b: [], activation: .linear)
  private static let noNormalization = Normalization(n: 0, runningMean: [], runningVariance: [])

  public static func dense(_ d: Dense) -> Layer { Layer(kindTag: .dense, dense: d, normalization: noNormalization) }
  public static func layerNorm(_ n: LayerNorm) -> Layer { Layer(kindTag: .layerNorm, dense: noDense, normalization: n.core) }
  public static func batchNorm(_ n: BatchNorm) -> Layer { Layer(kindTag: .batchNorm, dense: noDense, normalization: n.core) }

  private init(kindTag: Kind, dense: Dense, normalization: Normalization) {
    self.kindTag = kindTag
    self.dense = dense
    self.normalization = normalization
  }

  /// The layer as its kind's protocol.
  public var kind: any LayerKind {
    switch kindTag {
    case .dense: return dense
    case .layerNorm: return LayerNorm(normalization)
    case .batchNorm: return BatchNorm(normalization)
    }
  }

  /// A dense layer: the v1 constructors.
  public init(w: Matrix, b: [Double], activation: Activation) {
    self = .dense(Dense(w: w, b: b, activation: activation))
  }

  public init(
    inputs: Int, outputs: Int, activation: Activation, weights: Initializer = .nielsen,
    biases: Initializer? = nil, using rng: inout SeededGenerator
  ) {
    self = .dense(Dense(inputs: inputs, outputs: outputs, activation: activation, weights: weights, biases: biases, using: &rng))
  }

  /// A layer drawn as `init(inputs:outputs:...)` draws it, but that stops and throws
  /// `.interrupted` as soon as Ctrl-C comes (the initialisers look for it every 65,536 numbers).
  public static func drawn(
    inputs: Int, outputs: Int, activation: Activation, weights: Initializer = .nielsen,
    biases: Initializer? = nil, using rng: inout SeededGenerator
  ) throws(CoreError) -> Layer {
    let w = try weights.weights(out: outputs, in: inputs, using: &rng, checking: Interrupt.check)
    let b = try (biases ?? weights.defaultBias).weights(out: outputs, in: 1, using: &rng, checking: Interrupt.check)
    return Layer(w: w, b: b.storage.array, activation: activation)
  }

  /// The kind's name, as files and the summary write it.
  public var kindName: String { kindTag.rawValue }

  public var asDense: Dense? { kindTag == .dense ? dense : nil }
  public var isNormalization: Bool { kindTag != .dense }

  public var inputs: Int { isNormalization ? normalization.n : dense.inputs }
  public var outputs: Int { isNormalization ? normalization.n : dense.outputs }
  public var parameterCount: Int { isNormalization ? 2 * normalization.n : dense.parameterCount }

  /// A dense layer's activation; linear for a normalization layer (its output is its z).
  public var activation: Activation { dense.activation }

  /// A dense layer's weights and biases (empty for a normalization layer; the language checks
  /// the kind before it writes them).
  public var w: Matrix {
    get { dense.w }
    set {
      precondition(kindTag == .dense, "w of a \(kindName) layer")
      dense.w = newValue
    }
  }

  public var b: [Double] {
    get { dense.b }
    set {
      precondition(kindTag == .dense, "b of a \(kindName) layer")
      dense.b = newValue
    }
  }

  public var parameters: [Double] { isNormalization ? normalization.parameters : dense.parameters }

  /// Runs `body` on the dense layer in place (nil for another kind).
  @discardableResult
  public mutating func withDense<R>(_ body: (inout Dense) throws -> R) rethrows -> R? {
    kindTag == .dense ? try body(&dense) : nil
  }

  /// The same for a normalization layer's gain and shift (and running estimates).
  @discardableResult
  public mutating func withNormalization<R>(_ body: (inout Normalization) throws -> R) rethrows -> R? {
    kindTag == .dense ? nil : try body(&normalization)
  }

  public mutating func setParameter(_ i: Int, to value: Double) {
    if isNormalization { normalization.setParameter(i, to: value) } else { dense.setParameter(i, to: value) }
  }

  public func redrawn(weights: Initializer, biases: Initializer?, using rng: inout SeededGenerator) -> Layer {
    switch kindTag {
    case .dense: return .dense(dense.redrawn(weights: weights, biases: biases, using: &rng))
    case .layerNorm: return .layerNorm(LayerNorm(n: normalization.n, eps: normalization.eps))
    case .batchNorm: return .batchNorm(BatchNorm(n: normalization.n, eps: normalization.eps, momentum: normalization.momentum))
    }
  }

  mutating func updateRunningStatistics(_ cache: LayerCache) {
    if kindTag == .batchNorm { normalization.updateRunning(cache, momentum: normalization.momentum) }
  }
}

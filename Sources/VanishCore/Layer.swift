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

/// One layer of a network, of any kind.
public enum Layer: Equatable, Sendable {
  case dense(Dense)
  case layerNorm(LayerNorm)
  case batchNorm(BatchNorm)

  /// The layer as its kind's protocol.
  public var kind: any LayerKind {
    switch self {
    case .dense(let d): return d
    case .layerNorm(let n): return n
    case .batchNorm(let n): return n
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

  /// A dense layer drawn as `init(inputs:outputs:...)` draws it, but throws `.interrupted` when
  /// Ctrl-C came while it was drawn: the initialisers stop early then, and a half-drawn
  /// layer must not be kept.
  public static func drawn(
    inputs: Int, outputs: Int, activation: Activation, weights: Initializer = .nielsen,
    biases: Initializer? = nil, using rng: inout SeededGenerator
  ) throws(CoreError) -> Layer {
    let layer = Layer(inputs: inputs, outputs: outputs, activation: activation, weights: weights, biases: biases, using: &rng)
    try Interrupt.check()
    return layer
  }

  /// The kind's name, as files and the summary write it.
  public var kindName: String {
    switch self {
    case .dense: return "dense"
    case .layerNorm: return "layernorm"
    case .batchNorm: return "batchnorm"
    }
  }

  public var asDense: Dense? {
    if case .dense(let d) = self { return d }
    return nil
  }

  public var isNormalization: Bool { asDense == nil }

  public var inputs: Int { kind.inputs }
  public var outputs: Int { kind.outputs }
  public var parameterCount: Int { kind.parameterCount }

  /// A dense layer's activation; linear for a normalization layer (its output is its z).
  public var activation: Activation { asDense?.activation ?? .linear }

  /// A dense layer's weights and biases. Reading them from a normalization layer gives empty
  /// ones; writing them there is a programming error (the language checks the kind first).
  public var w: Matrix {
    get { asDense?.w ?? Matrix(rows: 0, cols: 0) }
    set {
      guard withDense({ $0.w = newValue }) != nil else { preconditionFailure("w of a \(kindName) layer") }
    }
  }

  public var b: [Double] {
    get { asDense?.b ?? [] }
    set {
      guard withDense({ $0.b = newValue }) != nil else { preconditionFailure("b of a \(kindName) layer") }
    }
  }

  public var parameters: [Double] { kind.parameters }

  /// Runs `body` on the dense layer in place (nil for another kind). The layer is taken out of
  /// the enum meanwhile, so that its arrays have one owner and are written without a copy: a
  /// training step writes every weight this way.
  @discardableResult
  public mutating func withDense<R>(_ body: (inout Dense) throws -> R) rethrows -> R? {
    guard case .dense(var d) = self else { return nil }
    self = .layerNorm(LayerNorm.placeholder)
    defer { self = .dense(d) }
    return try body(&d)
  }

  /// The same for a normalization layer's gain and shift (and running estimates).
  @discardableResult
  public mutating func withNormalization<R>(_ body: (inout Normalization) throws -> R) rethrows -> R? {
    switch self {
    case .dense: return nil
    case .layerNorm(var n):
      self = .layerNorm(LayerNorm.placeholder)
      defer { self = .layerNorm(n) }
      return try body(&n.core)
    case .batchNorm(var n):
      self = .layerNorm(LayerNorm.placeholder)
      defer { self = .batchNorm(n) }
      return try body(&n.core)
    }
  }

  public mutating func setParameter(_ i: Int, to value: Double) {
    if withDense({ $0.setParameter(i, to: value) }) == nil {
      withNormalization { $0.setParameter(i, to: value) }
    }
  }

  public func redrawn(weights: Initializer, biases: Initializer?, using rng: inout SeededGenerator) -> Layer {
    switch self {
    case .dense(let d): return .dense(d.redrawn(weights: weights, biases: biases, using: &rng))
    case .layerNorm(let n): return .layerNorm(n.redrawn(weights: weights, biases: biases, using: &rng))
    case .batchNorm(let n): return .batchNorm(n.redrawn(weights: weights, biases: biases, using: &rng))
    }
  }

  mutating func updateRunningStatistics(_ cache: LayerCache) {
    guard case .batchNorm = self else { return }
    withNormalization { $0.updateRunning(cache, momentum: $0.momentum) }
  }
}

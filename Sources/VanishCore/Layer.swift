/// One dense layer: z = w a + b, a = g(z). `w` has shape (out, in): row j is neuron j,
/// column k is neuron k of the layer before (Nielsen's w^l_jk).
public struct Layer: Equatable, Sendable {
  public var w: Matrix
  public var b: [Double]
  public var activation: Activation

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

  /// A layer drawn as `init(inputs:outputs:...)` draws it, but throws `.interrupted` when
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

  public var inputs: Int { w.cols }
  public var outputs: Int { w.rows }
  public var parameterCount: Int { w.count + b.count }
}

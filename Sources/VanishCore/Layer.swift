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

  /// A layer drawn as `init(inputs:outputs:...)` draws it, but that stops and throws
  /// `.interrupted` as soon as Ctrl-C comes (the initialisers look for it every 65,536 numbers).
  public static func drawn(
    inputs: Int, outputs: Int, activation: Activation, weights: Initializer = .nielsen,
    biases: Initializer? = nil, using rng: inout SeededGenerator
  ) throws(CoreError) -> Layer {
    let w = try weights.weights(out: outputs, in: inputs, using: &rng, checking: Interrupt.check)
    let b = try (biases ?? weights.defaultBias).weights(out: outputs, in: 1, using: &rng, checking: Interrupt.check)
    return Layer(w: w, b: b.storage, activation: activation)
  }

  public var inputs: Int { w.cols }
  public var outputs: Int { w.rows }
  public var parameterCount: Int { w.count + b.count }
}

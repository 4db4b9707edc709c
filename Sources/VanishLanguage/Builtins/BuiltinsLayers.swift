import VanishCore

/// The remedies as layers: layer normalization, batch normalization, residual blocks, and
/// `repeat` (a layer `x n` with n any expression).
extension Builtins {
  nonisolated(unsafe) static let layerBuiltins: [Builtin] = [
    Builtin(
      "layernorm", .networks,
      parameters: [
        Parameter("n", .integer(1...Limits.maxLayerSize), about: "the number of units"),
        .named("eps", .number, default: .number(1e-5), about: "eps"),
      ],
      summary: "layer normalization over n units: per example, gain * (x - mean(x)) / sqrt(var(x) + eps) + shift",
      details: """
        gain starts at 1 and shift at 0; var is the biased variance (divided by n), as PyTorch's LayerNorm.
        Its z[l] is its output and delta[l] = dC/da[l]; grad gives g.dgain[l] and g.dshift[l].
        """,
      example: "net = dense(4, 8, tanh) -> layernorm(8) -> dense(8, 2); net"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let n = try c.integer("n")
      let eps = try positiveNumber(c, "eps")
      try c.interpreter.checkNetworkSize(2 * Double(n), "this layer", at: c.range)
      let net = try c.wrap { () throws(CoreError) in try Network(layers: [.layerNorm(LayerNorm(n: n, eps: eps))]) }
      return .network(NetworkBox(net, recipes: [LayerRecipe(weights: .nielsen, biases: nil)]))
    },
    Builtin(
      "batchnorm", .networks,
      parameters: [
        Parameter("n", .integer(1...Limits.maxLayerSize), about: "the number of units"),
        .named("eps", .number, default: .number(1e-5), about: "eps"),
        .named("momentum", .number, default: .number(0.1), about: "momentum"),
      ],
      summary: "batch normalization of n units: per unit, over the batch, gain * (x - mean) / sqrt(var + eps) + shift",
      details: """
        grad over a batch and train use the batch's mean and biased variance; train moves the running
        estimates (running = (1 - momentum) running + momentum * batch, the variance unbiased, as PyTorch);
        net(x), forward, trace, accuracy and a history's measurements use the running estimates.
        The gradient of one example through it is an error: pass a batch.
        """,
      example: "net = dense(4, 8, linear) -> batchnorm(8) -> dense(8, 2); net.running_var[2]"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let n = try c.integer("n")
      let eps = try positiveNumber(c, "eps")
      let momentum = try c.number("momentum")
      guard momentum >= 0 && momentum <= 1 else {
        throw Diagnostic("momentum must be a number from 0 to 1, not \(Format.number(momentum))", at: try c.argument("momentum").range)
      }
      try c.interpreter.checkNetworkSize(4 * Double(n), "this layer", at: c.range)
      let net = try c.wrap { () throws(CoreError) in
        try Network(layers: [.batchNorm(BatchNorm(n: n, eps: eps, momentum: momentum))])
      }
      return .network(NetworkBox(net, recipes: [LayerRecipe(weights: .nielsen, biases: nil)]))
    },
    Builtin(
      "residual", .networks, parameters: [Parameter("block", .network)],
      summary: "a residual block: the block's layers with a skip that adds its input to its output, a[e] = g(z[e]) + a[s-1]",
      details: """
        The block's input and output sizes must be equal. residual(dense(16, 16, tanh)) x 20 is 20 layers
        with 20 skips; residual(dense(16, 16, relu) -> dense(16, 16, linear)) is 2 layers and one skip;
        blocks nest. explain writes each factor through a skip as (1 + w g'(z)).
        """,
      example: "net = residual(dense(1, 1, sigmoid, init=const(1), bias=const(0))) x 8; norms(grad(net, [1], [0])).ratio"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let box = try c.network("block")
      let block = box.network
      if block.inputSize != block.outputSize {
        throw Diagnostic(
          "a residual block must give as many outputs as it takes inputs: this one takes \(block.inputSize) and gives \(block.outputSize)",
          at: try c.argument("block").range, hint: "the skip adds the block's input to its output, so both must have the same size")
      }
      let net = try c.wrap { () throws(CoreError) in try block.residual() }
      return .network(NetworkBox(net, recipes: box.recipes))
    },
    Builtin(
      "repeat", .networks,
      parameters: [Parameter("layer", .network), Parameter("n", .integer(1...Parser.maxRepetition), about: "the number of copies")],
      summary: "the layer (or network) n times, each copy drawn again: layer x n with n any expression",
      example: "L = 5; repeat(dense(1, 1, sigmoid), L).depth"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let box = try c.network("layer")
      let n = try c.integer("n")
      let net = box.network
      if net.depth > 0 && net.outputSize != net.inputSize && n > 1 {
        throw Diagnostic(
          "cannot repeat a \(net.sizesDescription) network: its output (\(net.outputSize)) must match its input (\(net.inputSize))",
          at: try c.argument("layer").range)
      }
      try c.interpreter.checkNetworkSize(Double(net.parameterCount) * Double(n), "this network", at: c.range)
      return .network(try c.wrap { () throws(CoreError) in try Networks.repeated(box, n, rng: &c.interpreter.rng) })
    },
  ]

  /// A named number that must be positive and finite (eps=), or its default.
  private static func positiveNumber(_ c: CallContext, _ key: String) throws(Diagnostic) -> Double {
    let v = try c.number(key)
    guard v > 0 && v.isFinite else {
      throw Diagnostic("\(key) must be a number above 0, not \(Format.number(v))", at: try c.argument(key).range)
    }
    return v
  }
}

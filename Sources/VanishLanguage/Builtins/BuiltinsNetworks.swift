import VanishCore

extension Builtins {
  nonisolated(unsafe) static let networkBuiltins: [Builtin] = [
    Builtin(
      "dense", .networks,
      parameters: [
        Parameter("in", .integer(1...Limits.maxLayerSize), about: "the number of inputs"),
        Parameter("out", .integer(1...Limits.maxLayerSize), about: "the number of neurons"),
      ] + layerOptions,
      summary: "one dense layer of `out` neurons on `in` inputs",
      example: "dense(784, 30, sigmoid, init=xavier)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let nIn = try c.integer("in")
      let nOut = try c.integer("out")
      let act = try c.activation("act")
      let weights = try c.initializer("init")
      let biases = c.has("bias") ? try c.initializer("bias") : nil
      try c.interpreter.checkNetworkSize(Double(nIn) * Double(nOut) + Double(nOut), "this layer", at: c.range)
      let net = try c.wrap { () throws(CoreError) in
        try Network(layers: [
          try Layer.drawn(inputs: nIn, outputs: nOut, activation: act, weights: weights, biases: biases, using: &c.interpreter.rng)
        ])
      }
      return .network(NetworkBox(net, recipes: [LayerRecipe(weights: weights, biases: biases)]))
    },
    Builtin(
      "mlp", .networks, parameters: [Parameter("sizes", .vector, about: "the list of sizes")] + layerOptions,
      summary: "dense layers n0→n1→...→nL for sizes = [n0, n1, ..., nL], all with one activation",
      example: "mlp([784, 30, 30, 10], sigmoid)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let sizesArg = try c.argument("sizes")
      let sizes = try c.vector("sizes")
      guard sizes.count >= 2 else {
        throw Diagnostic("mlp needs at least two sizes (inputs and outputs), got \(sizes.count)", at: sizesArg.range)
      }
      var ints: [Int] = []
      for s in sizes {
        guard s == s.rounded(), s >= 1, s <= Double(Limits.maxLayerSize) else {
          throw Diagnostic("layer sizes must be whole numbers from 1 to \(Limits.maxLayerSize), not \(Format.number(s))", at: sizesArg.range)
        }
        ints.append(Int(s))
      }
      let act = try c.activation("act")
      let weights = try c.initializer("init")
      let biases = c.has("bias") ? try c.initializer("bias") : nil
      // Counted in Double: thousands of layers of 10^8 would overflow Int.
      let parameters = zip(ints, ints.dropFirst()).reduce(0.0) { $0 + Double($1.0) * Double($1.1) + Double($1.1) }
      try c.interpreter.checkNetworkSize(parameters, "this network", at: c.range)
      let net = try c.wrap { () throws(CoreError) in
        var layers: [Layer] = []
        for (nIn, nOut) in zip(ints, ints.dropFirst()) {
          layers.append(try Layer.drawn(inputs: nIn, outputs: nOut, activation: act, weights: weights, biases: biases, using: &c.interpreter.rng))
        }
        return try Network(layers: layers)
      }
      return .network(NetworkBox(net, recipes: Array(repeating: LayerRecipe(weights: weights, biases: biases), count: net.layers.count)))
    },
    Builtin(
      "seed", .networks, parameters: [Parameter("n", .integer(0...Int(Int64.max)), about: "the seed")],
      summary: "makes every following random draw reproducible, on every platform",
      example: "seed(1); dense(2, 2).w[1]"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let n = try c.integer("n")
      c.interpreter.rng = SeededGenerator(seed: UInt64(n))
      return .nothing
    },
    Builtin(
      "forward", .networks, parameters: [Parameter("net", .network), Parameter("x", .any)],
      summary: "the network's output a[L] for x (a vector, or a matrix with one example per row); also net(x)",
      example: "net = dense(2, 1, sigmoid, init=const(0)); forward(net, [1, 2])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let box = try c.network("net")
      let x = try c.argument("x")
      try c.interpreter.spendPass(box.network, examples: x.value.exampleCount, "this forward pass", at: c.range)
      return try Networks.forward(box.network, x.value, at: x.range, whole: c.range)
    },
    Builtin(
      "trace", .networks, parameters: [Parameter("net", .network), Parameter("x", .any)],
      summary: "every z[l] and a[l] of the forward pass (fields .z, .a, .output; a[0] is x)",
      example: "net = dense(1, 1, sigmoid, init=const(1))x2; trace(net, [1])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let box = try c.network("net")
      let xArg = try c.argument("x")
      let (x, single) = try Networks.examples(xArg.value, expected: box.network.inputSize, what: "x", at: xArg.range)
      try c.interpreter.spendPass(box.network, examples: x.cols, passes: 2, "this trace", at: c.range)
      let t = try c.wrap { () throws(CoreError) in try box.network.trace(x) }
      return .trace(TraceValue(trace: t, network: box.network, single: single))
    },
    Builtin(
      "copy", .networks, parameters: [Parameter("net", .network)],
      summary: "an independent copy of a network (networks are shared between names, as in Python)",
      example: "a = dense(1, 1); b = copy(a); b.w[1] = [[2]]; a.w[1]"
    ) { (c: inout CallContext) throws(Diagnostic) in
      return .network(try c.network("net").copy())
    },
    Builtin(
      "gaussian", .networks,
      parameters: [Parameter("mean", .number, about: "the mean"), Parameter("std", .number, about: "the standard deviation")],
      summary: "initialiser: weights (and, by default, biases) drawn from N(mean, std^2)",
      example: "dense(3, 2, init=gaussian(0, 0.1))"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let mean = try c.number("mean")
      let std = try c.number("std")
      if std < 0 { throw Diagnostic("the standard deviation cannot be negative", at: try c.argument("std").range) }
      return .initializer(.gaussian(mean: mean, std: std))
    },
    Builtin(
      "const", .networks, parameters: [Parameter("v", .number, about: "the value")],
      summary: "initialiser: every weight (or bias) equal to v",
      example: "dense(1, 1, sigmoid, init=const(1), bias=const(0))"
    ) { (c: inout CallContext) throws(Diagnostic) in
      return .initializer(.constant(try c.number("v")))
    },
  ]

  /// dense's and mlp's `act=sigmoid, init=nielsen, bias=...`.
  nonisolated(unsafe) static let layerOptions: [Parameter] = [
    Parameter("act", .activation, default: .activation(.sigmoid)),
    Parameter("init", .initializer, default: .initializer(.nielsen), about: "init="),
    // Without bias=, each initialiser's own (Initializer.defaultBias).
    Parameter("bias", .initializer, optional: "...", about: "bias="),
  ]
}

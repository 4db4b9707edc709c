import VanishCore

extension Builtins {
  nonisolated(unsafe) static let networkBuiltins: [Builtin] = [
    Builtin(
      "dense", .networks, signature: "dense(in, out, act=sigmoid, init=nielsen, bias=...)",
      summary: "one dense layer of `out` neurons on `in` inputs",
      example: "dense(784, 30, sigmoid, init=xavier)", named: ["act", "init", "bias"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      let usage = "dense(in, out, act)"
      try c.requireCount(2...3, usage: usage)
      let nIn = try c.integer(try c.argument(0, "in", usage: usage), "the number of inputs", in: 1...Limits.maxLayerSize)
      let nOut = try c.integer(try c.argument(1, "out", usage: usage), "the number of neurons", in: 1...Limits.maxLayerSize)
      let act = try c.optional(2, "act").map { (a) throws(Diagnostic) in try c.activation(a) } ?? .sigmoid
      let weights = try c.initializer("init") ?? .nielsen
      let biases = try c.initializer("bias")
      try c.interpreter.checkNetworkSize(Double(nIn) * Double(nOut) + Double(nOut), "this layer", at: c.range)
      let net = try c.wrap { () throws(CoreError) in
        try Network(layers: [
          try Layer.drawn(inputs: nIn, outputs: nOut, activation: act, weights: weights, biases: biases, using: &c.interpreter.rng)
        ])
      }
      return .network(NetworkBox(net, recipes: [LayerRecipe(weights: weights, biases: biases)]))
    },
    Builtin(
      "mlp", .networks, signature: "mlp([n0, n1, ..., nL], act=sigmoid, init=nielsen, bias=...)",
      summary: "dense layers n0→n1→...→nL, all with one activation",
      example: "mlp([784, 30, 30, 10], sigmoid)", named: ["act", "init", "bias"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      let usage = "mlp([784, 30, 10], sigmoid)"
      try c.requireCount(1...2, usage: usage)
      let sizesArg = try c.argument(0, "sizes", usage: usage)
      let sizes = try c.vector(sizesArg, "the list of sizes")
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
      let act = try c.optional(1, "act").map { (a) throws(Diagnostic) in try c.activation(a) } ?? .sigmoid
      let weights = try c.initializer("init") ?? .nielsen
      let biases = try c.initializer("bias")
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
      "seed", .networks, signature: "seed(n)",
      summary: "makes every following random draw reproducible, on every platform",
      example: "seed(1); dense(2, 2).w[1]"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "seed(42)")
      let n = try c.integer(c.positional[0], "the seed", in: 0...Int(Int64.max))
      c.interpreter.rng = SeededGenerator(seed: UInt64(n))
      return .nothing
    },
    Builtin(
      "forward", .networks, signature: "forward(net, x)",
      summary: "the network's output a[L] for x (a vector, or a matrix with one example per row); also net(x)",
      example: "net = dense(2, 1, sigmoid, init=const(0)); forward(net, [1, 2])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(2...2, usage: "forward(net, x)")
      let box = try c.network(c.positional[0])
      try c.interpreter.spendPass(box.network, examples: c.positional[1].value.exampleCount, "this forward pass", at: c.range)
      return try Networks.forward(box.network, c.positional[1].value, at: c.positional[1].range, whole: c.range)
    },
    Builtin(
      "trace", .networks, signature: "trace(net, x)",
      summary: "every z[l] and a[l] of the forward pass (fields .z, .a, .output; a[0] is x)",
      example: "net = dense(1, 1, sigmoid, init=const(1))x2; trace(net, [1])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(2...2, usage: "trace(net, x)")
      let box = try c.network(c.positional[0])
      let (x, single) = try Networks.examples(c.positional[1].value, expected: box.network.inputSize, what: "x", at: c.positional[1].range)
      try c.interpreter.spendPass(box.network, examples: x.cols, passes: 2, "this trace", at: c.range)
      let t = try c.wrap { () throws(CoreError) in try box.network.trace(x) }
      return .trace(TraceValue(trace: t, network: box.network, single: single))
    },
    Builtin(
      "copy", .networks, signature: "copy(net)",
      summary: "an independent copy of a network (networks are shared between names, as in Python)",
      example: "a = dense(1, 1); b = copy(a); b.w[1] = [[2]]; a.w[1]"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "copy(net)")
      return .network(try c.network(c.positional[0]).copy())
    },
    Builtin(
      "gaussian", .networks, signature: "gaussian(mean, std)",
      summary: "initialiser: weights (and, by default, biases) drawn from N(mean, std^2)",
      example: "dense(3, 2, init=gaussian(0, 0.1))"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(2...2, usage: "gaussian(mean, std)")
      let mean = try c.number(c.positional[0], "the mean")
      let std = try c.number(c.positional[1], "the standard deviation")
      if std < 0 { throw Diagnostic("the standard deviation cannot be negative", at: c.positional[1].range) }
      return .initializer(.gaussian(mean: mean, std: std))
    },
    Builtin(
      "const", .networks, signature: "const(v)",
      summary: "initialiser: every weight (or bias) equal to v",
      example: "dense(1, 1, sigmoid, init=const(1), bias=const(0))"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "const(v)")
      return .initializer(.constant(try c.number(c.positional[0], "the value")))
    },
  ]
}

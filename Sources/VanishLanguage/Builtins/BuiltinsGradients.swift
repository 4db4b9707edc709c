import VanishCore

extension Builtins {
  nonisolated(unsafe) static let gradientBuiltins: [Builtin] = [
    Builtin(
      "grad", .gradients,
      overloads: [
        [Parameter("net", .network), Parameter("x", .any), Parameter("y", .any), cost],
        [Parameter("net", .network), Parameter("data", .dataset, hint: "for one example: grad(net, x, y)"), cost],
        [Parameter("f", .function)],
        [Parameter("f", .function), Parameter("point", .any)],
      ],
      summary: "backprop through a network (every delta, dC/dw, dC/db), or the symbolic gradient of a function f(w1, ...)",
      example: "net = dense(1, 1, sigmoid, init=const(1))x8; grad(net, [1], [0]).delta[1]; f(w1, w2) = 0.001*w1^2 + w2^2; grad(f)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      // The forms, in order: (net, x, y), (net, data), (f), (f, point).
      if c.overload >= 2 { return try symbolicGradient(try c.function("f"), &c) }
      let net = try c.network("net").network
      let cost = try c.cost("cost")
      let x: Matrix
      let y: Matrix
      if c.overload == 1 {
        let d = try c.dataset("data")
        if d.inputSize != net.inputSize || d.outputSize != net.outputSize {
          throw Diagnostic(
            "the network maps \(net.inputSize) inputs to \(net.outputSize) outputs but the data maps \(d.inputSize) to \(d.outputSize)",
            at: try c.argument("data").range)
        }
        x = d.inputs
        y = d.targets
      } else {
        let xArg = try c.argument("x")
        let yArg = try c.argument("y")
        (x, _) = try Networks.examples(xArg.value, expected: net.inputSize, what: "x", at: xArg.range)
        y = try Networks.targets(yArg.value, expected: net.outputSize, count: x.cols, at: yArg.range)
      }
      try c.interpreter.spendPass(net, examples: x.cols, backward: true, "this gradient", at: c.range)
      let g = try c.wrap { () throws(CoreError) in try net.backprop(x, y, cost: cost) }
      return .gradient(GradientValue(gradient: g))
    },
    Builtin(
      "norms", .gradients, parameters: [Parameter("g", .gradient, hint: "g = grad(net, x, y); norms(g)")],
      summary: "per layer ||delta||, ||dC/dw|| (Frobenius and spectral), the gamma and tight bounds, a log bar",
      example: "net = dense(1, 1, sigmoid, init=const(1))x8; norms(grad(net, [1], [0]))"
    ) { (c: inout CallContext) throws(Diagnostic) in
      return .norms(NormsTable(try c.gradient("g")))
    },
    Builtin(
      "explain", .gradients,
      parameters: [
        Parameter("g", .gradient, hint: "g = grad(net, x, y); explain(g, 1)"),
        Parameter("l", .number, about: "the layer"),
        // Needed when g has several examples.
        .named("example", .number, optional: "1", about: "example"),
      ],
      summary: "delta[l] as the product of its BP2 factors w[k+1]*g'(z[k]) back from the output, and which shrinks it most",
      example: "net = dense(1, 1, sigmoid, init=const(1), bias=const(0))x8; explain(grad(net, [1], [0]), 1)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let g = try c.gradient("g")
      let l = try c.integer("l", in: 1...g.depth)
      var example: Int?
      if c.has("example") {
        example = try c.integer("example", in: 1...g.examples)
      } else if g.examples > 1 {
        throw c.error(
          "explain needs one example: the mean of delta[\(l)] over \(g.examples) examples is not a product of factors",
          hint: "explain(g, \(l), example=1) explains the first example of the batch")
      }
      let chain = g.chain(from: l, example: (example ?? 1) - 1)
      return .custom(ExplainTable(chain: chain, example: g.examples > 1 ? example : nil, activations: g.network.layers.map(\.activation)))
    },
    Builtin(
      "gradcheck", .gradients,
      parameters: [
        Parameter("net", .network), Parameter("x", .any), Parameter("y", .any), cost,
        .named("eps", .number, default: .number(1e-5), about: "eps"),
      ],
      summary: "backprop against central differences with step eps, each parameter judged against the differences' own resolution, per layer",
      example: "net = mlp([2, 3, 1], tanh); gradcheck(net, [0.5, -1], [1])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let net = try c.network("net").network
      let cost = try c.cost("cost")
      let step = try c.number("eps")
      guard step > 0, step.isFinite, step < 1 else {
        throw Diagnostic(
          "eps must be a step between 0 and 1, not \(Format.number(step))", at: try c.argument("eps").range,
          hint: "eps=\(Parameter.shown(.number(1e-5))) is the default")
      }
      let xArg = try c.argument("x")
      let yArg = try c.argument("y")
      let (x, _) = try Networks.examples(xArg.value, expected: net.inputSize, what: "x", at: xArg.range)
      let y = try Networks.targets(yArg.value, expected: net.outputSize, count: x.cols, at: yArg.range)
      // Four forward passes for every weight and bias (steps h and 2h), after one backward pass.
      try c.interpreter.spendPass(
        net, examples: x.cols, passes: 1 + 4 * Double(net.parameterCount), backward: true, "this gradient check", at: c.range)
      let check = try c.wrap { () throws(CoreError) in try net.gradientCheck(x, y, cost: cost, step: step) }
      return .custom(GradcheckTable(check: check))
    },
  ]

  /// `cost=quadratic`, given by name: grad's, gradcheck's, speeds' and train's.
  nonisolated(unsafe) static let cost = Parameter.named("cost", .cost, default: .cost(.quadratic), about: "cost")

  /// `grad(f)`: the gradient as expressions; `grad(f, point)`: its value there.
  private static func symbolicGradient(_ f: UserFunction, _ c: inout CallContext) throws(Diagnostic) -> Value {
    let function = try DifferentiableFunction(f, interpreter: c.interpreter, asker: "grad", at: try c.argument("f").range)
    guard let point = c.given("point") else { return .custom(SymbolicGradient(function: function)) }
    let w = try function.point([point], [:], at: point.range, usage: "grad(\(f.name), [\(f.parameters.joined(separator: ", "))])")
    return .vector(try function.checkedGradient(at: w, at: c.range))
  }
}

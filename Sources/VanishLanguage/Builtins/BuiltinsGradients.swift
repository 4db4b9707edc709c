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
      if net.hasBatchNorm && x.cols < 2 {
        throw c.error(
          "batchnorm normalizes over a batch: the gradient of one example through it is not defined",
          hint: "pass a batch: grad(net, dataset(X, Y)) or grad(net, X, Y) with one example per row")
      }
      if cost == .logLikelihood && net.layers.last?.activation != .softmax {
        throw c.error(
          "log_likelihood needs a softmax output layer, not \(net.layers.last?.activation.name ?? "none")",
          hint: "end the network with dense(n, classes, softmax)")
      }
      try c.interpreter.spendPass(net, examples: x.cols, backward: true, "this gradient", at: c.range)
      let g = try c.wrap { () throws(CoreError) in try net.backprop(x, y, cost: cost) }
      return .gradient(GradientValue(gradient: g))
    },
    Builtin(
      "hessian", .gradients,
      overloads: [[Parameter("f", .function)], [Parameter("f", .function), Parameter("point", .any)]],
      summary: "the matrix of second partial derivatives of a function f(w1, ...) as expressions; hessian(f)(1, 1) evaluates it",
      details: """
        For the seed's f(w1, w2) = 0.001*w1^2 + w2^2 it is [[0.002, 0], [0, 2]]: eig and cond of it say why
        plain descent crawls along w1 (its condition number is 1000).
        """,
      example: "f(w1, w2) = 0.001*w1^2 + w2^2; hessian(f); hessian(f)(1, 1)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let f = try c.function("f")
      let function = try DifferentiableFunction(f, interpreter: c.interpreter, asker: "hessian", at: try c.argument("f").range)
      let h = SymbolicHessian(function)
      guard let point = c.given("point") else { return .custom(h) }
      let w = try function.point([point], [:], at: point.range, usage: "hessian(\(f.name), [\(f.parameters.joined(separator: ", "))])")
      return .matrix(try h.checked(at: w, at: c.range))
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
      if !g.network.isPlainDense {
        let i = (example ?? 1) - 1
        let chain = g.gradientChain(from: l, example: i)
        let layer = g.network.layers[l - 1]
        let own = chain.exact && g.network.skips.contains(Skip(from: l, to: l))
          ? 1 + layer.w[0, 0] * layer.activation.derivative(g.trace.z[l][0, i]) : nil
        return .custom(GradientChainTable(chain: chain, example: g.examples > 1 ? example : nil, ownSkip: own))
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

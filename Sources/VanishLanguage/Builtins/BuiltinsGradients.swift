import VanishCore

extension Builtins {
  nonisolated(unsafe) static let gradientBuiltins: [Builtin] = [
    Builtin(
      "grad", .gradients,
      signature: "grad(net, x, y, cost=quadratic), grad(net, data, cost=...), grad(f) or grad(f, point)",
      summary: "backprop through a network (every delta, dC/dw, dC/db), or the symbolic gradient of a function f(w1, ...)",
      example: "net = dense(1, 1, sigmoid, init=const(1))x8; grad(net, [1], [0]).delta[1]; f(w1, w2) = 0.001*w1^2 + w2^2; grad(f)",
      named: ["cost"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      if let first = c.positional.first, case .function(let f) = first.value {
        return try symbolicGradient(f, &c)
      }
      let usage = "grad(net, x, y), grad(net, data) or grad(f)"
      try c.requireCount(2...3, usage: usage)
      guard case .network(let box) = c.positional[0].value else {
        throw Diagnostic(
          "grad needs a network or a function, not \(c.positional[0].value.aKind)", at: c.positional[0].range,
          hint: "grad(net, x, y) backpropagates; grad(f) differentiates f(w1, w2) = ...")
      }
      let net = box.network
      let cost = try c.cost()
      let x: Matrix
      let y: Matrix
      if c.positional.count == 2 {
        guard case .dataset(let d) = c.positional[1].value else {
          throw Diagnostic(
            "grad with two arguments needs a dataset, not \(c.positional[1].value.aKind)",
            at: c.positional[1].range, hint: "for one example: grad(net, x, y)")
        }
        if d.inputSize != net.inputSize || d.outputSize != net.outputSize {
          throw Diagnostic(
            "the network maps \(net.inputSize) inputs to \(net.outputSize) outputs but the data maps \(d.inputSize) to \(d.outputSize)",
            at: c.positional[1].range)
        }
        x = d.inputs
        y = d.targets
      } else {
        (x, _) = try Networks.examples(c.positional[1].value, expected: net.inputSize, what: "x", at: c.positional[1].range)
        y = try Networks.targets(c.positional[2].value, expected: net.outputSize, count: x.cols, at: c.positional[2].range)
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
      "hessian", .gradients, signature: "hessian(f) or hessian(f, point)",
      summary: "the matrix of second partial derivatives of a function f(w1, ...) as expressions; hessian(f)(1, 1) evaluates it",
      details: """
        For the seed's f(w1, w2) = 0.001*w1^2 + w2^2 it is [[0.002, 0], [0, 2]]: eig and cond of it say why
        plain descent crawls along w1 (its condition number is 1000).
        """,
      example: "f(w1, w2) = 0.001*w1^2 + w2^2; hessian(f); hessian(f)(1, 1)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...2, usage: "hessian(f) or hessian(f, [w1, w2])")
      guard case .function(let f) = c.positional[0].value else {
        throw Diagnostic(
          "hessian needs a function f(w1, ...) = ..., not \(c.positional[0].value.aKind)", at: c.positional[0].range,
          hint: "f(w1, w2) = 0.001*w1^2 + w2^2; hessian(f)")
      }
      let function = try DifferentiableFunction(f, interpreter: c.interpreter, asker: "hessian", at: c.positional[0].range)
      let h = SymbolicHessian(function)
      guard c.positional.count == 2 else { return .custom(h) }
      let w = try function.point(
        [c.positional[1]], [:], at: c.positional[1].range, usage: "hessian(\(f.name), [\(f.parameters.joined(separator: ", "))])")
      return .matrix(try h.checked(at: w, at: c.range))
    },
    Builtin(
      "norms", .gradients, signature: "norms(g)",
      summary: "per layer ||delta||, ||dC/dw|| (Frobenius and spectral), the gamma and tight bounds, a log bar",
      example: "net = dense(1, 1, sigmoid, init=const(1))x8; norms(grad(net, [1], [0]))"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "norms(g)")
      guard case .gradient(let g) = c.positional[0].value else {
        throw Diagnostic("norms needs a gradient, not \(c.positional[0].value.aKind)", at: c.positional[0].range,
          hint: "g = grad(net, x, y); norms(g)")
      }
      return .norms(NormsTable(g.gradient))
    },
    Builtin(
      "explain", .gradients, signature: "explain(g, l, example=1)",
      summary: "delta[l] as the product of its BP2 factors w[k+1]*g'(z[k]) back from the output, and which shrinks it most",
      example: "net = dense(1, 1, sigmoid, init=const(1), bias=const(0))x8; explain(grad(net, [1], [0]), 1)",
      named: ["example"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      let usage = "explain(g, l)"
      try c.requireCount(2...2, usage: usage)
      guard case .gradient(let gv) = c.positional[0].value else {
        throw Diagnostic(
          "explain needs a gradient, not \(c.positional[0].value.aKind)", at: c.positional[0].range,
          hint: "g = grad(net, x, y); explain(g, 1)")
      }
      let g = gv.gradient
      let l = try c.integer(c.positional[1], "the layer", in: 1...g.depth)
      var example: Int?
      if let arg = c.named["example"] {
        example = try c.integer(arg, "example", in: 1...g.examples)
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
      "gradcheck", .gradients, signature: "gradcheck(net, x, y, cost=quadratic, eps=1e-5)",
      summary: "backprop against central differences with step eps, each parameter judged against the differences' own resolution, per layer",
      example: "net = mlp([2, 3, 1], tanh); gradcheck(net, [0.5, -1], [1])", named: ["cost", "eps"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(3...3, usage: "gradcheck(net, x, y)")
      let net = try c.network(c.positional[0]).network
      let cost = try c.cost()
      var step = 1e-5
      if let arg = c.named["eps"] {
        step = try c.number(arg, "eps")
        guard step > 0, step.isFinite, step < 1 else {
          throw Diagnostic("eps must be a step between 0 and 1, not \(Format.number(step))", at: arg.range, hint: "eps=1e-5 is the default")
        }
      }
      let (x, _) = try Networks.examples(c.positional[1].value, expected: net.inputSize, what: "x", at: c.positional[1].range)
      let y = try Networks.targets(c.positional[2].value, expected: net.outputSize, count: x.cols, at: c.positional[2].range)
      // Four forward passes for every weight and bias (steps h and 2h), after one backward pass.
      try c.interpreter.spendPass(
        net, examples: x.cols, passes: 1 + 4 * Double(net.parameterCount), backward: true, "this gradient check", at: c.range)
      let check = try c.wrap { () throws(CoreError) in try net.gradientCheck(x, y, cost: cost, step: step) }
      return .custom(GradcheckTable(check: check))
    },
  ]

  /// `grad(f)`: the gradient as expressions; `grad(f, point)`: its value there.
  private static func symbolicGradient(_ f: UserFunction, _ c: inout CallContext) throws(Diagnostic) -> Value {
    try c.requireCount(1...2, usage: "grad(f) or grad(f, [w1, w2])")
    if let cost = c.named["cost"] {
      throw Diagnostic("cost= belongs to the gradient of a network, not of a function", at: cost.range)
    }
    let function = try DifferentiableFunction(f, interpreter: c.interpreter, asker: "grad", at: c.positional[0].range)
    guard c.positional.count == 2 else { return .custom(SymbolicGradient(function: function)) }
    let w = try function.point(
      [c.positional[1]], [:], at: c.positional[1].range, usage: "grad(\(f.name), [\(f.parameters.joined(separator: ", "))])")
    return .vector(try function.checkedGradient(at: w, at: c.range))
  }
}

import VanishCore

extension Builtins {
  nonisolated(unsafe) static let optimisationBuiltins: [Builtin] = [
    Builtin(
      "descend", .optimisation,
      signature:
        "descend(f, from=[w1, w2], lr=0.1, steps=1000, until=eps, method=sgd, beta=0.9, beta1=0.9, beta2=0.999, eps=1e-8)",
      summary: "gradient descent on f from a point, with its symbolic gradient: the path taken",
      example: "f(w1, w2) = 0.001*w1^2 + w2^2; p = descend(f, from=[1, 1], lr=0.5, steps=1000); p; p.last",
      named: ["from", "lr", "steps", "until", "method", "beta", "beta1", "beta2", "eps"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      let usage = "descend(f, from=[1, 1], lr=0.5, steps=1000)"
      try c.requireCount(1...2, usage: usage)
      guard case .function(let f) = c.positional[0].value else {
        throw Diagnostic(
          "descend needs a function, not \(c.positional[0].value.aKind)", at: c.positional[0].range,
          hint: "define one first: f(w1, w2) = 0.001*w1^2 + w2^2")
      }
      let function = try DifferentiableFunction(f, interpreter: c.interpreter, asker: "descend", at: c.positional[0].range)
      let fromArg = try c.argument(1, "from", usage: usage)
      let start = try function.point([fromArg], [:], at: fromArg.range, usage: usage)
      let lr = try positive(c.named["lr"], "lr", c) ?? 0.1
      let until = try positive(c.named["until"], "until", c)
      let maxSteps: Int
      if let s = c.named["steps"] {
        maxSteps = try c.integer(s, "steps", in: 1...1_000_000_000)
      } else {
        maxSteps = until == nil ? 1000 : 1_000_000
      }
      let method = try descentMethod(&c)
      let interpreter = c.interpreter
      let range = c.range
      // Under a budget each step counts, and more for a long f: f and its gradient are
      // evaluated once a step.
      let stepCost = interpreter.budget == nil ? 0 : 4 + function.operationCount / 25
      let descent: Descent
      do throws(Diagnostic) {
        descent = try c.wrap { () throws(CoreError) in
          try Descent.run(
            value: function.value(at:), gradient: function.gradient(at:), from: start,
            optimizer: Optimizer(method, lr: lr, parameters: start.count), maxSteps: maxSteps, until: until,
            checkpoint: { () throws(CoreError) in
              try Interrupt.check()
              guard stepCost > 0 else { return }
              do throws(Diagnostic) {
                try interpreter.spend(stepCost, on: "this descent", at: range)
              } catch {
                throw .budgetExceeded(error.message)
              }
            })
        }
      } catch {
        // A start where f or its gradient is not finite: say which operation made it so.
        var refused = error
        if refused.hint == nil { refused.hint = function.nonFiniteCause(at: start) }
        throw refused
      }
      let path = PathValue(descent, function: function, method: method, lr: lr)
      switch path.stop {
      case .notFinite: c.interpreter.output("warning: descend stopped early: \(path.stopReason)")
      case .interrupted:
        c.interpreter.output(
          "interrupted after step \(path.steps) of \(maxSteps): the path so far is returned")
      default: break
      }
      return .custom(path)
    }
  ]

  /// A positive, finite number, when given.
  private static func positive(_ arg: (value: Value, range: SourceRange)?, _ what: String, _ c: CallContext)
    throws(Diagnostic) -> Double?
  {
    guard let arg else { return nil }
    let v = try c.number(arg, what)
    guard v > 0 && v.isFinite else {
      throw Diagnostic("\(what) must be a positive number, not \(Format.number(v))", at: arg.range)
    }
    return v
  }

  /// `method=` with the constants that `beta=`, `beta1=`, `beta2=` and `eps=` change (descend's
  /// and train's).
  static func descentMethod(_ c: inout CallContext) throws(Diagnostic) -> Optimizer.Method {
    var method = Optimizer.Method.sgd
    if let arg = c.named["method"] {
      guard case .custom(let m as MethodValue) = arg.value else {
        throw Diagnostic(
          "method must be one of \(Optimizer.Method.names.joined(separator: ", ")), not \(arg.value.aKind)",
          at: arg.range)
      }
      method = m.method
    }
    /// A constant below 1 (beta, beta1, beta2) or above 0 (eps), when given.
    func constant(_ key: String, _ value: Double) throws(Diagnostic) -> Double {
      guard let arg = c.named[key] else { return value }
      let v = try c.number(arg, key)
      if key == "eps" {
        guard v > 0 && v.isFinite else {
          throw Diagnostic("eps must be a positive number, not \(Format.number(v))", at: arg.range)
        }
      } else if !(v >= 0 && v < 1) {
        throw Diagnostic("\(key) must be at least 0 and below 1, not \(Format.number(v))", at: arg.range)
      }
      return v
    }
    let applies: [String: [String]] = [
      "beta": ["momentum", "rmsprop"], "beta1": ["adam"], "beta2": ["adam"], "eps": ["adagrad", "rmsprop", "adam"],
    ]
    for (key, methods) in applies.sorted(by: { $0.key < $1.key }) {
      if let arg = c.named[key], !methods.contains(method.name) {
        throw Diagnostic(
          "\(key)= does not apply to \(method.name); it belongs to \(methods.joined(separator: " and "))", at: arg.range)
      }
    }
    switch method {
    case .sgd: return .sgd
    case .momentum(let beta): return .momentum(beta: try constant("beta", beta))
    case .adagrad(let eps): return .adagrad(eps: try constant("eps", eps))
    case .rmsprop(let beta, let eps): return .rmsprop(beta: try constant("beta", beta), eps: try constant("eps", eps))
    case .adam(let b1, let b2, let eps):
      return .adam(beta1: try constant("beta1", b1), beta2: try constant("beta2", b2), eps: try constant("eps", eps))
    }
  }
}

import VanishCore

extension Builtins {
  nonisolated(unsafe) static let optimisationBuiltins: [Builtin] = [
    Builtin(
      "descend", .optimisation,
      parameters: [
        Parameter("f", .function),
        // A vector with a value for each of f's parameters (a number for one).
        Parameter("from", .any),
        .named("lr", .number, default: .number(0.1), about: "lr"),
        // 1000, or 1000000 with until=.
        .named("steps", .integer(1...1_000_000_000), optional: "1000", about: "steps"),
        // Stops when every parameter moves less than it in a step, or the gradient's norm is below it.
        .named("until", .number, optional: "...", about: "until"),
      ] + methodOptions,
      summary: "gradient descent on f from a point, with its symbolic gradient: the path taken",
      example: "f(w1, w2) = 0.001*w1^2 + w2^2; p = descend(f, from=[1, 1], lr=0.5, steps=1000); p; p.last"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let f = try c.function("f")
      let function = try DifferentiableFunction(f, interpreter: c.interpreter, asker: "descend", at: try c.argument("f").range)
      let fromArg = try c.argument("from")
      let start = try function.point(
        [fromArg], [:], at: fromArg.range, usage: "descend(\(f.name), from=[\(f.parameters.joined(separator: ", "))])")
      let lr = try positive("lr", c) ?? 0.1
      let until = try positive("until", c)
      let maxSteps = c.has("steps") ? try c.integer("steps") : until == nil ? 1000 : 1_000_000
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
  private static func positive(_ name: String, _ c: CallContext) throws(Diagnostic) -> Double? {
    guard let arg = c.given(name) else { return nil }
    let v = try c.number(name)
    guard v > 0 && v.isFinite else {
      throw Diagnostic("\(name) must be a positive number, not \(Format.number(v))", at: arg.range)
    }
    return v
  }

  /// `method=sgd` and the constants that `beta=`, `beta1=`, `beta2=` and `eps=` change
  /// (descend's and train's); without them, the method's own.
  nonisolated(unsafe) static let methodOptions: [Parameter] = [
    .named("method", .method, default: .custom(MethodValue(method: .sgd)), about: "method"),
    .named("beta", .number, optional: "0.9", about: "beta"),
    .named("beta1", .number, optional: "0.9", about: "beta1"),
    .named("beta2", .number, optional: "0.999", about: "beta2"),
    .named("eps", .number, optional: "1e-8", about: "eps"),
  ]

  /// `method=` with the constants that `beta=`, `beta1=`, `beta2=` and `eps=` change (descend's
  /// and train's).
  static func descentMethod(_ c: inout CallContext) throws(Diagnostic) -> Optimizer.Method {
    let method = try c.method("method")
    /// A constant below 1 (beta, beta1, beta2) or above 0 (eps), when given.
    func constant(_ key: String, _ value: Double) throws(Diagnostic) -> Double {
      guard let arg = c.given(key) else { return value }
      let v = try c.number(key)
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
      if let arg = c.given(key), !methods.contains(method.name) {
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

import VanishCore

extension Builtins {
  nonisolated(unsafe) static let trainingBuiltins: [Builtin] = [
    Builtin(
      "train", .training,
      parameters: [
        Parameter("net", .network), Parameter("data", .dataset),
        .named("epochs", .integer(0...1_000_000), default: .number(1), about: "epochs"),
        .named("batch", .integer(1...Int(Int32.max)), default: .number(10), about: "the batch size"),
        // The method's own (TrainingSettings.defaultLearningRate): 0.5 for sgd.
        .named("lr", .number, optional: "0.5", about: "the learning rate"),
        Builtins.cost, Builtins.methodOptions[0],
        .named("lambda", .number, default: .number(0), about: "lambda"),
        .named("clip", .number, optional: "none", about: "clip"),
      ] + Builtins.methodOptions.dropFirst() + [.named("monitor", .bool, default: .bool(true), about: "monitor=")],
      summary: "trains net in place by mini-batch SGD; returns the history: cost, accuracy, learning speeds per epoch",
      details: """
        Each step: w <- (1 - lr*lambda/n) w - (lr/m) sum dC/dw, b <- b - (lr/m) sum dC/db
        (n training examples, m per batch), shuffled each epoch by the seeded generator.
        method= as descend's (sgd, momentum, adagrad, rmsprop, adam, with beta=, beta1=, beta2=,
        eps=); lr defaults to 0.5 for sgd, 0.05 for momentum and adagrad, 0.001 for rmsprop and
        adam. lambda shrinks the weights by (1 - lr*lambda/n) before every step, whatever the method.
        Measured before the first epoch and after each: the mean training cost, the test accuracy
        (when data has a test part) and each layer's learning speed ||dC/db[l]|| (mean over the
        first 1000 training examples, as Nielsen's chapter 5 measures it; his layer l is our l-1,
        as he numbers the input layer 1). Fields h.epochs, h.cost, h.accuracy, h.speeds, h.clipped.
        clip=c rescales each batch's gradient (every parameter together) to norm c when it is longer,
        as PyTorch's clip_grad_norm_; the history counts the batches clipped.
        monitor=false skips the measurements (they cost more than an epoch of a small network):
        the history then has epochs 1, 2, ... with each epoch's mean batch cost, as the batches
        went through, and no accuracy or speeds.
        A progress bar shows on a terminal; Ctrl-C stops after the current batch and keeps what
        was learned.
        """,
      example: "seed(1); net = mlp([2, 8, 3], sigmoid); h = train(net, spiral(50, 3), epochs=3, lr=1); h"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let box = try c.network("net")
      let data = try c.dataset("data")
      try c.checkFits(box.network, data, at: try c.argument("data").range)
      let method = try Builtins.descentMethod(&c)
      var settings = TrainingSettings(method: method)
      settings.epochs = try c.integer("epochs")
      settings.batchSize = try c.integer("batch")
      if let a = c.given("lr") {
        settings.lr = try c.number("lr")
        if !(settings.lr >= 0) || !settings.lr.isFinite {
          throw Diagnostic("the learning rate must be a finite number ≥ 0", at: a.range)
        }
      }
      settings.lambda = try c.number("lambda")
      if !(settings.lambda >= 0) || !settings.lambda.isFinite {
        throw Diagnostic("lambda must be a finite number ≥ 0", at: try c.argument("lambda").range)
      }
      if let a = c.given("clip") {
        let clip = try c.number("clip")
        guard clip > 0 && clip.isFinite else {
          throw Diagnostic(
            "clip must be a number above 0, not \(Format.number(clip))", at: a.range,
            hint: "clip=c rescales each batch's gradient to norm c when it is longer (PyTorch's clip_grad_norm_)")
        }
        settings.clip = clip
      }
      settings.cost = try c.cost("cost")
      settings.monitor = try c.bool("monitor")
      // The examples in a batch (the whole data when it is smaller than batch=).
      let m = min(settings.batchSize, data.size)
      try Limits.checkTrainingMemory(box.network, batch: m, at: c.range)
      if c.interpreter.budget != nil {
        // Every epoch passes each example forward and backward; before the first and after
        // each, the cost, the test accuracy and the speeds (up to 1000 examples) are measured.
        let measured = settings.monitor ? Double(data.size + (data.test?.size ?? 0) + min(data.size, 1000)) : 0
        let examples = Double(settings.epochs) * Double(data.size) + Double(settings.epochs + 1) * measured / 3
        try c.interpreter.spendPass(
          box.network, examples: m, passes: examples / Double(max(m, 1)), backward: true, "this training run", at: c.range)
      }

      let bar = c.interpreter.progress.map { ProgressBar($0) }
      let history: TrainingHistory
      do throws(CoreError) {
        defer { bar?.finish() }
        // In place: what was learned stays in the network even when training stops with an error.
        history = try box.network.train(
          on: data, settings, using: &c.interpreter.rng, progress: bar.map { b in { b.update($0) } })
      } catch {
        if case .diverged(let epoch, _, _, let cost) = error, epoch == 0 {
          // Measured before the first step: no learning rate made it so.
          throw c.error(
            "training cannot start: the cost of the network as it is is \(Numerics.name(cost))",
            hint: Numerics.holdsNonFinite(.network(box))
              ? "the network already holds NaN or Inf in its weights or biases"
              : "its weights or biases are too large; make a new network or scale them down")
        }
        if case .diverged = error {
          throw c.error(
            error.description + "; the network keeps its weights from that moment",
            hint: "lower the learning rate (lr=\(Format.short(settings.lr / 10)), say)")
        }
        throw c.error(error.description)
      }
      if let stop = history.interruption {
        c.interpreter.output(
          "interrupted after batch \(stop.batch) of \(stop.batches) in epoch \(stop.epoch): the network keeps what it learned and the history so far is returned")
      }
      return .custom(HistoryValue(history: history))
    },
    Builtin(
      "accuracy", .training, parameters: [Parameter("net", .network), Parameter("data", .dataset)],
      summary: "the fraction of examples whose largest output is the target's class (one output: both ≥ 1/2 or not)",
      example: "net = dense(2, 1, sigmoid, init=const(0)); accuracy(net, xor())"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let net = try c.network("net").network
      let data = try c.dataset("data")
      try c.checkFits(net, data, at: try c.argument("data").range)
      try c.interpreter.spendPass(net, examples: min(data.size, 1000), passes: Double(data.size) / 1000, "measuring the accuracy", at: c.range)
      return .number(try c.wrap { () throws(CoreError) in try net.accuracy(on: data) })
    },
    Builtin(
      "speeds", .training, parameters: [Parameter("net", .network), Parameter("data", .dataset), Builtins.cost],
      summary: "each layer's learning speed ||dC/db[l]||, averaged over the first 1000 examples, as train measures it",
      example: "seed(1); speeds(mlp([2, 8, 8, 3], sigmoid), spiral(100, 3), cost=cross_entropy)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let net = try c.network("net").network
      let data = try c.dataset("data")
      try c.checkFits(net, data, at: try c.argument("data").range)
      let cost = try c.cost("cost")
      try c.interpreter.spendPass(net, examples: min(data.size, 1000), backward: true, "measuring the speeds", at: c.range)
      return .vector(try c.wrap { () throws(CoreError) in try net.learningSpeeds(on: data, cost: cost) })
    },
  ]
}

extension CallContext {
  /// Checks that the data's examples fit the network, pointing at the data.
  func checkFits(_ net: Network, _ data: Dataset, at range: SourceRange) throws(Diagnostic) {
    do throws(CoreError) {
      try net.checkData(data)
    } catch {
      throw Diagnostic(error.description, at: range)
    }
  }
}

import Foundation
import Testing
@testable import VanishCore

/// The buffered passes of training against Backprop.swift, the update rule against
/// `Network.update`, and the training loop: reproducibility, interruption, divergence, methods.
@Suite struct TrainingTests {
  static func network(_ sizes: [Int], hidden: Activation, output: Activation, seed: UInt64) -> Network {
    var rng = SeededGenerator(seed: seed)
    let layers = zip(sizes, sizes.dropFirst()).enumerated().map { i, shape in
      Layer(
        inputs: shape.0, outputs: shape.1, activation: i == sizes.count - 2 ? output : hidden,
        weights: .gaussian(mean: 0, std: 0.8), using: &rng)
    }
    return try! Network(layers: layers)
  }

  /// m random examples with targets in (0, 1), one per column.
  static func examples(_ m: Int, inputs: Int, outputs: Int, seed: UInt64) -> Dataset {
    var rng = SeededGenerator(seed: seed)
    let x = Matrix(rows: inputs, cols: m, storage: (0..<(inputs * m)).map { _ in rng.normal() })
    let y = Matrix(rows: outputs, cols: m, storage: (0..<(outputs * m)).map { _ in rng.uniform() })
    return try! Dataset(inputs: x, targets: y)
  }

  static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300)
  }

  @Test(arguments: [(Activation.sigmoid, Cost.quadratic), (.tanh, .crossEntropy), (.relu, .quadratic), (.elu, .crossEntropy)])
  func bufferedPassMatchesBackprop(_ hidden: Activation, _ cost: Cost) throws {
    let net = TrainingTests.network([4, 6, 5, 3], hidden: hidden, output: .sigmoid, seed: 21)
    for m in [1, 7] {
      let data = TrainingTests.examples(m, inputs: 4, outputs: 3, seed: UInt64(m))
      let g = try net.backprop(data.inputs, data.targets, cost: cost)
      var pass = Pass(network: net, examples: m)
      pass.load(data, .range(0..<m))
      pass.forward(net, mode: .batchStatistics)
      #expect(TrainingTests.close(pass.cost(cost, depth: 3), g.C))
      pass.backward(net, cost: cost)
      for l in 1...3 {
        let flat = pass.parameterGradient(net, l)
        let n = net.layers[l - 1].w.count
        for (a, b) in zip(flat[n...], g.db[l]) { #expect(TrainingTests.close(a, b), "db[\(l)] m=\(m)") }
        for (a, b) in zip(flat[..<n], g.dw[l].storage) { #expect(TrainingTests.close(a, b), "dw[\(l)] m=\(m)") }
      }
    }
  }

  /// One sgd step is Nielsen's rule, w <- (1 - lr*lambda/n) w - lr dC/dw, as Network.update does it.
  @Test func sgdStepIsNielsensUpdate() throws {
    let net = TrainingTests.network([5, 4, 2], hidden: .sigmoid, output: .sigmoid, seed: 4)
    let data = TrainingTests.examples(6, inputs: 5, outputs: 2, seed: 9)
    var expected = net
    expected.update(with: try net.backprop(data.inputs, data.targets, cost: .quadratic), lr: 0.7, lambda: 5, n: 1000)
    var got = net
    var pass = Pass(network: net, examples: 6)
    pass.load(data, .range(0..<6))
    pass.forward(got, mode: .batchStatistics)
    pass.backward(got, cost: .quadratic)
    var stepper = TrainingStep(method: .sgd, lr: 0.7, decay: 1 - 0.7 * 5 / 1000, clip: nil, network: net)
    stepper.step(&got, pass)
    for (a, b) in zip(got.layers, expected.layers) {
      for (x, y) in zip(a.w.storage, b.w.storage) { #expect(TrainingTests.close(x, y)) }
      for (x, y) in zip(a.b, b.b) { #expect(TrainingTests.close(x, y)) }
    }
  }

  @Test func everyMethodFollowsItsRule() throws {
    // One parameter: w = 2, gradient g = 2. Momentum's first step is -lr g; adam's is about
    // -lr sign(g); adagrad's and rmsprop's divide g by the root of their running squares.
    let layer = Layer(w: Matrix(rows: 1, cols: 1, storage: [2]), b: [0], activation: .linear)
    let net = try Network(layers: [layer])
    let data = try Dataset(inputs: Matrix(rowArrays: [[1]]), targets: Matrix(rowArrays: [[0]]))
    var pass = Pass(network: net, examples: 1)
    pass.load(data, .range(0..<1))
    pass.forward(net, mode: .batchStatistics)
    pass.backward(net, cost: .quadratic)  // dC/dw = (w x - y) x = 2
    var m = net
    var momentum = TrainingStep(method: .momentum(beta: 0.9), lr: 0.1, decay: 1, clip: nil, network: net)
    momentum.step(&m, pass)
    #expect(m.layers[0].w.storage == [2 - 0.1 * 2])
    momentum.step(&m, pass)  // same gradient again: v = 0.9 * -0.2 - 0.2
    #expect(TrainingTests.close(m.layers[0].w.storage[0], 1.8 - 0.38))
    var a = net
    var adam = TrainingStep(method: .adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), lr: 0.01, decay: 1, clip: nil, network: net)
    adam.step(&a, pass)
    #expect(TrainingTests.close(a.layers[0].w.storage[0], 2 - 0.01 * 2 / (2 + 1e-8)))
    var g = net
    var adagrad = TrainingStep(method: .adagrad(eps: 1e-8), lr: 0.1, decay: 1, clip: nil, network: net)
    adagrad.step(&g, pass)
    #expect(TrainingTests.close(g.layers[0].w.storage[0], 2 - 0.1 * 2 / (2 + 1e-8)))
    var r = net
    var rmsprop = TrainingStep(method: .rmsprop(beta: 0.9, eps: 1e-8), lr: 0.1, decay: 0.5, clip: nil, network: net)
    rmsprop.step(&r, pass)  // E = 0.1 * 4; the weight is first halved (decay), the bias is not
    let move: Double = 0.1 * 2 / ((0.4 as Double).squareRoot() + 1e-8)
    #expect(TrainingTests.close(r.layers[0].w.storage[0], 1 - move))
    #expect(TrainingTests.close(r.layers[0].b[0], -move))
  }

  /// Learning speeds are the norms of the mean dC/db over the first examples, as grad gives them.
  @Test func speedsAreNormsOfTheMeanBiasGradient() throws {
    let net = TrainingTests.network([3, 5, 5, 2], hidden: .sigmoid, output: .sigmoid, seed: 8)
    let data = TrainingTests.examples(1200, inputs: 3, outputs: 2, seed: 2)
    let speeds = try net.learningSpeeds(on: data, cost: .crossEntropy)
    let first = data.prefix(1000)
    let g = try net.backprop(first.inputs, first.targets, cost: .crossEntropy)
    #expect(speeds.count == 3)
    for l in 1...3 { #expect(TrainingTests.close(speeds[l - 1], g.db[l].euclideanNorm, 1e-10)) }
  }

  @Test func accuracyCountsTheLargestOutput() throws {
    // Output = input (one linear layer, identity weights): the largest input is the prediction.
    let net = try Network(layers: [Layer(w: .identity(3), b: [0, 0, 0], activation: .linear)])
    let data = try Dataset(
      inputs: .values([0.9, 0.1, 0, 0, 1, 0.5, 0.2, 0.3, 0.1, 0.1, 0.1, 0.8]), inputSize: 3,
      targets: .classes([0, 1, 0, 2]), outputSize: 3)
    #expect(try net.accuracy(on: data) == 0.75)  // the third is predicted 1, not 0
    let one = try Network(layers: [Layer(w: .identity(1), b: [0], activation: .linear)])
    let binary = try Dataset(inputs: .values([0.7, 0.2, 0.5]), inputSize: 1, targets: .values([1, 1, 0]), outputSize: 1)
    #expect(try one.accuracy(on: binary) == 1.0 / 3)
  }

  static func spiralRun(seed: UInt64, method: String = "sgd", epochs: Int = 3, lambda: Double = 0)
    throws -> (TrainingHistory, Network)
  {
    var rng = SeededGenerator(seed: seed)
    var data = try Dataset.spiral(perClass: 100, classes: 3, using: &rng)
    data.test = try Dataset.spiral(perClass: 20, classes: 3, using: &rng)
    var net = TrainingTests.network([2, 16, 16, 3], hidden: .tanh, output: .sigmoid, seed: seed)
    let settings = TrainingSettings(
      epochs: epochs, batchSize: 7, lr: ["adam": 0.01, "rmsprop": 0.01][method], cost: .crossEntropy,
      method: Optimizer.Method.standard(method)!, lambda: lambda)
    let h = try net.train(on: data, settings, using: &rng)
    return (h, net)
  }

  @Test func trainingIsReproducibleToTheLastDigit() throws {
    let (h1, n1) = try TrainingTests.spiralRun(seed: 3)
    let (h2, n2) = try TrainingTests.spiralRun(seed: 3)
    #expect(h1.epochs == [0, 1, 2, 3])
    #expect(h1.costs == h2.costs)
    #expect(h1.accuracies == h2.accuracies)
    #expect(h1.speeds == h2.speeds)
    #expect(n1 == n2)
    #expect(h1.costs.count == 4 && h1.accuracies.count == 4 && h1.speeds.allSatisfy { $0.count == 3 })
    #expect(h1.probeSize == 300)  // fewer than 1000 examples: all of them
    let (h3, _) = try TrainingTests.spiralRun(seed: 4)
    #expect(h3.costs != h1.costs)
  }

  @Test(arguments: Optimizer.Method.names)
  func everyMethodLowersTheCost(_ method: String) throws {
    let (h, _) = try TrainingTests.spiralRun(seed: 1, method: method, epochs: 30)
    #expect(h.costs.last! < 0.7 * h.costs.first!, "\(method): \(h.costs)")
    #expect(h.accuracies.last! > h.accuracies.first!, "\(method): \(h.accuracies)")
  }

  /// With lambda, the reported cost carries Nielsen's term (lambda/2n) sum w^2.
  @Test func regularisedCostIncludesTheWeights() throws {
    let (h, net) = try TrainingTests.spiralRun(seed: 2, epochs: 1, lambda: 3)
    var rng = SeededGenerator(seed: 2)
    let data = try Dataset.spiral(perClass: 100, classes: 3, using: &rng)
    let squares = net.layers.reduce(0.0) { s, layer in layer.w.storage.reduce(s) { $0 + $1 * $1 } }
    let expected = try net.meanCost(on: data, cost: .crossEntropy) + 3.0 / (2 * 300) * squares
    #expect(TrainingTests.close(h.costs.last!, expected, 1e-12))
  }

  /// Ctrl-C during the second epoch: training stops after that batch, keeps what it learned and
  /// measures where it stopped. (The end-to-end tests send a real SIGINT.)
  @Test func interruptionKeepsWhatWasLearned() throws {
    var rng = SeededGenerator(seed: 6)
    let data = try Dataset.spiral(perClass: 20, classes: 3, using: &rng)  // 60 examples: 6 batches of 10
    let start = TrainingTests.network([2, 8, 3], hidden: .sigmoid, output: .sigmoid, seed: 6)
    var net = start
    var seen: [Int] = []
    var stop = false
    let h = try net.train(
      on: data, TrainingSettings(epochs: 5, batchSize: 10, lr: 1), using: &rng, stopRequested: { stop },
      progress: { p in
        seen.append(p.batch)
        if p.epoch == 2 && p.batch == 3 { stop = true }
      })
    #expect(h.interruption == .init(epoch: 2, batch: 3, batches: 6))
    #expect(h.epochs == [0, 1, 1.5])
    #expect(h.completedEpochs == 1)
    #expect(h.costs.count == 3 && h.speeds.count == 3)
    #expect(seen == [1, 2, 3, 4, 5, 6, 1, 2, 3])
    #expect(net != start)
  }

  @Test func divergenceNamesTheEpochAndBatch() throws {
    var rng = SeededGenerator(seed: 1)
    let data = try Dataset.spiral(perClass: 50, classes: 2, using: &rng)
    var net = TrainingTests.network([2, 10, 10, 2], hidden: .relu, output: .linear, seed: 1)
    do {
      _ = try net.train(on: data, TrainingSettings(epochs: 3, batchSize: 5, lr: 1e6), using: &rng)
      Issue.record("training with lr 1e6 should diverge")
    } catch {
      guard case .diverged(let epoch, let batch, let batches, let cost) = error else {
        Issue.record("expected .diverged, got \(error)")
        return
      }
      #expect(epoch == 1 && batch >= 2 && batches == 20 && !cost.isFinite, "\(error)")
    }
  }

  @Test func badSettingsAndDataAreRefused() throws {
    var rng = SeededGenerator(seed: 1)
    var net = TrainingTests.network([2, 3, 1], hidden: .relu, output: .relu, seed: 1)
    #expect(throws: CoreError.invalidArgument(
      "cross_entropy needs outputs in (0, 1): the output layer must be sigmoid, not relu")
    ) { try net.train(on: .xor(), TrainingSettings(cost: .crossEntropy), using: &rng) }
    #expect(throws: CoreError.shapeMismatch("the network maps 2 inputs to 1 outputs but the data maps 2 to 3")) {
      try net.train(on: try Dataset.spiral(perClass: 2, classes: 3, using: &rng), TrainingSettings(), using: &rng)
    }
    #expect(throws: CoreError.invalidArgument("the batch size must be at least 1")) {
      try net.train(on: .xor(), TrainingSettings(batchSize: 0), using: &rng)
    }
  }

  /// A batch larger than the data is the whole data; a size that does not divide leaves a
  /// smaller last batch.
  @Test func batchSizesThatDoNotDivide() throws {
    var rng = SeededGenerator(seed: 1)
    var net = TrainingTests.network([2, 3, 1], hidden: .tanh, output: .sigmoid, seed: 1)
    var sizes: [Int] = []
    _ = try net.train(on: .xor(), TrainingSettings(epochs: 1, batchSize: 3), using: &rng, progress: { sizes.append($0.examplesDone) })
    #expect(sizes == [3, 4])
    sizes = []
    _ = try net.train(on: .xor(), TrainingSettings(epochs: 2, batchSize: 100), using: &rng, progress: { sizes.append($0.examplesDone) })
    #expect(sizes == [4, 4])
  }
}

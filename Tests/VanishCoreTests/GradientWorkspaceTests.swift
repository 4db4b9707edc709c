import Testing
@testable import VanishCore

/// The allocation-free per-example gradient and the unmeasured epoch against the paths they
/// shortcut: `backprop` and `train`.
@Suite struct GradientWorkspaceTests {
  static func chain(_ n: Int, _ g: Activation, seed: UInt64) throws -> Network {
    var rng = SeededGenerator(seed: seed)
    return try Network(layers: (0..<n).map { _ in Layer(inputs: 1, outputs: 1, activation: g, using: &rng) })
  }

  static func expectSameGradient(_ net: Network, _ x: [Double], _ y: [Double], _ cost: Cost) throws {
    let g = try net.backprop(Matrix(column: x), Matrix(column: y), cost: cost)
    var ws = GradientWorkspace(network: net)
    for _ in 0..<2 {  // a second call into the same buffers gives the same numbers
      let c = try net.gradient(x, y, cost: cost, into: &ws)
      #expect(TrainingTests.close(c, g.C))
      for l in 1...net.depth {
        for (a, b) in zip(ws.db(l), g.db[l]) { #expect(TrainingTests.close(a, b), "db[\(l)]") }
        for (a, b) in zip(ws.dw(l).storage, g.dw[l].storage) { #expect(TrainingTests.close(a, b), "dw[\(l)]") }
      }
      for (a, b) in zip(ws.output, g.trace.output.storage) { #expect(TrainingTests.close(a, b)) }
    }
  }

  @Test(arguments: Activation.elementwise)
  func chainMatchesBackprop(_ g: Activation) throws {
    let net = try GradientWorkspaceTests.chain(50, g, seed: 3)
    try GradientWorkspaceTests.expectSameGradient(net, [0.7], [0.2], .quadratic)
  }

  @Test func chainWithCrossEntropy() throws {
    let net = try GradientWorkspaceTests.chain(8, .sigmoid, seed: 5)
    try GradientWorkspaceTests.expectSameGradient(net, [-1.5], [1], .crossEntropy)
  }

  /// Small layers (plain loops) and large ones (BLAS) in one network, every activation.
  @Test(arguments: [(Activation.sigmoid, Cost.quadratic), (.tanh, .crossEntropy), (.relu, .quadratic), (.elu, .crossEntropy), (.softplus, .quadratic), (.leakyRelu, .quadratic), (.linear, .quadratic)])
  func layersMatchBackprop(_ hidden: Activation, _ cost: Cost) throws {
    let net = TrainingTests.network([20, 30, 4, 3, 2], hidden: hidden, output: .sigmoid, seed: 11)
    var rng = SeededGenerator(seed: 2)
    let x = (0..<20).map { _ in rng.normal() }
    try GradientWorkspaceTests.expectSameGradient(net, x, [0.3, 0.9], cost)
  }

  @Test func shapesAreChecked() throws {
    let net = TrainingTests.network([3, 4, 2], hidden: .sigmoid, output: .sigmoid, seed: 1)
    var ws = GradientWorkspace(network: net)
    #expect(throws: CoreError.self) { try net.gradient([1, 2], [0, 1], cost: .quadratic, into: &ws) }
    #expect(throws: CoreError.self) { try net.gradient([1, 2, 3], [0], cost: .quadratic, into: &ws) }
    var other = GradientWorkspace(network: TrainingTests.network([3, 5, 2], hidden: .sigmoid, output: .sigmoid, seed: 1))
    #expect(throws: CoreError.self) { try net.gradient([1, 2, 3], [0, 1], cost: .quadratic, into: &other) }
    let relu = TrainingTests.network([3, 4, 2], hidden: .sigmoid, output: .relu, seed: 1)
    var reluWorkspace = GradientWorkspace(network: relu)
    #expect(throws: CoreError.self) { try relu.gradient([1, 2, 3], [0, 1], cost: .crossEntropy, into: &reluWorkspace) }
  }

  /// `trainEpoch` leaves the network exactly as `train` with one epoch does.
  @Test func trainEpochIsTrainWithoutMeasuring() throws {
    var rng = SeededGenerator(seed: 7)
    var data = try Dataset.spiral(perClass: 50, classes: 3, using: &rng)
    data.test = try Dataset.spiral(perClass: 10, classes: 3, using: &rng)
    let net = TrainingTests.network([2, 8, 3], hidden: .tanh, output: .sigmoid, seed: 7)
    let settings = TrainingSettings(epochs: 1, batchSize: 7, lr: 0.5, cost: .crossEntropy)
    var measured = net
    var r1 = SeededGenerator(seed: 9)
    _ = try measured.train(on: data, settings, using: &r1, stopRequested: { false })
    var unmeasured = net
    var r2 = SeededGenerator(seed: 9)
    try unmeasured.trainEpoch(on: data, settings, using: &r2)
    #expect(measured == unmeasured)
  }

  /// The inputs converted ahead on a second thread are the same numbers: an epoch with the
  /// prefetcher leaves the network exactly as one without, also when a stop comes mid-epoch.
  @Test func prefetchedInputsChangeNothing() throws {
    var rng = SeededGenerator(seed: 3)
    let n = 5003  // a partial last batch too
    var pixels = [UInt8](repeating: 0, count: n * 20)
    for i in pixels.indices { pixels[i] = UInt8(truncatingIfNeeded: rng.next()) }
    let classes = (0..<n).map { _ in Int32(rng.int(below: 3)) }
    let data = try Dataset(inputs: .pixels(pixels), inputSize: 20, targets: .classes(classes), outputSize: 3)
    let net = TrainingTests.network([20, 7, 3], hidden: .sigmoid, output: .sigmoid, seed: 5)
    let settings = TrainingSettings(epochs: 1, batchSize: 10, lr: 0.5)
    #expect(InputPrefetcher.isWorthwhile(examples: n, batch: 10))
    for stopAfter in [Int.max, 137] {
      var results: [Network] = []
      for prefetching in [false, true] {
        var trained = net
        var shuffle = SeededGenerator(seed: 8)
        var runner = try EpochRunner(network: net, data: data, settings, prefetching: prefetching)
        var done = 0
        let stopped = try runner.run(1, &trained, using: &shuffle, stopRequested: {
          done += 1
          return done >= stopAfter
        }, progress: nil)
        #expect(stopped == (stopAfter == Int.max ? nil : stopAfter))
        results.append(trained)
      }
      #expect(results[0] == results[1])
      #expect(results[0] != net)
    }
  }
}

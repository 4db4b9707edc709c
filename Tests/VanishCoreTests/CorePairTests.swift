import Foundation
import Synchronization
import Testing
@testable import VanishCore

/// The two-core training step (`CorePair`, `SplitProducts.swift`) and the measurements shared
/// between workers (`Evaluator`): the same bits as one thread, whatever the split.
@Suite struct CorePairTests {
  /// Pixel inputs (bytes, as Fashion-MNIST's) and class targets, or Doubles and values.
  static func data(_ n: Int, inputs: Int, outputs: Int, pixels: Bool, seed: UInt64) -> Dataset {
    var rng = SeededGenerator(seed: seed)
    if pixels {
      let bytes = (0..<(n * inputs)).map { _ in UInt8(rng.uniform() * 256) }
      let classes = (0..<n).map { _ in Int32(rng.uniform() * Double(outputs)) }
      return try! Dataset(inputs: .pixels(bytes), inputSize: inputs, targets: .classes(classes), outputSize: outputs)
    }
    let x = (0..<(n * inputs)).map { _ in rng.normal() }
    let y = (0..<(n * outputs)).map { _ in rng.uniform() }
    return try! Dataset(inputs: .values(x), inputSize: inputs, targets: .values(y), outputSize: outputs)
  }

  static func mlp(_ sizes: [Int], _ hidden: Activation, _ output: Activation, seed: UInt64) -> Network {
    var rng = SeededGenerator(seed: seed)
    let layers = zip(sizes, sizes.dropFirst()).enumerated().map { i, shape in
      Layer(inputs: shape.0, outputs: shape.1, activation: i == sizes.count - 2 ? output : hidden, using: &rng)
    }
    return try! Network(layers: layers)
  }

  /// dense(in, 64) then `blocks` pre-norm residual blocks layernorm(64) -> dense(64, 64, tanh),
  /// then dense(64, 10, softmax): the benchmark's W5, small.
  static func residual(inputs: Int, blocks: Int, seed: UInt64) -> Network {
    var rng = SeededGenerator(seed: seed)
    var layers = [Layer(inputs: inputs, outputs: 64, activation: .tanh, using: &rng)]
    var skips: [Skip] = []
    for _ in 0..<blocks {
      layers.append(.layerNorm(LayerNorm(n: 64)))
      layers.append(Layer(inputs: 64, outputs: 64, activation: .tanh, using: &rng))
      skips.append(Skip(from: layers.count - 1, to: layers.count))
    }
    layers.append(Layer(inputs: 64, outputs: 10, activation: .softmax, using: &rng))
    return try! Network(layers: layers, skips: skips)
  }

  @Test func eachHalfRunsOnceTheUpperOneOnTheHelper() {
    let pair = CorePair()
    defer { pair.stop() }
    let caller = pthread_self()
    for n in [16, 17, 30, 100, 784] {
      for _ in 0..<2000 {
        let marks = Mutex([Int](repeating: 0, count: n))
        let helperRanUpper = Atomic<Bool>(true)
        pair.split(n) { r in
          marks.withLock { m in for i in r { m[i] += 1 } }
          if r.lowerBound > 0 && pthread_equal(pthread_self(), caller) != 0 { helperRanUpper.store(false, ordering: .relaxed) }
        }
        #expect(marks.withLock { $0 } == [Int](repeating: 1, count: n))
        let upperOnHelper = helperRanUpper.load(ordering: .relaxed)
        #expect(upperOnHelper)
      }
    }
    // Below 16 rows there is nothing to share.
    #expect(CorePair.cut(15) == 15)
    #expect(CorePair.cut(30) == 16)
    #expect(CorePair.cut(100) == 48)
  }

  @Test(arguments: [
    ([200, 64, 10], Activation.sigmoid, Activation.sigmoid, Cost.quadratic, 10, true),
    ([200, 64, 10], .sigmoid, .sigmoid, .quadratic, 10, false),
    ([120, 100, 100, 10], .tanh, .sigmoid, .crossEntropy, 33, true),
    ([120, 100, 100, 10], .relu, .softmax, .logLikelihood, 16, true),
    // Halves of 16 rows by 128 inputs of 784: each half's update in the small kernel's blocks of
    // columns where there is one (`Dense.columnBlock`). (W3's [784, 100] would give OpenBLAS two
    // threads alone, whose cut of a product Haswell's kernels round differently from one
    // thread's; a run on two cores always pairs, with one.)
    ([784, 32, 10], .sigmoid, .sigmoid, .quadratic, 128, true),
  ])
  func anEpochWithThePairIsBitForBitOneThreadsEpoch(
    _ sizes: [Int], _ hidden: Activation, _ output: Activation, _ cost: Cost, _ batch: Int, _ pixels: Bool
  ) throws {
    // 1000 examples: with batch 33 the last batch has 10 (the remainder's buffers).
    let data = CorePairTests.data(1000, inputs: sizes[0], outputs: sizes.last!, pixels: pixels, seed: 3)
    let start = CorePairTests.mlp(sizes, hidden, output, seed: 5)
    try CorePairTests.expectTheSameEpoch(start, data, TrainingSettings(epochs: 1, batchSize: batch, lr: 0.5, cost: cost))
  }

  /// One epoch from `start` alone and with the pair for every batch: trained, and the same bits.
  /// An epoch alone, with the pair on every batch, and as `PairSchedule` decides (its first 8
  /// batches of every 256 go alone, the helper converting the next batch's inputs meanwhile):
  /// the same network bit for bit.
  static func expectTheSameEpoch(_ start: Network, _ data: Dataset, _ settings: TrainingSettings) throws {
    var alone = start
    var paired = start
    var scheduled = start
    var rngA = SeededGenerator(seed: 8)
    var rngB = SeededGenerator(seed: 8)
    var rngC = SeededGenerator(seed: 8)
    try alone.trainEpoch(on: data, settings, using: &rngA, pairing: false)
    try paired.trainEpoch(on: data, settings, using: &rngB, pairing: true)
    try scheduled.trainEpoch(on: data, settings, using: &rngC, pairing: true, always: false)
    #expect(alone != start)
    #expect(paired == alone)
    #expect(scheduled == alone)
  }

  /// A split layer's backward cuts w^T delta by rows of delta (each thread's own rows of w)
  /// and adds the two parts, and its forward product of a batch of 40 inputs goes in the small
  /// kernel's blocks of examples where OpenBLAS has one (`Dense.rowBlock`: 24 and 16 for the
  /// halves of 100 rows): the gradients are the unsplit pass's to the last bits or so, with or
  /// without the second thread, with a skip adding to dC/da[l-1] first and without.
  @Test(arguments: [false, true])
  func aSplitBackwardIsTheWholeProductToRounding(_ skip: Bool) throws {
    let plain = CorePairTests.mlp([120, 100, 100, 100, 10], .sigmoid, .sigmoid, seed: 6)
    let net = skip ? try Network(layers: plain.layers, skips: [Skip(from: 2, to: 3)]) : plain
    let data = CorePairTests.data(40, inputs: 120, outputs: 10, pixels: false, seed: 4)
    let pair = CorePair()
    defer { pair.stop() }
    func gradients(halves: Bool, pair: CorePair?) -> [[Double]] {
      var copy = net
      var pass = Pass(network: copy, examples: 40)
      pass.halves = halves
      pass.pair = pair
      pass.load(data, .range(0..<40))
      pass.forward(&copy, mode: .batchStatistics, updating: false)
      pass.backward(copy, cost: .quadratic)
      return (1...copy.depth).map { pass.parameterGradient(copy, $0) }
    }
    let whole = gradients(halves: false, pair: nil)
    let split = gradients(halves: true, pair: nil)
    #expect(gradients(halves: true, pair: pair) == split)
    var differ = 0
    for l in whole.indices {
      let scale = whole[l].map(Swift.abs).max()!
      #expect(scale > 0)
      for (a, b) in zip(whole[l], split[l]) {
        #expect(Swift.abs(a - b) <= 1e-14 * scale, "layer \(l + 1): \(a) against \(b)")
        if a != b { differ += 1 }
      }
    }
    // The cut sums in another order: some last bits move (and so this compares the split path).
    #expect(differ > 0)
  }

  /// A pair that lost two trials in a row is given up for the rest of the epoch and an
  /// `InputPrefetcher` converts the remaining batches from there (from the one after the batch
  /// the helper had converted, when it had): the epoch is the same bits as one alone.
  @Test(arguments: [100, 101])
  func anEpochThatGivesUpThePairIsTheSameBits(_ at: Int) throws {
    // 4205 examples in batches of 10: a prefetcher is worth it, and the last batch has 5.
    let data = CorePairTests.data(4205, inputs: 200, outputs: 10, pixels: true, seed: 5)
    let start = CorePairTests.mlp([200, 64, 10], .sigmoid, .sigmoid, seed: 6)
    let settings = TrainingSettings(epochs: 1, batchSize: 10, lr: 0.5)
    var alone = start
    var rngA = SeededGenerator(seed: 8)
    try alone.trainEpoch(on: data, settings, using: &rngA, pairing: false)
    var given = start
    var rngB = SeededGenerator(seed: 8)
    var runner = try EpochRunner(network: given, data: data, settings, pairing: true)
    runner.giveUpAt = at
    _ = try runner.run(1, &given, using: &rngB, stopRequested: { false }, progress: nil)
    #expect(alone != start)
    #expect(given == alone)
  }

  @Test func residualLayernormNetworkWithThePairIsBitForBitTheSame() throws {
    let data = CorePairTests.data(640, inputs: 96, outputs: 10, pixels: true, seed: 4)
    let start = CorePairTests.residual(inputs: 96, blocks: 4, seed: 6)
    try CorePairTests.expectTheSameEpoch(start, data, TrainingSettings(epochs: 1, batchSize: 32, lr: 0.05, cost: .logLikelihood))
  }

  @Test func measurementsOnSeveralWorkersAreOneWorkersBits() {
    // 5 full chunks of 1000 and a rest of 517.
    let data = CorePairTests.data(5517, inputs: 50, outputs: 10, pixels: true, seed: 7)
    let net = CorePairTests.mlp([50, 40, 10], .sigmoid, .sigmoid, seed: 9)
    var one = Evaluator()
    one.workers = 1
    var three = Evaluator()
    three.workers = 3
    let a = one.measure(net, on: data, cost: .quadratic)
    let b = three.measure(net, on: data, cost: .quadratic)
    #expect(a.cost.bitPattern == b.cost.bitPattern)
    #expect(a.correct == b.correct)
    // And as the sum of each example's cost, added in order, over the examples' own passes.
    var total = 0.0
    var correct = 0
    for k in 0..<data.size {
      var p = Pass(network: net, examples: 1)
      p.load(data, .range(k..<(k + 1)))
      p.forward(net, mode: .runningStatistics)
      total += p.cost(.quadratic, depth: 2)
      let out = Array(p.a[2].storage)
      let y = Array(p.y.storage)
      if Dataset.predictedClass(out) == Dataset.predictedClass(y) { correct += 1 }
    }
    #expect(abs(total / Double(data.size) - a.cost) <= 1e-13 * a.cost)
    #expect(correct == a.correct)
    // Measured again with the same evaluator (its buffers kept): the same.
    #expect(three.measure(net, on: data, cost: .quadratic).cost.bitPattern == a.cost.bitPattern)
  }

  /// monitor=false: no measurements; the cost of an epoch of one batch is the cost of the
  /// network before its step, as the monitored run's epoch 0 measures it; the network ends the same.
  @Test func anUnmonitoredRunKeepsTheBatchCostsAndLearnsTheSame() throws {
    let data = CorePairTests.data(600, inputs: 20, outputs: 3, pixels: false, seed: 1)
    let start = CorePairTests.mlp([20, 8, 3], .sigmoid, .sigmoid, seed: 2)
    var monitored = start
    var unmonitored = start
    var rngA = SeededGenerator(seed: 3)
    var rngB = SeededGenerator(seed: 3)
    let one = TrainingSettings(epochs: 3, batchSize: 600, lr: 1, cost: .quadratic)
    var quiet = one
    quiet.monitor = false
    let h = try monitored.train(on: data, one, using: &rngA)
    let q = try unmonitored.train(on: data, quiet, using: &rngB)
    #expect(unmonitored == monitored)
    #expect(q.epochs == [1, 2, 3])
    #expect(h.epochs == [0, 1, 2, 3])
    // Each epoch's single batch is measured before its step: epoch e's cost is the network's
    // after e - 1 (to rounding: the training step cuts its products in two rows blocks).
    #expect(q.costs.count == 3)
    for (a, b) in zip(q.costs, h.costs.dropLast()) { #expect(abs(a - b) <= 1e-13 * b, "\(a) vs \(b)") }
    #expect(q.costs[0] != h.costs[1])
    #expect(q.accuracies.isEmpty && q.speeds.isEmpty)
    // In batches of 60, the mean of the batches' costs lies between the costs before and after.
    var small = quiet
    small.batchSize = 60
    small.epochs = 1
    var net = start
    var rng = SeededGenerator(seed: 3)
    let s = try net.train(on: data, small, using: &rng)
    let before = try start.meanCost(on: data, cost: .quadratic)
    let after = try net.meanCost(on: data, cost: .quadratic)
    #expect(s.costs.count == 1 && s.costs[0] < before && s.costs[0] > after)
  }
}

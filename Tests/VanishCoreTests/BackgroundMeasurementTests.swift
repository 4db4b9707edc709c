import Foundation
import Testing
@testable import VanishCore

/// A history measured beside the next epoch (`BackgroundMeasurement`, on the second core) is the
/// history measured on the spot, bit for bit: whole runs, a run stopped by Ctrl-C, and runs that
/// diverge in an epoch while a measurement is in flight, or whose measurement itself finds the
/// cost infinite.
@Suite struct BackgroundMeasurementTests {
  /// 3000 training examples of 200 pixels and 1200 test examples: [200, 64, 10] in batches of
  /// 10 has products of 128,000 multiply-adds, which the pair takes, so `train` measures ahead.
  static let data: Dataset = {
    var d = CorePairTests.data(3000, inputs: 200, outputs: 10, pixels: true, seed: 11)
    d.test = CorePairTests.data(1200, inputs: 200, outputs: 10, pixels: true, seed: 12)
    return d
  }()
  static let start = CorePairTests.mlp([200, 64, 10], .sigmoid, .sigmoid, seed: 13)

  /// Whether `train` measures these runs beside their epochs: it does where the pair is made.
  static func measuresAhead(_ net: Network, _ data: Dataset, _ settings: TrainingSettings) throws -> Bool {
    try EpochRunner(network: net, data: data, settings).pairing
  }

  /// Both ways from the same start: the histories (or errors), the networks and generators after.
  static func bothWays(
    _ settings: TrainingSettings, start: Network = start, data: Dataset = data, stopAfter: Int? = nil
  ) -> [(history: TrainingHistory?, error: String?, net: Network, rng: SeededGenerator)] {
    [false, true].map { ahead -> (history: TrainingHistory?, error: String?, net: Network, rng: SeededGenerator) in
      var net = start
      var rng = SeededGenerator(seed: 21)
      var batches = 0
      let stop = { () -> Bool in
        batches += 1
        return batches == stopAfter
      }
      do {
        let h = try net.train(
          on: data, settings, using: &rng, stopRequested: stop, progress: nil, measuringAhead: ahead)
        return (h, nil, net, rng)
      } catch let error as CoreError {
        return (nil, error.description, net, rng)
      } catch {
        return (nil, "\(error)", net, rng)
      }
    }
  }

  /// What a generator draws next: the same for the same state.
  static func draws(_ rng: SeededGenerator) -> [UInt64] {
    var r = rng
    return (0..<4).map { _ in r.next() }
  }

  static func expectTheSame(_ a: TrainingHistory, _ b: TrainingHistory) {
    #expect(a.epochs == b.epochs)
    #expect(a.costs.map(\.bitPattern) == b.costs.map(\.bitPattern))
    #expect(a.accuracies == b.accuracies)
    #expect(a.speeds.map { $0.map(\.bitPattern) } == b.speeds.map { $0.map(\.bitPattern) })
    #expect(a.interruption == b.interruption)
    #expect(a.clippedBatches == b.clippedBatches)
  }

  @Test func aHistoryMeasuredBesideTheEpochsIsTheOnSpotOne() throws {
    // lambda > 0: the measurement's regularization term is the measured network's.
    var settings = TrainingSettings(epochs: 3, batchSize: 10, lr: 0.5, cost: .quadratic)
    settings.lambda = 0.5
    try #require(try !CorePair.available || BackgroundMeasurementTests.measuresAhead(BackgroundMeasurementTests.start, BackgroundMeasurementTests.data, settings))
    let runs = BackgroundMeasurementTests.bothWays(settings)
    let (spot, ahead) = (try #require(runs[0].history), try #require(runs[1].history))
    BackgroundMeasurementTests.expectTheSame(spot, ahead)
    #expect(ahead.epochs == [0, 1, 2, 3])
    #expect(ahead.accuracies.count == 4 && ahead.speeds.count == 4)
    #expect(ahead.costs[3] < ahead.costs[0])
    #expect(runs[1].net == runs[0].net)
    #expect(BackgroundMeasurementTests.draws(runs[1].rng) == BackgroundMeasurementTests.draws(runs[0].rng))
    #expect(runs[1].net != BackgroundMeasurementTests.start)
  }

  @Test func aRunStoppedInAnEpochBesideAMeasurementIsTheOnSpotOne() throws {
    // 300 batches an epoch: Ctrl-C after the 450th is batch 150 of epoch 2, while the
    // measurement of epoch 1 has been made beside it.
    let settings = TrainingSettings(epochs: 3, batchSize: 10, lr: 0.5, cost: .crossEntropy)
    try #require(try !CorePair.available || BackgroundMeasurementTests.measuresAhead(BackgroundMeasurementTests.start, BackgroundMeasurementTests.data, settings))
    let runs = BackgroundMeasurementTests.bothWays(settings, stopAfter: 450)
    let (spot, ahead) = (try #require(runs[0].history), try #require(runs[1].history))
    BackgroundMeasurementTests.expectTheSame(spot, ahead)
    #expect(ahead.epochs == [0, 1, 1.5])
    #expect(ahead.interruption == .init(epoch: 2, batch: 150, batches: 300))
    #expect(runs[1].net == runs[0].net)
  }

  /// Linear layers (nothing saturates) and lr 1e308: the first step's gradients, of a few units,
  /// overflow weights to infinities, and the next forward pass adds them up to NaN.
  static let linear = CorePairTests.mlp([200, 64, 10], .linear, .linear, seed: 13)
  static func loud(_ n: Int) -> Dataset {
    var rng = SeededGenerator(seed: 15)
    let x = (0..<(n * 200)).map { _ in rng.normal() }
    let classes = (0..<n).map { _ in Int32(rng.uniform() * 10) }
    return try! Dataset(inputs: .values(x), inputSize: 200, targets: .classes(classes), outputSize: 10)
  }

  @Test func aRunThatDivergesBesideAMeasurementThrowsTheOnSpotError() throws {
    // The second batch's cost is NaN, while the measurement of epoch 0 is (or was) beside it.
    let settings = TrainingSettings(epochs: 2, batchSize: 10, lr: 1e308, cost: .quadratic)
    let data = BackgroundMeasurementTests.loud(3000)
    try #require(try !CorePair.available || BackgroundMeasurementTests.measuresAhead(BackgroundMeasurementTests.linear, data, settings))
    let runs = BackgroundMeasurementTests.bothWays(settings, start: BackgroundMeasurementTests.linear, data: data)
    let spot = runs[0].error ?? "no error"
    #expect(spot.contains("in epoch 1, batch 2 of 300"), "\(spot)")
    #expect(runs[1].error == spot)
    #expect(runs[1].history == nil)
  }

  @Test func aMeasurementThatFindsTheCostInfiniteThrowsItsOwnErrorAndPutsTheNetworkBack() throws {
    // One batch an epoch: epoch 1's one step overflows the weights, which only the measurement
    // after it sees (on the spot: right after epoch 1; ahead: beside epoch 2, whose batch then
    // fails too, and the measurement's error comes first, with the network as epoch 1 left it).
    let data = BackgroundMeasurementTests.loud(200)
    let settings = TrainingSettings(epochs: 3, batchSize: 200, lr: 1e308, cost: .quadratic)
    try #require(try !CorePair.available || BackgroundMeasurementTests.measuresAhead(BackgroundMeasurementTests.linear, data, settings))
    let runs = BackgroundMeasurementTests.bothWays(settings, start: BackgroundMeasurementTests.linear, data: data)
    let spot = runs[0].error ?? "no error"
    #expect(spot.contains("in epoch 1, batch 1 of 1"), "\(spot)")
    #expect(runs[1].error == spot)
    let after = runs[0].net.layers.map { $0.parameters.map(\.bitPattern) }
    #expect(runs[1].net.layers.map { $0.parameters.map(\.bitPattern) } == after)
    #expect(runs[0].net.layers.contains { $0.parameters.contains(where: \.isInfinite) })
    #expect(BackgroundMeasurementTests.draws(runs[1].rng) == BackgroundMeasurementTests.draws(runs[0].rng))
  }

  @Test func aMeasurementOnItsOwnThreadIsTheEvaluatorsOnTheSpot() {
    let net = BackgroundMeasurementTests.start
    let data = BackgroundMeasurementTests.data
    let sets = [data.withoutTest, data.test!]
    var evaluator = Evaluator()
    let spot = evaluator.measure(net, on: sets, cost: .quadratic, speedsOn: data)
    var lent = Evaluator()
    lent.workers = 3
    let m = BackgroundMeasurement(
      net, generator: SeededGenerator(seed: 1), at: 0, epoch: 0, batch: 0, on: sets, cost: .quadratic, speedsOn: data,
      evaluator: lent)
    let ahead = m.wait()
    #expect(m.isDone)
    #expect(ahead.sets.map(\.cost.bitPattern) == spot.sets.map(\.cost.bitPattern))
    #expect(ahead.sets.map(\.correct) == spot.sets.map(\.correct))
    #expect(ahead.speeds!.map(\.bitPattern) == spot.speeds!.map(\.bitPattern))
    // The evaluator comes back as it was lent (it measured on one worker meanwhile).
    #expect(ahead.evaluator.workers == 3)
  }
}

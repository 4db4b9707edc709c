import Foundation
import Synchronization

/// A history's measurement of the network as an epoch left it, made on a thread of its own
/// while the next epoch trains on the other core (`train` starts one when the machine has two
/// cores and the products are large enough for the pair).
///
/// Why: with its history, `train` measures the cost over every training example, the test
/// accuracy and the speeds before the first epoch and after each one, which for `[784, 30, 10]`
/// in batches of 10 is 70,000 forward passes a time, nearly as long as the epoch on one core; and
/// a batch of 10 gains little from the second core (`CorePair`). So the measurement of epoch e
/// runs on the second core beside epoch e + 1, which runs alone (no pair, no prefetcher) until
/// the measurement is done; only the last measurement keeps both cores to itself.
///
/// The measurement reads a copy of the network (its arrays are shared until training writes
/// them, which then copies them) and the data, which nobody writes; one worker gives the same
/// bits as several (`Evaluator`), so a history is the same either way (`BackgroundMeasurementTests`).
final class BackgroundMeasurement: @unchecked Sendable {
  /// The network measured, as the epoch left it, and the generator as it was then: what
  /// `train` puts back when this measurement finds a cost that is not finite (the error is the
  /// one a measurement on the spot would have thrown, and the network is left where it was).
  let network: Network
  let generator: SeededGenerator
  /// Where the measurement is: epoch (`TrainingHistory.epochs`), and the epoch and batch an
  /// error names.
  let at: Double
  let epoch: Int
  let batch: Int
  private var evaluator: Evaluator
  /// The evaluator's workers when it was lent (it measures here on one).
  private let workers: Int
  private var outcome: (sets: [(cost: Double, correct: Int)], speeds: [Double]?)?
  private let done = Atomic<Bool>(false)
  private let finished = DispatchSemaphore(value: 0)

  /// Starts measuring `network` on `sets` (the training set, then the test set when there is
  /// one) and its speeds on `probe`, with `evaluator`'s buffers, on one worker.
  init(
    _ network: Network, generator: SeededGenerator, at: Double, epoch: Int, batch: Int,
    on sets: [Dataset], cost: Cost, speedsOn probe: Dataset, evaluator: Evaluator
  ) {
    self.network = network
    self.generator = generator
    self.at = at
    self.epoch = epoch
    self.batch = batch
    self.evaluator = evaluator
    workers = evaluator.workers
    self.evaluator.workers = 1
    let thread = Thread { [self] in
      outcome = self.evaluator.measure(network, on: sets, cost: cost, speedsOn: probe)
      done.store(true, ordering: .releasing)
      finished.signal()
    }
    thread.stackSize = 1 << 20
    thread.start()
  }

  /// Whether the measurement is done (then the second core is free).
  var isDone: Bool { done.load(ordering: .acquiring) }

  /// Waits for the measurement; returns it with the evaluator, its workers as they were, handed
  /// back (so that none of its buffers is copied). Once.
  func wait() -> (sets: [(cost: Double, correct: Int)], speeds: [Double]?, evaluator: Evaluator) {
    finished.wait()
    var buffers = Evaluator()
    swap(&buffers, &evaluator)
    buffers.workers = workers
    return (outcome!.sets, outcome!.speeds, buffers)
  }
}

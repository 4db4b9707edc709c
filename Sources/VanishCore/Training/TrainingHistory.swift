/// What a training run measured: once before the first epoch (epoch 0) and after each epoch,
/// the mean training cost, the test accuracy (when the data has a test part) and each layer's
/// learning speed. Index i of every array is the measurement at `epochs[i]`.
public struct TrainingHistory: Sendable {
  public let settings: TrainingSettings
  public let trainingSize: Int
  /// 0 when the data has no test part (then `accuracies` is empty).
  public let testSize: Int
  /// How many training examples the speeds are measured on: the first 1000, or all when fewer.
  public let probeSize: Int
  public let layers: Int

  /// 0, 1, 2, ...; when a run is interrupted within an epoch, the last is the fraction reached
  /// (1.25 after a quarter of the second epoch).
  public internal(set) var epochs: [Double] = []
  /// Whether the run measured the network (`TrainingSettings.monitor`). Without, `epochs` is
  /// 1, 2, ... (no epoch 0), `costs` holds each epoch's mean batch cost and there are no
  /// accuracies or speeds.
  public var monitored: Bool { settings.monitor }
  /// The mean cost over the whole training set (with the term (lambda/2n) sum w^2 when lambda > 0,
  /// as Nielsen's network2 reports it). Unmonitored: the mean of the batches' costs over the
  /// epoch, each taken as its batch went through (plus the same term at the epoch's end).
  public internal(set) var costs: [Double] = []
  /// The fraction of the test examples classified correctly.
  public internal(set) var accuracies: [Double] = []
  /// speeds[i][l-1] = ||dC/db[l]|| averaged over the probe examples: the learning speed of layer l.
  public internal(set) var speeds: [[Double]] = []
  /// How many batches had their gradient clipped (`clip=`), and how many steps were taken.
  public internal(set) var clippedBatches = 0
  public internal(set) var steps = 0
  /// Set when Ctrl-C stopped the run: after which batch of which epoch.
  public internal(set) var interruption: Interruption?

  public struct Interruption: Sendable, Equatable {
    public let epoch: Int
    public let batch: Int
    public let batches: Int
  }

  /// Full epochs completed.
  public var completedEpochs: Int {
    guard let last = epochs.last else { return 0 }
    return Int(last.rounded(.down))
  }
}

/// What `train` is asked to do: how long, in batches of what size, at what rate, for which cost,
/// with which method and how much L2 regularisation (lambda).
public struct TrainingSettings: Sendable, Equatable {
  public var epochs: Int
  public var batchSize: Int
  public var lr: Double
  public var cost: Cost
  public var method: TrainingMethod
  public var lambda: Double

  /// Without `lr`, the method's default (0.5 for sgd and momentum, 0.001 for adam).
  public init(
    epochs: Int = 1, batchSize: Int = 10, lr: Double? = nil, cost: Cost = .quadratic,
    method: TrainingMethod = .sgd, lambda: Double = 0
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.lr = lr ?? method.defaultLearningRate
    self.cost = cost
    self.method = method
    self.lambda = lambda
  }

  func validate() throws(CoreError) {
    if epochs < 0 { throw .invalidArgument("epochs cannot be negative") }
    if batchSize < 1 { throw .invalidArgument("the batch size must be at least 1") }
    if !(lr >= 0) || !lr.isFinite { throw .invalidArgument("the learning rate must be a finite number ≥ 0") }
    if !(lambda >= 0) || !lambda.isFinite { throw .invalidArgument("lambda must be a finite number ≥ 0") }
  }
}

/// Where a training run is, reported after every batch (for a progress bar).
public struct TrainingProgress: Sendable {
  public let epoch: Int
  public let epochs: Int
  /// Batches and examples done in this epoch.
  public let batch: Int
  public let batches: Int
  public let examplesDone: Int
  public let examplesPerEpoch: Int

  /// The part of the whole run that is done, 0...1.
  public var fraction: Double {
    let total = Double(epochs) * Double(examplesPerEpoch)
    return total == 0 ? 1 : (Double(epoch - 1) * Double(examplesPerEpoch) + Double(examplesDone)) / total
  }

  /// Examples processed since the start of the run.
  public var examplesSoFar: Int { (epoch - 1) * examplesPerEpoch + examplesDone }
}

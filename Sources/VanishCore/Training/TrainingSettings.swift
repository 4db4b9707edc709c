/// What `train` is asked to do: how long, in batches of what size, at what rate, for which cost,
/// with which method and how much L2 regularisation (lambda).
public struct TrainingSettings: Sendable, Equatable {
  public var epochs: Int
  public var batchSize: Int
  public var lr: Double
  public var cost: Cost
  public var method: Optimizer.Method
  public var lambda: Double
  /// `clip=c`: the batch's gradient (every parameter together) is rescaled to norm c when its
  /// norm is larger, as PyTorch's clip_grad_norm_; nil: never.
  public var clip: Double?
  /// Whether the history measures the network before the first epoch and after each (the cost
  /// over the whole training set, the test accuracy, the learning speeds). Without, `train`
  /// runs only the loop and the history keeps each epoch's mean batch cost.
  public var monitor: Bool

  /// Without `lr`, the method's default (see `defaultLearningRate`).
  public init(
    epochs: Int = 1, batchSize: Int = 10, lr: Double? = nil, cost: Cost = .quadratic,
    method: Optimizer.Method = .sgd, lambda: Double = 0, clip: Double? = nil, monitor: Bool = true
  ) {
    self.clip = clip
    self.monitor = monitor
    self.epochs = epochs
    self.batchSize = batchSize
    self.lr = lr ?? TrainingSettings.defaultLearningRate(method)
    self.cost = cost
    self.method = method
    self.lambda = lambda
  }

  /// The learning rate when none is given, a usual starting point for each method on networks
  /// of this size: sgd 0.5 (Nielsen's network2), momentum 0.05 (sgd's step once the velocity
  /// has built up to 1/(1 - 0.9) times it), adagrad 0.05, rmsprop and adam 0.001.
  public static func defaultLearningRate(_ method: Optimizer.Method) -> Double {
    switch method {
    case .sgd: return 0.5
    case .momentum, .adagrad: return 0.05
    case .rmsprop, .adam: return 0.001
    }
  }

  func validate() throws(CoreError) {
    if epochs < 0 { throw .invalidArgument("epochs cannot be negative") }
    if batchSize < 1 { throw .invalidArgument("the batch size must be at least 1") }
    if !(lr >= 0) || !lr.isFinite { throw .invalidArgument("the learning rate must be a finite number ≥ 0") }
    if !(lambda >= 0) || !lambda.isFinite { throw .invalidArgument("lambda must be a finite number ≥ 0") }
    if let clip, !(clip > 0) || !clip.isFinite { throw .invalidArgument("clip must be a finite number > 0") }
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

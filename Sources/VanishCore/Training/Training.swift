import Foundation

extension Network {
  /// Trains the network in place by mini-batch gradient descent (Nielsen's `SGD`): each epoch
  /// shuffles the training examples with `rng`, cuts them into batches of `batchSize` (the last
  /// one smaller when the size does not divide), and after each batch takes one step of the
  /// method with the batch's mean gradient; for sgd that is
  ///   w <- (1 - lr*lambda/n) w - (lr/m) sum_x dC_x/dw,   b <- b - (lr/m) sum_x dC_x/db.
  /// Measures before the first epoch and after each one (see `TrainingHistory`).
  ///
  /// Ctrl-C (`Interrupt`, or whatever `stopRequested` says after each batch) stops it after the
  /// current batch: the network keeps what it learned, the history is measured at that point and
  /// returned with `interruption` set. A cost that becomes NaN or infinite throws `.diverged`,
  /// naming the epoch and batch.
  public mutating func train(
    on data: Dataset, _ settings: TrainingSettings, using rng: inout SeededGenerator,
    stopRequested: () -> Bool = Interrupt.take, progress: ((TrainingProgress) -> Void)? = nil
  ) throws(CoreError) -> TrainingHistory {
    try train(on: data, settings, using: &rng, stopRequested: stopRequested, progress: progress, measuringAhead: true)
  }

  /// `train`, measuring each epoch's end beside the next epoch (`BackgroundMeasurement`) where
  /// the pair's second core is there for it, or each on the spot (`measuringAhead` false: the
  /// tests' way to compare; the history is the same bits).
  mutating func train(
    on data: Dataset, _ settings: TrainingSettings, using rng: inout SeededGenerator,
    stopRequested: () -> Bool, progress: ((TrainingProgress) -> Void)?, measuringAhead: Bool
  ) throws(CoreError) -> TrainingHistory {
    var epochs = try EpochRunner(network: self, data: data, settings)
    let n = data.size
    let batches = epochs.batches
    /// The measurements' buffers: lent to each measurement made beside an epoch, and back.
    var evaluator = Evaluator()
    var history = TrainingHistory(
      settings: settings, trainingSize: n, testSize: data.test?.size ?? 0,
      probeSize: min(Evaluator.probe, n), layers: depth)
    let test = data.test.flatMap { $0.size > 0 ? $0 : nil }
    let sets = [data] + (test.map { [$0] } ?? [])
    // Beside the next epoch where the pair's second core can take it (then OpenBLAS has one
    // thread, as the measurement's products need).
    let ahead = measuringAhead && settings.monitor && epochs.pairing && settings.epochs > 0

    func regularization(_ net: Network) -> Double {
      settings.lambda > 0
        ? settings.lambda / (2 * Double(n)) * net.layers.reduce(0.0) { sum, layer in layer.w.storage.reduce(sum) { $0 + $1 * $1 } }
        : 0
    }

    /// Adds a measurement of `net` at `epoch`, or throws `.diverged` naming epoch e, batch b,
    /// when its cost is not finite.
    func record(
      _ measured: (sets: [(cost: Double, correct: Int)], speeds: [Double]?), of net: Network,
      at epoch: Double, epoch e: Int, batch b: Int
    ) throws(CoreError) {
      let cost = measured.sets[0].cost + regularization(net)
      if !cost.isFinite { throw .diverged(epoch: e, batch: b, batches: batches, cost: cost) }
      history.epochs.append(epoch)
      history.costs.append(cost)
      if let test {
        history.accuracies.append(Double(measured.sets[1].correct) / Double(test.size))
      }
      history.speeds.append(measured.speeds!)
    }

    /// Measures the network as it is at `epoch`, reached after batch `b` of epoch `e`.
    func measure(at epoch: Double, epoch e: Int, batch b: Int) throws(CoreError) {
      history.clippedBatches = epochs.clipped
      if !settings.monitor {
        // Only what the loop saw: its batches' mean cost.
        history.epochs.append(epoch)
        history.costs.append(epochs.epochCost + regularization(self))
        return
      }
      // The training cost, the test accuracy and the speeds, on every core at once.
      try record(
        evaluator.measure(self, on: sets, cost: settings.cost, speedsOn: data), of: self, at: epoch, epoch: e, batch: b)
    }

    /// Starts measuring the network as it is at the end of epoch e, beside the next epoch.
    func measureAhead(epoch e: Int) -> BackgroundMeasurement {
      var buffers = Evaluator()
      swap(&buffers, &evaluator)
      return BackgroundMeasurement(
        self, generator: rng, at: Double(e), epoch: e, batch: e == 0 ? 0 : batches, on: sets, cost: settings.cost,
        speedsOn: data, evaluator: buffers)
    }

    /// Waits for a measurement made beside an epoch and adds it. One that found a cost that is
    /// not finite throws as measuring on the spot would have, with the network and the generator
    /// put back as they were then.
    func finish(_ m: BackgroundMeasurement) throws(CoreError) {
      let measured = m.wait()
      evaluator = measured.evaluator
      do {
        try record((measured.sets, measured.speeds), of: m.network, at: m.at, epoch: m.epoch, batch: m.batch)
      } catch {
        self = m.network
        rng = m.generator
        throw error
      }
    }

    var pending: BackgroundMeasurement?
    let finite = layers.allSatisfy { $0.parameters.allSatisfy(\.isFinite) }
    if settings.monitor {
      // A network that holds NaN or Inf is measured on the spot: that measurement decides, as
      // it always did, whether training can start.
      if ahead && finite {
        pending = measureAhead(epoch: 0)
      } else {
        try measure(at: 0, epoch: 0, batch: 0)
      }
    } else if depth > 0, !finite {
      // What the first measurement would have found: training cannot start.
      throw .diverged(epoch: 0, batch: 0, batches: batches, cost: .nan)
    }
    if settings.epochs == 0 { return history }
    for epoch in 1...settings.epochs {
      let stopped: Int?
      do {
        stopped = try BLAS.withThreads(epochs.threads) { () throws(CoreError) in
          try epochs.run(epoch, &self, using: &rng, stopRequested: stopRequested, progress: progress, beside: pending)
        }
      } catch {
        // The measurement before this epoch comes first, as it would have on the spot.
        if let m = pending {
          pending = nil
          try finish(m)
        }
        throw error
      }
      if let m = pending {
        pending = nil
        try finish(m)
      }
      if let stop = stopped,
        epoch < settings.epochs || stop < batches
      {
        try measure(at: Double(epoch - 1) + Double(stop) / Double(batches), epoch: epoch, batch: stop)
        history.interruption = .init(epoch: epoch, batch: stop, batches: batches)
        return history
      }
      if ahead && epoch < settings.epochs {
        pending = measureAhead(epoch: epoch)
      } else {
        try measure(at: Double(epoch), epoch: epoch, batch: batches)
      }
    }
    return history
  }

  /// One epoch of `train` without its measurements (the benchmark times training alone): the
  /// same shuffle, batches and steps, so the network ends as `train` with one epoch leaves it.
  public mutating func trainEpoch(
    on data: Dataset, _ settings: TrainingSettings, using rng: inout SeededGenerator
  ) throws(CoreError) {
    try trainEpoch(on: data, settings, using: &rng, pairing: CorePair.available, always: false)
  }

  /// `trainEpoch` with the pair as `PairSchedule` decides, or for every batch (`always`, the
  /// tests' way to compare), or for none (`pairing` false).
  mutating func trainEpoch(
    on data: Dataset, _ settings: TrainingSettings, using rng: inout SeededGenerator, pairing: Bool, always: Bool = true
  ) throws(CoreError) {
    var epochs = try EpochRunner(network: self, data: data, settings, pairing: pairing)
    epochs.alwaysPaired = pairing && always
    try BLAS.withThreads(epochs.threads) { () throws(CoreError) in
      _ = try epochs.run(1, &self, using: &rng, stopRequested: { false }, progress: nil)
    }
  }
}

/// The buffers and the method's state of a training run, and its loop over one epoch's batches.
struct EpochRunner {
  let data: Dataset
  let settings: TrainingSettings
  let m: Int
  let batches: Int
  private var full: Pass
  private var remainder: Pass?
  private var stepper: TrainingStep
  /// Steps whose gradient `clip=` rescaled so far.
  var clipped: Int { stepper.clipped }
  /// The mean cost of the batches of the last epoch run (of those done, when it stopped), each
  /// as its batch went through: an unmonitored history's cost.
  private(set) var epochCost = Double.nan
  /// Whether the inputs of large datasets are converted ahead on a second thread
  /// (`InputPrefetcher`); the numbers are the same either way.
  let prefetching: Bool
  /// Whether the large products of each step are shared with a second thread (`CorePair`): on a
  /// machine with two cores, when a dense layer's product is large enough. OpenBLAS then keeps
  /// one thread.
  let pairing: Bool
  /// Every batch with the pair, not as `PairSchedule` decides (the tests' way to compare).
  var alwaysPaired = false
  /// The batch at which the pair is given up whatever the schedule says (the tests' way to
  /// reach the prefetcher that takes over).
  var giveUpAt: Int?
  /// OpenBLAS's threads for the epochs, as a batch's largest product asks (100 x 784 by a batch
  /// of 128 gets two; see `BLAS.threads(forProduct:)`), or one while a pair shares them.
  var threads: Int {
    if pairing { return 1 }
    let largest = full.a.indices.dropFirst().map { full.a[$0].rows * (($0 == 1) ? full.x.cols : full.a[$0 - 1].rows) }.max() ?? 0
    return BLAS.threads(forProduct: Double(largest) * Double(m))
  }

  /// Checks the data and settings against the network (as `train` needs them), then makes the
  /// buffers.
  init(
    network: Network, data: Dataset, _ settings: TrainingSettings, prefetching: Bool = true,
    pairing: Bool = CorePair.available
  ) throws(CoreError) {
    try network.checkData(data)
    try settings.validate()
    try settings.cost.validate(outputActivation: network.layers[network.depth - 1].activation)
    if data.size == 0 { throw .invalidArgument("the dataset is empty") }
    self.prefetching = prefetching
    let n = data.size
    let size = min(settings.batchSize, n)
    if network.hasBatchNorm && (size < 2 || n % size == 1) {
      throw .invalidArgument(
        "batchnorm normalizes over a batch: every batch needs 2 examples or more, and "
          + (size < 2 ? "batch=\(size) gives 1" : "\(n) examples in batches of \(size) leave a last batch of 1"))
    }
    self.data = data
    self.settings = settings
    m = min(settings.batchSize, n)
    batches = (n + m - 1) / m
    let m = m
    self.pairing = pairing && !BLAS.userChoseThreads
      && network.layers.contains { $0.kindTag == .dense && $0.dense.splitsForward(batch: m) }
    full = Pass(network: network, examples: m)
    full.halves = true
    remainder = n % m == 0 ? nil : Pass(network: network, examples: n % m)
    remainder?.halves = true
    stepper = TrainingStep(
      method: settings.method, lr: settings.lr, decay: 1 - settings.lr * settings.lambda / Double(n), clip: settings.clip,
      network: network)
  }

  /// Epoch `epoch`: shuffles the examples with `rng` and takes a step after each batch. Returns
  /// nil when every batch was done, or the number of batches done when `stopRequested` said stop.
  /// While a measurement runs `beside` it, on the second core, the batches go without the pair.
  /// A cost that is not finite throws `.diverged` (the step of that batch is not taken).
  mutating func run(
    _ epoch: Int, _ net: inout Network, using rng: inout SeededGenerator, stopRequested: () -> Bool,
    progress: ((TrainingProgress) -> Void)?, beside: BackgroundMeasurement? = nil
  ) throws(CoreError) -> Int? {
    let n = data.size
    let order = rng.permutation(n)
    let prefetches = prefetching && InputPrefetcher.isWorthwhile(examples: n, batch: m)
    var prefetcher = prefetches && !pairing ? InputPrefetcher(data: data, order: order, batch: m) : nil
    defer { prefetcher?.stop() }
    // Set when the pair lost two trials in a row: the rest of the epoch goes without it.
    var withoutPair = false
    var costSum = 0.0
    var examplesDone = 0
    defer { epochCost = costSum / Double(max(examplesDone, 1)) }
    // The pair from the first batch, or once the measurement beside this epoch is done (until
    // then it has the second core).
    var pair: CorePair?
    var schedule = PairSchedule(first: 0)
    defer {
      pair?.stop()
      full.pair = nil
      remainder?.pair = nil
    }
    // The next full batch's inputs, converted by the pair's helper while a batch that does not
    // share its products steps on this thread (what `InputPrefetcher` does without a pair).
    var next = Matrix(rows: 0, cols: 0)
    var nextBatch = -1
    for b in 0..<batches {
      if pairing, !withoutPair, pair == nil, beside?.isDone ?? true {
        pair = CorePair()
        schedule = PairSchedule(first: b)
      }
      if let p = pair, (schedule.givesUp && !alwaysPaired) || giveUpAt == b {
        p.stop()
        pair = nil
        full.pair = nil
        remainder?.pair = nil
        withoutPair = true
        // From the batch after the one the helper may have converted already.
        let start = nextBatch == b ? b + 1 : b
        if prefetches && start < n / m {
          prefetcher = InputPrefetcher(data: data, order: order, batch: m, from: start)
        }
      }
      if let pair {
        let shares = schedule.begin(b)
        full.pair = shares || alwaysPaired ? pair : nil
        remainder?.pair = full.pair
      }
      defer { if pair != nil { schedule.end(b) } }
      let indices = ExampleIndices.list(order[(b * m)..<min((b + 1) * m, n)])
      let cost: Double
      if indices.count == m {
        if nextBatch == b {
          swap(&full.x, &next)
          full.loadTargets(data, indices)
        } else if let prefetcher {
          prefetcher.take(b, into: &full.x)
          full.loadTargets(data, indices)
        } else {
          full.load(data, indices)
        }
        if let pair, full.pair == nil, (b + 2) * m <= n {
          if next.rows != m { next = Matrix(rows: m, cols: data.inputSize) }
          cost = stepConverting(.list(order[((b + 1) * m)..<((b + 2) * m)]), into: &next, on: pair, &net)
          nextBatch = b + 1
        } else {
          cost = EpochRunner.step(&full, &stepper, &net, settings.cost)
        }
      } else {
        remainder!.load(data, indices)
        cost = EpochRunner.step(&remainder!, &stepper, &net, settings.cost)
      }
      if !cost.isFinite { throw .diverged(epoch: epoch, batch: b + 1, batches: batches, cost: cost) }
      costSum += cost * Double(indices.count)
      examplesDone += indices.count
      progress?(
        TrainingProgress(
          epoch: epoch, epochs: settings.epochs, batch: b + 1, batches: batches,
          examplesDone: min((b + 1) * m, n), examplesPerEpoch: n))
      if stopRequested() { return b + 1 }
    }
    return nil
  }

  /// The step of the full batch loaded, on this thread, while the pair's helper converts the
  /// inputs of the examples `upcoming` into x (one per row). Returns the step's cost.
  private mutating func stepConverting(
    _ upcoming: ExampleIndices, into x: inout Matrix, on pair: CorePair, _ net: inout Network
  ) -> Double {
    let data = data
    let costFunction = settings.cost
    var cost = 0.0
    withUnsafeMutablePointer(to: &full) { fp in
      withUnsafeMutablePointer(to: &stepper) { sp in
        withUnsafeMutablePointer(to: &net) { np in
          withUnsafeMutablePointer(to: &cost) { cp in
            x.storage.withUnsafeMutableBufferPointer { xp in
              nonisolated(unsafe) let (fp, sp, np, cp, xp) = (fp, sp, np, cp, xp.baseAddress!)
              // Two jobs of one each: the step is the caller's, the conversion the helper's.
              pair.split(2, cut: 1) { r in
                if r.lowerBound == 0 {
                  cp.pointee = EpochRunner.step(&fp.pointee, &sp.pointee, &np.pointee, costFunction)
                } else {
                  data.fillInputRows(upcoming, rows: 0..<upcoming.count, into: xp)
                }
              }
            }
          }
        }
      }
    }
    return cost
  }

  /// One step on the batch loaded into `pass`; returns the batch's cost, and takes no step when
  /// that is not finite.
  private static func step(
    _ pass: inout Pass, _ stepper: inout TrainingStep, _ net: inout Network, _ costFunction: Cost
  ) -> Double {
    pass.forward(&net, mode: .batchStatistics, updating: true)
    let cost = pass.cost(costFunction, depth: net.depth)
    if !cost.isFinite { return cost }
    pass.backward(net, cost: costFunction)
    stepper.step(&net, pass)
    return cost
  }
}

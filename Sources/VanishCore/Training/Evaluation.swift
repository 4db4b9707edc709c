/// Measurements of a network on whole datasets: the mean cost, the accuracy and the learning
/// speed of each layer. Examples go through in chunks of up to 1000 with buffers kept between
/// calls, so that measuring after every epoch allocates nothing new.
struct Evaluator {
  static let chunk = 1000
  /// How many training examples the learning speeds are measured on (Nielsen's figures use 1000).
  static let probe = 1000
  private var passes: [Int: Pass] = [:]

  /// Runs `body` on the buffers for m examples, made on first use; they are taken out of the
  /// table meanwhile so that writing them never copies them.
  private mutating func withPass<R>(_ net: Network, _ m: Int, _ body: (inout Pass) -> R) -> R {
    var p = passes.removeValue(forKey: m) ?? Pass(network: net, examples: m)
    defer { passes[m] = p }
    return body(&p)
  }

  /// The mean cost over every example and how many are classified correctly.
  mutating func measure(_ net: Network, on data: Dataset, cost: Cost) -> (cost: Double, correct: Int) {
    var total = 0.0
    var correct = 0
    var start = 0
    while start < data.size {
      let m = min(Evaluator.chunk, data.size - start)
      let range = start..<(start + m)
      withPass(net, m) { p in
        p.load(data, .range(range))
        p.forward(net, mode: .runningStatistics)
        total += p.cost(cost, depth: net.depth) * Double(m)
        correct += Evaluator.correct(p)
      }
      start += m
    }
    return (total / Double(max(data.size, 1)), correct)
  }

  /// ||mean dC/db[l]|| for l = 1...L over the first `probe` examples (for a normalization
  /// layer ||dC/dshift[l]||), with the running estimates, as every measurement of a history.
  mutating func speeds(_ net: Network, on data: Dataset, cost: Cost) -> [Double] {
    let m = min(Evaluator.probe, data.size)
    return withPass(net, m) { p in
      p.load(data, .range(0..<m))
      p.forward(net, mode: .runningStatistics)
      p.backward(net, cost: cost)
      return (1...net.depth).map { l in p.meanDelta(l).euclideanNorm }
    }
  }

  /// How many columns of the output match their target's class: the largest output against
  /// the one-hot target's 1 (for a single output, both read as 1 when at least 1/2).
  private static func correct(_ p: Pass) -> Int {
    let out = p.a[p.a.count - 1]
    let rows = out.rows
    let m = p.m
    var count = 0
    out.storage.withUnsafeBufferPointer { ap in
      p.y.storage.withUnsafeBufferPointer { yp in
        for c in 0..<m {
          if rows == 1 {
            if (ap[c] >= 0.5) == (yp[c] >= 0.5) { count += 1 }
            continue
          }
          var predicted = 0
          var target = 0
          for j in 1..<rows {
            if ap[j * m + c] > ap[predicted * m + c] { predicted = j }
            if yp[j * m + c] > yp[target * m + c] { target = j }
          }
          if predicted == target { count += 1 }
        }
      }
    }
    return count
  }
}

extension Network {
  /// The fraction of examples classified correctly: the largest output is the target's class
  /// (for a single output, output and target are both at least 1/2 or both below).
  public func accuracy(on data: Dataset) throws(CoreError) -> Double {
    try checkData(data)
    if data.size == 0 { throw .invalidArgument("the dataset is empty") }
    var e = Evaluator()
    return Double(e.measure(self, on: data, cost: .quadratic).correct) / Double(data.size)
  }

  /// The mean cost over every example.
  public func meanCost(on data: Dataset, cost: Cost) throws(CoreError) -> Double {
    try checkData(data)
    try cost.validate(outputActivation: layers[depth - 1].activation)
    var e = Evaluator()
    return e.measure(self, on: data, cost: cost).cost
  }

  /// Each layer's learning speed, ||dC/db[l]|| averaged over the first 1000 examples (all of
  /// them when there are fewer), as Nielsen's chapter 5 measures it.
  public func learningSpeeds(on data: Dataset, cost: Cost) throws(CoreError) -> [Double] {
    try checkData(data)
    if data.size == 0 { throw .invalidArgument("the dataset is empty") }
    try cost.validate(outputActivation: layers[depth - 1].activation)
    var e = Evaluator()
    return e.speeds(self, on: data, cost: cost)
  }

  /// Checks that the data's examples fit the network.
  public func checkData(_ data: Dataset) throws(CoreError) {
    if depth == 0 { throw .invalidArgument("the network has no layers") }
    if data.inputSize != inputSize || data.outputSize != outputSize {
      throw .shapeMismatch(
        "the network maps \(inputSize) inputs to \(outputSize) outputs but the data maps \(data.inputSize) to \(data.outputSize)")
    }
  }
}

import Dispatch
import Foundation
import Synchronization

/// Measurements of a network on whole datasets: the mean cost, the accuracy and the learning
/// speed of each layer. Examples go through in chunks of 1000 (a product of the first layer's
/// weights by 1000 inputs at a time), with buffers kept between calls, so that measuring after
/// every epoch allocates nothing new. A dataset of several chunks is shared between the
/// machine's cores (two here): each worker takes the next chunk from a counter and keeps the
/// chunk's cost and count; they are summed in the chunks' order afterwards, so the numbers are
/// the same bits on one core or many.
struct Evaluator {
  static let chunk = 1000
  /// How many training examples the learning speeds are measured on (Nielsen's figures use 1000).
  static let probe = 1000
  /// Workers for the chunks: the cores, up to 4 (each has its own chunk buffers).
  static let workers = min(4, CorePair.cores)
  private var passes: [Int: Pass] = [:]
  /// The workers of this evaluator (the tests compare one with several).
  var workers = Evaluator.workers
  /// One full chunk's buffers per worker (made on first use).
  private var chunkPasses: [Pass] = []

  /// Runs `body` on the buffers for m examples, made on first use; they are taken out of the
  /// table meanwhile so that writing them never copies them.
  private mutating func withPass<R>(_ net: Network, _ m: Int, _ body: (inout Pass) -> R) -> R {
    var p = passes.removeValue(forKey: m) ?? Pass(network: net, examples: m)
    defer { passes[m] = p }
    return body(&p)
  }

  /// The mean cost over every example and how many are classified correctly.
  mutating func measure(_ net: Network, on data: Dataset, cost: Cost) -> (cost: Double, correct: Int) {
    let full = data.size / Evaluator.chunk
    var totals = [Double](repeating: 0, count: full + 1)
    var counts = [Int](repeating: 0, count: full + 1)
    if full > 0 {
      let workers = min(self.workers, full)
      if chunkPasses.count < workers {
        chunkPasses = (0..<workers).map { _ in Pass(network: net, examples: Evaluator.chunk) }
      }
      let next = Atomic<Int>(0)
      totals.withUnsafeMutableBufferPointer { tp in
        counts.withUnsafeMutableBufferPointer { cp in
          chunkPasses.withUnsafeMutableBufferPointer { pp in
            nonisolated(unsafe) let (tp, cp, pp) = (tp, cp, pp)
            let run: @Sendable (Int) -> Void = { w in
              while true {
                let k = next.add(1, ordering: .relaxed).oldValue
                if k >= full { return }
                let start = k * Evaluator.chunk
                (tp[k], cp[k]) = Evaluator.chunk(&pp[w], net, data, start..<(start + Evaluator.chunk), cost)
              }
            }
            if workers == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: run) }
          }
        }
      }
    }
    let rest = data.size - full * Evaluator.chunk
    if rest > 0 {
      (totals[full], counts[full]) = withPass(net, rest) { p in
        Evaluator.chunk(&p, net, data, (full * Evaluator.chunk)..<data.size, cost)
      }
    }
    // In the chunks' order, as one worker would have added them.
    var total = 0.0
    for t in totals { total += t }
    return (total / Double(max(data.size, 1)), counts.reduce(0, +))
  }

  /// One chunk's total cost (mean times m) and how many of it are classified correctly.
  private static func chunk(
    _ p: inout Pass, _ net: Network, _ data: Dataset, _ range: Range<Int>, _ cost: Cost
  ) -> (Double, Int) {
    p.load(data, .range(range))
    p.forward(net, mode: .runningStatistics)
    return (p.cost(cost, depth: net.depth) * Double(range.count), Evaluator.correct(p))
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

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
    measure(net, on: [data], cost: cost, speedsOn: nil).sets[0]
  }

  /// A history's measurement in one go: each set's mean cost and count of correct examples, and
  /// the learning speeds on `speedsOn`'s first `probe` examples (`speeds`), all as one list of
  /// jobs shared by the workers (the speeds first, the largest job, then every chunk of every
  /// set), so that no core waits while another finishes a set. Each number is the one `measure`
  /// and `speeds` give alone.
  mutating func measure(
    _ net: Network, on sets: [Dataset], cost: Cost, speedsOn probeData: Dataset?
  ) -> (sets: [(cost: Double, correct: Int)], speeds: [Double]?) {
    let fulls = sets.map { $0.size / Evaluator.chunk }
    let firstJob = probeData == nil ? 0 : 1
    // Job j: the speeds (j = 0 when asked), then set s's chunk k in order.
    let starts = fulls.reduce(into: [firstJob]) { $0.append($0.last! + $1) }
    let jobs = starts.last!
    var totals = [Double](repeating: 0, count: jobs)
    var counts = [Int](repeating: 0, count: jobs)
    var speeds: [Double]? = nil
    let probeSize = probeData.map { min(Evaluator.probe, $0.size) } ?? 0
    var probePass = probeData.map { _ in passes.removeValue(forKey: probeSize) ?? Pass(network: net, examples: probeSize) }
    if jobs > 0 {
      let workers = min(self.workers, jobs)
      while chunkPasses.count < workers { chunkPasses.append(Pass(network: net, examples: Evaluator.chunk)) }
      let next = Atomic<Int>(0)
      var speedsOut = [Double](repeating: 0, count: net.depth)
      totals.withUnsafeMutableBufferPointer { tp in
        counts.withUnsafeMutableBufferPointer { cp in
          chunkPasses.withUnsafeMutableBufferPointer { pp in
            speedsOut.withUnsafeMutableBufferPointer { sp in
              withUnsafeMutablePointer(to: &probePass) { probe in
                nonisolated(unsafe) let (tp, cp, pp, sp, probe) = (tp, cp, pp, sp, probe)
                let run: @Sendable (Int) -> Void = { w in
                  while true {
                    let j = next.add(1, ordering: .relaxed).oldValue
                    if j >= jobs { return }
                    if j < firstJob {
                      let v = Evaluator.speeds(&probe.pointee!, net, probeData!, cost)
                      for l in v.indices { sp[l] = v[l] }
                      continue
                    }
                    let s = starts.lastIndex { $0 <= j }!
                    let start = (j - starts[s]) * Evaluator.chunk
                    (tp[j], cp[j]) = Evaluator.chunk(&pp[w], net, sets[s], start..<(start + Evaluator.chunk), cost)
                  }
                }
                if workers == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: run) }
              }
            }
          }
        }
      }
      if probeData != nil { speeds = speedsOut }
    }
    // Back in the table before the rests, which may be of the probe's size (a set of fewer than
    // 1000 examples) and then take the same buffers instead of making their own.
    if let probePass { passes[probeSize] = probePass }
    var results: [(cost: Double, correct: Int)] = []
    for (s, data) in sets.enumerated() {
      // The chunks in order, as one worker would have added them, then the rest.
      var total = 0.0
      var correct = 0
      for j in starts[s]..<starts[s + 1] {
        total += totals[j]
        correct += counts[j]
      }
      let rest = data.size - fulls[s] * Evaluator.chunk
      if rest > 0 {
        let (t, c) = withPass(net, rest) { p in Evaluator.chunk(&p, net, data, (fulls[s] * Evaluator.chunk)..<data.size, cost) }
        total += t
        correct += c
      }
      results.append((total / Double(max(data.size, 1)), correct))
    }
    return (results, speeds)
  }

  /// One chunk's total cost (mean times m) and how many of it are classified correctly.
  private static func chunk(
    _ p: inout Pass, _ net: Network, _ data: Dataset, _ range: Range<Int>, _ cost: Cost
  ) -> (Double, Int) {
    p.loadForward(data, range, net, mode: .runningStatistics)
    return (p.cost(cost, depth: net.depth) * Double(range.count), Evaluator.correct(p))
  }

  /// ||mean dC/db[l]|| for l = 1...L over the first `probe` examples (for a normalization
  /// layer ||dC/dshift[l]||), with the running estimates, as every measurement of a history.
  mutating func speeds(_ net: Network, on data: Dataset, cost: Cost) -> [Double] {
    withPass(net, min(Evaluator.probe, data.size)) { p in Evaluator.speeds(&p, net, data, cost) }
  }

  /// The speeds on the pass's m first examples of data.
  private static func speeds(_ p: inout Pass, _ net: Network, _ data: Dataset, _ cost: Cost) -> [Double] {
    p.loadForward(data, 0..<p.m, net, mode: .runningStatistics)
    p.backward(net, cost: cost)
    return (1...net.depth).map { l in p.meanDelta(l).euclideanNorm }
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

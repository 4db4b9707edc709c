/// One implementation's figures for one workload: the rate of each of its runs (three a process), its
/// peak memory and its test accuracy. Child processes (vanish-bench's and peers.py's) print
/// it as `RESULT workload peer peakMB accuracy rate rate rate`.
struct Result {
  var workload: String
  var peer: String
  var rates: [Double]
  var peakMB: Double
  var accuracy: Double?

  /// The statistic every ratio is taken from: the fastest run (other processes on a shared
  /// machine only ever slow a run down).
  var best: Double { rates.max() ?? 0 }
  var slowest: Double { rates.min() ?? 0 }

  var line: String {
    "RESULT \(workload) \(peer) \(peakMB) \(accuracy.map { String($0) } ?? "-") "
      + rates.map { String($0) }.joined(separator: " ")
  }

  init(workload: String, peer: String, rates: [Double], peakMB: Double, accuracy: Double?) {
    (self.workload, self.peer, self.rates, self.peakMB, self.accuracy) = (workload, peer, rates, peakMB, accuracy)
  }

  init?(line: Substring) {
    let f = line.split(separator: " ")
    guard f.count >= 6, f[0] == "RESULT", let peak = Double(f[3]) else { return nil }
    let rates = f[5...].compactMap { Double($0) }
    guard rates.count == f.count - 5 else { return nil }
    self.init(workload: String(f[1]), peer: String(f[2]), rates: rates, peakMB: peak, accuracy: Double(f[4]))
  }
}

func results(of output: String) -> [Result] {
  output.split(separator: "\n").compactMap { Result(line: $0) }
}

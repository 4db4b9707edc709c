// vanish-bench: the workloads of issue 7 with vanish and, where python3 with numpy is present,
// with the peers in bench/peers.py, in one run; then the start-up time of `vanish -e '1'`.
//
//   vanish-bench              every workload, each in its own process (so that each has its own
//                             peak memory), peers included; prints the table. vanish runs before
//                             and after the peers and its better run counts, as the better of
//                             numpy's two batched runs does
//   vanish-bench w1|w2|w3|w4  one workload with vanish; prints its RESULT line
//
// Run it from the repository (scripts/bench does): peers are found at bench/peers.py, the
// vanish executable next to this one. Fashion-MNIST is read from /usr/share/datasets.
import Foundation
import VanishCore

// MARK: - The workloads

/// W1-W3: one epoch of sigmoid layers `sizes`, quadratic cost, lr 3, batches of `batch`, over the
/// 60,000 training images, from the same start three times: the best rate of the three (other
/// processes on the machine only ever slow a run down; peers.py measures the same way) and the
/// test accuracy after the first.
func trainingWorkload(_ name: String, sizes: [Int], batch: Int) throws -> Result {
  let data = try FashionMNIST.load()
  let training = data.withoutTest
  var rng = SeededGenerator(seed: 1)
  var layers: [Layer] = []
  for (nIn, nOut) in zip(sizes, sizes.dropFirst()) {
    layers.append(Layer(inputs: nIn, outputs: nOut, activation: .sigmoid, using: &rng))
  }
  let start = try Network(layers: layers)
  let settings = TrainingSettings(epochs: 1, batchSize: batch, lr: 3, cost: .quadratic)
  var best = 0.0
  var accuracy = 0.0
  for run in 0..<3 {
    var net = start
    var shuffle = rng
    let begin = DispatchTime.now()
    try net.trainEpoch(on: training, settings, using: &shuffle)
    best = max(best, Double(data.size) / elapsed(since: begin))
    if run == 0 { accuracy = try net.accuracy(on: data.test!) }
  }
  return Result(workload: name, peer: "vanish", rate: best, peakMB: peakMegabytes(), accuracy: accuracy)
}

/// W4: dense(1, 1, sigmoid) x 50, the gradient of one example (forward and backward, every
/// dC/dw and dC/db), again and again; chains per second, the best of ten stretches of 0.1 s
/// (other processes on the machine only ever slow a stretch down; peers.py measures the same way).
func chainWorkload() throws -> Result {
  var rng = SeededGenerator(seed: 1)
  let layers = (0..<50).map { _ in Layer(inputs: 1, outputs: 1, activation: .sigmoid, using: &rng) }
  let net = try Network(layers: layers)
  var ws = GradientWorkspace(network: net)
  let x = [1.0]
  let y = [0.0]
  var checksum = 0.0
  var best = 0.0
  for _ in 0..<10 {
    var chains = 0
    let start = DispatchTime.now()
    var seconds = 0.0
    while seconds < 0.1 {
      for _ in 0..<1000 {
        checksum += try net.gradient(x, y, cost: .quadratic, into: &ws)
      }
      chains += 1000
      seconds = elapsed(since: start)
    }
    best = max(best, Double(chains) / seconds)
  }
  precondition(checksum.isFinite)
  return Result(workload: "w4", peer: "vanish", rate: best, peakMB: peakMegabytes(), accuracy: nil)
}

func elapsed(since start: DispatchTime) -> Double {
  Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

func peakMegabytes() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}

// MARK: - Results

/// One line of the table; child processes print it as `RESULT workload peer rate peakMB accuracy`.
struct Result {
  var workload: String
  var peer: String
  var rate: Double
  var peakMB: Double
  var accuracy: Double?

  var line: String {
    "RESULT \(workload) \(peer) \(rate) \(peakMB) \(accuracy.map { String($0) } ?? "-")"
  }

  init(workload: String, peer: String, rate: Double, peakMB: Double, accuracy: Double?) {
    (self.workload, self.peer, self.rate, self.peakMB, self.accuracy) = (workload, peer, rate, peakMB, accuracy)
  }

  init?(line: Substring) {
    let f = line.split(separator: " ")
    guard f.count == 6, f[0] == "RESULT", let rate = Double(f[3]), let peak = Double(f[4]) else { return nil }
    self.init(workload: String(f[1]), peer: String(f[2]), rate: rate, peakMB: peak, accuracy: Double(f[5]))
  }
}

// MARK: - Running processes

/// Runs a program to its end; its standard output and the wall time.
func run(_ arguments: [String], environment: [String: String]? = nil) -> (output: String, seconds: Double, status: Int32) {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  p.arguments = arguments
  if let environment { p.environment = environment }
  let pipe = Pipe()
  p.standardOutput = pipe
  let start = DispatchTime.now()
  do { try p.run() } catch { return ("", 0, -1) }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return (String(decoding: data, as: UTF8.self), elapsed(since: start), p.terminationStatus)
}

/// Wall time of one run of a program, started with posix_spawn (less overhead than Process).
func spawnSeconds(_ arguments: [String]) -> Double? {
  var pid = pid_t()
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  defer { posix_spawn_file_actions_destroy(&actions) }
  let argv = arguments.map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  let start = DispatchTime.now()
  guard posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return nil }
  var status: Int32 = 0
  waitpid(pid, &status, 0)
  return status == 0 ? elapsed(since: start) : nil
}

func results(of output: String) -> [Result] {
  output.split(separator: "\n").compactMap { Result(line: $0) }
}

// MARK: - The table

struct Peer {
  var name: String
  var label: String
  var environment: [String: String] = [:]
  /// The peer the workload's target is set against (the best of them when several are).
  var reference = false
}

struct Workload {
  var name: String
  var title: String
  var unit: String
  var peers: [Peer]
  /// vanish must be at least this many times faster than the best reference peer.
  var target: Double
}

let batched = [
  Peer(name: "batched", label: "numpy batched, its default threads", reference: true),
  Peer(name: "batched", label: "numpy batched, 1 thread", environment: ["OPENBLAS_NUM_THREADS": "1"], reference: true),
  Peer(name: "network.py", label: "numpy per example (network.py)"),
]
let workloads = [
  Workload(name: "w1", title: "W1 [784,30,10], batch 10, one epoch", unit: "ex/s", peers: batched, target: 2),
  Workload(name: "w2", title: "W2 [784,100,100,100,10], batch 10, one epoch", unit: "ex/s", peers: batched, target: 2),
  Workload(name: "w3", title: "W3 [784,100,100,100,10], batch 128, one epoch", unit: "ex/s", peers: batched, target: 1),
  Workload(
    name: "w4", title: "W4 dense(1,1,sigmoid) x 50, one example forward+backward", unit: "chains/s",
    peers: [
      Peer(name: "floats", label: "plain Python floats", reference: true),
      Peer(name: "network.py", label: "numpy per example (network.py)"),
    ], target: 10),
]

func format(_ x: Double) -> String {
  let s = String(Int(x.rounded()))
  var out = ""
  for (i, c) in s.reversed().enumerated() {
    if i > 0 && i % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return String(out.reversed())
}

func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
  let fill = String(repeating: " ", count: max(0, n - s.count))
  return right ? fill + s : s + fill
}

func machine() -> String {
  let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
  let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
    .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
  return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
}

func driver() {
  let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  let vanish = me.deletingLastPathComponent().appendingPathComponent("vanish").path
  let peers = "bench/peers.py"
  let numpy = FileManager.default.fileExists(atPath: peers) && run(["python3", "-c", "import numpy"]).status == 0
  print("vanish-bench on \(machine()); OpenBLAS kernel \(BLAS.kernel), \(BLAS.threads) thread(s)")
  if !numpy { print("(python3 with numpy, or bench/peers.py, not found: vanish alone)") }
  print()
  print("\(pad("workload / implementation", 46)) \(pad("rate", 10, right: true)) \(pad("peak MB", 8, right: true)) \(pad("accuracy", 9, right: true)) \(pad("vanish is", 10, right: true))")
  var verdicts: [(String, Bool)] = []
  for w in workloads {
    print(w.title + " (\(w.unit))")
    // vanish runs before the peers and after them, and the better run counts: the batched peer
    // runs twice too (with numpy's threads and with one), and its better run is the reference.
    var ours = results(of: run([me.path, w.name]).output).first
    var rows: [(Peer?, Result?)] = []
    if numpy {
      let environment = ProcessInfo.processInfo.environment
      for p in w.peers {
        let output = run(
          ["python3", peers, w.name, p.name], environment: environment.merging(p.environment) { $1 }
        ).output
        rows.append((p, results(of: output).first))
      }
      if let again = results(of: run([me.path, w.name]).output).first, again.rate > ours?.rate ?? 0 {
        ours = again
      }
    }
    rows.insert((nil, ours), at: 0)
    for (peer, r) in rows {
      let label = peer?.label ?? "vanish"
      guard let r else {
        print("  \(pad(label, 44)) failed")
        continue
      }
      let accuracy = r.accuracy.map { String(format: "%.2f%%", $0 * 100) } ?? "-"
      let ratio = ours.map { peer == nil ? "" : String(format: "%.2fx", $0.rate / r.rate) } ?? ""
      print(
        "  \(pad(label, 44)) \(pad(format(r.rate), 10, right: true)) \(pad(String(format: "%.0f", r.peakMB), 8, right: true)) \(pad(accuracy, 9, right: true)) \(pad(ratio, 10, right: true))"
      )
    }
    let best = rows.compactMap { p, r in p?.reference == true ? r?.rate : nil }.max()
    if let ours, let best {
      let ratio = ours.rate / best
      verdicts.append((String(format: "\(w.name.uppercased()) at least %gx the best reference peer: %.2fx", w.target, ratio), ratio >= w.target))
    }
    if w.name == "w1", let ours {
      if let accuracy = ours.accuracy {
        verdicts.append((String(format: "W1 test accuracy at least 78%%: %.2f%%", accuracy * 100), accuracy >= 0.78))
      }
      verdicts.append((String(format: "W1 peak memory at most 250 MB: %.0f MB", ours.peakMB), ours.peakMB <= 250))
    }
  }
  let times = (0..<10).compactMap { _ in spawnSeconds([vanish, "-e", "1"]) }.sorted()
  if times.count == 10 {
    let median = (times[4] + times[5]) / 2
    print(String(format: "start-up: vanish -e '1' %.1f ms (median of 10; fastest %.1f ms)", median * 1000, times[0] * 1000))
    verdicts.append((String(format: "vanish -e '1' under 50 ms: %.1f ms", median * 1000), median < 0.05))
  } else {
    print("start-up: \(vanish) -e '1' did not run")
  }
  print()
  for (text, met) in verdicts { print("\(met ? "met    " : "NOT MET") \(text)") }
}

// MARK: - Main

let arguments = CommandLine.arguments.dropFirst()
do {
  switch arguments.first {
  case nil: driver()
  case "w1": print(try trainingWorkload("w1", sizes: [784, 30, 10], batch: 10).line)
  case "w2": print(try trainingWorkload("w2", sizes: [784, 100, 100, 100, 10], batch: 10).line)
  case "w3": print(try trainingWorkload("w3", sizes: [784, 100, 100, 100, 10], batch: 128).line)
  case "w4": print(try chainWorkload().line)
  default:
    FileHandle.standardError.write(Data("usage: vanish-bench [w1|w2|w3|w4]\n".utf8))
    exit(2)
  }
} catch {
  FileHandle.standardError.write(Data("vanish-bench: \(error)\n".utf8))
  exit(1)
}

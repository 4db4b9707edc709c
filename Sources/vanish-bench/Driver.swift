import Foundation
import VanishCore

// MARK: - The workloads and their peers

struct Peer {
  var name: String
  var label: String
  var environment: [String: String] = [:]
  /// The peer the workload's target is set against (the faster of them when several are).
  var reference = false
}

struct Workload {
  var name: String
  var title: String
  var unit: String
  var peers: [Peer]
  /// vanish's best must be at least this many times the best reference peer's; nil: no target,
  /// the ratio is reported.
  var target: Double?
  /// What the reference is, for the targets' lines.
  var reference: String
}

let batched = [
  Peer(name: "batched", label: "numpy batched, its default threads", reference: true),
  Peer(name: "batched", label: "numpy batched, 1 thread", environment: ["OPENBLAS_NUM_THREADS": "1"], reference: true),
]
let perExample = Peer(name: "network.py", label: "numpy per example (network.py)")
let workloads = [
  Workload(
    name: "w1", title: "W1 [784,30,10], batch 10, one epoch", unit: "ex/s", peers: batched + [perExample], target: 3,
    reference: "numpy batched"),
  Workload(
    name: "w2", title: "W2 [784,100,100,100,10], batch 10, one epoch", unit: "ex/s", peers: batched + [perExample],
    target: 2.5, reference: "numpy batched"),
  Workload(
    name: "w3", title: "W3 [784,100,100,100,10], batch 128, one epoch", unit: "ex/s", peers: batched + [perExample],
    target: 1.5, reference: "numpy batched"),
  Workload(
    name: "w4", title: "W4 dense(1,1,sigmoid) x 50, one example forward+backward", unit: "chains/s",
    peers: [Peer(name: "floats", label: "plain Python floats", reference: true), perExample], target: 15,
    reference: "plain Python floats"),
  Workload(
    name: "w5", title: "W5 784-64, residual(layernorm -> dense 64) x 20, tanh, batch 32, one epoch", unit: "ex/s", peers: batched,
    target: nil, reference: "numpy batched"),
]

// MARK: - Printing

func format(_ x: Double) -> String {
  let s = String(Int(x.rounded()))
  var out = ""
  for (i, c) in s.reversed().enumerated() {
    if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
    out.append(c)
  }
  return String(out.reversed())
}

func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
  let fill = String(repeating: " ", count: max(0, n - s.count))
  return right ? fill + s : s + fill
}

let labelWidth = 46

/// A row of the table: the best rate, the range of the runs, peak memory, accuracy and
/// the ratio.
func printRow(_ label: String, _ r: Result?, ratio: String = "", memory: Bool = true) {
  guard let r else {
    print("  \(pad(label, labelWidth)) failed")
    return
  }
  let accuracy = r.accuracy.map { String(format: "%.2f%%", $0 * 100) } ?? "-"
  let range = "\(format(r.slowest))-\(format(r.best))"
  let peak = memory ? String(format: "%.0f", r.peakMB) : "-"
  print(
    "  \(pad(label, labelWidth)) \(pad(format(r.best), 10, right: true)) \(pad(range, 21, right: true)) \(pad(peak, 8, right: true)) \(pad(accuracy, 9, right: true)) \(pad(ratio, 10, right: true))"
  )
}

func ratio(_ ours: Result?, _ theirs: Result?) -> String {
  guard let ours, let theirs, theirs.best > 0 else { return "" }
  return String(format: "%.2fx", ours.best / theirs.best)
}

// MARK: - The run

/// One process of a peer (three runs of `workload` in bench/peers.py at `peers`), with the
/// peer's environment over ours; nil when it failed.
func peerRun(_ peers: String, _ workload: String, _ p: Peer) -> Result? {
  let environment = ProcessInfo.processInfo.environment.merging(p.environment) { $1 }
  return results(of: run(["python3", peers, workload, p.name], environment: environment).output).first
}

/// How many times each implementation of a workload runs its process of three runs, in turn
/// with the others.
let rounds = 2

/// The runs of two processes of one implementation as one result: every rate, the larger peak,
/// the first accuracy. A process that failed (nil) fails the whole: a figure is from every round
/// or none.
func merged(_ a: Result?, _ b: Result?, round: Int) -> Result? {
  if round == 0 { return b }
  guard let a, let b else { return nil }
  return Result(workload: a.workload, peer: a.peer, rates: a.rates + b.rates, peakMB: max(a.peakMB, b.peakMB), accuracy: a.accuracy ?? b.accuracy)
}

/// The OpenBLAS variables the environment sets, which vanish and numpy both read (none: no
/// lines): `  environment: OPENBLAS_CORETYPE=Haswell, for vanish and numpy alike`, and when it
/// overrides vanish's own choice, `  (without it vanish would ask for SkylakeX)`.
func environmentNote(_ environment: [String: String], kernelForCPU: String?) -> [String] {
  let set = environment.filter { $0.key.hasPrefix("OPENBLAS_") || $0.key == "OMP_NUM_THREADS" }.sorted { $0.key < $1.key }
  if set.isEmpty { return [] }
  var lines = ["  environment: " + set.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + ", for vanish and numpy alike"]
  if let chosen = environment["OPENBLAS_CORETYPE"], let own = kernelForCPU, own.lowercased() != chosen.lowercased() {
    lines.append("  (without OPENBLAS_CORETYPE vanish would ask for \(own))")
  }
  return lines
}

/// `vanish-bench`: every workload, each implementation in its own process (so that each has its
/// own peak memory) of three runs, `rounds` times in turn; W1's whole train call; the start-up
/// time; the targets.
func driver() {
  let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  let vanish = me.deletingLastPathComponent().appendingPathComponent("vanish").path
  let peers = "bench/peers.py"
  let numpy = FileManager.default.fileExists(atPath: peers) && run(["python3", "-c", "import numpy"]).status == 0
  print("vanish-bench on \(CPU.current.summary), \(ProcessInfo.processInfo.activeProcessorCount) cores")
  print("  vanish: OpenBLAS kernel \(BLAS.kernel), \(BLAS.threads) thread(s); sigmoid loop \(Activation.sigmoidLoop)")
  for line in environmentNote(ProcessInfo.processInfo.environment, kernelForCPU: BLAS.kernelForCPU) { print(line) }
  if numpy {
    let info = run(["python3", peers, "info"]).output.split(separator: "\n").first { $0.hasPrefix("INFO ") }
    print("  peers:  " + (info.map { String($0.dropFirst(5)) } ?? "numpy (its version unknown)"))
  } else {
    print("  (python3 with numpy, or bench/peers.py, not found: vanish alone)")
  }
  print("Each figure is the best of \(3 * rounds) runs (\(rounds) processes of three, each workload's")
  print("implementations taking turns), beside their range (slowest-fastest); \"vanish is\" is")
  print("vanish's best over the peer's best.")
  print()
  print(
    "\(pad("workload / implementation", labelWidth + 2)) \(pad("best", 10, right: true)) \(pad("range of \(3 * rounds) runs", 21, right: true)) \(pad("peak MB", 8, right: true)) \(pad("accuracy", 9, right: true)) \(pad("vanish is", 10, right: true))"
  )
  var verdicts: [(text: String, met: Bool?)] = []
  var w1Reference: Result?
  for w in workloads {
    print(w.title + " (\(w.unit))")
    // vanish, then each peer, and again: the machine's speed moves in phases of seconds to
    // minutes, which this spreads over every implementation alike.
    let others = numpy ? w.peers : []
    var ours: Result?
    var peerResults = [Result?](repeating: nil, count: others.count)
    for round in 0..<rounds {
      ours = merged(ours, results(of: run([me.path, w.name]).output).first, round: round)
      for (i, p) in others.enumerated() { peerResults[i] = merged(peerResults[i], peerRun(peers, w.name, p), round: round) }
    }
    printRow("vanish", ours)
    var best: Result?
    for (p, theirs) in zip(others, peerResults) {
      printRow(p.label, theirs, ratio: ratio(ours, theirs))
      if p.reference, let theirs, theirs.best > best?.best ?? 0 { best = theirs }
    }
    if let ours, let best {
      let r = ours.best / best.best
      if let target = w.target {
        verdicts.append((String(format: "\(w.name.uppercased()) at least %gx \(w.reference): %.2fx", target, r), r >= target))
      } else {
        verdicts.append((String(format: "\(w.name.uppercased()) against \(w.reference) (no target): %.2fx", r), nil))
      }
    }
    if w.name == "w1" {
      w1Reference = best
      if let accuracy = ours?.accuracy {
        verdicts.append((String(format: "W1 test accuracy at least 78%%: %.2f%%", accuracy * 100), accuracy >= 0.78))
      }
      if let ours {
        verdicts.append((String(format: "W1 peak memory at most 250 MB: %.0f MB", ours.peakMB), ours.peakMB <= 250))
      }
    }
  }
  verdicts += trainCallSection(me: me, numpyLoop: w1Reference, peers: numpy ? peers : nil)
  let times = (0..<10).compactMap { _ in spawnSeconds([vanish, "-e", "1"]) }.sorted()
  if times.count == 10 {
    let median = (times[4] + times[5]) / 2
    print(
      String(
        format: "start-up: vanish -e '1' %.1f ms (median of 10; fastest %.1f ms, slowest %.1f ms)", median * 1000,
        times[0] * 1000, times[9] * 1000))
    verdicts.append((String(format: "vanish -e '1' under 30 ms (median of 10): %.1f ms", median * 1000), median < 0.03))
  } else {
    print("start-up: \(vanish) -e '1' did not run")
  }
  print()
  for v in verdicts { print("\(v.met.map { $0 ? "met    " : "NOT MET" } ?? "-      ") \(v.text)") }
}

/// W1 as a user trains it (`TrainCalls`): each call and the training loop alone from one
/// process (`vanish-bench calls`), against numpy's bare loop: the fastest of W1's reference
/// rows and of W1's batched peers run again in turn with the calls (so that numpy's loop is
/// also measured in the same minutes as the calls, and the faster figure counts).
func trainCallSection(me: URL, numpyLoop: Result?, peers: String?) -> [(text: String, met: Bool?)] {
  print("W1 as a user trains it, `\(TrainCalls.calls[0].statement)`, timed alone")
  print("in one process with the data loaded (ex/s: 60,000 over the statement's time)")
  var rows: [Result] = []
  var numpyLoop = numpyLoop
  for round in 0..<rounds {
    let these = results(of: run([me.path, "calls"]).output)
    rows = these.compactMap { r in merged(rows.first { $0.workload == r.workload }, r, round: round) }
    if let peers {
      for p in batched where p.reference {
        if let theirs = peerRun(peers, "w1", p), theirs.best > numpyLoop?.best ?? 0 { numpyLoop = theirs }
      }
    }
  }
  let loop = rows.first { $0.workload == "loop" }
  var verdicts: [(text: String, met: Bool?)] = []
  var times: [String] = []
  for (i, call) in TrainCalls.calls.enumerated() {
    let r = rows.first { $0.workload == "call\(i + 1)" }
    printRow(call.label, r, ratio: ratio(r, numpyLoop), memory: false)
    if let r, let loop {
      times.append(
        String(format: "  %.3f s, of which the loop %.3f s and the rest %.3f s: ", 60000 / r.best, 60000 / loop.best, 60000 / r.best - 60000 / loop.best)
          + call.label)
    }
    if i == 0, let r, let numpyLoop {
      let x = r.best / numpyLoop.best
      verdicts.append((String(format: "W1's whole train call at least 2x numpy's bare training loop: %.2fx", x), x >= 2))
    }
  }
  printRow("the same process, the training loop alone", loop, ratio: ratio(loop, numpyLoop), memory: false)
  if let numpyLoop { printRow("numpy batched, its bare loop (its best W1 run)", numpyLoop, memory: false) }
  print("best runs in seconds:")
  times.forEach { print($0) }
  return verdicts
}

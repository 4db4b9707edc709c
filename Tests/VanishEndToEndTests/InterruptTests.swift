import Foundation
import Testing

/// Ctrl-C (SIGINT) stops a long computation at its next safe point.
@Suite struct InterruptTests {
  /// Ctrl-C during a hundred-million-step descent stops it at once, and, as train keeps its
  /// history, the path so far is assigned: f(w) = w falls by lr = 0.5 a step, so after N steps
  /// the last point is exactly 1 - N/2, and the statements after it run.
  @Test func sigintStopsAHundredMillionStepDescentAndKeepsThePath() throws {
    let r = try interrupted(
      "f(w) = w; p = descend(f, from=1, lr=0.5, steps=100000000)\np.steps\np.last\np.stopped\np.values.shape")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr == "")
    #expect(r.elapsed < 4, "it stopped at once, not \(r.elapsed) s after Ctrl-C")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 5, "\(r.stdout)")
    guard lines.count == 5 else { return }
    let note = try #require(
      lines[0].wholeMatch(of: /interrupted after step (\d+) of 100000000: the path so far is returned/), "\(lines[0])")
    let steps = try #require(Int(note.1))
    #expect(steps > 1000, "it ran for a second and a half before Ctrl-C")
    #expect(lines[1] == "\(steps)")
    #expect(Double(lines[2].dropFirst().dropLast()) == 1 - 0.5 * Double(steps), "\(lines[2])")
    #expect(lines[3] == "\"Ctrl-C interrupted it after \(steps) steps\"")
    // Every point up to 100,000 steps; beyond, every k-th and the last.
    let kept = try #require(Int(lines[4].dropFirst().dropLast()))
    if steps <= 100_000 {
      #expect(kept == steps + 1)
    } else {
      #expect(kept > 50_000 && kept <= 100_002, "\(lines[4])")
    }
  }

  /// Drawing a large layer takes seconds (Gram-Schmidt's k^2 n for orthogonal, 10^8 normals):
  /// the initialisers stop early and the unfinished layer is thrown away.
  @Test(arguments: [
    "net = dense(4000, 4000, init=orthogonal); 1",
    "net = dense(10000, 10000); 1",
    "net = dense(2, 2) x 2 -> dense(2, 10000) -> dense(10000, 10000, init=he); 1",
  ])
  func sigintStopsTheDrawingOfALargeLayer(_ source: String) throws {
    try stopsAtOnce(source, after: 1.0)
  }

  /// A comprehension over a range of 10^7 evaluates its body ten million times: Ctrl-C stops
  /// it between two elements, and nothing is assigned.
  @Test func sigintStopsAComprehensionOverTenMillion() throws {
    try stopsAtOnce("v = [sin(L) * 2 for L in 1:10000000]; 1", after: 1.0)
  }

  /// A large product is computed in pieces of bounded work, with Ctrl-C looked for before
  /// each: eye(10000) @ eye(10000) is 10^12 multiply-adds, tens of seconds even on two threads.
  /// Making eye(10000) takes seconds in a debug build, many more on a busy machine, and looks
  /// for Ctrl-C nowhere; so this runs at the prompt, where the prompt after `x = eye(10000)`
  /// says when x is made, and Ctrl-C comes once the product has begun.
  @Test func sigintStopsALargeProduct() throws {
    let t = try Terminal()
    t.expect("vanish> ")
    try t.type("x = eye(10000)")
    try t.send("Enter")
    t.expect("x = eye(10000)\nvanish> ", timeout: 300)
    try t.type("y = x @ x")
    t.expect("vanish> y = x @ x", atEnd: true)
    try t.send("Enter")
    t.expect("vanish> y = x @ x\n")
    // The product starts as soon as the line is read; give it a moment to be well under way.
    Thread.sleep(forTimeInterval: 0.5)
    try t.send("C-c")
    let interrupted = Date()
    t.expect("interrupted; every variable is as it was before this statement\nvanish> ", timeout: 60)
    let elapsed = Date().timeIntervalSince(interrupted)
    #expect(elapsed < 4, "it stopped at once, not \(elapsed) s after Ctrl-C")
    try t.type("y")
    try t.send("Enter")
    t.expect("error: 1:1: unknown name 'y'")
  }

  /// Runs `source` with `vanish -e`, sends SIGINT after `wait` seconds and waits (10 s at most).
  func interrupted(_ source: String, after wait: Double = 1.5) throws
    -> (status: Int32, stdout: String, stderr: String, elapsed: Double)
  {
    let process = Process()
    process.executableURL = vanishBinary
    process.arguments = ["-e", source]
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    Thread.sleep(forTimeInterval: wait)
    #expect(process.isRunning, "\(source) takes longer than \(wait) s")
    kill(process.processIdentifier, SIGINT)
    let interrupted = Date()
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      Issue.record("still running 10 s after SIGINT")
      kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    let elapsed = Date().timeIntervalSince(interrupted)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, stdout, stderr, elapsed)
  }

  func stopsAtOnce(_ source: String, after wait: Double = 1.5, exactMessage: Bool = true) throws {
    let r = try interrupted(source, after: wait)
    #expect(r.status == 130)
    if exactMessage {
      #expect(r.stderr == "interrupted; every variable is as it was before this statement\n")
    } else {
      #expect(r.stderr.hasPrefix("interrupted"), "\(r.stderr)")
    }
    #expect(r.stdout == "", "the statements after the interrupted one do not run")
    #expect(r.elapsed < 4, "it stopped at once, not \(r.elapsed) s after Ctrl-C")
  }
}

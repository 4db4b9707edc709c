import Foundation
import Testing

/// Ctrl-C (SIGINT) stops a long computation at its next safe point.
@Suite struct InterruptTests {
  @Test func sigintStopsAHundredMillionStepDescent() throws {
    try stopsAtOnce("f(w1, w2) = 0.001*w1^2 + w2^2; p = descend(f, from=[1, 1], lr=0.5, steps=100000000); 1")
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

  func stopsAtOnce(_ source: String, after wait: Double = 1.5) throws {
    let process = Process()
    process.executableURL = vanishBinary
    process.arguments = ["-e", source]
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
    #expect(process.terminationStatus == 130)
    #expect(stderr == "interrupted; every variable is as it was before this statement\n")
    #expect(stdout == "", "the statements after the interrupted one do not run")
    #expect(elapsed < 4, "it stopped at once, not \(elapsed) s after Ctrl-C")
  }
}

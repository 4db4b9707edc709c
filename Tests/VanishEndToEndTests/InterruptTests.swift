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

  /// A large product is computed in blocks of rows, with Ctrl-C looked for between them:
  /// 2 x 10^12 multiply-adds take well over ten seconds even on two threads. eye(10000) takes
  /// a few seconds to make in a debug build, so Ctrl-C comes after 8 s; should it come
  /// while eye is still being made on a slow machine, the statement ends and vanish stops
  /// before the next ("interrupted" alone), which passes without having tested the product.
  @Test func sigintStopsALargeProduct() throws {
    try stopsAtOnce("x = eye(10000); y = x @ x; 1", after: 8, exactMessage: false)
  }

  func stopsAtOnce(_ source: String, after wait: Double = 1.5, exactMessage: Bool = true) throws {
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
    if exactMessage {
      #expect(stderr == "interrupted; every variable is as it was before this statement\n")
    } else {
      #expect(stderr.hasPrefix("interrupted"), "\(stderr)")
    }
    #expect(stdout == "", "the statements after the interrupted one do not run")
    #expect(elapsed < 4, "it stopped at once, not \(elapsed) s after Ctrl-C")
  }
}

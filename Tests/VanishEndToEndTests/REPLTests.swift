import Foundation
import Testing

/// The REPL as a person uses it, in a real terminal.
@Suite(.serialized) struct REPLTests {
  /// The last lines of the screen that are not empty.
  func lastLines(_ screen: String, _ n: Int) -> [String] {
    Array(screen.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).suffix(n))
  }

  @Test func statementHistoryCompletionAndContinuation() throws {
    let t = try Terminal()
    t.expect("vanish> ")
    // A statement and its value.
    try t.type("x = 21")
    try t.send("Enter")
    t.expect("vanish> x = 21\nvanish> ")
    try t.type("x * 2")
    try t.send("Enter")
    t.expect("vanish> x * 2\n42\nvanish> ")
    // Up recalls the last line.
    try t.send("Up")
    t.expect("42\nvanish> x * 2")
    try t.send("C-u")
    // Tab completes a builtin.
    try t.type("sigm")
    try t.send("Tab")
    t.expect("vanish> sigmoid")
    try t.type("(0)")
    try t.send("Enter")
    t.expect("vanish> sigmoid(0)\n0.5\n")
    // An open bracket continues on a `...>` line.
    try t.type("net = mlp([2,")
    try t.send("Enter")
    t.expect("   ...> ")
    try t.type("3], tanh)")
    try t.send("Enter")
    t.expect("   ...> 3], tanh)\nvanish> ")
    try t.type("net.sizes")
    try t.send("Enter")
    t.expect("vanish> net = mlp([2,\n   ...> 3], tanh)\nvanish> net.sizes\n[2, 3]\n")
    // Tab after a dot lists the fields.
    try t.type("net.")
    try t.send("Tab", "Tab")
    let fields = t.expect("net.w")
    #expect(fields.contains("net.b") && fields.contains("net.layers") && fields.contains("net.depth"))
    try t.send("C-u")
    // Ctrl-C on a line cancels it; the session goes on. The terminal discards input that vanish
    // has not read yet when Ctrl-C arrives, so the line must be on the screen first.
    t.expect("vanish> ", atEnd: true)
    try t.type("1 + ")
    t.expect("vanish> 1 +", atEnd: true)
    try t.send("C-c")
    t.expect("vanish> 1 +\nvanish> ")
    try t.type("x")
    try t.send("Enter")
    t.expect("\n21\nvanish> ")
    // Ctrl-D on an empty line leaves with status 0.
    try t.send("C-d")
    #expect(t.waitFor(timeout: 10) { _ in t.exited } != nil, "vanish did not exit on Ctrl-D")
  }

  @Test func tabAfterAColonCompletesTheCommandsAndAQuestionMarkIsHelp() throws {
    let t = try Terminal()
    t.expect("vanish> ")
    // `:q` is the start of `:quit`, not of the builtin `quadratic`.
    try t.type(":q")
    try t.send("Tab")
    t.expect("vanish> :quit", atEnd: true)
    try t.send("C-u")
    try t.type("x = 1; :hi")
    try t.send("Tab")
    t.expect("vanish> x = 1; :history", atEnd: true)
    try t.send("C-u")
    // `?name` is `:help name`.
    try t.type("?xor")
    try t.send("Enter")
    t.expect("vanish> ?xor\nxor()\n")
    try t.type(":q")
    try t.send("Tab", "Enter")
    #expect(t.waitFor(timeout: 10) { _ in t.exited } != nil, "vanish did not leave on the completed :quit")
  }

  @Test func historySurvivesARestart() throws {
    let t = try Terminal()
    t.expect("vanish> ")
    try t.type("remembered = 1234")
    try t.send("Enter")
    try t.type(":quit")
    try t.send("Enter")
    #expect(t.waitFor(timeout: 10) { _ in t.exited } != nil)
    let history = try String(contentsOf: t.stateHome.appendingPathComponent("vanish/history"), encoding: .utf8)
    #expect(history.contains("remembered = 1234"))
    try t.restart()
    t.expect("vanish> ")
    try t.send("Up")
    t.expect("vanish> :quit")
    try t.send("Up")
    t.expect("vanish> remembered = 1234")
    try t.send("C-u")
    try t.type(":history")
    try t.send("Enter")
    t.expect("1  remembered = 1234\n2  :quit\n3  :history")
  }

  @Test func ctrlRSearchesTheHistory() throws {
    let t = try Terminal()
    t.expect("vanish> ")
    try t.type("remembered = 1234")
    try t.send("Enter")
    try t.type("other = 5")
    try t.send("Enter")
    t.expect("vanish> other = 5\nvanish> ")
    // libedit's incremental search backwards: its prompt, then the newest line that matches.
    try t.send("C-r")
    try t.type("remem")
    t.expect("vanish> remembered = 1234\nbck:remem")
    // Enter takes the line found and runs it (an assignment prints nothing).
    try t.send("Enter")
    t.expect("vanish> other = 5\nvanish> remembered = 1234\nvanish> ", atEnd: true)
    try t.type("remembered + 1")
    try t.send("Enter")
    t.expect("vanish> remembered + 1\n1235\nvanish> ")
  }

  @Test func errorsDoNotEndTheSession() throws {
    let t = try Terminal()
    t.expect("vanish> ")
    try t.type("keep = [1, 2]")
    try t.send("Enter")
    try t.type("dense(784, 30, sigmoid x8")
    try t.send("Enter")
    try t.type(")")
    try t.send("Enter")
    try t.type("sigmod(keep)")
    try t.send("Enter")
    t.expect("error: 1:1: unknown name 'sigmod'; did you mean 'sigmoid'?")
    try t.type("keep")
    try t.send("Enter")
    t.expect("vanish> keep\n[1, 2]\n")
  }

  /// Ctrl-C abandons a long computation (drawing a 10^8-weight layer) and the session goes on
  /// with its variables as they were; a descent, as training, is not abandoned but stops and
  /// keeps the path so far.
  @Test func ctrlCStopsALongComputationAndKeepsTheVariables() throws {
    let t = try Terminal()
    t.expect("vanish> ")
    try t.type("f(w1, w2) = 0.001*w1^2 + w2^2; keep = 7")
    try t.send("Enter")
    t.expect("keep = 7\nvanish> ")
    try t.type("net = dense(10000, 10000)")
    try t.send("Enter")
    Thread.sleep(forTimeInterval: 1.0)
    try t.send("C-c")
    t.expect("interrupted; every variable is as it was before this statement\nvanish> ")
    try t.type("keep")
    try t.send("Enter")
    t.expect("vanish> keep\n7\n")
    try t.type("net")
    try t.send("Enter")
    t.expect("error: 1:1: unknown name 'net'")
    try t.type("p = descend(f, from=[1, 1], lr=0.5, steps=100000000)")
    try t.send("Enter")
    Thread.sleep(forTimeInterval: 1.0)
    try t.send("C-c")
    t.expect(": the path so far is returned\nvanish> ")
    try t.type("p.stopped")
    try t.send("Enter")
    t.expect("\"Ctrl-C interrupted it after ")
  }

  @Test func trainingShowsProgressAndCtrlCKeepsWhatWasLearned() throws {
    let t = try Terminal()
    t.expect("vanish> ")
    try t.type("seed(1); data = take(fashion_mnist(), 20000); net = mlp([784, 30, 10], sigmoid); before = copy(net)")
    try t.send("Enter")
    t.expect("before = copy(net)\nvanish> ", timeout: 30)
    try t.type("h = train(net, data, epochs=1000, batch=10, lr=3)")
    try t.send("Enter")
    // The progress bar: epoch, examples, rate, time left.
    let bar = t.waitFor(timeout: 30) { $0.range(of: #"epoch 1/1000 │.*│ \d+/20000  \d+ examples/s  ETA"#, options: .regularExpression) != nil }
    #expect(bar != nil, "no progress bar:\n\(t.screen)")
    try t.send("C-c")
    t.expect("the network keeps what it learned and the history so far is returned")
    t.expect("vanish> ")
    // The history holds the epoch-0 measurement and the partial epoch; the weights moved.
    try t.type("h.epochs[1]; sum(abs(net.w[1] - before.w[1]))")
    try t.send("Enter")
    let moved = t.waitFor(timeout: 15) {
      $0.range(of: #"before.w\[1\]\)\)\n0\n[0-9]*\.[0-9]+(e[-+]?[0-9]+)?\n"#, options: .regularExpression) != nil
    }
    #expect(moved != nil, "the weights did not keep what was learned:\n\(t.screen)")
    #expect(!(moved ?? "").contains("\n0\n0\n"))
  }

  @Test func runsAFileThenStays() throws {
    let dir = try FileManager.default.url(for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
    let file = dir.appendingPathComponent("start.nn")
    try "answer = 6 * 7\nanswer\n".write(to: file, atomically: true, encoding: .utf8)
    let t = try Terminal(arguments: ["-i", file.path])
    t.expect("42\n")
    t.expect("vanish> ")
    try t.type("answer + 1")
    try t.send("Enter")
    t.expect("vanish> answer + 1\n43\n")
  }
}

import Foundation
import Testing
@testable import VanishLanguage

/// `Budget`: sizes refused before anything is allocated, steps counted as they are taken,
/// files kept inside one directory; and the deep-evaluation limits the fuzzer led to.
@Suite struct BudgetTests {
  static func session(maxElements: Int = 1_000_000, maxSteps: Int = 1_000_000, files: Budget.Files = .none) -> Session {
    let s = Session()
    s.interpreter.budget = Budget(maxElements: maxElements, maxSteps: maxSteps, files: files)
    return s
  }

  static func firstError(_ source: String, _ session: Session) -> String {
    run(source, session: session).err.components(separatedBy: "\n")[0]
  }

  @Test func sizesAreRefusedBeforeAnythingIsAllocated() {
    let s = Self.session(maxElements: 1000)
    let allows = "; this session allows 1000"
    #expect(Self.firstError("mlp([100, 100])", s) == "error: 1:1: budget exceeded: this network would hold 10100 numbers" + allows)
    #expect(Self.firstError("dense(10, 10) x 10", s) == "error: 1:1: budget exceeded: this network would hold 1100 numbers" + allows)
    #expect(Self.firstError("zeros(10, 101)", s) == "error: 1:1: budget exceeded: this matrix would hold 1010 numbers" + allows)
    #expect(Self.firstError("zeros(1001)", s) == "error: 1:1: budget exceeded: this vector would hold 1001 numbers" + allows)
    #expect(Self.firstError("eye(40)", s) == "error: 1:1: budget exceeded: eye(40) would hold 1600 numbers" + allows)
    #expect(Self.firstError("spiral(100, 3)", s) == "error: 1:1: budget exceeded: this dataset would hold 1500 numbers" + allows)
    #expect(
      Self.firstError("zeros(1000, 1) @ zeros(1, 1000)", s)
        == "error: 1:1: budget exceeded: this product would hold 1000000 numbers" + allows)
    #expect(
      Self.firstError("forward(mlp([1, 300, 1]), ones(10, 1))", s)
        == "error: 1:1: budget exceeded: the activations of this forward pass would hold 3020 numbers" + allows)
    // Within the budget, the same builtins work.
    #expect(run("sum(zeros(10, 100))", session: s).out == "0")
  }

  @Test func everyEvaluatedExpressionIsAStep() {
    let s = Self.session(maxSteps: 100)
    let sum = Array(repeating: "1", count: 60).joined(separator: "+")
    let result = run("a = 1\nb = \(sum)", session: s)
    #expect(result.outcome == .failed)
    #expect(result.err.hasPrefix("error: 2:"))
    // Each '+' is an expression evaluated and an operation: two steps.
    #expect(result.err.contains("budget exceeded: this operation would take the session past its 100 steps"))
    #expect(s.interpreter.globals["a"] != nil && s.interpreter.globals["b"] == nil)
    #expect(s.interpreter.stepsTaken <= 100)
  }

  @Test func functionsThatDoubleTheirWorkRunOutOfSteps() {
    let s = Self.session(maxSteps: 100_000)
    var source = "f1(x) = x\n"
    for i in 2...40 { source += "f\(i)(x) = f\(i - 1)(x) + f\(i - 1)(x)\n" }
    let result = run(source + "f40(1)", session: s)
    #expect(result.err.contains("budget exceeded: evaluating this would take the session past its 100000 steps"))
  }

  @Test func descendCountsItsStepsWhereItPollsCtrlC() {
    let s = Self.session(maxSteps: 10_000)
    let start = Date()
    let result = run("f(w1, w2) = 0.001*w1^2 + w2^2\np = descend(f, from=[1, 1], steps=100000000)", session: s)
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(
      result.err.components(separatedBy: "\n")[0]
        == "error: 2:5: budget exceeded: this descent would take the session past its 10000 steps")
    #expect(s.interpreter.globals["p"] == nil)
    #expect(s.interpreter.stepsTaken <= 10_000 && s.interpreter.stepsTaken > 9_000)
    // A short descent still fits.
    let short = Self.session(maxSteps: 10_000)
    #expect(run("f(w1, w2) = 0.001*w1^2 + w2^2\np = descend(f, from=[1, 1], steps=100)\np.steps", session: short).out == "100")
  }

  @Test func trainingAndGradcheckAreRefusedBeforeTheyStart() {
    let s = Self.session()
    let setup = "seed(1); net = mlp([2, 3, 3]); w = copy(net); data = spiral(10, 3)\n"
    #expect(
      Self.firstError(setup + "train(net, data, epochs=1000000)", s)
        == "error: 2:1: budget exceeded: this training run would take the session past its 1000000 steps")
    // The network was not touched.
    #expect(run("sum(net.w[1] - w.w[1])", session: s).out == "0")
    let small = Self.session(maxSteps: 1000)
    #expect(
      Self.firstError("gradcheck(mlp([10, 30, 10]), ones(10), ones(10))", small)
        == "error: 1:1: budget exceeded: this gradient check would take the session past its 1000 steps")
  }

  @Test func withoutABudgetNothingIsCounted() {
    let s = Session()
    #expect(s.interpreter.budget == nil)
    #expect(run("sum(zeros(100, 100)); f(w1) = w1^2; p = descend(f, from=[1], steps=10)", session: s).outcome == .ok)
    #expect(s.interpreter.stepsTaken == 0)
  }

  @Test func filesStayInsideTheSessionsDirectory() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let s = Self.session(files: .confined(to: dir.path))
    let outside = "this session may only use files inside its own directory; give a plain relative name such as \"net.json\""
    #expect(Self.firstError("save(dense(1, 1), \"../net.json\")", s) == "error: 1:19: " + outside)
    #expect(Self.firstError("save(dense(1, 1), \"/tmp/net.json\")", s) == "error: 1:19: " + outside)
    #expect(Self.firstError("load(\"~/net.json\")", s) == "error: 1:6: " + outside)
    #expect(Self.firstError("csv(\"a/../../b.csv\")", s) == "error: 1:5: " + outside)
    #expect(Self.firstError(":load /etc/passwd", s) == "error: 1:1: " + outside)
    #expect(Self.firstError("fashion_mnist()", s) == "error: 1:1: fashion_mnist() is turned off in this session (it runs with a budget)")
    #expect(run("save(dense(1, 1, init=const(2)), \"n.json\"); sum(load(\"n.json\").w[1])", session: s).out == "2")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("n.json").path))

    let none = Self.session(files: .none)
    #expect(Self.firstError("load(\"n.json\")", none) == "error: 1:6: files are turned off in this session (it runs with a budget)")
  }

  @Test func theFuzzBudgetKeepsTheBigExamplesOfTheIssueSmall() throws {
    let dir = FuzzPipeline.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for source in [
      "mlp([5000, 5000, 5000])", "f(w1) = w1^2; descend(f, from=[1], steps=100000000)",
      "train(mlp([2, 50, 3]), spiral(300, 3), epochs=100000)", "dense(100000, 100000) x 100",
    ] {
      let start = Date()
      let result = FuzzPipeline.run(Array(source.utf8), directory: dir, keepOutput: true)
      #expect(result.outcome == .failed)
      #expect(result.errors.first?.contains("budget exceeded: ") == true, "\(source): \(result.errors)")
      #expect(Date().timeIntervalSince(start) < 20)
    }
  }

  // MARK: - Deep evaluation (the fuzzer's first crash)

  @Test func theDeepestExpressionTheParserAcceptsEvaluates() {
    let sum = Array(repeating: "1", count: 2000).joined(separator: "+")
    #expect(run(sum).out == "2000")
    #expect(run("a = [1]; a" + String(repeating: "'", count: 1990)).out.contains("1"))
  }

  @Test func recursionThroughDeepExpressionsIsRefused() {
    let source = "f(x) = f(x)" + String(repeating: "+1", count: 1990) + "\nf(1)"
    #expect(
      run(source).err.components(separatedBy: "\n")[0]
        == "error: 1:8: evaluation is more than 10000 operations deep")
  }

  @Test func aScriptThatLoadsItselfStops() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("self.nn")
    try ":load \(file.path)\n".write(to: file, atomically: true, encoding: .utf8)
    let result = run(":load \(file.path)")
    #expect(result.outcome == .failed)
    #expect(result.err.contains("':load' nested more than 50 files deep"))
  }
}

import Testing
@testable import VanishLanguage

/// Every builtin's `:help` example runs on its own in a fresh session, without an error, so the
/// help cannot rot.
@Suite struct HelpExampleTests {
  static let names = Builtins.all.map(\.name)

  @Test(arguments: names)
  func exampleRuns(_ name: String) {
    let builtin = Builtins.named(name)!
    #expect(!builtin.example.isEmpty, "\(name) has no example")
    #expect(!builtin.signature.isEmpty && !builtin.summary.isEmpty)
    let result = run(builtin.example)
    #expect(result.outcome == .ok, "\(name): \(builtin.example)\n\(result.err)")
    #expect(result.err.isEmpty, "\(name): \(result.err)")
  }

  @Test func helpOfTrainStatesTheSpeedAndNielsensNumbering() {
    let text = Help.text(for: "train", interpreter: Interpreter())
    #expect(text.contains("learning speed ||dC/db[l]|| (mean over the"))
    #expect(text.contains("  first 1000 training examples, as Nielsen's chapter 5 measures it; his layer l is our l-1,"))
    #expect(text.contains("  Each step: w <- (1 - lr*lambda/n) w - (lr/m) sum dC/dw"))
    #expect(text.hasSuffix("\n  example: " + Builtins.named("train")!.example))
    // The overview keeps to one line per builtin.
    let overview = Help.text(for: nil, interpreter: Interpreter())
    #expect(overview.split(separator: "\n").allSatisfy { $0.count <= 160 })
  }
}

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
    #expect(text.contains("||dC/db[l]|| (mean over the first 1000 training examples"))
    #expect(text.contains("his layer l is our l-1"))
    #expect(text.contains("w <- (1 - lr*lambda/n) w - (lr/m) sum dC/dw"))
  }
}

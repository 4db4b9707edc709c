import Foundation
import Testing
@testable import VanishLanguage

/// Every builtin's `:help` example runs on its own, in a fresh session, without an error.
/// One at a time: the examples of `save` and `load` write the same file.
@Suite(.serialized) struct HelpExampleTests {
  static let names = Builtins.all.map(\.name)

  @Test(arguments: names)
  func exampleRuns(_ name: String) throws {
    let b = try #require(Builtins.named(name))
    let dir = try temporaryDirectory()
    let session = Session()
    session.interpreter.workingDirectory = dir.path
    let r = run(b.example, session: session)
    #expect(r.outcome == .ok, "\(name): \(b.example)\n\(r.err)")
    #expect(!b.signature.isEmpty && !b.summary.isEmpty)
  }

  @Test func helpShowsSignatureSummaryAndExample() {
    let text = Help.text(for: "descend", interpreter: Interpreter())
    #expect(text.hasPrefix("descend(f, from, lr=0.1, steps=1000, until=..., method=sgd"))
    #expect(text.contains("example: f(w1, w2) = 0.001*w1^2 + w2^2; p = descend("))
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

import Foundation
import Testing
@testable import VanishLanguage

@Suite struct GrammarAndHelpTests {
  /// `:help grammar` prints the grammar of record, so the two must be the same text.
  @Test func embeddedGrammarIsTheGrammarFile() throws {
    let file = try String(contentsOf: repositoryRoot.appendingPathComponent("grammar/vanish.ebnf"), encoding: .utf8)
    #expect(Grammar.text == file.trimmingCharacters(in: .newlines))
    let r = run(":help grammar")
    #expect(r.out == Grammar.text)
  }

  @Test func everySampleParses() throws {
    let dir = repositoryRoot.appendingPathComponent("samples")
    let samples = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".nn") }
    #expect(!samples.isEmpty)
    for name in samples {
      let source = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
      #expect(throws: Never.self, "\(name)") { try Parser.parse(source) }
    }
  }

  /// Every example in the help runs, on its own, without an error.
  @Test(arguments: Builtins.all.map(\.name))
  func helpExampleRuns(_ name: String) throws {
    let builtin = try #require(Builtins.named(name))
    let r = run(builtin.example)
    #expect(r.outcome == .ok, "\(name): \(builtin.example)\n\(r.err)")
    #expect(r.err.isEmpty)
  }

  @Test func helpListsEveryBuiltinInOneLineEach() {
    let r = run(":help")
    for b in Builtins.all {
      let lines = r.out.split(separator: "\n").filter { $0.hasPrefix("  \(b.name) ") }
      #expect(lines.count == 1, "\(b.name)")
      #expect(lines.first?.hasSuffix(b.summary) == true)
    }
    for c in Session.commands { #expect(r.out.contains(c.usage)) }
  }

  @Test func helpForOneName() {
    #expect(run(":help dense").out == """
      dense(in, out, act=sigmoid, init=nielsen, bias=...)
        one dense layer of `out` neurons on `in` inputs
        example: dense(784, 30, sigmoid, init=xavier)
      """)
    #expect(run(":help sigmod").out == "no help for 'sigmod'; did you mean 'sigmoid'?")
    #expect(run(":help :vars").out.hasPrefix(":vars\n"))
  }

  @Test func aQuestionMarkAsksForHelp() {
    #expect(run("?dense").out == run(":help dense").out)
    #expect(run("  ?  dense").out == run(":help dense").out)
    #expect(run("?").out == run(":help").out)
    #expect(run("x = 2; ?sigmod").out == "no help for 'sigmod'; did you mean 'sigmoid'?")
  }

  @Test func aColonWordCompletesToCommandsOnly() {
    let interpreter = Interpreter()
    #expect(Completions.candidates(for: ":q", interpreter: interpreter) == [":quit"])
    #expect(Completions.candidates(for: ":", interpreter: interpreter) == Session.commands.map { ":" + $0.name }.sorted())
    #expect(Completions.candidates(for: "q", interpreter: interpreter) == ["quadratic"])
  }

  @Test func unknownCommandSuggestsTheClosest() {
    let r = run(":hlep")
    #expect(r.outcome == .failed)
    #expect(r.err == "error: 1:1: unknown command ':hlep'; did you mean ':help'?\n  :hlep\n  ^^^^^")
  }
}

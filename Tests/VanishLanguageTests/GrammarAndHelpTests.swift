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

  /// Each initialiser, activation, cost and method says what it computes.
  @Test func helpForAValueGivesItsFormula() {
    #expect(run(":help xavier").out == """
      xavier (initialiser)
        w ~ U(-sqrt(6/(in + out)), +sqrt(6/(in + out))), b = 0 (Glorot and Bengio)
        in = the layer's inputs, out = its neurons; N(m, v) has mean m and variance v; bias= replaces b
        example: dense(784, 30, sigmoid, init=xavier)
      """)
    #expect(run(":help he").out.contains("w ~ N(0, 2/in), b = 0"))
    #expect(run(":help nielsen").out.contains("w ~ N(0, 1/in) (standard deviation 1/sqrt(in)), b ~ N(0, 1)"))
    #expect(run(":help sigmoid").out.hasPrefix("""
      sigmoid (activation, gamma = 0.25)
        g(z) = 1/(1 + exp(-z)), g'(z) = g(z)*(1 - g(z)); gamma = g'(0) = 1/4
      """))
    #expect(run(":help leaky_relu").out.contains("g(z) = z for z > 0, else 0.01*z; g'(z) = 1 for z > 0, else 0.01"))
    #expect(run(":help cross_entropy").out.contains("needs a sigmoid output layer; delta[L] = a - y"))
    #expect(run(":help momentum").out.contains("v <- beta*v - lr*g; w <- w + v"))
    #expect(run(":help pi").out == "pi: 3.141592653589793")
  }

  @Test(arguments: Interpreter.constants.keys.filter { $0 != "pi" }.sorted())
  func everyNamedValueHasAFormulaAndAnExampleThatRuns(_ name: String) throws {
    let lines = try #require(ConstantHelp.lines(for: name), "\(name)")
    #expect(lines.count >= 2)
    let example = try #require(lines.last.flatMap { $0.hasPrefix("example: ") ? String($0.dropFirst(9)) : nil })
    #expect(example.contains(name))
    let r = run(example)
    #expect(r.outcome == .ok, "\(name): \(example)\n\(r.err)")
  }

  @Test func anUnknownTopicSuggestsNamesItStartsOrIsPartOf() {
    #expect(run(":help fashion").out == "no help for 'fashion'; did you mean 'fashion_mnist'?")
    #expect(run(":help mnist").out == "no help for 'mnist'; did you mean 'fashion_mnist'?")
    #expect(run(":help xav").out == "no help for 'xav'; did you mean 'xavier' or 'xavier_normal'?")
    #expect(run(":help entropy").out == "no help for 'entropy'; did you mean 'cross_entropy'?")
    #expect(run(":help Dense").out == "no help for 'Dense'; did you mean 'dense'?")
    #expect(run(":help :histroy").out == "no help for ':histroy'; did you mean 'history'?")
    #expect(run(":help qqqqq").out == "no help for 'qqqqq'; :help lists every builtin")
    #expect(Suggest.related(to: "e", in: ["exp", "elu", "eye", "explain", "epsilon", "sigmoid"], limit: 3) == ["elu", "exp", "eye"])
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

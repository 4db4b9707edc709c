import Testing
@testable import VanishLanguage

/// Each builtin's parameters are the one source of its signature: `:help` shows it, and every
/// error about the shape of a call quotes it.
@Suite struct ParameterTests {
  @Test(arguments: Builtins.all.map(\.name))
  func helpAndErrorsQuoteTheSameSignature(_ name: String) throws {
    let b = try #require(Builtins.named(name))
    let signature = try #require(run(":help \(name)").out.split(separator: "\n").first.map(String.init))
    #expect(signature == b.signature)
    #expect(signature.hasPrefix("\(name)("))

    // One argument more than any of its forms takes.
    let most = b.overloads.map { $0.count { $0.passing == .positionalOrNamed } }.max() ?? 0
    let r = run("\(name)(" + Array(repeating: "0", count: most + 1).joined(separator: ", ") + ")")
    #expect(r.outcome == .failed)
    let lines = r.err.split(separator: "\n").map(String.init)
    let first = try #require(lines.first)
    #expect(first.hasPrefix("error: 1:1: \(name) takes "), "\(first)")
    #expect(first.contains(" argument") && first.contains(", got \(most + 1)"), "\(first)")
    #expect(lines.last == "  hint: usage: \(signature)", "\(r.err)")

    // A name none of its parameters has (contour passes other names to its function's ranges).
    if !b.overloads.joined().contains(where: { $0.passing == .keywords }) {
      let unknown = run("\(name)(zzzzzzzz=1)")
      #expect(unknown.err.hasPrefix("error: 1:"), "\(unknown.err)")
      #expect(unknown.err.contains("\(name) has no argument 'zzzzzzzz'"), "\(unknown.err)")
      #expect(unknown.err.hasSuffix("  hint: usage: \(signature)"), "\(unknown.err)")
    }

    // Without its required arguments.
    if b.overloads.allSatisfy({ $0.contains(where: \.isRequired) }) {
      let missing = run("\(name)()")
      #expect(missing.err.hasPrefix("error: 1:1: \(name) needs its argument"), "\(missing.err)")
      #expect(missing.err.hasSuffix("  hint: usage: \(signature)"), "\(missing.err)")
    }
  }

  @Test func signaturesShowDefaultsAndForms() {
    #expect(Builtins.named("dense")?.signature == "dense(in, out, act=sigmoid, init=nielsen, bias=...)")
    #expect(Builtins.named("gradcheck")?.signature == "gradcheck(net, x, y, cost=quadratic, eps=1e-5)")
    #expect(Builtins.named("zeros")?.signature == "zeros(n) or zeros(rows, cols)")
    #expect(
      Builtins.named("grad")?.signature
        == "grad(net, x, y, cost=quadratic), grad(net, data, cost=quadratic), grad(f) or grad(f, point)")
    #expect(Builtins.named("xor")?.signature == "xor()")
    #expect(Builtins.named("contour")?.signature.hasPrefix("contour(f, w1=[-2, 2], w2=[-2, 2], paths=[p, q], levels=12") == true)
  }

  /// Arguments bind as in Python: by position, or by name in any order.
  @Test func argumentsBindByPositionOrByName() {
    #expect(run("dense(out=3, in=2, act=relu).sizes").out == "[2, 3]")
    #expect(run("dense(2, 3, relu, xavier, 0.5).b[1]").out == "[0.5, 0.5, 0.5]")
    #expect(run("dense(2, 3, init=xavier, bias=0.5).b[1]").out == "[0.5, 0.5, 0.5]")
    #expect(run("shape(zeros(cols=3, rows=2))").out == "[2, 3]")
    #expect(run("zeros(n=2)").out == "[0, 0]")
    #expect(run("f(w1, w2) = w1*w2; grad(f, point=[2, 3])").out == "[3, 2]")
    #expect(run("seed(n=1); dense(1, 1).w[1]").out == run("seed(1); dense(1, 1).w[1]").out)
  }

  @Test func aNameSuggestsTheParameterThatTakesTheValue() {
    // 'in' and 'init' are both one letter from 'int'; only init takes an initialiser.
    #expect(run("dense(1, 1, int=xavier)").err.hasPrefix("error: 1:13: dense has no argument 'int'; did you mean 'init'?"))
    #expect(run("dense(1, 1, ot=2)").err.hasPrefix("error: 1:13: dense has no argument 'ot'; did you mean 'out'?"))
  }
}

import Foundation
import Testing
import VanishCore
@testable import VanishLanguage

/// `gradcheck` through the language: quiet on correct gradients (deep chains, where the old
/// check reported 0.003-0.005 of round-off as an error, and every sample's networks), per
/// layer, with `eps=`. That a wrong gradient is flagged is VanishCoreTests' (it injects one).
@Suite struct GradcheckTests {
  @Test(arguments: [12, 16, 20, 30])
  func deepSigmoidChainsAreQuiet(_ depth: Int) {
    let r = run("seed(3); r = gradcheck(dense(1, 1, sigmoid) x \(depth), [1], [0]); r; r.ok; r.disagree")
    #expect(r.err == "")
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("gradcheck: \(2 * depth) parameters, central differences with step 1e-05"))
    #expect(lines.count(where: { $0.hasSuffix(" ok") }) == depth, "\(r.out)")
    #expect(lines.suffix(3) == [
      "backprop agrees with the central differences in all \(2 * depth) parameters, each within the differences' resolution",
      "true", "0",
    ])
  }

  @Test func theStepIsAnArgument() {
    let r = run("net = mlp([2, 3, 1], tanh); gradcheck(net, [0.5, -1], [1], eps=1e-3).step")
    #expect(r.err == "")
    #expect(r.out == "0.001")
  }

  /// Every network of the samples that run without data, at a few inputs: no parameter
  /// disagrees.
  @Test(arguments: ["tour", "chain", "bound"])
  func everySampleNetworkIsQuiet(_ sample: String) throws {
    let session = Session()
    let script = try String(contentsOf: repositoryRoot.appendingPathComponent("samples/\(sample).nn"), encoding: .utf8)
    _ = run(script, session: session)
    var checked = 0
    for (name, value) in session.interpreter.globals {
      guard case .network(let box) = value else { continue }
      let net = box.network
      for x in [0.5, -1.0] {
        let xs = "[" + Array(repeating: "\(x)", count: net.inputSize).joined(separator: ", ") + "]"
        let ys = "[" + Array(repeating: "0.25", count: net.outputSize).joined(separator: ", ") + "]"
        let r = run("gradcheck(\(name), \(xs), \(ys)).ok", session: session)
        #expect(r.out.split(separator: "\n").last == "true", "\(sample): \(name) at \(xs):\n\(r.out)\(r.err)")
        checked += 1
      }
    }
    #expect(checked >= 2)
  }
}

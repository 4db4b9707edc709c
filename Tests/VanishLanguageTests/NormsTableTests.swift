import Foundation
import Testing
import VanishCore
@testable import VanishLanguage

/// `norms(g)`: each quantity beside the bound that holds for it, and what happened when the
/// numbers alone say nothing (saturated or dead layers, a ratio of 0 / 0).
@Suite struct NormsTableTests {
  func table(_ source: String) throws -> NormsTable {
    let session = Session()
    let r = run(source + "\nn = norms(g)", session: session)
    #expect(r.err == "", "\(r.err)")
    guard case .norms(let n) = try #require(session.interpreter.globals["n"]) else {
      throw Diagnostic("n is not a norms table")
    }
    return n
  }

  /// The seed's two inequalities, for one example and a batch, over networks of every
  /// activation: ||delta|| <= tight <= gamma bound, ||dC/dw||_2 <= ||dC/dw||_F <= the product
  /// bound (bound.nn's layer 7 had ||dC/dw||_F = 0.1246 beside a bound of 0.1146 on ||delta||).
  @Test(arguments: ["sigmoid", "tanh", "relu", "elu", "softplus", "leaky_relu"])
  func everyColumnHasTheBoundThatHoldsForIt(_ act: String) throws {
    for data in ["[0.3, -1, 2], [1, 0]", "[[0.3, -1, 2], [1, 1, -1], [0, 2, 0.5]], [[1, 0], [0, 1], [1, 1]]"] {
      let n = try table("seed(7); net = mlp([3, 6, 5, 4, 2], \(act)); g = grad(net, \(data))")
      for l in n.delta.indices {
        let slack = 1 + 1e-12
        #expect(n.delta[l] <= n.boundTight[l] * slack, "\(act) layer \(l + 1): ||delta|| \(n.delta[l]) > tight \(n.boundTight[l])")
        #expect(n.boundTight[l] <= n.bound[l] * slack)
        #expect(n.dwSpectral[l] <= n.dwFrobenius[l] * slack)
        #expect(n.dwFrobenius[l] <= n.dwBound[l] * slack, "\(act) layer \(l + 1): ||dC/dw||_F \(n.dwFrobenius[l]) > \(n.dwBound[l])")
        if n.examples == 1 {
          // dC/dw = delta a^T: the bound is an equality.
          #expect(abs(n.dwFrobenius[l] - n.dwBound[l]) <= 1e-14 * n.dwBound[l])
        }
      }
    }
  }

  @Test func theTableLabelsWhichBoundIsWhich() throws {
    let r = run("g = grad(dense(1, 1, sigmoid, init=const(1), bias=const(0)) x 8, [1], [0]); norms(g)")
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("layer    ||delta||  gamma bound  tight bound  ||dC/dw||_F  ||dC/dw||_2  ||delta|| ||a[l-1]||"))
    #expect(lines[9] == "bounds: ||delta|| = ||dC/db|| <= tight bound <= gamma bound; ||dC/dw||_2 <= ||dC/dw||_F <= ||delta|| ||a[l-1]|| (all three equal for one example)")
  }

  @Test func aSaturatedChainSaysSoAndThatDeltaUnderflowed() throws {
    let r = run("g = grad(dense(1, 1, sigmoid, init=const(100), bias=const(0)) x 8, [1], [0]); norms(g)")
    #expect(r.err == "")
    let lines = r.out.split(separator: "\n").map(String.init)
    // g'(100) = 3.7e-44 is kept, so every layer but the first has a bar on a wide scale.
    #expect(lines[0].hasSuffix("||delta||, log scale 1e-293..1e-43"))
    #expect(lines[8].hasPrefix("    8   3.72008e-44"))
    #expect(lines.suffix(3) == [
      "layers 1-8: every unit is saturated (sigmoid's g'(z) below 1% of its largest value, 0.25)",
      "||delta|| is exactly 0 in layer 1: the product of factors underflowed (below 4.9e-324, the smallest Double)",
      "||delta[1]|| / ||delta[8]|| = 0: the gradient vanishes completely from layer 8 to layer 1",
    ])
  }

  @Test func aDeadReluNetworkSaysTheRatioIsUndefined() throws {
    let r = run("g = grad(dense(2, 2, relu, init=const(-1), bias=const(0)) x 4, [1, 1], [1, 1]); norms(g); norms(g).saturated")
    #expect(r.err == "")
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines[0].hasSuffix("||delta||: every one is 0"))
    #expect(lines.suffix(3) == [
      "layers 1-4: every unit is dead (relu with z <= 0 has g' = 0)",
      "||delta[1]|| / ||delta[4]|| is undefined: ||delta[4]|| = 0, so no gradient reaches any layer",
      "[1, 1, 1, 1]",
    ])
  }

  @Test func partlySaturatedLayersAreCountedNotNamed() throws {
    // z = 10 x: the unit fed 1 is saturated (sigmoid'(10) = 4.5e-5), the unit fed 0.1 is not.
    let n = try table("net = dense(2, 2, sigmoid, init=const(0), bias=const(0)); net.w[1] = [[10, 0], [0, 10]]; g = grad(net, [1, 0.1], [0, 0])")
    #expect(n.saturated == [0.5])
    #expect(n.notes.isEmpty)
  }
}

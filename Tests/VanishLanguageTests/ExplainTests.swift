import Foundation
import Testing
import VanishCore
@testable import VanishLanguage

/// `explain(g, l)`: delta[l] as the product of BP2 factors.
@Suite struct ExplainTests {
  let chain = """
    net = dense(1, 1, sigmoid, init=const(1), bias=const(0))x8
    g = grad(net, [1], [0])
    e = explain(g, 1)

    """

  /// The numbers of a printed vector, which may wrap over several lines.
  func numbers(_ text: String) -> [Double] {
    text.replacingOccurrences(of: "\n", with: " ").dropFirst().dropLast().components(separatedBy: ",")
      .compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
  }

  @Test func sevenFactorsTimesDeltaEightGiveDeltaOne() throws {
    let r = run(chain + "e.factors\ne.product\ne.output_delta\ne.delta\ng.delta[1][1]\ng.delta[8][1]\ntrace(net, [1]).z")
    #expect(r.err == "")
    // The seven factors print on lines of at most 80 columns; each value after them on one.
    let end = try #require(r.out.range(of: "]\n"))
    let lines = [String(r.out[..<end.upperBound].dropLast())] + r.out[end.upperBound...].components(separatedBy: "\n")
    let factors = numbers(lines[0])
    let product = try #require(Double(lines[1]))
    let output = try #require(Double(lines[2]))
    let delta = try #require(Double(lines[3]))
    #expect(factors.count == 7)
    #expect(lines[4] == lines[3] && lines[5] == lines[2], "delta and output_delta are g's")
    #expect(close(factors.reduce(1, *), product, relative: 1e-15))
    #expect(close(product * output, delta, relative: 1e-12))
    #expect(close(delta, 3.6348242049048527e-06, relative: 1e-12))
    // Factor k is w[k+1] * sigmoid'(z[k]) with w = 1: sigmoid'(z[k]) from the trace.
    let z = lines[6...].compactMap { line in numbers(String(line.split(separator: " ", maxSplits: 1)[1])).first }
    #expect(z.count == 8)
    for k in 1...7 {
      let s = 1 / (1 + exp(-z[k - 1]))
      #expect(close(factors[k - 1], s * (1 - s), relative: 1e-14), "factor \(k)")
    }
  }

  @Test func theTableShowsEveryFactorAndTheRunningProduct() {
    let r = run(chain + "e")
    #expect(r.out == """
      delta[1] = w[2]*g'(z[1]) * w[3]*g'(z[2]) * ... * w[8]*g'(z[7]) * delta[8]   (BP2, one neuron per layer)
      layer k  w[k+1]  g'(z[k])  w[k+1]*g'(z[k])  running product     delta[k]
            8                                                         0.148091
            7       1  0.224701         0.224701         0.224701    0.0332762
            6       1  0.224691         0.224691        0.0504885   0.00747687
            5       1  0.224647         0.224647        0.0113421   0.00167965
            4       1  0.224448         0.224448        0.0025457  0.000376994
            3       1  0.223551         0.223551      0.000569095  8.42776e-05
            2       1  0.219362         0.219362      0.000124838  1.84873e-05
            1       1  0.196612         0.196612      2.45446e-05  3.63482e-06
      the 7 factors multiply to 2.45446e-05, so delta[1] = 2.45446e-05 * 0.148091 = 3.63482e-06
      w[2]*g'(z[1]) = 0.196612 shrinks it most
      sigmoid' is at most 0.25, so each factor is at most 0.25*|w|: it shrinks unless |w| > 4
      """)
  }

  @Test func largeWeightsAtZeroMakeEveryFactor25() {
    let r = run("""
      big = dense(1, 1, sigmoid, init=const(100), bias=const(-50)) x 8
      big.b[1] = -100
      e = explain(grad(big, [1], [1]), 1)
      e.factors
      e.product
      """)
    #expect(r.out == "[25, 25, 25, 25, 25, 25, 25]\n6103515625")
  }

  @Test func widerLayersGiveABoundThatHolds() throws {
    // On random networks the product of ||w||_2 * max g' bounds ||delta[l]|| / ||delta[L]||.
    for seed in 1...20 {
      let r = run("""
        seed(\(seed))
        net = mlp([3, 5, 4, 6, 2], \(seed % 2 == 0 ? "sigmoid" : "tanh"))
        g = grad(net, [0.3, -1, 2], [1, 0])
        e = explain(g, 1)
        e.exact
        e.bound
        e.delta
        """)
      let lines = r.out.components(separatedBy: "\n")
      #expect(lines[0] == "false")
      let bound = try #require(Double(lines[1]))
      let actual = try #require(Double(lines[2]))
      #expect(actual <= bound * (1 + 1e-12), "seed \(seed): ||delta[1]|| = \(actual) above the bound \(bound)")
    }
  }

  @Test func aBatchNeedsAnExample() {
    let batch = """
      net = dense(1, 1, sigmoid, init=const(1), bias=const(0))x3
      g = grad(net, dataset([[1], [2]], [[0], [1]]))

      """
    let refused = run(batch + "explain(g, 1)")
    #expect(refused.err == """
      error: 3:1: explain needs one example: the mean of delta[1] over 2 examples is not a product of factors
        explain(g, 1)
        ^^^^^^^^^^^^^
        hint: explain(g, 1, example=1) explains the first example of the batch
      """)
    let second = run(batch + "e = explain(g, 1, example=2)\ne.delta\ng.z[1]\ntrace(net, [2]).z[1]")
    #expect(second.err == "")
    let lines = second.out.components(separatedBy: "\n")
    let single = run("net = dense(1, 1, sigmoid, init=const(1), bias=const(0))x3\nexplain(grad(net, [2], [1]), 1).delta")
    #expect(lines[0] == single.out, "example 2 of the batch is the single example x = 2")
  }

  @Test func layerOutOfRange() {
    #expect(run(chain + "explain(g, 9)").err.hasPrefix("error: 4:12: the layer must be a whole number from 1 to 8, not 9"))
  }
}

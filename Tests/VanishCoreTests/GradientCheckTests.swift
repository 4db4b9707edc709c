import Testing
@testable import VanishCore

/// Backprop against central differences, for every activation and both costs.
@Suite struct GradientCheckTests {
  static func network(hidden: Activation, output: Activation, seed: UInt64) -> Network {
    var rng = SeededGenerator(seed: seed)
    let layers = [
      Layer(inputs: 3, outputs: 4, activation: hidden, weights: .gaussian(mean: 0, std: 0.8), using: &rng),
      Layer(inputs: 4, outputs: 4, activation: hidden, weights: .gaussian(mean: 0, std: 0.8), using: &rng),
      Layer(inputs: 4, outputs: 2, activation: output, weights: .gaussian(mean: 0, std: 0.8), using: &rng),
    ]
    return try! Network(layers: layers)
  }

  static let x = Matrix(column: [0.3, -0.7, 1.1])
  static let y = Matrix(column: [0.2, 0.9])

  @Test(arguments: Activation.elementwise)
  func quadraticCost(_ activation: Activation) throws {
    let net = GradientCheckTests.network(hidden: activation, output: activation, seed: 7)
    let check = try net.gradientCheck(GradientCheckTests.x, GradientCheckTests.y, cost: .quadratic)
    #expect(check.parameters.count == 3 * 4 + 4 + 4 * 4 + 4 + 4 * 2 + 2)
    #expect(check.agrees, "\(activation): \(check.disagreeing)")
  }

  /// Cross-entropy needs a sigmoid output; every activation is tried in the hidden layers.
  @Test(arguments: Activation.elementwise)
  func crossEntropyCost(_ activation: Activation) throws {
    let net = GradientCheckTests.network(hidden: activation, output: .sigmoid, seed: 11)
    let check = try net.gradientCheck(GradientCheckTests.x, GradientCheckTests.y, cost: .crossEntropy)
    #expect(check.agrees, "\(activation): \(check.disagreeing)")
  }

  @Test func batchGradientIsTheMeanOfTheExamples() throws {
    let net = GradientCheckTests.network(hidden: .tanh, output: .sigmoid, seed: 3)
    let xs = Matrix(rowArrays: [[0.3, -1, 0.5], [-0.7, 0.2, 0.1], [1.1, 0.4, -2]])  // 3 examples as columns
    let ys = Matrix(rowArrays: [[0.2, 1, 0], [0.9, 0, 1]])
    let batch = try net.backprop(xs, ys, cost: .crossEntropy)
    var meanDw = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: 4)
    var meanC = 0.0
    for i in 0..<3 {
      let g = try net.backprop(Matrix(column: xs.column(i)), Matrix(column: ys.column(i)), cost: .crossEntropy)
      meanC += g.C / 3
      for l in 1...3 {
        let scaled = g.dw[l].map { $0 / 3 }
        meanDw[l] = i == 0 ? scaled : meanDw[l].zipWith(scaled, +)
      }
    }
    #expect(abs(batch.C - meanC) < 1e-14)
    for l in 1...3 {
      for (a, b) in zip(batch.dw[l].storage, meanDw[l].storage) { #expect(abs(a - b) < 1e-14) }
    }
    // And the batch gradient passes its own finite-difference check.
    let check = try net.gradientCheck(xs, ys, cost: .crossEntropy)
    #expect(check.agrees, "\(check.disagreeing)")
  }

  /// Deep one-neuron sigmoid chains: gradients near 1e-9 at layer 1, where the differences'
  /// rounding (1e-16 of the cost over h) is 0.3% of the gradient. Correct gradients agree;
  /// the old check reported relative errors of 0.003-0.005 here with no word of resolution.
  @Test(arguments: [12, 16, 20, 30])
  func deepChainsAgreeWithinTheResolution(_ depth: Int) throws {
    let layers = (0..<depth).map { _ in Layer(w: Matrix(rows: 1, cols: 1, storage: [1]), b: [0], activation: .sigmoid) }
    let net = try Network(layers: layers)
    let check = try net.gradientCheck(Matrix(column: [1]), Matrix(column: [0]), cost: .quadratic)
    #expect(check.agrees, "\(check.disagreeing)")
    // The resolution at layer 1 is a large part of that gradient: the reason for judging by it.
    let first = check.layer(1)[0]
    #expect(first.resolution > 1e-4 * Swift.abs(first.backprop) || depth < 16)
  }

  /// A wrong gradient is flagged, in a well-conditioned network (one part in 10^4 of one
  /// weight) and in a deep chain (one weight's gradient doubled), and only that parameter.
  @Test func aWrongGradientIsFlagged() throws {
    let net = GradientCheckTests.network(hidden: .tanh, output: .sigmoid, seed: 5)
    let g = try net.backprop(GradientCheckTests.x, GradientCheckTests.y, cost: .quadratic)
    var dw = g.dw
    dw[2][1, 3] *= 1 + 1e-4
    let check = try net.gradientCheck(GradientCheckTests.x, GradientCheckTests.y, cost: .quadratic, step: 1e-5, dw: dw, db: g.db)
    #expect(check.disagreeing.map { "\($0.layer) \($0.name)" } == ["2 w[2,4]"])

    let layers = (0..<16).map { _ in Layer(w: Matrix(rows: 1, cols: 1, storage: [1]), b: [0], activation: .sigmoid) }
    let chain = try Network(layers: layers)
    let gc = try chain.backprop(Matrix(column: [1]), Matrix(column: [0]), cost: .quadratic)
    var db = gc.db
    db[10][0] *= 2  // about 1e-8, well above the resolution
    let deep = try chain.gradientCheck(Matrix(column: [1]), Matrix(column: [0]), cost: .quadratic, step: 1e-5, dw: gc.dw, db: db)
    #expect(deep.disagreeing.map { "\($0.layer) \($0.name)" } == ["10 b[1]"])
    // At layer 1 the gradient (1e-12) is below what the differences resolve: a doubling there
    // cannot be told, and the check says it cannot judge, rather than that it agrees.
    #expect(deep.layer(1).allSatisfy { abs($0.backprop) < $0.resolution })
  }

  @Test func crossEntropyRefusesNonSigmoidOutput() {
    let net = GradientCheckTests.network(hidden: .relu, output: .tanh, seed: 1)
    #expect(throws: CoreError.invalidArgument("cross_entropy needs outputs in (0, 1): the output layer must be sigmoid, not tanh")) {
      try net.backprop(GradientCheckTests.x, GradientCheckTests.y, cost: .crossEntropy)
    }
  }

  @Test func tinyGradientsDoNotUnderflow() throws {
    // A 60-layer sigmoid chain: delta[1] is about 0.25^60 ~ 1e-36, real data, not zero.
    let layers = (0..<60).map { _ in Layer(w: Matrix(rows: 1, cols: 1, storage: [1]), b: [0], activation: .sigmoid) }
    let g = try Network(layers: layers).backprop(Matrix(column: [1]), Matrix(column: [0]), cost: .quadratic)
    #expect(g.db[1][0] > 1e-45 && g.db[1][0] < 1e-30)
    #expect(g.normDwSpectral(1) == abs(g.dw[1][0, 0]))
  }
}

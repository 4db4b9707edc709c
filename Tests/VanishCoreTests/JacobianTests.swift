import Foundation
import Testing
@testable import VanishCore

/// `Network.jacobians` (backprop of each output unit through the driver) against two things
/// computed without the driver's backward pass: central differences of the forward pass (with
/// Richardson's extrapolation), and the product of the layers' own Jacobians written out from
/// their formulas (a dense layer's diag(g'(z)) w, softmax's (diag(a) - a a^T) w, a
/// layernorm's gain (.) (I - 1/n - xhat xhat^T / n) / sigma, a batchnorm's diagonal), composed
/// forward with the identity added through each skip. On random networks: plain dense, with
/// skips (one from the input, nested ones), with layernorm, with batchnorm, softmax outputs.
@Suite struct JacobianTests {
  static func dense(_ i: Int, _ o: Int, _ g: Activation, _ rng: inout SeededGenerator, std: Double = 0.7) -> Layer {
    Layer(inputs: i, outputs: o, activation: g, weights: .gaussian(mean: 0, std: std), biases: .gaussian(mean: 0, std: 0.3), using: &rng)
  }

  static func randomNorm(_ n: Int, batch: Bool, _ rng: inout SeededGenerator) -> Layer {
    func u() -> Double { Double(rng.next() % 1_000_000) / 1_000_000 }
    let gain = (0..<n).map { _ in 0.5 + u() }
    let shift = (0..<n).map { _ in u() - 0.5 }
    if batch {
      let core = Normalization(
        n: n, gain: gain, shift: shift, runningMean: (0..<n).map { _ in u() - 0.5 }, runningVariance: (0..<n).map { _ in 0.2 + u() })
      return .batchNorm(BatchNorm(core))
    }
    return .layerNorm(LayerNorm(Normalization(n: n, gain: gain, shift: shift, runningMean: [], runningVariance: [])))
  }

  /// The networks, by name.
  static let networks: [(String, Network)] = {
    var rng = SeededGenerator(seed: 31)
    var nets: [(String, Network)] = []
    nets.append(("dense", try! Network(layers: [
      dense(4, 6, .tanh, &rng), dense(6, 5, .sigmoid, &rng, std: 2), dense(5, 5, .softplus, &rng), dense(5, 3, .linear, &rng),
    ])))
    nets.append(("wide output", try! Network(layers: [dense(2, 3, .elu, &rng), dense(3, 7, .tanh, &rng)])))
    nets.append(("one layer", try! Network(layers: [dense(3, 2, .sigmoid, &rng)])))
    // Skips: one from the input over layers 1-2, nested ones over 3-6 and 4-5.
    nets.append(("skips", try! Network(
      layers: [
        dense(4, 5, .tanh, &rng), dense(5, 4, .tanh, &rng), dense(4, 4, .sigmoid, &rng), dense(4, 4, .tanh, &rng),
        dense(4, 4, .elu, &rng), dense(4, 4, .tanh, &rng), dense(4, 3, .softmax, &rng),
      ],
      skips: [Skip(from: 1, to: 2), Skip(from: 3, to: 6), Skip(from: 4, to: 5), Skip(from: 5, to: 5)])))
    nets.append(("layernorm", try! Network(
      layers: [dense(3, 6, .tanh, &rng), randomNorm(6, batch: false, &rng), dense(6, 6, .softplus, &rng), randomNorm(6, batch: false, &rng), dense(6, 2, .sigmoid, &rng)],
      skips: [Skip(from: 3, to: 4)])))
    nets.append(("batchnorm", try! Network(
      layers: [dense(3, 5, .tanh, &rng), randomNorm(5, batch: true, &rng), dense(5, 4, .leakyRelu, &rng), dense(4, 4, .softmax, &rng)])))
    return nets
  }()

  static let inputs: [String: [Double]] = [
    "dense": [0.3, -0.8, 1.2, 0.05], "wide output": [0.7, -0.4], "one layer": [1, -2, 0.5], "skips": [0.4, -0.1, 0.9, -1.3],
    "layernorm": [0.2, 1.1, -0.6], "batchnorm": [-0.5, 0.8, 0.3],
  ]

  /// a[0...L] at x with a[from] replaced by `override` (the layers below it, and the skips
  /// that start below it, keep their values): each layer's own forward on one column, the
  /// skips added here.
  static func activations(_ net: Network, _ x: [Double], from: Int = 0, override: [Double]? = nil) -> [[Double]] {
    var a = [x]
    if from == 0, let override { a[0] = override }
    for l in 1...net.depth {
      let layer = net.layers[l - 1].kind
      var z = Matrix(rows: layer.outputs, cols: 1)
      var out = z
      var cache = LayerCache()
      layer.forward(Matrix(column: a[l - 1]), inputRows: false, z: &z, out: &out, cache: &cache, mode: .runningStatistics)
      var next = out.storage.array
      for skip in net.skips(endingAt: l) { for i in next.indices { next[i] += a[skip.from - 1][i] } }
      if l == from, let override { next = override }
      a.append(next)
    }
    return a
  }

  /// d a[L] / d a[l] by central differences with steps h and h/2, extrapolated (error h^4).
  static func differences(_ net: Network, _ x: [Double], from l: Int, h: Double = 1e-3) -> Matrix {
    let base = activations(net, x)[l]
    var j = Matrix(rows: net.outputSize, cols: base.count)
    func d(_ k: Int, _ step: Double) -> [Double] {
      var plus = base
      var minus = base
      plus[k] += step
      minus[k] -= step
      let up = activations(net, x, from: l, override: plus).last!
      let down = activations(net, x, from: l, override: minus).last!
      return zip(up, down).map { ($0 - $1) / (2 * step) }
    }
    for k in base.indices {
      let coarse = d(k, h)
      let fine = d(k, h / 2)
      for i in 0..<net.outputSize { j[i, k] = (4 * fine[i] - coarse[i]) / 3 }
    }
    return j
  }

  /// d out[k] / d a[k-1] of layer k from its formula, at a[k-1] = v.
  static func layerJacobian(_ layer: Layer, _ v: [Double]) -> Matrix {
    switch layer.kindTag {
    case .dense:
      let w = layer.w
      let z = w.matmul(Matrix(column: v)).storage.enumerated().map { $1 + layer.b[$0] }
      let g = layer.activation
      var d = Matrix(rows: w.rows, cols: w.rows)
      if g == .softmax {
        let top = z.max()!
        let e = z.map { exp($0 - top) }
        let a = e.map { $0 / e.reduce(0, +) }
        for i in 0..<w.rows { for k in 0..<w.rows { d[i, k] = (i == k ? a[i] : 0) - a[i] * a[k] } }
      } else {
        for i in 0..<w.rows { d[i, i] = g.derivative(z[i]) }
      }
      return d.matmul(w)
    case .layerNorm:
      let p = layer.normalization
      let n = Double(v.count)
      let mean = v.reduce(0, +) / n
      let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
      let inv = 1 / (variance + p.eps).squareRoot()
      let xhat = v.map { ($0 - mean) * inv }
      var j = Matrix(rows: v.count, cols: v.count)
      for r in v.indices {
        for c in v.indices { j[r, c] = p.gain[r] * inv * ((r == c ? 1 : 0) - 1 / n - xhat[r] * xhat[c] / n) }
      }
      return j
    case .batchNorm:
      let p = layer.normalization
      var j = Matrix(rows: v.count, cols: v.count)
      for r in v.indices { j[r, r] = p.gain[r] / (p.runningVariance[r] + p.eps).squareRoot() }
      return j
    }
  }

  /// d a[L] / d a[l] as the product of the layers' Jacobians, forward from a[l]:
  /// M[l] = I, M[k] = J_k M[k-1] + the sum of M[s-1] over the skips s..k with s-1 >= l.
  static func product(_ net: Network, _ x: [Double], from l: Int) -> Matrix {
    let a = activations(net, x)
    var m = [Int: Matrix]()
    m[l] = Matrix.identity(a[l].count)
    for k in (l + 1)...net.depth {
      var next = layerJacobian(net.layers[k - 1], a[k - 1]).matmul(m[k - 1]!)
      for skip in net.skips(endingAt: k) where skip.from - 1 >= l {
        next = next.zipWith(m[skip.from - 1]!, +)
      }
      m[k] = next
    }
    return m[net.depth]!
  }

  static func relative(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.rows == b.rows && a.cols == b.cols)
    return a.zipWith(b, -).maxAbs / max(b.maxAbs, 1e-300)
  }

  @Test(arguments: networks.map(\.0))
  func jacobianEqualsDifferencesAndTheProductOfLayerJacobians(_ name: String) throws {
    let net = JacobianTests.networks.first { $0.0 == name }!.1
    let x = JacobianTests.inputs[name]!
    let js = try net.jacobians(at: x)
    #expect(js.count == net.depth)
    var worstDifference = 0.0
    var worstProduct = 0.0
    for l in 0..<net.depth {
      let j = js[l]
      #expect(j.rows == net.outputSize && j.cols == (l == 0 ? net.inputSize : net.layers[l - 1].outputs))
      #expect(try net.jacobian(at: x, from: l) == j)
      let byDifferences = JacobianTests.relative(j, JacobianTests.differences(net, x, from: l))
      let byProduct = JacobianTests.relative(j, JacobianTests.product(net, x, from: l))
      worstDifference = max(worstDifference, byDifferences)
      worstProduct = max(worstProduct, byProduct)
      #expect(byDifferences <= 1e-9, "\(name), from a[\(l)]: \(byDifferences) from the differences")
      #expect(byProduct <= 1e-13, "\(name), from a[\(l)]: \(byProduct) from the product of layer Jacobians")
    }
    print("\(name): largest relative difference from central differences \(worstDifference), from the product \(worstProduct)")
  }

  /// Row i of d a[L] / d x is the gradient of output unit i; for one output, 0.5 (a - y)^2 with
  /// y = a - 1 has dC/da = 1, so grad's dC/da[1] through a skip-free net is that row.
  @Test func oneOutputRowIsTheGradientOfTheOutput() throws {
    let net = JacobianTests.networks.first { $0.0 == "dense" }!.1
    let x = JacobianTests.inputs["dense"]!
    let j = try net.jacobian(at: x, from: 1)
    let a = try net.forward(Matrix(column: x))
    for i in 0..<net.outputSize {
      var y = a
      for r in 0..<y.rows { y[r, 0] = a[r, 0] - (r == i ? 1 : 0) }
      let g = try net.backprop(Matrix(column: x), y, cost: .quadratic)
      // a - y is exactly the unit vector e_i where a[r] - (a[r] - 1) rounds to 1.
      let row = g.outputGradient[1].storage
      for k in row.indices { #expect(abs(row[k] - j[i, k]) <= 1e-15 * j.maxAbs) }
    }
  }

  @Test func badArguments() {
    let net = JacobianTests.networks.first { $0.0 == "dense" }!.1
    #expect(throws: CoreError.shapeMismatch("the network takes 4 inputs but x has 2")) { try net.jacobians(at: [1, 2]) }
    #expect(throws: CoreError.invalidArgument("from must be a layer from 0 to 3, not 4")) {
      try net.jacobian(at: [1, 2, 3, 4], from: 4)
    }
  }
}

import Foundation
import Testing
@testable import VanishCore

let oracleCases = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/oracle/cases")

@Suite struct UpdateAndBoundsTests {
  /// One step of Nielsen's update rule against the oracle's `updated.json`.
  @Test func updateMatchesOracle() throws {
    let dir = oracleCases.appendingPathComponent("batch4_4-5-3_sigmoid_quadratic_update")
    func json(_ name: String) throws -> [String: Any] {
      try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name))) as! [String: Any]
    }
    let netJSON = try json("network.json")
    let layers = (netJSON["layers"] as! [[String: Any]]).map { l in
      Layer(
        w: Matrix(rowArrays: l["w"] as! [[Double]]), b: l["b"] as! [Double],
        activation: Activation(name: l["activation"] as! String)!)
    }
    var net = try Network(layers: layers)
    let batch = try json("example.json")["batch"] as! [[String: Any]]
    let x = Matrix(rowArrays: batch.map { $0["x"] as! [Double] }).transposed
    let y = Matrix(rowArrays: batch.map { $0["y"] as! [Double] }).transposed
    let updated = try json("updated.json")
    let g = try net.backprop(x, y, cost: .quadratic)
    net.update(with: g, lr: updated["lr"] as! Double, lambda: updated["lambda"] as! Double, n: updated["n"] as! Double)
    let weights = updated["weights"] as! [[[Double]]]
    let biases = updated["biases"] as! [[Double]]
    for l in 0..<net.depth {
      for (a, b) in zip(net.layers[l].w.storage, weights[l].flatMap { $0 }) {
        #expect(abs(a - b) <= 1e-10 * max(abs(a), abs(b)))
      }
      for (a, b) in zip(net.layers[l].b, biases[l]) { #expect(abs(a - b) <= 1e-10 * max(abs(a), abs(b))) }
    }
  }

  /// The actual ||dC/db[l]|| never exceeds the tight bound, which never exceeds the gamma bound.
  @Test func boundsHoldOnRandomNetworks() throws {
    var rng = SeededGenerator(seed: 99)
    for trial in 0..<200 {
      let depth = 1 + rng.int(below: 6)
      var sizes = [1 + rng.int(below: 5)]
      for _ in 0..<depth { sizes.append(1 + rng.int(below: 5)) }
      let cost: Cost = rng.int(below: 2) == 0 ? .quadratic : .crossEntropy
      var layers: [Layer] = []
      for l in 0..<depth {
        var act = Activation.elementwise[rng.int(below: Activation.elementwise.count)]
        if l == depth - 1 && cost == .crossEntropy { act = .sigmoid }
        let std = [0.1, 1, 4][rng.int(below: 3)]
        layers.append(Layer(inputs: sizes[l], outputs: sizes[l + 1], activation: act, weights: .gaussian(mean: 0, std: std), using: &rng))
      }
      let net = try Network(layers: layers)
      let m = 1 + rng.int(below: 3)
      var x = Matrix(rows: sizes[0], cols: m)
      var y = Matrix(rows: sizes[depth], cols: m)
      for i in 0..<x.count { x.storage[i] = rng.normal() }
      for i in 0..<y.count { y.storage[i] = rng.uniform() }
      let g = try net.backprop(x, y, cost: cost)
      for l in 1...depth {
        // Per example: the norm of each example's delta against that example's bound is what the
        // theory bounds; the mean of the norms is at least the norm of the mean.
        let actual = (0..<m).map { g.delta[l].column($0).euclideanNorm }.reduce(0, +) / Double(m)
        #expect(actual <= g.boundTight[l] * (1 + 1e-12), "trial \(trial) layer \(l): \(actual) > tight \(g.boundTight[l])")
        #expect(g.boundTight[l] <= g.bound[l] * (1 + 1e-12), "trial \(trial) layer \(l)")
        #expect(g.normDelta(l) <= g.bound[l] * (1 + 1e-12))
      }
    }
  }
}

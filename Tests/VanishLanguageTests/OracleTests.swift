import Foundation
import Testing
@testable import VanishLanguage

/// Every case of the shared numpy oracle, reproduced through the language: the network is
/// loaded with `load`, the gradient computed with `grad` and written with `save`, and every
/// number in the written file compared with the oracle's.
@Suite struct OracleTests {
  static let cases: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: oracleCases.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted()
  }()

  @Test func oracleIsPresent() {
    #expect(OracleTests.cases.count >= 11, "expected the shared oracle at \(oracleCases.path)")
  }

  @Test(arguments: cases)
  func gradientMatchesOracle(_ name: String) throws {
    let dir = oracleCases.appendingPathComponent(name)
    let example = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("example.json"))) as! [String: Any]
    let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("expected.json"))) as! [String: Any]
    let out = try temporaryDirectory().appendingPathComponent("g.json")
    let cost = example["cost"] as! String
    let source = OracleExample.load(dir) + "g = \(OracleExample(example).grad)\nsave(g, \"\(out.path)\")\n"
    let result = run(source)
    #expect(result.outcome == .ok, "\(result.err)")

    let got = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as! [String: Any]
    #expect(got["format"] as? String == "vanish.gradient/1")
    #expect(got["cost"] as? String == cost)
    #expect(close(got["C"] as! Double, expected["C"] as! Double), "C")
    let gotLayers = got["layers"] as! [[String: Any]]
    let expectedLayers = expected["layers"] as! [[String: Any]]
    #expect(gotLayers.count == expectedLayers.count)
    for (g, e) in zip(gotLayers, expectedLayers) {
      let layer = e["layer"] as! Int
      #expect(g["layer"] as? Int == layer)
      for key in e.keys where key != "layer" {
        guard let gv = g[key] else {
          Issue.record("\(name) layer \(layer): '\(key)' missing from the saved gradient")
          continue
        }
        let a = flatten(gv)
        let b = flatten(e[key]!)
        #expect(a.count == b.count, "\(name) layer \(layer) \(key): \(a.count) values, oracle has \(b.count)")
        for (i, (x, y)) in zip(a, b).enumerated() where !close(x, y) {
          Issue.record("\(name) layer \(layer) \(key)[\(i)]: \(x) but the oracle has \(y)")
        }
      }
    }
  }

  /// gradcheck is quiet on every oracle network: each parameter within the differences'
  /// resolution (the oracle's gradients are right).
  @Test(arguments: cases)
  func gradcheckAgreesOnTheOracleNetwork(_ name: String) throws {
    let dir = oracleCases.appendingPathComponent(name)
    let example = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("example.json"))) as! [String: Any]
    let result = run(OracleExample.load(dir) + "r = \(OracleExample(example).gradcheck)\nr.ok\nr")
    #expect(result.err == "")
    let lines = result.out.split(separator: "\n")
    #expect(lines.first == "true", "\(name):\n\(result.out)")
    #expect(lines.last?.hasPrefix("backprop agrees with the central differences in all") == true)
  }

  private func flatten(_ any: Any) -> [Double] {
    if let d = any as? Double { return [d] }
    if let n = any as? NSNumber { return [n.doubleValue] }
    if let a = any as? [Any] { return a.flatMap(flatten) }
    return []
  }
}

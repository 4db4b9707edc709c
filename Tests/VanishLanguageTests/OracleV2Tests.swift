import Foundation
import Testing
import VanishCore
@testable import VanishLanguage

/// The second oracle (Fixtures/oracle2, written by an independent numpy script from the
/// equations: residual blocks, layernorm, batchnorm over a batch, softmax with log-likelihood),
/// reproduced through the language: `load` the vanish.network/2 file, `grad`, and every z, a,
/// delta, dw, db, dgain, dshift and C within 1e-10 relative. Entries the oracle writes as
/// exact zeros (a linear layer feeding a batchnorm has db = 0 in exact arithmetic) are compared
/// on the scale of their layer's largest entry.
@Suite struct OracleV2Tests {
  static let root = repositoryRoot.appendingPathComponent("Tests/VanishLanguageTests/Fixtures/oracle2/cases")
  static let cases: [String] = {
    ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
  }()

  static func json(_ url: URL) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
  }

  static func literal(_ v: [Double]) -> String { "[" + v.map { "\($0)" }.joined(separator: ", ") + "]" }

  static func flatten(_ any: Any) -> [Double] {
    if let d = any as? Double { return [d] }
    if let n = any as? NSNumber { return [n.doubleValue] }
    if let a = any as? [Any] { return a.flatMap(flatten) }
    return []
  }

  /// got and want agree to 1e-10 relative, or to 1e-10 of the largest |want| where want is 0.
  static func agree(_ got: [Double], _ want: [Double], _ what: String, scale layerScale: Double = 0) {
    #expect(got.count == want.count, "\(what): \(got.count) values, the oracle has \(want.count)")
    let scale = max(want.map(abs).max() ?? 0, layerScale)
    for (i, (x, y)) in zip(got, want).enumerated() {
      let ok = y == 0 ? abs(x) <= 1e-10 * max(scale, 1e-300) : abs(x - y) <= 1e-10 * abs(y)
      if !ok { Issue.record("\(what)[\(i)]: \(x), the oracle has \(y)") }
    }
  }

  /// The source that loads the case's network and takes its gradient as `g`.
  static func source(_ dir: URL, _ example: [String: Any]) -> String {
    let e = OracleExample(example)
    return OracleExample.load(dir) + (e.isBatch ? "data = dataset(\(e.x), \(e.y))\ng = grad(net, data, cost=\(e.cost))\n" : "g = \(e.grad)\n")
  }

  @Test func thereAreCases() { #expect(Self.cases.count >= 12) }

  @Test(arguments: cases)
  func gradientMatchesTheOracle(_ name: String) throws {
    let dir = Self.root.appendingPathComponent(name)
    let example = try Self.json(dir.appendingPathComponent("example.json"))
    let expected = try Self.json(dir.appendingPathComponent("expected.json"))
    let session = Session()
    let r = run(Self.source(dir, example), session: session)
    #expect(r.err == "", "\(name): \(r.err)")
    guard case .gradient(let gv) = try #require(session.interpreter.globals["g"]) else { throw Diagnostic("no gradient") }
    let g = gv.gradient
    Self.agree([g.C], [expected["C"] as! Double], "\(name) C")
    let layers = expected["layers"] as! [[String: Any]]
    #expect(layers.count == g.depth)
    for e in layers {
      let l = e["layer"] as! Int
      let what = "\(name) layer \(l)"
      let examples = g.examples
      // z and a: a vector for one example, a list of per-example vectors for a batch.
      let z = (0..<examples).flatMap { g.trace.z[l].column($0) }
      let a = (0..<examples).flatMap { g.trace.a[l].column($0) }
      Self.agree(z, Self.flatten(e["z"]!), "\(what) z")
      Self.agree(a, Self.flatten(e["a"]!), "\(what) a")
      // A layer whose db is exactly 0 (a linear layer into a batchnorm) is judged on the
      // scale of its dw.
      let layerScale = e["dw"].map { Self.flatten($0).map(abs).max() ?? 0 } ?? 0
      Self.agree(g.meanDelta[l], Self.flatten(e["delta"]!), "\(what) delta", scale: layerScale)
      if let dw = e["dw"] {
        Self.agree(g.dw[l].storage.array, Self.flatten(dw), "\(what) dw")
        Self.agree(g.db[l], Self.flatten(e["db"]!), "\(what) db", scale: layerScale)
      } else {
        Self.agree(g.dgain[l], Self.flatten(e["dgain"]!), "\(what) dgain")
        Self.agree(g.dshift[l], Self.flatten(e["dshift"]!), "\(what) dshift")
      }
    }
  }

  /// Central differences agree with backprop for every kind, through the language's gradcheck.
  @Test(arguments: cases)
  func gradcheckAgrees(_ name: String) throws {
    let dir = Self.root.appendingPathComponent(name)
    let example = try Self.json(dir.appendingPathComponent("example.json"))
    let source = OracleExample.load(dir) + "r = \(OracleExample(example).gradcheck)\n"
    let r = run(source + "r.ok\nr")
    #expect(r.err == "")
    #expect(r.out.split(separator: "\n").first == "true", "\(name):\n\(r.out)")
  }

  /// batchnorm in eval mode (net(x), trace) uses the running estimates.
  @Test func batchnormForwardUsesTheRunningEstimates() throws {
    let name = try #require(Self.cases.first { FileManager.default.fileExists(atPath: Self.root.appendingPathComponent($0).appendingPathComponent("eval.json").path) })
    let dir = Self.root.appendingPathComponent(name)
    let eval = try Self.json(dir.appendingPathComponent("eval.json"))
    let x = eval["x"] as! [Double]
    let session = Session()
    let r = run("net = load(\"\(dir.appendingPathComponent("network.json").path)\")\nt = trace(net, \(Self.literal(x)))", session: session)
    #expect(r.err == "")
    guard case .trace(let t) = try #require(session.interpreter.globals["t"]) else { throw Diagnostic("no trace") }
    Self.agree(t.trace.output.storage.array, Self.flatten(eval["output"]!), "output")
    for layer in eval["layers"] as! [[String: Any]] {
      let l = layer["layer"] as! Int
      Self.agree(t.trace.z[l].storage.array, Self.flatten(layer["z"]!), "eval z[\(l)]")
      Self.agree(t.trace.a[l].storage.array, Self.flatten(layer["a"]!), "eval a[\(l)]")
    }
  }

  /// One SGD step of a batchnorm network over the batch, through train: every weight, bias,
  /// gain and shift, and the running mean and (unbiased) running variance, as PyTorch's
  /// semantics give them, to 1e-12.
  @Test func oneSGDStepOfABatchnormNetworkIsPyTorchs() throws {
    let name = try #require(Self.cases.first { $0.hasSuffix("_sgd") })
    let dir = Self.root.appendingPathComponent(name)
    let example = try Self.json(dir.appendingPathComponent("example.json"))
    let updated = try Self.json(dir.appendingPathComponent("updated.json"))
    let lr = updated["lr"] as! Double
    let batch = example["batch"] as! [[String: Any]]
    let session = Session()
    let source = Self.source(dir, example)
      + "h = train(net, data, epochs=1, batch=\(batch.count), lr=\(lr), cost=\(example["cost"] as! String))"
    let r = run(source, session: session)
    #expect(r.err == "", "\(r.err)")
    guard case .network(let box) = try #require(session.interpreter.globals["net"]) else { throw Diagnostic("no network") }
    let want = updated["layers"] as! [[String: Any]]
    for (i, (layer, e)) in zip(box.network.layers, want).enumerated() {
      func close(_ got: [Double], _ key: String) {
        let w = Self.flatten(e[key]!)
        #expect(got.count == w.count)
        for (x, y) in zip(got, w) where abs(x - y) > 1e-12 * max(abs(y), 1) {
          Issue.record("layer \(i + 1) \(key): \(x), PyTorch's semantics give \(y)")
        }
      }
      if layer.isNormalization {
        close(layer.normalization.gain, "gain")
        close(layer.normalization.shift, "shift")
        if layer.kindTag == .batchNorm {
          close(layer.normalization.runningMean, "running_mean")
          close(layer.normalization.runningVariance, "running_var")
        }
      } else {
        close(layer.w.storage.array, "w")
        close(layer.b, "b")
      }
    }
  }

  /// save writes vanish.network/2 for a network with normalization layers or skips, and load
  /// reads it back to the same network; an all-dense one is still /1.
  @Test(arguments: cases)
  func networksRoundTripThroughSave(_ name: String) throws {
    let dir = Self.root.appendingPathComponent(name)
    let out = try temporaryDirectory().appendingPathComponent("n.json")
    let session = Session()
    let r = run("net = load(\"\(dir.appendingPathComponent("network.json").path)\"); save(net, \"\(out.path)\"); back = load(\"\(out.path)\")", session: session)
    #expect(r.err == "")
    guard case .network(let a) = session.interpreter.globals["net"], case .network(let b) = session.interpreter.globals["back"] else {
      throw Diagnostic("no networks")
    }
    #expect(a.network == b.network)
    let text = try String(contentsOf: out, encoding: .utf8)
    #expect(text.contains(a.network.isPlainDense ? "\"vanish.network/1\"" : "\"vanish.network/2\""))
  }
}

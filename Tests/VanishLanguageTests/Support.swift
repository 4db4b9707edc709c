import Foundation
import Testing
@testable import VanishLanguage

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The shared oracle cases, beside the repository (../shared/oracle/cases).
let oracleCases = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/oracle/cases")

/// Runs source in a fresh session and returns what it printed and its error output.
func run(_ source: String, session: Session? = nil) -> (out: String, err: String, outcome: Session.Outcome) {
  var out: [String] = []
  var err: [String] = []
  let s = session ?? Session()
  s.write = { out.append($0) }
  s.writeError = { err.append($0) }
  let outcome = s.run(source)
  return (out.joined(separator: "\n"), err.joined(separator: "\n"), outcome)
}

func temporaryDirectory() throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanish-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

/// Relative agreement, with an absolute floor for values at or below 1e-300.
func close(_ a: Double, _ b: Double, relative: Double = 1e-10, absolute: Double = 1e-300) -> Bool {
  if a == b { return true }
  return abs(a - b) <= max(relative * max(abs(a), abs(b)), absolute)
}

/// An oracle case's example (`example.json`) as the language writes it: x and y as vectors for
/// one example, as matrices of one example per row for a batch, and the cost's name.
struct OracleExample {
  let x: String
  let y: String
  let cost: String
  let isBatch: Bool

  init(_ example: [String: Any]) {
    func literal(_ v: [Double]) -> String { "[" + v.map { "\($0)" }.joined(separator: ", ") + "]" }
    cost = example["cost"] as! String
    if let batch = example["batch"] as? [[String: Any]] {
      x = "[" + batch.map { literal($0["x"] as! [Double]) }.joined(separator: ", ") + "]"
      y = "[" + batch.map { literal($0["y"] as! [Double]) }.joined(separator: ", ") + "]"
      isBatch = true
    } else {
      x = literal(example["x"] as! [Double])
      y = literal(example["y"] as! [Double])
      isBatch = false
    }
  }

  /// `grad(...)` of the case: over `dataset(X, Y)` for a batch.
  var grad: String { isBatch ? "grad(net, dataset(\(x), \(y)), cost=\(cost))" : "grad(net, \(x), \(y), cost=\(cost))" }
  var gradcheck: String { "gradcheck(net, \(x), \(y), cost=\(cost))" }

  /// The statement that loads the case's network as `net`.
  static func load(_ dir: URL) -> String { "net = load(\"\(dir.appendingPathComponent("network.json").path)\")\n" }
}

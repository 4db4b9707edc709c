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

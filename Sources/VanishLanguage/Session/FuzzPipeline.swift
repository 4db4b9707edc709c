import Foundation
import VanishCore

/// The whole pipeline (lexer, parser, interpreter, printing) as the fuzzer runs it on
/// arbitrary bytes, and as the regression test replays what the fuzzer found: a fresh session
/// with `Budget.fuzzing`, a fixed seed, no progress bar, files only inside `directory`
/// (emptied after each input).
public enum FuzzPipeline {
  public struct Run {
    public var outcome: Session.Outcome
    /// What it printed and what it reported as errors (kept only when asked for).
    public var output: [String]
    public var errors: [String]
  }

  /// Runs `bytes` as a script. Invalid UTF-8 becomes U+FFFD, as a terminal would show it.
  @discardableResult
  public static func run(_ bytes: UnsafeBufferPointer<UInt8>, directory: String, keepOutput: Bool = false) -> Run {
    let source = String(decoding: bytes, as: UTF8.self)
    var output: [String] = []
    var errors: [String] = []
    let interpreter = Interpreter(output: { _ in })
    interpreter.progress = nil
    interpreter.rng = SeededGenerator(seed: 1)
    interpreter.workingDirectory = directory
    interpreter.budget = .fuzzing(directory: directory)
    let session = Session(
      interpreter: interpreter,
      write: keepOutput ? { output.append($0) } : { _ in },
      writeError: keepOutput ? { errors.append($0) } : { _ in })
    let outcome = session.run(source, file: "fuzz")
    empty(directory)
    return Run(outcome: outcome, output: output, errors: errors)
  }

  @discardableResult
  public static func run(_ bytes: [UInt8], directory: String, keepOutput: Bool = false) -> Run {
    bytes.withUnsafeBufferPointer { run($0, directory: directory, keepOutput: keepOutput) }
  }

  /// A new empty directory for the files of fuzzed sessions.
  public static func makeDirectory() -> String {
    var template = Array(((NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/") + "vanish-fuzz-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { return NSTemporaryDirectory() }
    return String(cString: made)
  }

  /// Removes what an input wrote (only the directory's own entries, never anything outside).
  private static func empty(_ directory: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory), !names.isEmpty else { return }
    for name in names { try? FileManager.default.removeItem(atPath: directory + "/" + name) }
  }
}

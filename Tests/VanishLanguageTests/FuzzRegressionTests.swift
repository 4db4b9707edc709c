import Foundation
import Testing
@testable import VanishLanguage

/// Every input the fuzzer ever crashed, hung or exhausted memory with, and a few nasty ones
/// made by hand (deep nesting, huge counts, giant numbers, invalid UTF-8, NUL bytes, lone
/// carriage returns, unterminated strings), kept in Fixtures/fuzz-regressions. Each goes
/// through the fuzzer's own pipeline (`FuzzPipeline`, `Budget.fuzzing`) and must end with a
/// value or a diagnostic: no crash, no hang, no interruption.
@Suite struct FuzzRegressionTests {
  static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    .appendingPathComponent("fuzz-regressions")

  static let inputs: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted()
  }()

  @Test func thereAreInputs() {
    #expect(Self.inputs.count >= 20)
  }

  @Test(arguments: inputs)
  func finishesWithAValueOrADiagnostic(_ name: String) throws {
    let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
    let directory = FuzzPipeline.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let start = Date()
    let run = FuzzPipeline.run(bytes, directory: directory, keepOutput: true)
    let seconds = Date().timeIntervalSince(start)
    #expect(run.outcome == .ok || run.outcome == .failed || run.outcome == .quit)
    if run.outcome == .failed {
      #expect(run.errors.first?.hasPrefix("error:") == true, "\(run.errors)")
    }
    // The fuzzer allows 10 s in an optimised build; a debug build on a busy machine gets more.
    #expect(seconds < 30, "took \(seconds) s")
    // Nothing written is left behind (and nothing outside was ever allowed).
    #expect((try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true)
  }
}

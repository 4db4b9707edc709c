import Foundation
import Testing

/// Each `samples/NAME.nn` has its transcript in `samples/NAME.out` (standard output and
/// error as the script prints them); `scripts/update-golden` rewrites them after a change.
/// Both run with OpenBLAS's Haswell kernels (`transcriptKernel`).
@Suite struct SampleTranscriptTests {
  static let samples: [String] = {
    let dir = repositoryRoot.appendingPathComponent("samples")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.hasSuffix(".nn") }.map { String($0.dropLast(3)) }.sorted()
  }()

  @Test func thereAreSamples() {
    #expect(SampleTranscriptTests.samples.contains("tour"))
  }

  @Test func lastDigitsOfFullNumbersMayDifferNothingElse() {
    #expect(Self.sameLine("[0.002289635613563446, 1.231910977144713]", "[0.0022896356135634465, 1.2319109771447132]"))
    #expect(Self.sameLine("    1  0.00228964", "    1   0.00228964"))
    #expect(!Self.sameLine("    1  0.00228964", "    1  0.00228965"))
    #expect(!Self.sameLine("[0.0022896356135634, 1]", "[0.0022896356135, 1]"))
    #expect(!Self.sameLine("epoch 1 of 2", "epoch 1 of 2 3"))
    #expect(!Self.sameLine("vanishes by 4.6 decades", "explodes by 4.6 decades"))
  }

  @Test(arguments: samples)
  func transcriptMatches(_ name: String) throws {
    let dir = repositoryRoot.appendingPathComponent("samples")
    let golden = try String(contentsOf: dir.appendingPathComponent("\(name).out"), encoding: .utf8)
    let r = try vanish(["samples/\(name).nn"], directory: repositoryRoot, environment: transcriptKernel)
    let transcript = r.stdout + r.stderr
    #expect(r.status == 0, "\(r.stderr)")
    if transcript != golden {
      let got = transcript.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let want = golden.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      if got.count != want.count {
        Issue.record("samples/\(name).out has \(want.count) lines, the run printed \(got.count)")
      }
      if let first = zip(got, want).enumerated().first(where: { !Self.sameLine($0.element.0, $0.element.1) })?.offset {
        Issue.record("samples/\(name).out differs at line \(first + 1):\n got: \(got[first])\nwant: \(want[first])")
      }
    }
  }

  /// The same line, but for the last digits of numbers printed in full (17 significant digits):
  /// OpenBLAS picks its kernel for the CPU, and kernels sum a product's terms in different
  /// orders, so a sum of hundreds of terms may end one or two units in the last place apart
  /// on another machine. Text, spacing aside, must be identical, and every number within
  /// 1e-12 relative: a number printed with six digits must be identical too.
  static func sameLine(_ a: String, _ b: String) -> Bool {
    if a == b { return true }
    let number = #/-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/#
    let (textA, numbersA) = (a.replacing(number, with: "#"), a.matches(of: number).map { Double(String($0.output.0)) })
    let (textB, numbersB) = (b.replacing(number, with: "#"), b.matches(of: number).map { Double(String($0.output.0)) })
    let collapse = { (s: String) in s.replacing(#/ +/#, with: " ") }
    guard collapse(textA) == collapse(textB), numbersA.count == numbersB.count else { return false }
    return zip(numbersA, numbersB).allSatisfy { x, y in
      guard let x, let y else { return false }
      return x == y || abs(x - y) <= 1e-12 * max(abs(x), abs(y))
    }
  }
}

import Foundation
import Testing

/// Each `samples/NAME.nn` has its transcript in `samples/NAME.out` (standard output and
/// error as the script prints them); `scripts/update-golden` rewrites them after a change.
@Suite struct SampleTranscriptTests {
  static let samples: [String] = {
    let dir = repositoryRoot.appendingPathComponent("samples")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.hasSuffix(".nn") }.map { String($0.dropLast(3)) }.sorted()
  }()

  @Test func thereAreSamples() {
    #expect(SampleTranscriptTests.samples.contains("tour"))
  }

  @Test(arguments: samples)
  func transcriptMatches(_ name: String) throws {
    let dir = repositoryRoot.appendingPathComponent("samples")
    let golden = try String(contentsOf: dir.appendingPathComponent("\(name).out"), encoding: .utf8)
    let r = try vanish(["samples/\(name).nn"], directory: repositoryRoot)
    let transcript = r.stdout + r.stderr
    #expect(r.status == 0, "\(r.stderr)")
    if transcript != golden {
      let got = transcript.split(separator: "\n", omittingEmptySubsequences: false)
      let want = golden.split(separator: "\n", omittingEmptySubsequences: false)
      let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
      Issue.record("samples/\(name).out differs at line \(first + 1):\n got: \(first < got.count ? got[first] : "<end>")\nwant: \(first < want.count ? want[first] : "<end>")")
    }
  }
}

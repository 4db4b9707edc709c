import Foundation
import Testing

/// Plots from the built `vanish`: no escape codes when output is not a terminal, the width from
/// COLUMNS, and SVG files written where asked.
@Suite struct PlotCommandLineTests {
  @Test func pipedPlotsHaveNoColourAndTakeTheirWidthFromColumns() throws {
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "NO_COLOR")
    env["COLUMNS"] = "60"
    let r = try runProcess(vanishBinary, ["-e", "plot([1, 4, 9, 16])"], environment: env)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stdout.contains("\u{1B}"))
    #expect(r.stdout.contains("┤") && r.stdout.contains("└"))
    let widest = r.stdout.split(separator: "\n").map(\.count).max() ?? 0
    #expect(widest <= 60 && widest >= 56, "widest line \(widest)")
  }

  @Test func saveWritesAnSVGBesideTheWorkingDirectory() throws {
    let dir = try FileManager.default.url(
      for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()),
      create: true)
    let r = try vanish(["-e", "save(heatmap([[1, 2], [3, 4]]), \"m.svg\")"], directory: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let svg = try String(contentsOf: dir.appendingPathComponent("m.svg"), encoding: .utf8)
    #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
  }
}

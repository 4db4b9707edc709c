import Foundation
import Testing
@testable import VanishLanguage

/// A training history and its speeds draw against the epoch, one line per layer.
@Suite struct HistoryPlotTests {
  @Test func speedsAreAMatrixThatPlotsPerLayer() throws {
    let session = Session()
    let setup = run("seed(1); net = mlp([2, 3, 3, 1], sigmoid); h = train(net, xor(), epochs=4, batch=2, lr=1)", session: session)
    #expect(setup.err == "")
    #expect(run("h.speeds.shape", session: session).out == "[5, 3]")
    #expect(run("h.speeds.epochs", session: session).out == "[0, 1, 2, 3, 4]")
    // Arithmetic and indices treat it as the matrix it is.
    #expect(run("h.speeds[2] - (2 * h.speeds)[2] / 2", session: session).out == "[0, 0, 0]")
    #expect(run("sum(h.speeds) > 0", session: session).outcome == .failed)  // no comparisons in the language
    let plot = run("plot(h.speeds)", session: session).out
    #expect(plot.contains("learning speed of each layer"))
    #expect(plot.contains("layer 1") && plot.contains("layer 3") && plot.contains("epoch"))
    #expect(plot.contains("1e-"), "speeds are drawn on a log scale")
    let history = run("plot(h)", session: session).out
    #expect(history.contains("training cost"))
    #expect(history.contains("training: quadratic cost, sgd, lr 1"))
    let dir = try temporaryDirectory()
    let svg = dir.appendingPathComponent("speeds.svg").path
    #expect(run("save(plot(h.speeds), \"\(svg)\")", session: session).err == "")
    let text = try String(contentsOfFile: svg, encoding: .utf8)
    #expect(text.hasPrefix("<svg") || text.hasPrefix("<?xml"))
    #expect(text.components(separatedBy: "<polyline").count - 1 >= 3)
  }

  /// With test data the accuracy (0-1) gets a panel of its own under the cost (here 0-10, cross
  /// entropy): on one axis it was a flat line along the bottom; now it spans its panel.
  @Test func costAndAccuracyHaveAPanelEach() throws {
    let session = Session()
    let setup = run(
      "seed(1); net = mlp([784, 30, 10], sigmoid); h = train(net, take(fashion_mnist(), 300), epochs=4, lr=3, cost=cross_entropy)",
      session: session)
    #expect(setup.err == "")
    #expect(run("h.accuracy[1] < 0.2", session: session).outcome == .failed)  // no comparisons: read the values instead
    let plot = run("plot(h, width=60, height=16)", session: session).out
    let lines = plot.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let costLabel = try #require(lines.firstIndex(of: "training cost"), "\(plot)")
    let accuracyLabel = try #require(lines.firstIndex(of: "test accuracy"), "\(plot)")
    let axis = try #require(lines.firstIndex { $0.contains("└") })
    #expect(costLabel < accuracyLabel && accuracyLabel < axis)
    #expect(accuracyLabel - costLabel - 1 == 8 && axis - accuracyLabel - 1 == 8, "16 rows shared: 8 each")
    #expect(lines[axis + 1].split(separator: " ") == ["0", "1", "2", "3", "4"], "one epoch axis, under the last panel")
    #expect(lines.last?.trimmingCharacters(in: .whitespaces) == "epoch", "one line per panel: no legend")
    // The accuracy panel: its tick labels lie within 0..1 and its curve reaches from its first
    // rows to its last.
    let panel = lines[(accuracyLabel + 1)..<axis]
    let ticks = panel.compactMap { row in row.split(separator: "┤").first.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
    #expect(ticks.count >= 2 && ticks.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(ticks)")
    let inked = panel.enumerated().filter { _, row in
      row.drop { $0 != "┤" && $0 != "│" }.dropFirst().contains { $0 != " " && $0 != "\u{2800}" }
    }.map(\.offset)
    #expect(inked.first.map { $0 <= 2 } == true && inked.last.map { $0 >= 5 } == true, "the curve spans its panel: rows \(inked)")

    // The SVG: two panels, one above the other, each curve filling its own.
    let dir = try temporaryDirectory()
    let file = dir.appendingPathComponent("h.svg").path
    #expect(run("save(plot(h), \"\(file)\")", session: session).err == "")
    let svg = try String(contentsOfFile: file, encoding: .utf8)
    #expect(svg.components(separatedBy: "<clipPath").count - 1 == 2)
    let ys = svg.matches(of: /<polyline points="([^"]*)"/).map { match in
      match.1.split(separator: " ").compactMap { Double($0.split(separator: ",")[1]) }
    }
    try #require(ys.count == 2)
    let (cost, accuracy) = (ys[0], ys[1])
    #expect((cost.max() ?? 0) < (accuracy.min() ?? 0), "the cost's panel is above the accuracy's")
    let clips = svg.matches(of: /<clipPath id="[^"]*"><rect x="[0-9.]+" y="([0-9.]+)" width="[0-9.]+" height="([0-9.]+)"/)
      .map { (Double($0.1) ?? 0, Double($0.2) ?? 0) }
    try #require(clips.count == 2)
    let spread = ((accuracy.max() ?? 0) - (accuracy.min() ?? 0)) / clips[1].1
    #expect(spread > 0.6, "the accuracy spans \(spread) of its panel's height")
    #expect(accuracy.allSatisfy { $0 >= clips[1].0 && $0 <= clips[1].0 + clips[1].1 })
  }
}

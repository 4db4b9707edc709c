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
}

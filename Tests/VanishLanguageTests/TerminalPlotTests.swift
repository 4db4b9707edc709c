import Foundation
import Testing
@testable import VanishLanguage

/// Figures drawn as text: exact output for small figures (golden transcripts depend on it),
/// and the colour policy.
@Suite struct TerminalPlotTests {
  let plain = TerminalStyle(colour: false, width: 30, height: 4)

  @Test func linePlotIsExactlyThis() {
    let figure = Figure(
      title: "y = x", x: Figure.Axis("x"), y: Figure.Axis("y"), marks: [.line(Figure.Line(x: [0, 1, 2], y: [0, 1, 2]))])
    let expected = """
                   y = x
      y
      2┤                     ⣀⡠⠤⠔⠒⠉
       │              ⢀⣀⠤⠤⠒⠊⠉
      1┤       ⣀⣀⠤⠤⠒⠒⠉⠁
      0┤⣀⠤⠤⠒⠒⠉⠉
       └┬─────┬──────┬──────┬─────┬
       0.0   0.5    1.0    1.5   2.0
                     x
      """
    #expect(TerminalPlot.render(figure, style: plain) == expected)
    #expect(TerminalPlot.render(figure, style: plain) == TerminalPlot.render(figure, style: plain))
  }

  /// Panels stacked under the first share the rows, the left margin and the x axis, each with
  /// its own y axis and its label above it.
  @Test func stackedPanelsAreExactlyThis() {
    let figure = Figure(
      title: "two", x: Figure.Axis("epoch", wholeNumbers: true), y: Figure.Axis("cost"),
      marks: [.line(Figure.Line(x: [0, 1, 2], y: [12, 3, 1]))],
      below: [Figure.Panel(y: Figure.Axis("accuracy"), lines: [Figure.Line(x: [0, 1, 2], y: [0.1, 0.6, 0.9])])])
    let expected = """
                     two
      cost
       15┤⣀
       10┤ ⠉⠑⠢⠤⣀⡀
        5┤      ⠈⠉⠒⠢⢄⣀
        0┤            ⠉⠉⠉⠑⠒⠒⠒⠒⠒⠢⠤⠤⠤
      accuracy
      1.0┤                    ⣀⣀⣀⠤⠤
         │          ⢀⣀⠤⠤⠒⠒⠒⠉⠉⠉
      0.5┤    ⣀⡠⠤⠔⠒⠉⠁
      0.0┤⠤⠒⠊⠉
         └┬───────────┬───────────┬
          0           1           2
                    epoch
      """
    let text = TerminalPlot.render(figure, style: TerminalStyle(colour: false, width: 30, height: 8))
    #expect(text == expected, "\(text)")
  }

  @Test func withoutColourSeriesDifferInPatternAndMarkerAndTheLegendSaysWhich() {
    let figure = Figure(marks: [
      .line(Figure.Line(x: [0, 1], y: [0, 1], label: "up")), .line(Figure.Line(x: [0, 1], y: [1, 0], label: "down")),
    ])
    let text = TerminalPlot.render(figure, style: plain)
    #expect(!text.contains("\u{1B}"))
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.last == "    ⠒⠒⠒⠒x up   ⠒⠒ ⠒+ down")
    // Each series ends at its marker: "up" at the top right, "down" at the bottom right.
    #expect(lines[0].hasSuffix("x"))
    #expect(lines[3].hasSuffix("+"))
  }

  @Test func withColourEachSeriesHasItsOwnColourAndNoMarkers() {
    let figure = Figure(marks: [
      .line(Figure.Line(x: [0, 1], y: [0, 1], label: "up")), .line(Figure.Line(x: [0, 1], y: [1, 0], label: "down")),
    ])
    let text = TerminalPlot.render(figure, style: TerminalStyle(colour: true, width: 30, height: 4))
    #expect(text.contains(ANSI.foreground(Palette.series(0).ansi256)))
    #expect(text.contains(ANSI.foreground(Palette.series(1).ansi256)))
    #expect(Palette.series(0).ansi256 != Palette.series(1).ansi256)
    #expect(!text.contains("x up"))
    #expect(text.contains("up") && text.contains("down"))
  }

  @Test func linesFitTheWidth() {
    let figure = Figure(title: "a title", marks: [.line(Figure.Line((1...200).map { sin(Double($0) / 10) }))])
    for width in [40, 80, 123] {
      let text = TerminalPlot.render(figure, style: TerminalStyle(colour: false, width: width))
      let widest = text.split(separator: "\n").map(\.count).max() ?? 0
      #expect(widest <= width && widest >= width - 4, "width \(width): widest line \(widest)")
      #expect(text.split(separator: "\n").count == 1 + 16 + 2, "title, 16 rows, axis, tick labels, nothing else")
    }
  }

  @Test func logScaleLeavesOutNonPositivePointsAndSaysSo() {
    let figure = Figure(y: Figure.Axis(scale: .log), marks: [.line(Figure.Line([1, 0, 1e-3, 1e-6]))])
    let text = TerminalPlot.render(figure, style: TerminalStyle(colour: false, width: 40, height: 8))
    #expect(text.contains("1e-6┤"))
    #expect(text.contains("(1 point at or below 0 not shown on the log scale)"))
  }

  @Test func barsAreExactlyThis() {
    let figure = Figure(
      x: Figure.Axis(scale: .linear), marks: [.bars(Figure.Bars(categories: ["a", "bb"], series: [.init("v", [1, 2])]))])
    let expected = """
       a│████████████▌ 1
      bb│█████████████████████████ 2
        └┬─────┬─────┬─────┬─────┬
        0.0   0.5   1.0   1.5   2.0
      """
    #expect(TerminalPlot.render(figure, style: TerminalStyle(colour: false, width: 30)) == expected)
  }

  @Test func secondBarSeriesIsShadedWithoutColourAndColouredWithIt() {
    let figure = Figure(
      marks: [.bars(Figure.Bars(categories: ["1"], series: [.init("||delta||", [1e-3]), .init("bound", [1e-1])]))])
    let plainText = TerminalPlot.render(figure, style: TerminalStyle(colour: false, width: 40))
    #expect(plainText.contains("░░░"))
    #expect(plainText.hasSuffix("█ ||delta||   ░ bound"))
    let colourText = TerminalPlot.render(figure, style: TerminalStyle(colour: true, width: 40))
    #expect(!colourText.contains("░"))
    #expect(colourText.contains(ANSI.foreground(Palette.series(1).ansi256) + "████"))
  }

  @Test func heatmapIsShadedFromSmallestToLargest() {
    let figure = Figure(marks: [.heatmap(Figure.Heatmap(rows: [[0, 1], [2, 3]], label: "m"))])
    let expected = """
          m
        ┌────┐
      1 │  ░░│
      2 │▓▓██│
        └────┘
         1  2
        0 │ ░▒▓█│ 3
      """
    #expect(TerminalPlot.render(figure, style: TerminalStyle(colour: false, width: 40)) == expected)
  }

  @Test func heatmapWithColourUsesBackgroundsCentredOnZeroForSignedValues() {
    let figure = Figure(marks: [.heatmap(Figure.Heatmap(rows: [[-1, 0, 1]]))])
    let text = TerminalPlot.render(figure, style: TerminalStyle(colour: true, width: 40))
    #expect(text.contains(ANSI.background(Palette.diverging(0).ansi256) + "  "))
    #expect(text.contains(ANSI.background(Palette.diverging(0.5).ansi256) + "  "))
    #expect(text.contains(ANSI.background(Palette.diverging(1).ansi256) + "  "))
    #expect(text.contains("-1 ") && text.contains(" 1"))
  }

  @Test func largeHeatmapIsAveragedInBlocksAndSaysSo() {
    let rows = (0..<30).map { i in (0..<784).map { j in Double(i + j) } }
    let text = TerminalPlot.render(Figure(marks: [.heatmap(Figure.Heatmap(rows: rows))]), style: TerminalStyle(colour: false, width: 80))
    #expect(text.contains("(each cell is the mean of a 1×11 block)"))
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }

  @Test func contourShowsItsLevelsAndThePathsEnds() {
    let n = 21
    let values = (0..<n).map { i in
      (0..<n).map { j -> Double in
        let (x, y) = (-2 + 4 * Double(j) / 20, -2 + 4 * Double(i) / 20)
        return x * x + y * y
      }
    }
    let contour = Figure.Contour(values: values, x: -2...2, y: -2...2, levelCount: 5)
    let path = Figure.Line(x: [1.5, 0.5, 0], y: [1.5, 0.2, 0], label: "descent", marksEnds: true)
    let other = Figure.Line(x: [-1.5, -0.5], y: [-1.5, 0], label: "other", marksEnds: true)
    let figure = Figure(x: Figure.Axis("w1"), y: Figure.Axis("w2"), marks: [.contour(contour), .line(path), .line(other)])
    let text = TerminalPlot.render(figure, style: TerminalStyle(colour: false, width: 60, height: 12))
    #expect(text.contains("⠂⠂⠂⠂ f = 5 levels from 1.33 to 6.67"), "contour lines under paths are dotted")
    // Paths over contour lines stay solid, told apart by their end markers.
    #expect(text.contains("o⠒⠒⠒x descent") && text.contains("o⠒⠒⠒+ other"))
    #expect(text.contains("o") && text.contains("x"))
    #expect(text.contains("-2.0") && text.contains(" 2┤") && text.contains("-2┤"))
  }
}

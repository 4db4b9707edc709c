/// A matrix as rows of cells: shades (blank ░ ▒ ▓ █ from the smallest value to the largest)
/// without colour, 256-colour backgrounds with it; row numbers on the left, column numbers
/// below, and the scale under that.
enum TerminalHeatmap {
  static let defaultMaxRows = 32
  static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

  static func render(_ heatmap: Figure.Heatmap, in figure: Figure, style: TerminalStyle) -> String {
    let left = String(heatmap.rowCount).count
    let room = max(style.width - left - 3, 4)
    let grid = HeatmapGrid(heatmap, maxRows: style.height ?? defaultMaxRows, maxColumns: room)
    let cellWidth = heatmap.columnCount * 2 <= room ? 2 : 1
    let drawn = (grid.cells.first?.count ?? 0) * cellWidth

    let indent = String(repeating: " ", count: left + 1)
    var out: [String] = []
    let title = figure.title.isEmpty ? heatmap.label : figure.title
    if !title.isEmpty { out.append(TerminalPlot.centred(title, indent: left + 1, width: drawn + 2)) }
    if !figure.y.label.isEmpty { out.append(figure.y.label) }
    // A frame, so that cells of the smallest value (blank) still read as cells.
    out.append(indent + "┌" + String(repeating: "─", count: drawn) + "┐")
    let labelEvery = max(1, (grid.cells.count + 7) / 8)
    for (r, row) in grid.cells.enumerated() {
      let first = r * grid.rowsPerCell + 1
      let label = r == 0 || r == grid.cells.count - 1 || r % labelEvery == 0 ? String(first) : ""
      var line = String(repeating: " ", count: left - label.count) + label + " │"
      for v in row { line += cell(v, grid: grid, width: cellWidth, colour: style.colour) }
      if style.colour { line += ANSI.reset }
      out.append(line + "│")
    }
    out.append(indent + "└" + String(repeating: "─", count: drawn) + "┘")
    // Column numbers: the first under the first cell, the last ending under the last cell.
    let last = String(heatmap.columnCount)
    var columnsLine = indent + " 1"
    if heatmap.columnCount > 1 {
      columnsLine += String(repeating: " ", count: max(1, drawn - 1 - last.count)) + last
    }
    out.append(columnsLine)
    if !figure.x.label.isEmpty { out.append(TerminalPlot.centred(figure.x.label, indent: left + 1, width: drawn + 2)) }
    out.append(indent + scale(grid, colour: style.colour))
    if grid.reduced { out.append(indent + "(" + grid.reductionNote + ")") }
    return out.joined(separator: "\n")
  }

  static func cell(_ v: Double, grid: HeatmapGrid, width: Int, colour: Bool) -> String {
    guard v.isFinite else { return String(repeating: "?", count: width) }
    if colour { return ANSI.background(grid.colour(v).ansi256) + String(repeating: " ", count: width) }
    // Halved, so that a span like -1e308...1e308 does not overflow to infinity.
    var t = grid.hi > grid.lo ? (v / 2 - grid.lo / 2) / (grid.hi / 2 - grid.lo / 2) : 0.5
    t = t.isFinite ? min(max(t, 0), 1) : 0.5
    return String(repeating: shades[Int((t * Double(shades.count - 1)).rounded())], count: width)
  }

  /// `-0.532 │ ░▒▓█│ 0.712`, or a ramp of colours between the two numbers.
  static func scale(_ grid: HeatmapGrid, colour: Bool) -> String {
    if colour {
      let (lo, hi) = grid.scaleEnds
      let ramp = (0..<16).map { k -> String in
        let c = grid.signed ? Palette.diverging(Double(k) / 15) : Palette.viridis(Double(k) / 15)
        return ANSI.background(c.ansi256) + " "
      }.joined()
      return "\(Ticks.compact(lo)) " + ramp + ANSI.reset + " \(Ticks.compact(hi))"
    }
    return "\(Ticks.compact(grid.lo)) │" + String(shades) + "│ \(Ticks.compact(grid.hi))"
  }
}

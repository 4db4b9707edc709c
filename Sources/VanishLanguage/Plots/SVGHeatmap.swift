/// A matrix in SVG: a rectangle per cell (blocks averaged beyond 160 rows or columns), row 1 at
/// the top, and a colour bar with the scale at the right. The picture is as large as the
/// matrix needs, up to 560×360 for the cells.
enum SVGHeatmap {
  static let maxCells = 160
  static let room = (width: 560.0, height: 360.0)

  static func document(_ heatmap: Figure.Heatmap, in figure: Figure) -> String {
    let grid = HeatmapGrid(heatmap, maxRows: maxCells, maxColumns: maxCells)
    let rows = grid.cells.count
    let columns = grid.cells.first?.count ?? 1
    let rowLabelWidth = SVG.textWidth(String(heatmap.rowCount), size: 11)
    let left = 16 + (figure.y.label.isEmpty ? 0 : 18) + rowLabelWidth + 8
    let top = grid.reduced ? 56.0 : 44.0
    // Square cells when they can be 8 pixels or more; otherwise cells fill the room.
    let side = min(room.width / Double(columns), room.height / Double(rows))
    let cell = side >= 8 ? (w: min(side, 48), h: min(side, 48)) : (w: room.width / Double(columns), h: room.height / Double(rows))
    let area = SVGArea(left: left, top: top, right: left + cell.w * Double(columns), bottom: top + cell.h * Double(rows))
    let title = figure.title.isEmpty ? heatmap.label : figure.title
    let barHeight = min(max(area.height, 120), 240)
    let width = max(area.right + 24 + 14 + 56, SVG.textWidth(title, size: 15) + 40, SVG.textWidth(grid.reductionNote, size: 11) + 40)
    let height = max(area.bottom, top + barHeight) + 28 + (figure.x.label.isEmpty ? 0 : 18)

    var svg = SVGWriter(width: width, height: height)
    svg.title(title, centre: width / 2)
    if grid.reduced { svg.text(grid.reductionNote, x: width / 2, y: 44, size: 11, anchor: .middle, fill: "#666") }
    for (r, row) in grid.cells.enumerated() {
      for (c, v) in row.enumerated() {
        svg.rect(
          x: area.left + Double(c) * cell.w, y: area.top + Double(r) * cell.h, width: cell.w, height: cell.h,
          fill: v.isFinite ? grid.colour(v).hex : "#cccccc", extra: "shape-rendering=\"crispEdges\"")
      }
    }
    svg.add(
      "<rect x=\"\(SVG.number(area.left))\" y=\"\(SVG.number(area.top))\" width=\"\(SVG.number(area.width))\" height=\"\(SVG.number(area.height))\" fill=\"none\" stroke=\"#444\"/>"
    )
    // Every row and column number when there is room for them, else the first and the last.
    let everyRow = rows <= 24 && cell.h >= 14 && grid.rowsPerCell == 1
    for r in 0..<rows where everyRow || r == 0 || r == rows - 1 {
      let label = r == rows - 1 ? heatmap.rowCount : r * grid.rowsPerCell + 1
      svg.text(String(label), x: area.left - 6, y: area.top + (Double(r) + 0.5) * cell.h + 4, size: 11, anchor: .end)
    }
    let everyColumn = columns <= 30 && cell.w >= 18 && grid.columnsPerCell == 1
    for c in 0..<columns where everyColumn || c == 0 || c == columns - 1 {
      let label = c == columns - 1 ? heatmap.columnCount : c * grid.columnsPerCell + 1
      svg.text(String(label), x: area.left + (Double(c) + 0.5) * cell.w, y: area.bottom + 16, size: 11, anchor: .middle)
    }
    svg.text(figure.x.label, x: area.left + area.width / 2, y: area.bottom + 34, size: 12, anchor: .middle)
    svg.text(figure.y.label, x: 18, y: area.top + area.height / 2, size: 12, anchor: .middle, rotate: true)
    colourBar(&svg, grid: grid, x: area.right + 24, top: area.top, height: barHeight)
    return svg.document
  }

  private static func colourBar(_ svg: inout SVGWriter, grid: HeatmapGrid, x: Double, top: Double, height: Double) {
    let colours = (0...10).map { k in
      (grid.signed ? Palette.diverging(Double(k) / 10) : Palette.viridis(Double(k) / 10)).hex
    }
    svg.define(SVGGradient.vertical(id: "scale", colours: colours))
    svg.rect(x: x, y: top, width: 14, height: height, fill: "url(#scale)", extra: "stroke=\"#444\" stroke-width=\"0.5\"")
    let (lo, hi) = grid.scaleEnds
    svg.text(Ticks.compact(hi), x: x + 20, y: top + 4, size: 11)
    svg.text(Ticks.compact(lo), x: x + 20, y: top + height + 4, size: 11)
    if grid.signed { svg.text("0", x: x + 20, y: top + height / 2 + 4, size: 11) }
  }
}

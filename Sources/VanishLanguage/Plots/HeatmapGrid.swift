/// A heatmap's cells made to fit a drawing: blocks of neighbouring entries averaged into one
/// cell when the matrix has more rows or columns than there is room for (a 30×784 weight
/// matrix in 70 columns), and the colour scale chosen from the values.
struct HeatmapGrid {
  /// The cells, row 1 at the top.
  let cells: [[Double]]
  /// How many rows and columns of the matrix each cell stands for.
  let rowsPerCell: Int
  let columnsPerCell: Int
  let lo: Double
  let hi: Double

  init(_ heatmap: Figure.Heatmap, maxRows: Int, maxColumns: Int) {
    let rows = heatmap.rowCount
    let columns = heatmap.columnCount
    rowsPerCell = max(1, (rows + max(maxRows, 1) - 1) / max(maxRows, 1))
    columnsPerCell = max(1, (columns + max(maxColumns, 1) - 1) / max(maxColumns, 1))
    var cells: [[Double]] = []
    for r in stride(from: 0, to: rows, by: rowsPerCell) {
      var line: [Double] = []
      for c in stride(from: 0, to: columns, by: columnsPerCell) {
        var sum = 0.0
        var count = 0
        for i in r..<min(r + rowsPerCell, rows) {
          for j in c..<min(c + columnsPerCell, heatmap.rows[i].count) where heatmap.rows[i][j].isFinite {
            sum += heatmap.rows[i][j]
            count += 1
          }
        }
        line.append(count == 0 ? .nan : sum / Double(count))
      }
      cells.append(line)
    }
    self.cells = cells
    // The scale spans the cells as drawn: block means of random weights are all near zero, and
    // a scale set by single entries would draw them all the same grey.
    let finite = cells.flatMap { $0 }.filter(\.isFinite)
    lo = finite.min() ?? 0
    hi = finite.max() ?? 0
  }

  /// Values of both signs get a scale centred on zero (white), so the sign reads at a glance.
  var signed: Bool { lo < 0 && hi > 0 }

  /// Where v falls on the scale, 0...1; NaN for missing values.
  func position(_ v: Double) -> Double {
    guard v.isFinite else { return .nan }
    if signed {
      let m = max(-lo, hi)
      return (v + m) / (2 * m)
    }
    return hi > lo ? (v - lo) / (hi - lo) : 0.5
  }

  func colour(_ v: Double) -> Palette.Colour {
    signed ? Palette.diverging(position(v)) : Palette.viridis(position(v))
  }

  /// The scale as the legend shows it: from lo to hi (for a signed scale, ±max|v|).
  var scaleEnds: (Double, Double) {
    if signed {
      let m = max(-lo, hi)
      return (-m, m)
    }
    return (lo, hi)
  }

  var reduced: Bool { rowsPerCell > 1 || columnsPerCell > 1 }

  var reductionNote: String {
    "each cell is the mean of a \(rowsPerCell)×\(columnsPerCell) block"
  }
}

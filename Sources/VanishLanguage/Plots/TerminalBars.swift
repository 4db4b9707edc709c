/// Horizontal bars in eighth blocks, one row per series in each category's group, each value
/// written at the end of its bar and the value axis at the bottom (log when the values span decades).
/// Without colour the first series is drawn in eighth blocks and the others in shades, one
/// cell at a time; with colour every series is eighth blocks in its own colour.
enum TerminalBars {
  static let shades: [Character] = ["░", "▒", "▓"]

  static func render(_ bars: Figure.Bars, in figure: Figure, style: TerminalStyle) -> String {
    let values = bars.series.flatMap(\.values)
    let valueLabels = bars.series.map { s in s.values.indices.map(s.valueLabel) }
    let valueWidth = valueLabels.flatMap { $0 }.map(\.count).max() ?? 0
    let left = max(bars.categories.map(\.count).max() ?? 0, 1)
    let columns = max(style.width - left - 2 - valueWidth, 10)
    let axis = ResolvedAxis.resolve(
      figure.x, data: values, target: max(2, min(12, columns / 8)), widen: true, includingZero: true)

    var out: [String] = []
    if !figure.title.isEmpty { out.append(TerminalPlot.centred(figure.title, indent: left + 1, width: columns)) }
    if !figure.y.label.isEmpty { out.append(figure.y.label) }
    for (c, category) in bars.categories.enumerated() {
      for (s, series) in bars.series.enumerated() {
        let label = s == 0 ? category : ""
        let colour = style.colour ? Palette.series(s).ansi256 : nil
        let bar = self.bar(series.values[c], axis: axis, columns: columns, glyph: style.colour || s == 0 ? nil : shades[(s - 1) % shades.count])
        out.append(
          String(repeating: " ", count: left - label.count) + label + "│" + TerminalPlot.coloured(bar, colour) + " "
            + valueLabels[s][c])
      }
    }
    let ticks = zip(axis.ticks, axis.labels).compactMap { tick, label -> (column: Int, label: String)? in
      axis.fraction(tick).map { (Int(($0 * Double(columns - 1)).rounded()), label) }
    }
    out += TerminalPlot.horizontalAxis(ticks: ticks, indent: left, columns: columns, width: style.width)
    if !figure.x.label.isEmpty { out.append(TerminalPlot.centred(figure.x.label, indent: left + 1, width: columns)) }
    if bars.series.count > 1 {
      let entries = bars.series.enumerated().map { s, series in
        let glyph = style.colour || s == 0 ? "█" : String(shades[(s - 1) % shades.count])
        return TerminalPlot.Entry(
          sample: TerminalPlot.coloured(glyph, style.colour ? Palette.series(s).ansi256 : nil), visible: 1, label: series.label)
      }
      out += TerminalPlot.legend(entries, indent: left + 1, width: style.width)
    }
    return out.joined(separator: "\n")
  }

  /// A bar from the axis' start (or from zero when the axis has negative values) to v: in
  /// eighths of a cell, or whole cells of `glyph`. A value below the axis' start gets no bar.
  static func bar(_ v: Double, axis: ResolvedAxis, columns: Int, glyph: Character?) -> String {
    guard let t = axis.fraction(v) else { return "" }
    let zero = axis.scale == .linear && axis.lo < 0 ? (axis.fraction(0) ?? 0) : 0
    let (from, to) = (min(max(min(zero, t), 0), 1), min(max(max(zero, t), 0), 1))
    if from > 0 || glyph != nil {
      // Bars that start inside the drawing (negative values) or are shaded: whole cells.
      let start = Int((from * Double(columns)).rounded())
      var end = Int((to * Double(columns)).rounded())
      if end == start && to > from { end = start + 1 }
      return String(repeating: " ", count: start) + String(repeating: glyph ?? "█", count: end - start)
    }
    return Bars.linear(to, width: columns)
  }
}

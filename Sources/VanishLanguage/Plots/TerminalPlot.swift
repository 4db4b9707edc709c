/// How a figure is drawn as text: colour or not, and the size. Taken from `OutputStyle` (decided
/// once at start-up) unless a test or `plot(..., width=, height=)` says otherwise, so the same
/// figure always gives the same text.
public struct TerminalStyle: Sendable, Equatable {
  public var colour: Bool
  /// Columns of the whole picture, labels included.
  public var width: Int
  /// Rows of the drawing area (lines, bars groups are their own size, heatmap rows at most);
  /// nil: each kind's default.
  public var height: Int?

  public init(colour: Bool = false, width: Int = 80, height: Int? = nil) {
    self.colour = colour
    self.width = width
    self.height = height
  }

  public static var current: TerminalStyle {
    TerminalStyle(colour: OutputStyle.colour, width: OutputStyle.width)
  }
}

/// Draws a figure as text: a heatmap, or bars, or the plane marks (lines, paths, contours).
public enum TerminalPlot {
  public static func render(_ figure: Figure, style: TerminalStyle = .current) -> String {
    if let heatmap = figure.firstHeatmap { return TerminalHeatmap.render(heatmap, in: figure, style: style) }
    if let bars = figure.firstBars { return TerminalBars.render(bars, in: figure, style: style) }
    return TerminalPlane.render(figure, style: style)
  }

  /// Text centred over `width` columns that start at `indent`.
  static func centred(_ text: String, indent: Int, width: Int) -> String {
    String(repeating: " ", count: indent + max(0, (width - text.count) / 2)) + text
  }

  /// One legend entry: its text (perhaps with colour codes) and how many columns it takes.
  struct Entry {
    var text: String
    var visible: Int

    init(_ plain: String) {
      text = plain
      visible = plain.count
    }

    init(sample: String, visible: Int, label: String) {
      text = sample + " " + label
      self.visible = visible + 1 + label.count
    }
  }

  /// Entries three spaces apart, wrapped to the width.
  static func legend(_ entries: [Entry], indent: Int, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    var used = 0
    for entry in entries {
      if used > 0 && indent + used + 3 + entry.visible > width {
        lines.append(String(repeating: " ", count: indent) + line)
        line = ""
        used = 0
      }
      if used > 0 {
        line += "   "
        used += 3
      }
      line += entry.text
      used += entry.visible
    }
    if used > 0 { lines.append(String(repeating: " ", count: indent) + line) }
    return lines
  }

  /// The axis line (`└──┬───┬──`) and the tick labels under it, for ticks at the given columns
  /// of a drawing `columns` wide that starts after `indent` columns. Labels that would overlap
  /// the one before are left out.
  static func horizontalAxis(ticks: [(column: Int, label: String)], indent: Int, columns: Int, width: Int) -> [String] {
    var axis = Array(repeating: Character("─"), count: columns)
    var labels = Array(repeating: Character(" "), count: max(width, indent + columns))
    var end = -1
    for tick in ticks where tick.column >= 0 && tick.column < columns {
      axis[tick.column] = "┬"
      let text = Array(tick.label)
      var start = indent + 1 + tick.column - text.count / 2
      start = max(0, min(start, labels.count - text.count))
      if start <= end { continue }
      for (k, c) in text.enumerated() { labels[start + k] = c }
      end = start + text.count
    }
    let axisLine = String(repeating: " ", count: indent) + "└" + String(axis)
    let labelLine = String(String(labels).reversed().drop { $0 == " " }.reversed())
    return [axisLine, labelLine]
  }

  /// A sample of a line's look for the legend: four cells of its pattern in its colour.
  static func sample(pattern: DashPattern, colour: Int?, cells: Int = 4) -> String {
    var canvas = BrailleCanvas(columns: cells, rows: 1)
    canvas.polyline([(x: 0, y: 1), (x: Double(cells * 2 - 1), y: 1)], pattern: pattern, ink: .init(colour: colour, priority: 0))
    return canvas.lines(colour: colour != nil)[0]
  }

  /// `text` in a colour when there is one.
  static func coloured(_ text: String, _ colour: Int?) -> String {
    guard let colour else { return text }
    return ANSI.foreground(colour) + text + ANSI.reset
  }
}

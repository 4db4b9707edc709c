/// Lines, paths and contour lines drawn in braille over a pair of axes: tick labels on the left
/// and at the bottom, the title above, the legend below.
///
/// Without colour, series are told apart by their dash pattern and a marker at their last point
/// (the legend shows both); contour lines under paths are then dotted so that the paths stand
/// out. With colour, each series has its own colour and contour levels go from dark blue (low)
/// to light green (high).
enum TerminalPlane {
  static let defaultRows = 16
  /// Markers at the end of each series; a path's start is always `o`.
  static let endMarkers: [Character] = ["x", "+", "*", "#", "@", "%", "&", "="]

  static func render(_ figure: Figure, style: TerminalStyle) -> String {
    let contours = figure.contours
    // The first panel holds the figure's own marks; panels below have lines only.
    let panels = [Figure.Panel(y: figure.y, lines: figure.lines)] + figure.below
    let allLines = panels.flatMap(\.lines)
    // Panels share the rows (at least 4 each).
    let rows = max((style.height ?? defaultRows) / panels.count, 4)

    // A contour fixes the ranges (the grid it was computed on); lines widen the y range to ticks.
    var xAxis = figure.x
    var yAxis = figure.y
    if let first = contours.first {
      xAxis.range = xAxis.range ?? contours.dropFirst().reduce(first.x) { union($0, $1.x) }
      yAxis.range = yAxis.range ?? contours.dropFirst().reduce(first.y) { union($0, $1.y) }
    }
    let ys = panels.enumerated().map { k, panel in
      ResolvedAxis.resolve(
        k == 0 ? yAxis : panel.y, data: panel.lines.flatMap(\.y), target: max(2, rows / 4 + 1),
        widen: k > 0 || contours.isEmpty, autoLog: k > 0 || contours.isEmpty)
    }
    let left = max(ys.flatMap(\.labels).map(\.count).max() ?? 0, 1)
    let columns = max(style.width - left - 2, 10)
    let x = ResolvedAxis.resolve(
      xAxis, data: allLines.flatMap(\.x), target: max(2, min(12, columns / 8)), widen: false, autoLog: false)
    let widthInDots = BrailleCanvas(columns: columns, rows: 1).widthInDots
    func dotX(_ v: Double) -> Double? { x.fraction(v).map { $0 * Double(widthInDots - 1) } }

    var out: [String] = []
    if !figure.title.isEmpty { out.append(TerminalPlot.centred(figure.title, indent: left + 1, width: columns)) }
    var legend: [TerminalPlot.Entry] = []
    var hidden = 0
    var firstColour = 0
    for (k, panel) in panels.enumerated() {
      let drawn = draw(
        panel.lines, contours: k == 0 ? contours : [], x: dotX, y: ys[k], columns: columns, rows: rows, left: left,
        firstColour: firstColour, style: style)
      firstColour += panel.lines.count
      if !panel.y.label.isEmpty { out.append(panel.y.label) }
      out += drawn.rows
      legend += drawn.legend
      hidden += drawn.hidden
    }
    let xTicks = zip(x.ticks, x.labels).compactMap { tick, label -> (column: Int, label: String)? in
      dotX(tick).map { (Int($0.rounded()) / 2, label) }
    }
    out += TerminalPlot.horizontalAxis(ticks: xTicks, indent: left, columns: columns, width: style.width)
    if !figure.x.label.isEmpty { out.append(TerminalPlot.centred(figure.x.label, indent: left + 1, width: columns)) }
    if hidden > 0 {
      out.append("(\(hidden) point\(hidden == 1 ? "" : "s") at or below 0 not shown on the log scale)")
    }
    out += TerminalPlot.legend(legend, indent: left + 1, width: style.width)
    return out.joined(separator: "\n")
  }

  /// One panel: its rows of braille with the y tick labels on the left (`left` columns wide),
  /// the legend entries of its series, and how many of its points a log scale left out. Line i
  /// of the panel takes colour `firstColour + i`, so that every series of the figure has its own.
  private static func draw(
    _ lines: [Figure.Line], contours: [Figure.Contour], x dotX: (Double) -> Double?, y: ResolvedAxis, columns: Int,
    rows: Int, left: Int, firstColour: Int, style: TerminalStyle
  ) -> (rows: [String], legend: [TerminalPlot.Entry], hidden: Int) {
    var canvas = BrailleCanvas(columns: columns, rows: rows)
    let heightInDots = canvas.heightInDots
    func dotY(_ v: Double) -> Double? { y.fraction(v).map { (1 - $0) * Double(heightInDots - 1) } }
    func toDots(_ px: Double, _ py: Double) -> (x: Double, y: Double)? {
      guard let a = dotX(px), let b = dotY(py) else { return nil }
      return (a, b)
    }

    var legend: [TerminalPlot.Entry] = []
    // Without colour, contour lines under anything drawn over them (paths, phase's critical
    // line) are dotted, so that what is drawn over them stands out.
    for contour in contours {
      let pattern: DashPattern = !style.colour && !lines.isEmpty ? .dotted : .solid
      for (k, level) in contour.levels.enumerated() {
        let colour = style.colour ? levelColour(k, of: contour.levels.count) : nil
        for polyline in MarchingSquares.lines(contour.values, x: contour.x, y: contour.y, level: level) {
          canvas.polyline(
            polyline.map { toDots($0.x, $0.y) }, pattern: pattern, ink: .init(colour: colour, priority: 0, background: true))
        }
      }
      legend.append(contourEntry(contour, pattern: pattern, colour: style.colour))
    }

    let markersNeeded = !style.colour && lines.count > 1
    var hidden = 0
    for (i, line) in lines.enumerated() {
      let colour = style.colour ? Palette.line(firstColour + i, overContours: !contours.isEmpty).ansi256 : nil
      // Over dotted contour lines a dashed line would vanish: lines and paths there stay solid,
      // paths told apart by their end markers.
      let solid = style.colour || !contours.isEmpty
      let pattern = solid ? DashPattern.solid : DashPattern.series[i % DashPattern.series.count]
      let ink = BrailleCanvas.Ink(colour: colour, priority: 1 + i)
      let points = zip(line.x, line.y).map { toDots($0, $1) }
      if y.scale == .log { hidden += points.count { $0 == nil } }
      canvas.polyline(points, pattern: pattern, ink: ink)
      let drawn = points.compactMap { $0 }
      let endMarker: Character? = line.marksEnds || markersNeeded ? endMarkers[i % endMarkers.count] : nil
      if let end = drawn.last, let endMarker {
        canvas.put(endMarker, atDot: Int(end.x.rounded()), Int(end.y.rounded()), ink: .init(colour: colour, priority: 1000))
      }
      if line.marksEnds, let start = drawn.first {
        canvas.put("o", atDot: Int(start.x.rounded()), Int(start.y.rounded()), ink: .init(colour: colour, priority: 1000))
      }
      if !line.label.isEmpty && (lines.count > 1 || line.marksEnds || !contours.isEmpty) {
        var sample = TerminalPlot.sample(pattern: pattern, colour: colour, cells: line.marksEnds ? 3 : 4)
        var visible = line.marksEnds ? 3 : 4
        if let endMarker {
          sample += TerminalPlot.coloured(String(endMarker), colour)
          visible += 1
        }
        if line.marksEnds {
          sample = TerminalPlot.coloured("o", colour) + sample
          visible += 1
        }
        legend.append(.init(sample: sample, visible: visible, label: line.label))
      }
    }

    var labelAt: [Int: String] = [:]
    for (tick, label) in zip(y.ticks, y.labels) {
      guard let dy = dotY(tick) else { continue }
      let row = Int(dy.rounded()) / 4
      if row >= 0 && row < rows && labelAt[row] == nil { labelAt[row] = label }
    }
    var out: [String] = []
    for (row, text) in canvas.lines(colour: style.colour).enumerated() {
      let label = labelAt[row] ?? ""
      let line = String(repeating: " ", count: left - label.count) + label + (labelAt[row] == nil ? "│" : "┤") + text
      out.append(style.colour ? line : String(line.reversed().drop { $0 == " " }.reversed()))
    }
    return (out, legend, hidden)
  }

  static func union(_ a: ClosedRange<Double>, _ b: ClosedRange<Double>) -> ClosedRange<Double> {
    min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
  }

  /// Low levels dark, high levels bright; both ends of viridis are left out: its dark purple
  /// vanishes on a dark terminal and its pale yellow on a light one.
  static func levelColour(_ k: Int, of count: Int) -> Int {
    Palette.viridis(0.25 + 0.6 * Double(k) / Double(max(count - 1, 1))).ansi256
  }

  static func contourEntry(_ contour: Figure.Contour, pattern: DashPattern, colour: Bool) -> TerminalPlot.Entry {
    let sample: String
    if colour {
      sample = (0..<4).map { TerminalPlot.coloured("⠒", levelColour($0 * 3, of: 10)) }.joined()
    } else {
      sample = TerminalPlot.sample(pattern: pattern, colour: nil)
    }
    return .init(sample: sample, visible: 4, label: description(of: contour))
  }

  /// What the legend says of a contour layer: `f = 12 levels from 0.003 to 3.2, log-spaced`.
  static func description(of contour: Figure.Contour) -> String {
    let levels = contour.levels
    var text = "\(contour.label) = \(levels.count) level\(levels.count == 1 ? "" : "s")"
    if let lo = levels.first, let hi = levels.last, levels.count > 1 {
      text += " from \(Ticks.compact(lo)) to \(Ticks.compact(hi))\(contour.logLevels ? ", log-spaced" : "")"
    } else if let only = levels.first {
      text += " at \(Ticks.compact(only))"
    }
    return text
  }
}

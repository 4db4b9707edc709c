/// Lines, paths and contour lines in SVG: a light grid at the ticks, the marks clipped to the
/// drawing, the axes with their labels, and the legend at the right.
enum SVGPlane {
  static let width = 720.0
  static let height = 450.0

  /// The gap between stacked panels, for the label of the one below.
  static let panelGap = 22.0

  static func document(_ figure: Figure) -> String {
    let contours = figure.contours
    // The first panel holds the figure's own marks; panels below have lines only.
    let panels = [Figure.Panel(y: figure.y, lines: figure.lines)] + figure.below
    let allLines = panels.flatMap(\.lines)
    var xAxis = figure.x
    var yAxis = figure.y
    if let first = contours.first {
      xAxis.range = xAxis.range ?? contours.dropFirst().reduce(first.x) { TerminalPlane.union($0, $1.x) }
      yAxis.range = yAxis.range ?? contours.dropFirst().reduce(first.y) { TerminalPlane.union($0, $1.y) }
    }
    let target = panels.count == 1 ? 6 : 4
    let ys = panels.enumerated().map { k, panel in
      ResolvedAxis.resolve(
        k == 0 ? yAxis : panel.y, data: panel.lines.flatMap(\.y), target: target, widen: k > 0 || contours.isEmpty,
        autoLog: k > 0 || contours.isEmpty)
    }
    let x = ResolvedAxis.resolve(xAxis, data: allLines.flatMap(\.x), target: 8, widen: false, autoLog: false)

    var legend: [SVGLegendEntry] = []
    for (k, contour) in contours.enumerated() {
      legend.append(.init(swatch: .ramp(id: "levels\(k)"), label: TerminalPlane.description(of: contour)))
    }
    var firstColour = 0
    for panel in panels {
      let lines = panel.lines
      for (i, line) in lines.enumerated() where !line.label.isEmpty && (lines.count > 1 || line.marksEnds || !contours.isEmpty) {
        let colour = Palette.line(firstColour + i, overContours: !contours.isEmpty).hex
        legend.append(.init(swatch: .line(colour: colour, ends: line.marksEnds), label: line.label))
      }
      firstColour += lines.count
    }

    let tickWidth = ys.flatMap(\.labels).map { SVG.textWidth($0, size: 11) }.max() ?? 0
    let labelled = panels.contains { !$0.y.label.isEmpty }
    let left = 16 + (labelled ? 18 : 0) + tickWidth + 8
    let right = width - 24
    let legendHeight = SVGLegendEntry.height(legend, width: right - left)
    let whole = SVGArea(
      left: left, top: figure.title.isEmpty ? 20 : 44, right: right,
      bottom: height - 40 - (figure.x.label.isEmpty ? 0 : 18) - legendHeight)
    // Panels of equal height, panelGap apart.
    let panelHeight = (whole.height - panelGap * Double(panels.count - 1)) / Double(panels.count)
    let areas = panels.indices.map { k in
      SVGArea(
        left: whole.left, top: whole.top + Double(k) * (panelHeight + panelGap), right: whole.right,
        bottom: whole.top + Double(k) * (panelHeight + panelGap) + panelHeight)
    }
    func px(_ v: Double) -> Double? { x.fraction(v).map { whole.left + $0 * whole.width } }

    var svg = SVGWriter(width: width, height: height)
    svg.title(figure.title, centre: whole.left + whole.width / 2)
    firstColour = 0
    for (k, panel) in panels.enumerated() {
      let area = areas[k]
      let y = ys[k]
      func py(_ v: Double) -> Double? { y.fraction(v).map { area.bottom - $0 * area.height } }
      let clip = k == 0 ? "area" : "area\(k + 1)"
      svg.define(
        "<clipPath id=\"\(clip)\"><rect x=\"\(SVG.number(area.left))\" y=\"\(SVG.number(area.top))\" width=\"\(SVG.number(area.width))\" height=\"\(SVG.number(area.height))\"/></clipPath>"
      )
      svg.grid(x: x.ticks.compactMap(px), y: y.ticks.compactMap(py), area: area)

      if k == 0 {
        for (c, contour) in contours.enumerated() {
          let colours = contour.levels.indices.map { levelColour($0, of: contour.levels.count) }
          svg.define(SVGGradient.horizontal(id: "levels\(c)", colours: colours))
          for (level, colour) in zip(contour.levels, colours) {
            var d = ""
            for polyline in MarchingSquares.lines(contour.values, x: contour.x, y: contour.y, level: level) {
              let points = polyline.compactMap { p -> (Double, Double)? in
                guard let a = px(p.x), let b = py(p.y) else { return nil }
                return (a, b)
              }
              guard let first = points.first else { continue }
              d += "M\(SVG.number(first.0)) \(SVG.number(first.1))"
              for p in points.dropFirst() { d += "L\(SVG.number(p.0)) \(SVG.number(p.1))" }
            }
            if !d.isEmpty {
              svg.add("<path d=\"\(d)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.2\" clip-path=\"url(#\(clip))\"/>")
            }
          }
        }
      }

      for (i, line) in panel.lines.enumerated() {
        let colour = Palette.line(firstColour + i, overContours: !contours.isEmpty).hex
        var runs: [[(Double, Double)]] = [[]]
        for (a, b) in zip(line.x, line.y) {
          if let sx = px(a), let sy = py(b) {
            runs[runs.count - 1].append((sx, sy))
          } else if !runs[runs.count - 1].isEmpty {
            runs.append([])
          }
        }
        for run in runs where !run.isEmpty {
          if run.count == 1 {
            svg.add("<circle cx=\"\(SVG.number(run[0].0))\" cy=\"\(SVG.number(run[0].1))\" r=\"2.5\" fill=\"\(colour)\" clip-path=\"url(#\(clip))\"/>")
          } else {
            svg.add(
              "<polyline points=\"\(SVGWriter.points(run))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\" stroke-linejoin=\"round\" clip-path=\"url(#\(clip))\"/>"
            )
          }
        }
        let drawn = runs.flatMap { $0 }
        if line.marksEnds, let start = drawn.first, let end = drawn.last {
          svg.add(SVGMarkers.start(x: start.0, y: start.1, colour: colour))
          svg.add(SVGMarkers.end(x: end.0, y: end.1, colour: colour))
        }
      }
      firstColour += panel.lines.count

      svg.axes(area: area)
      svg.yTicks(zip(y.ticks, y.labels).compactMap { t, l in py(t).map { ($0, l) } }, area: area)
      svg.text(panel.y.label, x: 18, y: area.top + area.height / 2, size: 12, anchor: .middle, rotate: true)
    }
    let bottom = areas[areas.count - 1]
    svg.xTicks(zip(x.ticks, x.labels).compactMap { t, l in px(t).map { ($0, l) } }, area: bottom)
    svg.text(figure.x.label, x: whole.left + whole.width / 2, y: bottom.bottom + 36, size: 12, anchor: .middle)
    svg.legend(legend, x: whole.left, y: bottom.bottom + 40 + (figure.x.label.isEmpty ? 0 : 18) + 4, width: whole.width)
    return svg.document
  }

  /// Levels from dark (low) to green-yellow (high); the palest yellow is left out because it
  /// vanishes on white.
  static func levelColour(_ k: Int, of count: Int) -> String {
    Palette.viridis(0.85 * Double(k) / Double(max(count - 1, 1))).hex
  }
}

/// The drawing area of an SVG figure, inside its margins.
struct SVGArea {
  var left: Double
  var top: Double
  var right: Double
  var bottom: Double
  var width: Double { right - left }
  var height: Double { bottom - top }
}

enum SVGGradient {
  /// A left-to-right ramp through the colours, for a legend swatch.
  static func horizontal(id: String, colours: [String]) -> String {
    let stops = colours.enumerated().map { k, c in
      "<stop offset=\"\(SVG.number(Double(k) / Double(max(colours.count - 1, 1))))\" stop-color=\"\(c)\"/>"
    }.joined()
    return "<linearGradient id=\"\(id)\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\">\(stops)</linearGradient>"
  }

  /// A bottom-to-top ramp, for a heatmap's colour bar.
  static func vertical(id: String, colours: [String]) -> String {
    let stops = colours.enumerated().map { k, c in
      "<stop offset=\"\(SVG.number(Double(k) / Double(max(colours.count - 1, 1))))\" stop-color=\"\(c)\"/>"
    }.joined()
    return "<linearGradient id=\"\(id)\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\(stops)</linearGradient>"
  }
}

extension SVGWriter {
  mutating func title(_ title: String, centre: Double) {
    text(title, x: centre, y: 26, size: 15, anchor: .middle, weight: "bold", fill: "#222")
  }

  mutating func grid(x: [Double], y: [Double], area: SVGArea) {
    for px in x { line(x1: px, y1: area.top, x2: px, y2: area.bottom, stroke: "#e8e8e8") }
    for py in y { line(x1: area.left, y1: py, x2: area.right, y2: py, stroke: "#e8e8e8") }
  }

  mutating func axes(area: SVGArea) {
    add(
      "<path d=\"M\(SVG.number(area.left)) \(SVG.number(area.top))V\(SVG.number(area.bottom))H\(SVG.number(area.right))\" fill=\"none\" stroke=\"#444\"/>"
    )
  }

  mutating func xTicks(_ ticks: [(Double, String)], area: SVGArea) {
    for (px, label) in ticks {
      line(x1: px, y1: area.bottom, x2: px, y2: area.bottom + 5, stroke: "#444")
      text(label, x: px, y: area.bottom + 18, size: 11, anchor: .middle)
    }
  }

  mutating func yTicks(_ ticks: [(Double, String)], area: SVGArea) {
    for (py, label) in ticks {
      line(x1: area.left - 5, y1: py, x2: area.left, y2: py, stroke: "#444")
      text(label, x: area.left - 8, y: py + 4, size: 11, anchor: .end)
    }
  }
}

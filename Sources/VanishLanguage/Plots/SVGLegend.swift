/// The legend of an SVG figure: entries side by side under the drawing, wrapped to its width,
/// each with a swatch that looks like its mark.
struct SVGLegendEntry {
  enum Swatch {
    /// A line; a path also shows its start (hollow) and end (filled) markers.
    case line(colour: String, ends: Bool)
    case box(colour: String)
    /// A ramp of colours, defined under this id (contour levels).
    case ramp(id: String)
  }

  var swatch: Swatch
  var label: String

  static let rowHeight = 18.0
  static let swatchWidth = 26.0
  static let gap = 24.0

  var width: Double { SVGLegendEntry.swatchWidth + 8 + SVG.textWidth(label, size: 12) }

  /// The entries in rows that fit `width`, each with its offset from the left.
  static func rows(_ entries: [SVGLegendEntry], width: Double) -> [[(entry: SVGLegendEntry, offset: Double)]] {
    var rows: [[(entry: SVGLegendEntry, offset: Double)]] = []
    var row: [(entry: SVGLegendEntry, offset: Double)] = []
    var used = 0.0
    for entry in entries {
      if !row.isEmpty && used + entry.width > width {
        rows.append(row)
        row = []
        used = 0
      }
      row.append((entry, used))
      used += entry.width + gap
    }
    if !row.isEmpty { rows.append(row) }
    return rows
  }

  /// The height the legend takes under a drawing `width` wide (nothing when there are no entries).
  static func height(_ entries: [SVGLegendEntry], width: Double) -> Double {
    entries.isEmpty ? 0 : Double(rows(entries, width: width).count) * rowHeight + 6
  }
}

extension SVGWriter {
  /// The legend's rows, the first centred on `y`, starting at `x`.
  mutating func legend(_ entries: [SVGLegendEntry], x: Double, y: Double, width: Double) {
    for (r, row) in SVGLegendEntry.rows(entries, width: width).enumerated() {
      let middle = y + Double(r) * SVGLegendEntry.rowHeight
      for (entry, offset) in row {
        let start = x + offset
        let end = start + SVGLegendEntry.swatchWidth
        switch entry.swatch {
        case .line(let colour, let ends):
          line(x1: start, y1: middle, x2: end, y2: middle, stroke: colour, width: 2)
          if ends {
            add(SVGMarkers.start(x: start, y: middle, colour: colour))
            add(SVGMarkers.end(x: end, y: middle, colour: colour))
          }
        case .box(let colour):
          rect(x: start + 6, y: middle - 6, width: 14, height: 12, fill: colour)
        case .ramp(let id):
          rect(x: start, y: middle - 4, width: SVGLegendEntry.swatchWidth, height: 8, fill: "url(#\(id))")
        }
        text(entry.label, x: end + 8, y: middle + 4, size: 12)
      }
    }
  }
}

/// Where a path starts (a hollow circle) and ends (a filled one), in the SVG and its legend.
enum SVGMarkers {
  static func start(x: Double, y: Double, colour: String) -> String {
    "<circle cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(y))\" r=\"4\" fill=\"white\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>"
  }

  static func end(x: Double, y: Double, colour: String) -> String {
    "<circle cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(y))\" r=\"4\" fill=\"\(colour)\"/>"
  }
}

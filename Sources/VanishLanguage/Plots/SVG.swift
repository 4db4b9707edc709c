import Foundation

/// A figure as a standalone SVG file: the same axes, marks and legend as in the terminal, in
/// Tableau's colours, with numbers written to two decimals at most so the file stays small.
public enum SVG {
  public static func document(_ figure: Figure) -> String {
    if let heatmap = figure.firstHeatmap { return SVGHeatmap.document(heatmap, in: figure) }
    if let bars = figure.firstBars { return SVGBars.document(bars, in: figure) }
    return SVGPlane.document(figure)
  }

  /// Pixels to two decimals, without trailing zeros: `12.5`, `100`, `3.14`.
  static func number(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let r = (v * 100).rounded() / 100
    if r == r.rounded() && abs(r) < 1e15 { return r == 0 ? "0" : String(Int64(r)) }
    var text = String(format: "%.2f", r)
    while text.hasSuffix("0") { text.removeLast() }
    return text
  }

  /// Text made safe inside an element or an attribute.
  static func escape(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }

  /// About how wide a text is at a font size, for laying out margins (Helvetica averages a
  /// little over half the size per character).
  static func textWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.58 }
}

/// Builds the elements of one SVG document.
struct SVGWriter {
  let width: Double
  let height: Double
  private var elements: [String] = []
  private var definitions: [String] = []

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  mutating func add(_ element: String) { elements.append(element) }
  mutating func define(_ element: String) { definitions.append(element) }

  static func n(_ v: Double) -> String { SVG.number(v) }

  enum Anchor: String {
    case start, middle, end
  }

  mutating func text(
    _ content: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, weight: String? = nil,
    fill: String = "#333", rotate: Bool = false
  ) {
    guard !content.isEmpty else { return }
    var attributes = "x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\""
    if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
    if let weight { attributes += " font-weight=\"\(weight)\"" }
    if fill != "#333" { attributes += " fill=\"\(fill)\"" }
    if rotate { attributes += " transform=\"rotate(-90 \(Self.n(x)) \(Self.n(y)))\"" }
    add("<text \(attributes)>\(SVG.escape(content))</text>")
  }

  mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
    var element = "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\""
    if width != 1 { element += " stroke-width=\"\(Self.n(width))\"" }
    if let dash { element += " stroke-dasharray=\"\(dash)\"" }
    add(element + "/>")
  }

  mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, extra: String = "") {
    add(
      "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"\(fill)\"\(extra.isEmpty ? "" : " " + extra)/>"
    )
  }

  /// `x,y x,y ...`
  static func points(_ points: [(Double, Double)]) -> String {
    points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
  }

  var document: String {
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.n(width))" height="\(Self.n(height))" viewBox="0 0 \(Self.n(width)) \(Self.n(height))" font-family="Helvetica, Arial, sans-serif">

      """
    if !definitions.isEmpty { out += "<defs>\n" + definitions.joined(separator: "\n") + "\n</defs>\n" }
    out += "<rect width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"white\"/>\n"
    out += elements.joined(separator: "\n")
    out += "\n</svg>\n"
    return out
  }
}

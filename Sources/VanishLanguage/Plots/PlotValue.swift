/// The value `plot`, `contour` and `heatmap` return: a figure that prints as a terminal plot
/// and saves as SVG (`save(plot(h), "h.svg")`).
public struct PlotValue: CustomValue {
  public var figure: Figure
  /// Columns and rows for the terminal (`plot(v, width=60, height=10)`); nil: the terminal's.
  public var width: Int?
  public var height: Int?

  public init(_ figure: Figure, width: Int? = nil, height: Int? = nil) {
    self.figure = figure
    self.width = width
    self.height = height
  }

  public var kindName: String { "plot" }

  public var kindWithShape: String {
    if let h = figure.firstHeatmap { return "plot(heatmap \(h.rowCount)×\(h.columnCount))" }
    if let b = figure.firstBars { return "plot(\(b.categories.count) bar group\(b.categories.count == 1 ? "" : "s"))" }
    let lines = figure.lines.count + figure.below.reduce(0) { $0 + $1.lines.count }
    let panels = figure.below.isEmpty ? "" : " in \(figure.below.count + 1) panels"
    let kinds = (figure.contours.isEmpty ? [] : ["contour"]) + (lines == 0 ? [] : ["\(lines) line\(lines == 1 ? "" : "s")\(panels)"])
    return "plot(\(kinds.joined(separator: ", ")))"
  }

  public var rendered: String { rendered(style: .current) }

  public func rendered(style: TerminalStyle) -> String {
    var style = style
    if let width { style.width = width }
    if let height { style.height = height }
    return TerminalPlot.render(figure, style: style)
  }

  public var fieldNames: [String] { ["title", "svg"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "title": return .string(figure.title)
    case "svg": return .string(SVG.document(figure))
    default: return nil
    }
  }

  public func savedText(path: String) throws(Diagnostic) -> String? {
    if path.lowercased().hasSuffix(".svg") { return SVG.document(figure) }
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = name.lastIndex(of: "."), name.index(after: dot) != name.endIndex {
      throw Diagnostic(
        "\(name[dot...]) is not supported; save as .svg", hint: "save(plot(...), \"picture.svg\") writes an SVG file")
    }
    throw Diagnostic("a plot is saved as an SVG file; end the file name with .svg", hint: "save(plot(...), \"picture.svg\")")
  }
}

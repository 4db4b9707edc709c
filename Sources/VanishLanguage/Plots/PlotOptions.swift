/// The named arguments the plotting builtins take: `title=`, `log=` (plot's), `width=`, `height=`.
enum PlotOptions {
  /// Without width= and height=, the terminal's; the signature shows the usual 80 columns.
  static func parameters(log: Bool, height: Int) -> [Parameter] {
    [.named("title", .string, optional: "\"...\"", about: "title=")]
      + (log ? [.named("log", .bool, optional: "true|false", about: "log=")] : [])
      + [
        .named("width", .integer(30...1000), optional: "80", about: "width="),
        .named("height", .integer(4...500), optional: "\(height)", about: "height="),
      ]
  }

  /// The figure with the user's options applied, as a value.
  static func plot(_ figure: Figure, _ c: CallContext) throws(Diagnostic) -> Value {
    var figure = figure
    if c.has("title") { figure.title = try c.string("title") }
    if let arg = c.given("log") { try setLog(try c.bool("log"), on: &figure, at: arg.range) }
    let width = c.has("width") ? try c.integer("width") : nil
    let height = c.has("height") ? try c.integer("height") : nil
    return .custom(PlotValue(figure, width: width, height: height))
  }

  /// log= sets the value axis: y for lines, x for bars.
  private static func setLog(_ log: Bool, on figure: inout Figure, at range: SourceRange) throws(Diagnostic) {
    if figure.firstHeatmap != nil || !figure.contours.isEmpty {
      throw Diagnostic("log= applies to lines and bars, not to heatmaps or contours", at: range)
    }
    let values = figure.firstBars.map { $0.series.flatMap(\.values) } ?? figure.lines.flatMap(\.y)
    if log && !values.contains(where: { $0 > 0 && $0.isFinite }) {
      throw Diagnostic("a log scale needs positive values, and there are none", at: range)
    }
    if figure.firstBars != nil {
      figure.x.scale = log ? .log : .linear
    } else {
      figure.y.scale = log ? .log : .linear
    }
  }
}

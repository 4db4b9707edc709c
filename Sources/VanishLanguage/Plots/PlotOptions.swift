/// The named arguments every plotting builtin takes: `title=`, `log=`, `width=`, `height=`.
enum PlotOptions {
  static let names = ["title", "log", "width", "height"]

  /// The figure with the user's options applied, as a value.
  static func plot(_ figure: Figure, _ c: CallContext) throws(Diagnostic) -> Value {
    var figure = figure
    if let arg = c.named["title"] { figure.title = try c.string(arg, "title=") }
    if let arg = c.named["log"] {
      guard case .bool(let log) = arg.value else {
        throw Diagnostic("log= must be true or false, not \(arg.value.aKind)", at: arg.range)
      }
      try setLog(log, on: &figure, at: arg.range)
    }
    let width = try c.named["width"].map { arg throws(Diagnostic) in try c.integer(arg, "width=", in: 30...1000) }
    let height = try c.named["height"].map { arg throws(Diagnostic) in try c.integer(arg, "height=", in: 4...500) }
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

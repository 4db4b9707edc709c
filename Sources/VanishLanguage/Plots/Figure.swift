/// A picture of numbers, independent of where it is drawn: the terminal renderer and the SVG
/// writer both read this model, so `plot(h)` at the prompt and `save(plot(h), "h.svg")` show
/// the same axes, scales, marks and legend.
///
/// A figure holds plane marks (lines, paths, contours), or bars, or a heatmap: the renderers
/// draw the first heatmap if there is one, else the bars, else every plane mark. Lines may
/// also go in panels `below` the first, each with its own y axis, all sharing the x axis:
/// a training history's cost and its accuracy, whose scales have nothing in common.
public struct Figure: Sendable {
  public var title: String
  /// The horizontal axis. For bars it is the value axis.
  public var x: Axis
  /// The vertical axis (of the first panel when there are several). For bars its label names
  /// the categories ("layer").
  public var y: Axis
  public var marks: [Mark]
  /// Panels stacked under the first (`y` and `marks`), in order, drawn over the same x range;
  /// the x axis and its ticks are drawn once, under the last.
  public var below: [Panel]

  public init(title: String = "", x: Axis = Axis(), y: Axis = Axis(), marks: [Mark] = [], below: [Panel] = []) {
    self.title = title
    self.x = x
    self.y = y
    self.marks = marks
    self.below = below
  }

  /// A panel under the first: lines against the figure's x axis, on a y axis of their own.
  public struct Panel: Sendable {
    public var y: Axis
    public var lines: [Line]

    public init(y: Axis, lines: [Line]) {
      self.y = y
      self.lines = lines
    }
  }

  public enum Mark: Sendable {
    case line(Line)
    case bars(Bars)
    case contour(Contour)
    case heatmap(Heatmap)
  }

  public enum Scale: Sendable, Equatable {
    case linear
    case log
  }

  public struct Axis: Sendable {
    public var label: String
    /// nil: chosen from the data (log when every value is positive and they span more than two
    /// decades; always linear for contours and heatmaps).
    public var scale: Scale?
    /// nil: the data's range, widened to nice ticks.
    public var range: ClosedRange<Double>?
    /// Ticks only at whole numbers: epochs, steps, layers, indices.
    public var wholeNumbers: Bool

    public init(_ label: String = "", scale: Scale? = nil, range: ClosedRange<Double>? = nil, wholeNumbers: Bool = false) {
      self.label = label
      self.scale = scale
      self.range = range
      self.wholeNumbers = wholeNumbers
    }
  }

  /// A series y(x); non-finite points (and, on a log axis, non-positive ones) break the line.
  public struct Line: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var label: String
    /// A path in a plane (a descent from a start): drawn with a marker at its start and its end.
    public var marksEnds: Bool

    public init(x: [Double], y: [Double], label: String = "", marksEnds: Bool = false) {
      precondition(x.count == y.count, "a line needs as many x as y")
      self.x = x
      self.y = y
      self.label = label
      self.marksEnds = marksEnds
    }

    /// y against its index 1, 2, 3, ...
    public init(_ y: [Double], label: String = "") {
      self.init(x: y.indices.map { Double($0 + 1) }, y: y, label: label)
    }

    /// A path in the plane of two parameters, start and end marked.
    public init(path: any PlanePath) {
      let points = path.points.filter { $0.count >= 2 }
      self.init(x: points.map { $0[0] }, y: points.map { $0[1] }, label: path.label, marksEnds: true)
    }
  }

  /// Horizontal bars: one group per category, one bar per series in each group.
  public struct Bars: Sendable {
    public var categories: [String]
    public var series: [Series]

    public struct Series: Sendable {
      public var label: String
      public var values: [Double]
      /// Counts: each value written exactly at the end of its bar (1461, not 1.46e3).
      public var wholeNumbers: Bool

      public init(_ label: String, _ values: [Double], wholeNumbers: Bool = false) {
        self.label = label
        self.values = values
        self.wholeNumbers = wholeNumbers
      }

      /// What is written at the end of bar i.
      func valueLabel(_ i: Int) -> String {
        let v = values[i]
        return wholeNumbers && v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : Ticks.compact(v)
      }
    }

    public init(categories: [String], series: [Series]) {
      precondition(series.allSatisfy { $0.values.count == categories.count }, "one value per category")
      self.categories = categories
      self.series = series
    }
  }

  /// Level lines of f over [x0, x1] × [y0, y1], from f's values on a regular grid.
  public struct Contour: Sendable {
    /// values[i][j] = f(x_j, y_i): row i runs along x at the i-th y, from y0 up to y1.
    public var values: [[Double]]
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>
    public var levels: [Double]
    /// True when the levels are spaced evenly in log10 f (f spans decades).
    public var logLevels: Bool
    /// What f is called in the legend.
    public var label: String

    /// Chooses `count` levels from the values (see `ContourLevels`).
    public init(values: [[Double]], x: ClosedRange<Double>, y: ClosedRange<Double>, levelCount: Int = 12, label: String = "f") {
      let chosen = ContourLevels.choose(values.flatMap { $0 }, count: levelCount)
      self.init(values: values, x: x, y: y, levels: chosen.levels, logLevels: chosen.log, label: label)
    }

    public init(values: [[Double]], x: ClosedRange<Double>, y: ClosedRange<Double>, levels: [Double], logLevels: Bool = false, label: String = "f") {
      self.values = values
      self.x = x
      self.y = y
      self.levels = levels
      self.logLevels = logLevels
      self.label = label
    }
  }

  /// A matrix as a grid of shaded cells, row 1 at the top as it prints.
  public struct Heatmap: Sendable {
    public var rows: [[Double]]
    /// "matrix 30×784": what the scale legend says the cells are.
    public var label: String

    public init(rows: [[Double]], label: String = "") {
      self.rows = rows
      self.label = label
    }

    public var rowCount: Int { rows.count }
    public var columnCount: Int { rows.first?.count ?? 0 }
  }
}

extension Figure {
  /// One line per column of `rows` (a row per epoch, a column per layer: a training history's
  /// speeds), against x (default 1, 2, ...); series are named "\(seriesName) 1", "\(seriesName) 2"...
  public static func columns(
    _ rows: [[Double]], x: [Double]? = nil, seriesName: String = "column", title: String = "",
    xAxis: Axis = Axis("row", wholeNumbers: true), yAxis: Axis = Axis()
  ) -> Figure {
    let count = rows.first?.count ?? 0
    let xs = x ?? rows.indices.map { Double($0 + 1) }
    let lines = (0..<count).map { j in
      Mark.line(Line(x: xs, y: rows.map { j < $0.count ? $0[j] : .nan }, label: "\(seriesName) \(j + 1)"))
    }
    return Figure(title: title, x: xAxis, y: yAxis, marks: lines)
  }

  /// Paths drawn in the plane of their two parameters.
  public static func paths(_ paths: [any PlanePath], title: String = "", x: String = "", y: String = "") -> Figure {
    Figure(title: title, x: Axis(x), y: Axis(y), marks: paths.map { .line(Line(path: $0)) })
  }

  var lines: [Line] { marks.compactMap { if case .line(let l) = $0 { l } else { nil } } }
  var contours: [Contour] { marks.compactMap { if case .contour(let c) = $0 { c } else { nil } } }
  var firstBars: Bars? { marks.lazy.compactMap { if case .bars(let b) = $0 { b } else { nil } }.first }
  var firstHeatmap: Heatmap? { marks.lazy.compactMap { if case .heatmap(let h) = $0 { h } else { nil } }.first }

  /// The series the legend lists: labelled lines (and paths), in order.
  var labelledLines: [Line] { lines.filter { !$0.label.isEmpty } }
}

import VanishCore

/// What `plot(value)` draws for each kind of value.
enum PlotSources {
  static let kinds = "vectors, matrices, lists of vectors, norms(g), gradients, training histories and paths"

  static func figure(of arg: (value: Value, range: SourceRange)) throws(Diagnostic) -> Figure {
    switch arg.value {
    case .vector(let v):
      if v.isEmpty { throw Diagnostic("there is nothing to plot in an empty vector", at: arg.range) }
      return Figure(x: Figure.Axis("index", wholeNumbers: true), marks: [.line(Figure.Line(v))])
    case .matrix(let m):
      if m.rows == 0 || m.cols == 0 { throw Diagnostic("there is nothing to plot in an empty matrix", at: arg.range) }
      return Figure.columns(m.rowArrays)
    case .list(let list):
      return try figure(of: list, at: arg.range)
    case .norms(let table):
      return table.figure()
    case .gradient(let g):
      return NormsTable(g.gradient).figure()
    case .custom(let c):
      if let plot = c as? PlotValue { return plot.figure }
      if let plottable = c as? any Plottable { return plottable.figure() }
      if let path = c as? any PlanePath { return Figure.paths([path]) }
      throw cannotPlot(arg)
    default:
      throw cannotPlot(arg)
    }
  }

  private static func cannotPlot(_ arg: (value: Value, range: SourceRange)) -> Diagnostic {
    Diagnostic("plot cannot draw \(arg.value.aKind)", at: arg.range, hint: "plot draws " + kinds)
  }

  /// A list of vectors (`g.delta`) or of paths (drawn in their plane).
  private static func figure(of list: ValueList, at range: SourceRange) throws(Diagnostic) -> Figure {
    if list.items.isEmpty { throw Diagnostic("there is nothing to plot in an empty list", at: range) }
    let vectors = list.items.map { item -> [Double]? in
      switch item {
      case .vector(let v): return v
      case .number(let v): return [v]
      default: return nil
      }
    }
    if vectors.allSatisfy({ $0 != nil }) {
      return perElement(vectors.map { $0 ?? [] }, base: list.base, name: list.elementName)
    }
    if vectors.contains(where: { $0 != nil }) {
      throw Diagnostic("plot draws a list of vectors or a list of paths, not a mix of both", at: range)
    }
    var paths: [any PlanePath] = []
    for (i, item) in list.items.enumerated() {
      let name = list.elementName == "element" ? "path" : list.elementName
      paths.append(try planePath(item, label: "\(name) \(i + list.base)", at: range))
    }
    return Figure.paths(paths)
  }

  /// A list of per-layer vectors (`g.delta`, `g.a`, `net.b`) against the layer's number: one
  /// line through every layer when each holds one number (a chain of one-neuron layers), else
  /// one line per layer drawn across its own slot, from x = l - 0.35 (its first neuron) to
  /// l + 0.35 (its last), so the layers stand side by side as they do in the network.
  static func perElement(_ vectors: [[Double]], base: Int, name: String) -> Figure {
    let numbers = vectors.indices.map { Double($0 + base) }
    if vectors.allSatisfy({ $0.count == 1 }) {
      return Figure(
        x: Figure.Axis(name, wholeNumbers: true), marks: [.line(Figure.Line(x: numbers, y: vectors.map { $0[0] }))])
    }
    let half = 0.35
    let lines = zip(numbers, vectors).map { l, v -> Figure.Mark in
      let xs = v.indices.map { j in v.count == 1 ? l : l - half + 2 * half * Double(j) / Double(v.count - 1) }
      return .line(Figure.Line(x: xs, y: v, label: "\(name) \(Int(l))"))
    }
    let x = Figure.Axis(
      "\(name) (each \(name)'s values from left to right)",
      range: (numbers[0] - 0.5)...(numbers[numbers.count - 1] + 0.5), wholeNumbers: true)
    return Figure(x: x, marks: lines)
  }

  /// A path given as a path value, or as a matrix with a row per point and two columns.
  static func planePath(_ value: Value, label: String, at range: SourceRange) throws(Diagnostic) -> any PlanePath {
    switch value {
    case .custom(let c as any PlanePath):
      if let bad = c.points.first(where: { $0.count != 2 }) {
        throw Diagnostic("\(label) has points of \(bad.count) coordinates; only paths in a plane (2) can be drawn", at: range)
      }
      return c
    case .matrix(let m) where m.cols == 2 && m.rows > 0:
      return MatrixPath(label: label, points: m.rowArrays)
    case .matrix(let m):
      throw Diagnostic(
        "a path given as a matrix has a row per point and 2 columns; \(label) is \(m.rows)×\(m.cols)", at: range)
    default:
      throw Diagnostic(
        "\(label) is \(value.aKind), not a path", at: range,
        hint: "a path is what descend returns, or a matrix with one row [w1, w2] per point")
    }
  }

  /// `paths=p`, `paths=[p, q]` or `paths=[m]` with m a matrix of points.
  static func paths(_ arg: (value: Value, range: SourceRange)) throws(Diagnostic) -> [any PlanePath] {
    if case .list(let list) = arg.value {
      var paths: [any PlanePath] = []
      for (i, item) in list.items.enumerated() { paths.append(try planePath(item, label: "path \(i + 1)", at: arg.range)) }
      return paths
    }
    return [try planePath(arg.value, label: "path", at: arg.range)]
  }
}

/// A path typed as a matrix: one row [w1, w2] per point.
struct MatrixPath: PlanePath {
  let label: String
  let points: [[Double]]
}

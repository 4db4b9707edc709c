import Foundation
import Testing
@testable import VanishLanguage

/// A descent path as another family of builtins will make it: a custom value that is a PlanePath.
private struct TestPath: CustomValue, PlanePath {
  let label: String
  let points: [[Double]]
  var kindName: String { "path" }
  var rendered: String { "path of \(points.count) points" }
}

/// A training history as another family will make it: a custom value that is Plottable.
private struct TestHistory: CustomValue, Plottable {
  let speeds: [[Double]]
  var kindName: String { "history" }
  var rendered: String { "history" }
  func figure() -> Figure {
    Figure.columns(
      speeds, seriesName: "layer", title: "learning speed", xAxis: Figure.Axis("epoch", wholeNumbers: true),
      yAxis: Figure.Axis("mean ||dC/db||"))
  }
}

/// `plot`, `contour` and `heatmap` through the language.
@Suite struct PlotBuiltinTests {
  @Test func savingAPlotWritesAnSVGWithAPolylineOfItsPoints() throws {
    let path = try temporaryDirectory().appendingPathComponent("x.svg").path
    let r = run("save(plot([1, 2, 3]), \"\(path)\")")
    #expect(r.outcome == .ok, "\(r.err)")
    #expect(r.out == "")
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(svg.hasPrefix("<svg"))
    let polyline = try #require(svg.range(of: #"<polyline points="[^"]*""#, options: .regularExpression))
    let points = svg[polyline].dropFirst("<polyline points=\"".count).dropLast()
    #expect(points.split(separator: " ").count == 3)
  }

  @Test func savingAPlotAsPNGIsAClearError() {
    let r = run("save(plot([1, 2, 3]), \"x.png\")")
    #expect(r.outcome == .failed)
    #expect(r.err.hasPrefix("error: 1:23: .png is not supported; save as .svg"), "\(r.err)")
    #expect(r.err.contains("^^^^^^^"))
  }

  @Test func plotOfNormsHasEightBarsGrowingTowardsTheLastLayer() throws {
    let r = run("plot(norms(grad(dense(1,1,sigmoid,init=const(1),bias=const(0))x8, [1], [0])))")
    #expect(r.outcome == .ok, "\(r.err)")
    // The ||delta|| bars are the rows that start with a layer number.
    let rows = r.out.split(separator: "\n").filter { $0.range(of: #"^\s*\d+│"#, options: .regularExpression) != nil }
    #expect(rows.count == 8)
    let eighths: [Character: Double] = ["▏": 1, "▎": 2, "▍": 3, "▌": 4, "▋": 5, "▊": 6, "▉": 7]
    let lengths = rows.map { row in
      row.reduce(0.0) { sum, c in sum + (c == "█" ? 8 : eighths[c] ?? 0) } / 8
    }
    #expect(zip(lengths, lengths.dropFirst()).allSatisfy { $0 < $1 }, "\(lengths)")
    // Seven decades on a 1e-6..1e0 axis.
    #expect(r.out.contains("1e-6") && r.out.contains("1e0"))
    #expect(r.out.contains("█ ||delta||   ░ gamma bound"))
  }

  @Test func plotOfAGradientIsThePlotOfItsNorms() {
    let net = "net = dense(1,1,sigmoid,init=const(1),bias=const(0))x3\n"
    #expect(run(net + "plot(grad(net, [1], [0]))").out == run(net + "plot(norms(grad(net, [1], [0])))").out)
  }

  @Test func plotOfAMatrixDrawsAColumnPerSeriesOnALogScaleWhenItSpansDecades() {
    let r = run("plot([[1, 0.1, 0.01], [0.5, 0.01, 0.0001], [0.2, 0.001, 0.00001]])")
    #expect(r.outcome == .ok, "\(r.err)")
    #expect(r.out.contains("1e-4┤") && r.out.contains("1e0┤"))
    #expect(r.out.contains("column 1") && r.out.contains("column 3"))
    let linear = run("plot([[1, 2], [2, 3]])")
    #expect(linear.out.contains("3.0┤"))
  }

  @Test func optionsSetTitleScaleAndSize() {
    let r = run("plot([1, 10, 100], title=\"growth\", log=false, width=40, height=6)")
    #expect(r.outcome == .ok, "\(r.err)")
    let lines = r.out.split(separator: "\n")
    #expect(lines.first?.trimmingCharacters(in: .whitespaces) == "growth")
    #expect(lines.allSatisfy { $0.count <= 40 })
    #expect(lines.count == 1 + 6 + 3, "title, 6 rows, axis, tick labels, the x label")
    #expect(r.out.contains("100┤"))
    #expect(run("plot([1, 10], log=true)").out.contains("1e1┤"))
  }

  /// The columns of a terminal plot's drawing that hold ink (braille other than blank, or markers).
  private func inkedColumns(_ plot: String) -> [Int] {
    var columns = Set<Int>()
    for line in plot.split(separator: "\n") {
      guard let axis = line.firstIndex(where: { $0 == "┤" || $0 == "│" }) else { continue }
      for (k, ch) in line[line.index(after: axis)...].enumerated() where ch != " " && ch != "\u{2800}" {
        columns.insert(k)
      }
    }
    return columns.sorted()
  }

  /// The x coordinates of each polyline in an SVG document.
  private func polylineXs(_ svg: String) -> [[Double]] {
    svg.matches(of: /<polyline points="([^"]*)"/).map { match in
      match.1.split(separator: " ").compactMap { Double($0.split(separator: ",")[0]) }
    }
  }

  /// A chain of one-neuron layers: each delta[l] is one number, drawn at x = l, one line
  /// from layer 1 to layer 8 (before, every point sat at index 1 of its own 1-vector).
  @Test func plotOfPerLayerNumbersDrawsOneLineAgainstTheLayer() throws {
    let net = "net = dense(1, 1, sigmoid, init=const(1), bias=const(0)) x 8; g = grad(net, [1], [0])\n"
    let r = run(net + "plot(g.delta, width=60)")
    #expect(r.outcome == .ok, "\(r.err)")
    let lines = r.out.split(separator: "\n").map(String.init)
    let ticks = try #require(lines.first { $0.hasPrefix(" ") && $0.contains("1") && !$0.contains("┤") && !$0.contains("│") })
    #expect(ticks.split(separator: " ") == ["1", "2", "3", "4", "5", "6", "7", "8"], "\(ticks)")
    #expect(lines.last?.trimmingCharacters(in: .whitespaces) == "layer", "one line: no legend, the axis names the layer")
    // sigmoid'(z) <= 1/4 at every layer: delta falls five decades from layer 8 to layer 1, on a log scale.
    #expect(r.out.contains("1e-5┤") || r.out.contains("1e-6┤"), "\(r.out)")
    let inked = inkedColumns(r.out)
    let axis = try #require(lines.first { $0.contains("└") })
    let drawing = axis.drop { $0 != "└" }.count - 1
    #expect(inked.count > drawing * 9 / 10, "the line crosses the whole drawing: \(inked.count) of \(drawing) columns")
    // The SVG: one polyline of 8 points, evenly spaced in x.
    let path = try temporaryDirectory().appendingPathComponent("delta.svg").path
    #expect(run(net + "save(plot(g.delta), \"\(path)\")").err == "")
    let xs = polylineXs(try String(contentsOfFile: path, encoding: .utf8))
    #expect(xs.count == 1 && xs.first?.count == 8, "\(xs)")
    if let x = xs.first, x.count == 8 {
      let gaps = zip(x, x.dropFirst()).map { $1 - $0 }
      #expect(gaps.allSatisfy { abs($0 - gaps[0]) < 0.02 && $0 > 50 }, "\(gaps)")
    }
  }

  /// Layers of several neurons: one line per layer, each across its own slot around x = l.
  @Test func plotOfPerLayerVectorsDrawsEachLayerInItsSlot() throws {
    let source = "g = grad(dense(2, 2, init=const(1)) x 3, [1, 1], [0, 0])\n"
    let r = run(source + "plot(g.delta)")
    #expect(r.outcome == .ok, "\(r.err)")
    #expect(r.out.contains("layer 1") && r.out.contains("layer 3"))
    #expect(r.out.contains("layer (each layer's values from left to right)"))
    let path = try temporaryDirectory().appendingPathComponent("delta.svg").path
    #expect(run(source + "save(plot(g.delta), \"\(path)\")").err == "")
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    let xs = polylineXs(svg)
    #expect(xs.count == 3 && xs.allSatisfy { $0.count == 2 }, "\(xs)")
    // Slots side by side, left to right, none overlapping the next.
    #expect(zip(xs, xs.dropFirst()).allSatisfy { ($0.max() ?? 0) < ($1.min() ?? 0) }, "\(xs)")
    // The tick at each layer lies in the middle of its slot.
    let ticks = svg.matches(of: /<text x="([0-9.]+)" y="[0-9.]+" font-size="11" text-anchor="middle">([123])<\/text>/)
      .map { (Double($0.1) ?? 0, $0.2) }
    #expect(ticks.map(\.1) == ["1", "2", "3"], "\(ticks)")
    for (tick, slot) in zip(ticks, xs) {
      #expect(abs(tick.0 - (slot[0] + slot[1]) / 2) < 0.02, "\(tick) \(slot)")
    }
  }

  @Test func plottableAndPlanePathValuesPlugIn() {
    let session = Session()
    session.interpreter.setGlobal("h", .custom(TestHistory(speeds: [[0.1, 1], [0.01, 0.9], [0.001, 0.8]])))
    session.interpreter.setGlobal("p", .custom(TestPath(label: "sgd", points: [[1, 1], [0.5, 0.2], [0, 0]])))
    let history = run("plot(h)", session: session)
    #expect(history.outcome == .ok, "\(history.err)")
    #expect(history.out.contains("learning speed") && history.out.contains("epoch") && history.out.contains("layer 2"))
    #expect(history.out.contains("1e-3┤"), "speeds spanning decades are on a log scale")
    let path = run("plot(p)", session: session)
    #expect(path.out.contains("o⠒⠒⠒x sgd"))
    let contour = run("f(w1, w2) = w1^2 + w2^2; contour(f, paths=[p])", session: session)
    #expect(contour.outcome == .ok, "\(contour.err)")
    #expect(contour.out.contains("o⠒⠒⠒x sgd"))
  }

  @Test func plotOfAListOfPathsDrawsThemInTheirPlane() {
    let r = run("plot([[[1, 1], [0.5, 0.2], [0, 0]], [[0, 1], [1, 0]]])")
    #expect(r.outcome == .ok, "\(r.err)")
    #expect(r.out.contains("o⠒⠒⠒x path 1") && r.out.contains("o⠒⠒ + path 2"))
    #expect(!r.out.contains("index"))
    let mixed = run("plot([[[1, 1], [0, 0]], [1, 2]])")
    #expect(mixed.err.contains("plot draws a list of vectors or a list of paths, not a mix of both"))
  }

  @Test func contourTakesRangesNamedAfterTheFunctionsParameters() {
    let r = run("g(x, y) = x^2 + 3*y^2; contour(g, x=[-1, 1], y=[-2, 2], levels=5)")
    #expect(r.outcome == .ok, "\(r.err)")
    #expect(r.out.contains("g = 5 levels"))
    #expect(r.out.contains("g(x, y) = x^2 + 3*y^2"))
    #expect(r.out.contains("-1.0") && r.out.contains("-2┤"))

    let wrong = run("g(x, y) = x^2 + y^2; contour(g, w1=[-1, 1])")
    #expect(wrong.outcome == .failed)
    #expect(wrong.err.contains("contour of g has no argument 'w1'"), "\(wrong.err)")
    #expect(wrong.err.contains("x=[-2, 2], y=[-2, 2]"))
  }

  @Test func contourPathsMayBeMatricesOfPoints() {
    let r = run("f(w1, w2) = 0.001*w1^2 + w2^2; p = [[2, 1], [1, 0.2], [0, 0]]; contour(f, w1=[-2, 2], w2=[-1, 1], paths=[p, p * 0.5])")
    #expect(r.outcome == .ok, "\(r.err)")
    #expect(r.out.contains("path 1") && r.out.contains("path 2"))
    #expect(r.out.contains("log-spaced"))
  }

  @Test func contourErrorsSayWhatIsWrong() {
    let cases: [(String, String)] = [
      ("contour(sigmoid)", "contour needs a function of two parameters, not an activation"),
      ("f(a) = a; contour(f)", "contour needs a function of two parameters; f has 1"),
      ("f(a, b) = a; contour(f, a=[1, -1])", "a= must be a range [from, to] with from < to"),
      ("f(a, b) = a; contour(f, paths=[[[1, 2, 3]]])", "a path given as a matrix has a row per point and 2 columns; path 1 is 1×3"),
      ("f(a, b) = a; contour(f, levels=0)", "levels= must be a whole number from 1 to 100, not 0"),
      ("f(a, b) = log(-1 - a*a); contour(f)", "f is not finite anywhere on [-2, 2] × [-2, 2]"),
      ("f(a, b) = [a, b]; contour(f)", "f(-2, -2) is a vector, not a number"),
    ]
    for (source, message) in cases {
      let r = run(source)
      #expect(r.outcome == .failed, "\(source)")
      #expect(r.err.contains(message), "\(source): \(r.err)")
    }
  }

  @Test func plotErrorsSayWhatIsWrong() {
    let cases: [(String, String)] = [
      ("plot(dense(1, 1))", "plot cannot draw a network"),
      ("plot([])", "there is nothing to plot in an empty vector"),
      ("plot([-1, -2], log=true)", "a log scale needs positive values, and there are none"),
      ("plot([1, 2], log=1)", "log= must be true or false, not a number"),
      ("plot([1, 2], width=5)", "width= must be a whole number from 30 to 1000, not 5"),
      ("plot([1, 2], titel=\"x\")", "plot has no argument 'titel'; did you mean 'title'?"),
      ("heatmap(3)", "heatmap needs a matrix, not a number"),
    ]
    for (source, message) in cases {
      let r = run(source)
      #expect(r.outcome == .failed, "\(source)")
      #expect(r.err.contains(message), "\(source): \(r.err)")
    }
  }

  @Test func heatmapOfWeightsPrintsAndSaves() throws {
    let path = try temporaryDirectory().appendingPathComponent("w.svg").path
    let r = run("seed(1); net = mlp([5, 4, 2]); heatmap(net.w[1]); save(heatmap(net.w[1]), \"\(path)\")")
    #expect(r.outcome == .ok, "\(r.err)")
    #expect(r.out.contains("matrix 4×5"))
    #expect(r.out.split(separator: "\n").filter { $0.contains("│") && !$0.contains("░▒▓█") }.count == 4)
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(svg.components(separatedBy: "shape-rendering=\"crispEdges\"").count - 1 == 20)
  }

  @Test func aPlotIsAValueWithAKindAndFields() {
    let r = run("p = plot([1, 2], title=\"t\"); p.title; :vars")
    #expect(r.outcome == .ok, "\(r.err)")
    #expect(r.out.contains("\"t\""))
    #expect(r.out.contains("plot(1 line)"))
  }

  @Test func arrayLiteralsOfOtherValuesAreLists() {
    let r = run("[[[1, 2]], [[3, 4]]]")
    #expect(r.out == "[1] [[1, 2]]\n[2] [[3, 4]]")
    #expect(run("[1, [2]]").err.contains("cannot mix numbers and vectors"))
  }

  @Test(arguments: ["plot", "contour", "heatmap"])
  func helpExampleRuns(_ name: String) throws {
    let builtin = try #require(Builtins.named(name))
    #expect(builtin.group == .plots)
    let r = run(builtin.example)
    #expect(r.outcome == .ok, "\(builtin.example): \(r.err)")
    #expect(!r.out.isEmpty)
  }
}

import VanishCore

extension Builtins {
  nonisolated(unsafe) static let plotBuiltins: [Builtin] = [
    Builtin(
      "plot", .plots, parameters: [Parameter("x", .any)] + PlotOptions.parameters(log: true, height: 16),
      summary: "draws a vector, the columns of a matrix, norms(g), a history or a path; save(plot(x), \"x.svg\") writes SVG",
      example: "plot([1, 4, 9, 16, 25], title=\"squares\")"
    ) { (c: inout CallContext) throws(Diagnostic) in
      return try PlotOptions.plot(try PlotSources.figure(of: try c.argument("x")), c)
    },
    Builtin(
      "contour", .plots,
      parameters: [
        Parameter("f", .function, expected: "a function of two parameters"),
        // The ranges, named after f's parameters: x= and y= for g(x, y).
        .keywords("w1=[-2, 2], w2=[-2, 2]"),
        .named("paths", .any, optional: "[p, q]"),
        .named("levels", .any, default: .number(Double(Contours.defaultLevels))),
      ] + PlotOptions.parameters(log: false, height: 16),
      summary: "level lines of a function of two parameters (ranges named after them), with paths drawn over them",
      example: "f(w1, w2) = 0.001*w1^2 + w2^2; contour(f, w1=[-2, 2], w2=[-1, 1], paths=[[[2, 1], [1, 0.2], [0, 0]]])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      return try Contours.plot(c)
    },
    Builtin(
      "heatmap", .plots, parameters: [Parameter("m", .any)] + PlotOptions.parameters(log: false, height: 32),
      summary: "a matrix as shaded cells, with its scale; large matrices are averaged in blocks to fit",
      example: "heatmap([[1, -2, 3], [-4, 5, -6]])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let m = try c.argument("m")
      let rows: [[Double]]
      switch m.value {
      case .matrix(let m): rows = m.rowArrays
      case .vector(let v): rows = [v]
      default:
        throw Diagnostic("heatmap needs a matrix, not \(m.value.aKind)", at: m.range,
          hint: "heatmap(net.w[1]) shows the weights of layer 1")
      }
      guard let first = rows.first, !first.isEmpty else {
        throw Diagnostic("there is nothing to draw in an empty matrix", at: m.range)
      }
      let heatmap = Figure.Heatmap(rows: rows, label: "matrix \(rows.count)×\(first.count)")
      return try PlotOptions.plot(Figure(marks: [.heatmap(heatmap)]), c)
    },
  ]
}

import VanishCore

extension Builtins {
  nonisolated(unsafe) static let plotBuiltins: [Builtin] = [
    Builtin(
      "plot", .plots, signature: "plot(x, title=\"...\", log=true|false, width=80, height=16)",
      summary: "draws a vector, the columns of a matrix, norms(g), a history or a path; save(plot(x), \"x.svg\") writes SVG",
      example: "plot([1, 4, 9, 16, 25], title=\"squares\")", named: PlotOptions.names
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "plot(x)")
      return try PlotOptions.plot(try PlotSources.figure(of: c.positional[0]), c)
    },
    Builtin(
      "contour", .plots, signature: "contour(f, w1=[-2, 2], w2=[-2, 2], paths=[p, q], levels=12)",
      summary: "level lines of a function of two parameters (ranges named after them), with paths drawn over them",
      example: "f(w1, w2) = 0.001*w1^2 + w2^2; contour(f, w1=[-2, 2], w2=[-1, 1], paths=[[[2, 1], [1, 0.2], [0, 0]]])",
      named: ["paths", "levels"] + PlotOptions.names, checksNamed: false
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "contour(f, w1=[-2, 2], w2=[-2, 2])")
      return try Contours.plot(c)
    },
    Builtin(
      "heatmap", .plots, signature: "heatmap(m, title=\"...\", width=80, height=32)",
      summary: "a matrix as shaded cells, with its scale; large matrices are averaged in blocks to fit",
      example: "heatmap([[1, -2, 3], [-4, 5, -6]])", named: ["title", "width", "height"]
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "heatmap(m)")
      let rows: [[Double]]
      switch c.positional[0].value {
      case .matrix(let m): rows = m.rowArrays
      case .vector(let v): rows = [v]
      default:
        throw Diagnostic("heatmap needs a matrix, not \(c.positional[0].value.aKind)", at: c.positional[0].range,
          hint: "heatmap(net.w[1]) shows the weights of layer 1")
      }
      guard let first = rows.first, !first.isEmpty else {
        throw Diagnostic("there is nothing to draw in an empty matrix", at: c.positional[0].range)
      }
      let heatmap = Figure.Heatmap(rows: rows, label: "matrix \(rows.count)×\(first.count)")
      return try PlotOptions.plot(Figure(marks: [.heatmap(heatmap)]), c)
    },
  ]
}

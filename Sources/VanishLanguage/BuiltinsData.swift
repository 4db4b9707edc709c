import VanishCore

extension Builtins {
  nonisolated(unsafe) static let dataBuiltins: [Builtin] = [
    Builtin(
      "dataset", .data, signature: "dataset(X, Y)",
      summary: "examples from matrices, one example per row of X with its target in the same row of Y",
      example: "data = dataset([[0, 0], [1, 1]], [[0], [1]]); data.size"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(2...2, usage: "dataset(X, Y)")
      func rows(_ arg: (value: Value, range: SourceRange), _ what: String) throws(Diagnostic) -> Matrix {
        switch arg.value {
        case .matrix(let m): return m.transposed
        case .vector(let v): return Matrix(rows: 1, cols: v.count, storage: v)  // one number per example
        default: throw Diagnostic("\(what) must be a matrix with one example per row, not a \(arg.value.kindName)", at: arg.range)
        }
      }
      let x = try rows(c.positional[0], "X")
      let y = try rows(c.positional[1], "Y")
      if x.cols != y.cols {
        throw c.error("X has \(x.cols) rows (examples) but Y has \(y.cols)")
      }
      return .dataset(try c.wrap { () throws(CoreError) in try Dataset(inputs: x, targets: y) })
    },
  ]
}

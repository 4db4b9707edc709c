import VanishCore

extension Builtins {
  nonisolated(unsafe) static let arrayBuiltins: [Builtin] = [
    Builtin("zeros", .arrays, overloads: sizes, summary: "a vector or matrix of zeros",
      example: "zeros(2, 3)") { (c: inout CallContext) throws(Diagnostic) in try filled(&c, 0) },
    Builtin("ones", .arrays, overloads: sizes, summary: "a vector or matrix of ones",
      example: "ones(3)") { (c: inout CallContext) throws(Diagnostic) in try filled(&c, 1) },
    Builtin("eye", .arrays, parameters: [Parameter("n", .integer(1...10_000), about: "the size")],
      summary: "the n×n identity matrix", example: "eye(2)") {
      (c: inout CallContext) throws(Diagnostic) in
      let n = try c.integer("n")
      try c.interpreter.checkElements(Double(n) * Double(n), "eye(\(n))", at: c.range)
      return .matrix(Matrix.identity(n))
    },
    Builtin("sum", .arrays, parameters: [Parameter("x", .any)], summary: "the sum of the elements", example: "sum([1, 2, 3])") {
      (c: inout CallContext) throws(Diagnostic) in
      let x = try c.argument("x")
      return .number(try elements(x, "sum").reduce(0, +))
    },
    Builtin("mean", .arrays, parameters: [Parameter("x", .any)], summary: "the mean of the elements", example: "mean([1, 2, 3])") {
      (c: inout CallContext) throws(Diagnostic) in
      let x = try c.argument("x")
      let e = try elements(x, "mean")
      if e.isEmpty { throw Diagnostic("the mean of nothing is undefined", at: x.range) }
      return .number(e.reduce(0, +) / Double(e.count))
    },
    Builtin("max", .arrays, parameters: [Parameter("x", .any)], summary: "the largest element", example: "max([1, 5, 3])") {
      (c: inout CallContext) throws(Diagnostic) in
      let x = try c.argument("x")
      guard let m = try elements(x, "max").max() else { throw Diagnostic("max of nothing", at: x.range) }
      return .number(m)
    },
    Builtin("min", .arrays, parameters: [Parameter("x", .any)], summary: "the smallest element", example: "min([1, 5, 3])") {
      (c: inout CallContext) throws(Diagnostic) in
      let x = try c.argument("x")
      guard let m = try elements(x, "min").min() else { throw Diagnostic("min of nothing", at: x.range) }
      return .number(m)
    },
    Builtin("norm", .arrays, parameters: [Parameter("x", .any)],
      summary: "the Euclidean norm of a vector; the spectral norm (largest singular value) of a matrix",
      example: "norm([[3, 0], [0, 4]])") { (c: inout CallContext) throws(Diagnostic) in
      let x = try c.argument("x")
      switch x.value {
      case .number(let x): return .number(Swift.abs(x))
      case .vector(let v): return .number(v.euclideanNorm)
      case .matrix(let m): return .number(m.spectralNorm)
      default: throw Diagnostic("norm needs a vector or matrix, not \(x.value.aKind)", at: x.range)
      }
    },
    Builtin("frobenius", .arrays, parameters: [Parameter("m", .any)], summary: "the Frobenius norm sqrt(sum m_ij^2)",
      example: "frobenius([[3, 0], [0, 4]])") { (c: inout CallContext) throws(Diagnostic) in
      let x = try c.argument("m")
      switch x.value {
      case .vector(let v): return .number(v.euclideanNorm)
      case .matrix(let m): return .number(m.frobeniusNorm)
      default: throw Diagnostic("frobenius needs a matrix, not \(x.value.aKind)", at: x.range)
      }
    },
    Builtin("shape", .arrays, parameters: [Parameter("x", .any)], summary: "[length] of a vector, [rows, cols] of a matrix",
      example: "shape([[1, 2, 3], [4, 5, 6]])") { (c: inout CallContext) throws(Diagnostic) in
      let x = try c.argument("x")
      return try Fields.field(x.value, "shape", at: x.range)
    },
  ]

  /// zeros' and ones': `(n)` a vector, `(rows, cols)` a matrix.
  nonisolated(unsafe) private static let sizes: [[Parameter]] = [
    [Parameter("n", .integer(0...100_000_000), about: "the size")],
    [
      Parameter("rows", .integer(0...100_000_000), about: "the number of rows"),
      Parameter("cols", .integer(0...100_000_000), about: "the number of columns"),
    ],
  ]

  private static func filled(_ c: inout CallContext, _ v: Double) throws(Diagnostic) -> Value {
    if c.overload == 0 {
      let n = try c.integer("n")
      try c.interpreter.checkElements(Double(n), "this vector", at: c.range)
      return .vector(Array(repeating: v, count: n))
    }
    let n = try c.integer("rows")
    let m = try c.integer("cols")
    try c.interpreter.checkElements(Double(n) * Double(m), "this matrix", at: c.range)
    if n * m > 100_000_000 { throw c.error("a \(n)×\(m) matrix is too large") }
    return .matrix(Matrix(rows: n, cols: m, repeating: v))
  }

  static func elements(_ arg: (value: Value, range: SourceRange), _ name: String) throws(Diagnostic) -> [Double] {
    switch arg.value.numeric {
    case .number(let x): return [x]
    case .vector(let v): return v
    case .matrix(let m): return m.storage.array
    default: throw Diagnostic("\(name) needs numbers, not \(arg.value.aKind)", at: arg.range)
    }
  }
}

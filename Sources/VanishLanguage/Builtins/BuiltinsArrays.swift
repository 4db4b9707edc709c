import VanishCore

extension Builtins {
  nonisolated(unsafe) static let arrayBuiltins: [Builtin] = [
    Builtin("zeros", .arrays, signature: "zeros(n) or zeros(rows, cols)", summary: "a vector or matrix of zeros",
      example: "zeros(2, 3)") { (c: inout CallContext) throws(Diagnostic) in try filled(&c, 0) },
    Builtin("ones", .arrays, signature: "ones(n) or ones(rows, cols)", summary: "a vector or matrix of ones",
      example: "ones(3)") { (c: inout CallContext) throws(Diagnostic) in try filled(&c, 1) },
    Builtin("eye", .arrays, signature: "eye(n)", summary: "the n×n identity matrix", example: "eye(2)") {
      (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "eye(n)")
      let n = try c.integer(c.positional[0], "the size", in: 1...10_000)
      try c.interpreter.checkElements(Double(n) * Double(n), "eye(\(n))", at: c.range)
      return .matrix(Matrix.identity(n))
    },
    Builtin("sum", .arrays, signature: "sum(x)", summary: "the sum of the elements", example: "sum([1, 2, 3])") {
      (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "sum(x)")
      return .number(try elements(c.positional[0], "sum").reduce(0, +))
    },
    Builtin("mean", .arrays, signature: "mean(x)", summary: "the mean of the elements", example: "mean([1, 2, 3])") {
      (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "mean(x)")
      let e = try elements(c.positional[0], "mean")
      if e.isEmpty { throw Diagnostic("the mean of nothing is undefined", at: c.positional[0].range) }
      return .number(e.reduce(0, +) / Double(e.count))
    },
    Builtin("max", .arrays, signature: "max(x)", summary: "the largest element", example: "max([1, 5, 3])") {
      (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "max(x)")
      guard let m = try elements(c.positional[0], "max").max() else { throw Diagnostic("max of nothing", at: c.positional[0].range) }
      return .number(m)
    },
    Builtin("min", .arrays, signature: "min(x)", summary: "the smallest element", example: "min([1, 5, 3])") {
      (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "min(x)")
      guard let m = try elements(c.positional[0], "min").min() else { throw Diagnostic("min of nothing", at: c.positional[0].range) }
      return .number(m)
    },
    Builtin("norm", .arrays, signature: "norm(x)",
      summary: "the Euclidean norm of a vector; the spectral norm (largest singular value) of a matrix",
      example: "norm([[3, 0], [0, 4]])") { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "norm(x)")
      switch c.positional[0].value {
      case .number(let x): return .number(Swift.abs(x))
      case .vector(let v): return .number(v.euclideanNorm)
      case .matrix(let m): return .number(m.spectralNorm)
      default: throw Diagnostic("norm needs a vector or matrix, not \(c.positional[0].value.aKind)", at: c.positional[0].range)
      }
    },
    Builtin("frobenius", .arrays, signature: "frobenius(m)", summary: "the Frobenius norm sqrt(sum m_ij^2)",
      example: "frobenius([[3, 0], [0, 4]])") { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "frobenius(m)")
      switch c.positional[0].value {
      case .vector(let v): return .number(v.euclideanNorm)
      case .matrix(let m): return .number(m.frobeniusNorm)
      default: throw Diagnostic("frobenius needs a matrix, not \(c.positional[0].value.aKind)", at: c.positional[0].range)
      }
    },
    Builtin("shape", .arrays, signature: "shape(x)", summary: "[length] of a vector, [rows, cols] of a matrix",
      example: "shape([[1, 2, 3], [4, 5, 6]])") { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "shape(x)")
      return try Fields.field(c.positional[0].value, "shape", at: c.positional[0].range)
    },
  ]

  private static func filled(_ c: inout CallContext, _ v: Double) throws(Diagnostic) -> Value {
    try c.requireCount(1...2, usage: "\(c.name)(n) or \(c.name)(rows, cols)")
    let n = try c.integer(c.positional[0], "the size", in: 0...100_000_000)
    if c.positional.count == 1 {
      try c.interpreter.checkElements(Double(n), "this vector", at: c.range)
      return .vector(Array(repeating: v, count: n))
    }
    let m = try c.integer(c.positional[1], "the number of columns", in: 0...100_000_000)
    try c.interpreter.checkElements(Double(n) * Double(m), "this matrix", at: c.range)
    if n * m > 100_000_000 { throw c.error("a \(n)×\(m) matrix is too large") }
    return .matrix(Matrix(rows: n, cols: m, repeating: v))
  }

  static func elements(_ arg: (value: Value, range: SourceRange), _ name: String) throws(Diagnostic) -> [Double] {
    switch arg.value.numeric {
    case .number(let x): return [x]
    case .vector(let v): return v
    case .matrix(let m): return m.storage
    default: throw Diagnostic("\(name) needs numbers, not \(arg.value.aKind)", at: arg.range)
    }
  }
}

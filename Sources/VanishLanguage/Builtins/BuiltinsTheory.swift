import Foundation
import VanishCore

/// The theory tools: the linear algebra of a matrix (`svd`, `eig`, `cond`, through LAPACK) and
/// of a network at one example (`jacobian`, `spectrum`).
extension Builtins {
  nonisolated(unsafe) static let theoryBuiltins: [Builtin] = [
    Builtin(
      "svd", .theory, parameters: [Parameter("m", .any, expected: "a matrix")],
      summary: "the singular values of a matrix, largest first (min(rows, cols) of them)",
      details: """
        LAPACK's dgesdd (OpenBLAS's), without singular vectors; numpy's
        linalg.svd(m, compute_uv=False). norm(m) is the first, cond(m) the first over the last.
        """,
      example: "svd([[3, 0], [0, -4]]); svd([[1, 1], [0, 1]])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let m = try theoryMatrix(&c)
      return .vector(try singularValues(m, &c))
    },
    Builtin(
      "eig", .theory, parameters: [Parameter("m", .any, expected: "a matrix")],
      summary: "the eigenvalues of a symmetric matrix, smallest first",
      details: """
        LAPACK's dsyevd (OpenBLAS's), without eigenvectors; numpy's linalg.eigvalsh(m). The
        matrix must be symmetric to rounding: every |m[i, j] - m[j, i]| at most 1e-12 times its
        largest |element| (an error names the largest asymmetry); its symmetric part
        (m + m')/2 is what is solved. For any matrix, svd(m) are the square roots of eig(m' @ m).
        """,
      example: "eig([[2, 1], [1, 2]]); eig([[0, 1], [1, 0]])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let arg = try c.argument("m")
      let m = try theoryMatrix(&c)
      guard m.rows == m.cols else {
        throw Diagnostic(
          "eig needs a square matrix, not a \(m.rows)×\(m.cols) one", at: arg.range,
          hint: "svd(m) gives the singular values of any matrix")
      }
      if let (i, j, d) = m.largestAsymmetry, d > asymmetryTolerance * m.maxAbs {
        throw Diagnostic(
          "eig needs a symmetric matrix, and this one is not: m[\(i + 1), \(j + 1)] = \(Format.short(m[i, j])) but m[\(j + 1), \(i + 1)] = \(Format.short(m[j, i])), the largest asymmetry (\(Format.short(d)))",
          at: arg.range, hint: "svd(m) gives the singular values of any matrix; eig((m + m')/2) the eigenvalues of its symmetric part")
      }
      var symmetric = m
      for i in 0..<m.rows {
        for j in 0..<i {
          let mean = m[j, i] + (m[i, j] - m[j, i]) / 2
          symmetric[i, j] = mean
          symmetric[j, i] = mean
        }
      }
      try c.interpreter.spendWork(5 * pow(Double(m.rows), 3), on: "these eigenvalues", at: c.range)
      let values = try c.wrap { () throws(CoreError) in try symmetric.symmetricEigenvalues() }
      return .vector(values)
    },
    Builtin(
      "cond", .theory, parameters: [Parameter("m", .any, expected: "a matrix")],
      summary: "the condition number: the largest singular value over the smallest",
      details: """
        svd(m)[1] / svd(m)[end], as numpy's linalg.cond(m); for a non-square matrix, of its
        min(rows, cols) singular values. A singular matrix (its smallest singular value exactly
        0) has no finite condition number: that is an error, as every Inf is.
        """,
      example: "cond([[1, 0], [0, 1e-3]]); cond([[1, 2], [3, 4]])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let m = try theoryMatrix(&c)
      let s = try singularValues(m, &c)
      let (top, bottom) = (s.first!, s.last!)
      if bottom == 0 && top.isFinite {
        if top == 0 {
          throw c.error("the result of cond is NaN", hint: "every singular value of a zero matrix is 0, and 0/0 is undefined")
        }
        let rank = s.filter { $0 > 0 }.count
        throw c.error(
          "the result of cond is Inf",
          hint: "the matrix is singular: its smallest singular value is 0 (\(rank) of its \(s.count) are not)")
      }
      return .number(top / bottom)
    },
    Builtin(
      "jacobian", .theory,
      parameters: [Parameter("net", .network), Parameter("x", .any), .named("from", .number, default: .number(0), about: "from")],
      summary: "d a[L] / d a[from] at one example x: the (outputs × units of a[from]) matrix of a network's derivatives",
      details: """
        Row i is the gradient of output unit i; from=0 (the default) differentiates with respect
        to the input x, from=l with respect to layer l's output a[l] (0 to L-1). Exact, not
        differences: one backward pass of backprop per output unit (all of them in one batch),
        through skips (the identity added) and normalization layers (layernorm's Jacobian;
        batchnorm in running-statistics mode, as net(x) evaluates it, a diagonal).
        """,
      example: "net = mlp([2, 3, 2], tanh); jacobian(net, [0.5, -1]); jacobian(net, [0.5, -1], from=1)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let (net, x) = try networkAndExample(&c)
      var from = 0
      if let arg = c.given("from") {
        let l = try c.number("from")
        guard let whole = Int(exactly: l), (0..<net.depth).contains(whole) else {
          throw Diagnostic(
            "from must be a whole number from 0 to \(net.depth - 1), not \(Format.number(l))", at: arg.range,
            hint: "from=l differentiates with respect to a[l], layer l's output: 0 is the input x, \(net.depth - 1) the last layer's input")
        }
        from = whole
      }
      let js = try jacobians(net, x, &c)
      return .matrix(js[from])
    },
    Builtin(
      "spectrum", .theory, parameters: [Parameter("net", .network), Parameter("x", .any)],
      summary: "per layer l = 0..L-1, the largest, smallest and rms singular value of d a[L] / d a[l] at x, a log-scale bar",
      details: """
        The singular values of jacobian(net, x, from=l), min(outputs, units of a[l]) of them; rms
        is sqrt(mean sigma^2). The bar spans the smallest to the largest on one log scale that
        always holds 1: dynamical isometry (Pennington, Schoenholz and Ganguli 2017) is every
        singular value near 1, so that no direction of the gradient vanishes or explodes on the
        way down. Fields max, min and rms: vectors whose element l+1 is a[l]'s.
        """,
      example: "spectrum(dense(8, 8, tanh, init=orthogonal, bias=const(0)) x 6, ones(8) / 10); spectrum(mlp([8, 8, 8, 8, 8, 8], sigmoid), ones(8))"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let (net, x) = try networkAndExample(&c)
      let js = try jacobians(net, x, &c)
      var rows: [SpectrumTable.Row] = []
      for (l, j) in js.enumerated() {
        let s = try singularValues(j, &c)
        rows.append(.init(units: j.cols, max: s.first!, min: s.last!, rms: s.euclideanNorm / Double(s.count).squareRoot()))
      }
      return .custom(SpectrumTable(rows: rows, outputs: net.outputSize))
    },
  ]

  /// eig's symmetry: an asymmetry this small relative to the largest element is rounding.
  static let asymmetryTolerance = 1e-12

  /// The one argument of svd, eig and cond: a non-empty matrix.
  private static func theoryMatrix(_ c: inout CallContext) throws(Diagnostic) -> Matrix {
    let arg = try c.argument("m")
    switch arg.value.numeric {
    case .matrix(let m):
      if m.rows == 0 || m.cols == 0 {
        throw Diagnostic("\(c.name) needs a matrix with elements, not an empty \(m.rows)×\(m.cols) one", at: arg.range)
      }
      return m
    case .number, .vector:
      throw Diagnostic(
        "\(c.name) needs a matrix, not \(arg.value.aKind)", at: arg.range,
        hint: "a matrix is a list of rows: [[1, 2, 3]] is 1×3, [[1], [2], [3]] is 3×1")
    default:
      throw Diagnostic("\(c.name) needs a matrix, not \(arg.value.aKind)", at: arg.range)
    }
  }

  /// The singular values of m, its work counted against the budget first.
  private static func singularValues(_ m: Matrix, _ c: inout CallContext) throws(Diagnostic) -> [Double] {
    let (small, large) = (Double(Swift.min(m.rows, m.cols)), Double(Swift.max(m.rows, m.cols)))
    try c.interpreter.spendWork(4 * large * small * small + large, on: "these singular values", at: c.range)
    return try c.wrap { () throws(CoreError) in try m.checkedSingularValues() }
  }

  /// jacobian's and spectrum's network and one example.
  private static func networkAndExample(_ c: inout CallContext) throws(Diagnostic) -> (Network, [Double]) {
    let net = try c.network("net").network
    let xArg = try c.argument("x")
    if net.depth == 0 { throw Diagnostic("the network has no layers", at: try c.argument("net").range) }
    let (batch, single) = try Networks.examples(xArg.value, expected: net.inputSize, what: "x", at: xArg.range)
    guard single else {
      throw Diagnostic(
        "\(c.name) is taken at one example: x must be a vector of \(net.inputSize), not a matrix of \(batch.cols) example\(batch.cols == 1 ? "" : "s")",
        at: xArg.range)
    }
    return (net, batch.storage.array)
  }

  /// d a[L] / d a[l] for l = 0..L-1, after a forward pass that is checked as net(x)'s is.
  private static func jacobians(_ net: Network, _ x: [Double], _ c: inout CallContext) throws(Diagnostic) -> [Matrix] {
    let input = try c.argument("x").value
    try c.interpreter.spendPass(net, examples: net.outputSize, backward: true, "these Jacobians", at: c.range)
    let trace = try c.wrap { () throws(CoreError) in try net.trace(Matrix(column: x)) }
    try Numerics.checkForward(trace, of: net, input: input, at: c.range)
    let js = try c.wrap { () throws(CoreError) in try net.jacobians(at: x) }
    for (l, j) in js.enumerated() {
      if let (place, v) = Numerics.firstNonFinite(.matrix(j)) {
        throw c.error(
          "\(place)d a[\(net.depth)] / d a[\(l)] is \(Numerics.name(v))",
          hint: v.isInfinite ? "the derivatives overflow: numbers beyond about 1.8e308 are Inf" : nil)
      }
    }
    return js
  }
}

/// A user function of two parameters sampled on a regular grid, for its contour lines.
enum FunctionGrid {
  /// Points per side: fine enough for smooth level lines in a terminal (about 150×64 braille
  /// dots) and in an SVG, and quick to evaluate (10,201 calls).
  static let resolution = 101

  /// values[i][j] = f(x_j, y_i), x_j running over `x` and y_i over `y`.
  static func sample(
    _ f: UserFunction, x: ClosedRange<Double>, y: ClosedRange<Double>, resolution n: Int = resolution,
    in interpreter: Interpreter, at range: SourceRange
  ) throws(Diagnostic) -> [[Double]] {
    var rows: [[Double]] = []
    rows.reserveCapacity(n)
    for i in 0..<n {
      let yi = y.lowerBound + (y.upperBound - y.lowerBound) * Double(i) / Double(n - 1)
      var row: [Double] = []
      row.reserveCapacity(n)
      for j in 0..<n {
        let xj = x.lowerBound + (x.upperBound - x.lowerBound) * Double(j) / Double(n - 1)
        row.append(try Calls.number(f, at: [xj, yi], in: interpreter, at: range))
      }
      rows.append(row)
    }
    return rows
  }
}

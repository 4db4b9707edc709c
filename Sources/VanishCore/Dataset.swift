/// Examples with their targets, stored one example per column (the layout of a batch).
public struct Dataset: Sendable {
  public var inputs: Matrix
  public var targets: Matrix

  public init(inputs: Matrix, targets: Matrix) throws(CoreError) {
    if inputs.cols != targets.cols {
      throw .shapeMismatch("there are \(inputs.cols) inputs but \(targets.cols) targets")
    }
    self.inputs = inputs
    self.targets = targets
  }

  /// For subsets of a dataset already checked.
  private init(checked inputs: Matrix, _ targets: Matrix) {
    self.inputs = inputs
    self.targets = targets
  }

  public var size: Int { inputs.cols }
  public var inputSize: Int { inputs.rows }
  public var outputSize: Int { targets.rows }

  /// The examples at the given column indices, in that order.
  public func subset(_ indices: some Collection<Int>) -> Dataset {
    func pick(_ m: Matrix) -> Matrix {
      var out = Matrix(rows: m.rows, cols: indices.count)
      for (c, i) in indices.enumerated() {
        for r in 0..<m.rows { out[r, c] = m[r, i] }
      }
      return out
    }
    return Dataset(checked: pick(inputs), pick(targets))
  }

  /// The first n examples (all of them when n is larger).
  public func prefix(_ n: Int) -> Dataset { subset(0..<Swift.min(n, size)) }
}

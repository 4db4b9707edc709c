import CBLAS

/// Examples with their targets, and optionally a separate test part.
///
/// Examples are stored one after another (example-major), each in the most compact form that
/// holds it exactly: images as their bytes (read as byte/255, so Fashion-MNIST's 60,000 images
/// take 47 MB instead of 376 MB as Doubles), class labels as class numbers (read as one-hot
/// vectors). The `fill` methods copy a batch out as Doubles into matrices the caller allocated
/// once; nothing is allocated per batch.
public struct Dataset: Sendable {
  public enum Inputs: Sendable {
    case values([Double])
    /// Bytes 0...255 standing for byte/255, pixels scaled to [0, 1].
    case pixels([UInt8])
  }

  public enum Targets: Sendable {
    case values([Double])
    /// Class numbers 0..<outputSize standing for one-hot vectors.
    case classes([Int32])
  }

  public let inputStorage: Inputs
  public let targetStorage: Targets
  public let size: Int
  public let inputSize: Int
  public let outputSize: Int
  private var testPart: TestPart?

  /// Examples held as described; the counts must agree and class numbers lie in 0..<outputSize.
  public init(inputs: Inputs, inputSize: Int, targets: Targets, outputSize: Int) throws(CoreError) {
    if inputSize < 1 || outputSize < 1 {
      throw .invalidArgument("examples need at least one input and one target")
    }
    let stored: Int
    switch inputs {
    case .values(let v): stored = v.count
    case .pixels(let p): stored = p.count
    }
    if stored % inputSize != 0 {
      throw .shapeMismatch("\(stored) input values do not make whole examples of \(inputSize)")
    }
    let count = stored / inputSize
    let targetCount: Int
    switch targets {
    case .values(let v):
      if v.count % outputSize != 0 {
        throw .shapeMismatch("\(v.count) target values do not make whole examples of \(outputSize)")
      }
      targetCount = v.count / outputSize
    case .classes(let c):
      targetCount = c.count
      if let bad = c.first(where: { $0 < 0 || Int($0) >= outputSize }) {
        throw .invalidArgument("class \(bad) is outside 0..<\(outputSize)")
      }
    }
    if count != targetCount {
      throw .shapeMismatch("there are \(count) inputs but \(targetCount) targets")
    }
    self.inputStorage = inputs
    self.targetStorage = targets
    self.size = count
    self.inputSize = inputSize
    self.outputSize = outputSize
  }

  /// Examples from matrices with one example per column.
  public init(inputs: Matrix, targets: Matrix) throws(CoreError) {
    if inputs.cols != targets.cols {
      throw .shapeMismatch("there are \(inputs.cols) inputs but \(targets.cols) targets")
    }
    try self.init(
      inputs: .values(inputs.transposed.storage.array), inputSize: inputs.rows,
      targets: .values(targets.transposed.storage.array), outputSize: targets.rows)
  }

  /// The examples kept apart for measuring accuracy, when there are any (Fashion-MNIST's 10,000).
  public var test: Dataset? {
    get { testPart?.data }
    set { testPart = newValue.map(TestPart.init) }
  }

  /// The same examples without the test part.
  public var withoutTest: Dataset {
    var d = self
    d.testPart = nil
    return d
  }

  // MARK: - Batches

  /// Copies the inputs of the examples at `indices` into x (k × inputSize), one per row: the
  /// order they are stored in, so each example is one contiguous copy (training's layout for
  /// the input layer, which BLAS multiplies transposed).
  public func fillInputRows(_ indices: ExampleIndices, into x: inout Matrix) {
    precondition(x.rows == indices.count && x.cols == inputSize, "batch shape")
    x.storage.withUnsafeMutableBufferPointer { xp in
      fillInputRows(indices, rows: 0..<indices.count, into: xp.baseAddress!)
    }
  }

  /// Rows `rows` of `fillInputRows` (examples indices[r] for r in rows) into x, a batch of
  /// indices.count rows of inputSize: the part of one thread when two share a batch.
  func fillInputRows(_ indices: ExampleIndices, rows: Range<Int>, into x: UnsafeMutablePointer<Double>) {
    let n = inputSize
    do {
      let xp = UnsafeMutableBufferPointer(start: x, count: indices.count * n)
      switch inputStorage {
      case .values(let v):
        v.withUnsafeBufferPointer { vp in
          for row in rows {
            (xp.baseAddress! + row * n).update(from: vp.baseAddress! + indices[row] * n, count: n)
          }
        }
      case .pixels(let p):
        Dataset.byteValues.withUnsafeBufferPointer { table in
          p.withUnsafeBufferPointer { pp in
            for row in rows {
              let source = UnsafeRawPointer(pp.baseAddress! + indices[row] * n)
              // The next example's bytes on their way while this one is converted: a shuffled
              // batch's examples are at random places, and converting waited on memory for
              // half its time (0.65 ns a pixel without, 0.28 with: the same loop in C, measured on
              // the benchmark's machine).
              if row + 1 < rows.upperBound { prefetch_for_reading(pp.baseAddress! + indices[row + 1] * n, n) }
              let target = xp.baseAddress! + row * n
              // Four pixels per load: the loop is bound by its loads, and this saves three in four
              // (a third faster than a byte at a time, measured).
              var r = 0
              while r + 4 <= n {
                let w = Int(source.loadUnaligned(fromByteOffset: r, as: UInt32.self))
                target[r] = table[w & 255]
                target[r + 1] = table[(w >> 8) & 255]
                target[r + 2] = table[(w >> 16) & 255]
                target[r + 3] = table[w >> 24]
                r += 4
              }
              while r < n {
                target[r] = table[Int(source.load(fromByteOffset: r, as: UInt8.self))]
                r += 1
              }
            }
          }
        }
      }
    }
  }

  /// Copies the targets of the examples at `indices` into y (outputSize × k), one per column.
  public func fillTargets(_ indices: ExampleIndices, into y: inout Matrix) {
    let k = indices.count
    let o = outputSize
    precondition(y.rows == o && y.cols == k, "batch shape")
    y.storage.withUnsafeMutableBufferPointer { yp in
      switch targetStorage {
      case .values(let v):
        v.withUnsafeBufferPointer { vp in
          for c in 0..<k {
            let i = indices[c]
            for r in 0..<o { yp[r * k + c] = vp[i * o + r] }
          }
        }
      case .classes(let classes):
        for j in 0..<yp.count { yp[j] = 0 }
        for c in 0..<k { yp[Int(classes[indices[c]]) * k + c] = 1 }
      }
    }
  }

  /// The class of example i: its class number, or the index of its largest target
  /// (for one target, 1 when it is at least 1/2, else 0).
  public func label(_ i: Int) -> Int {
    switch targetStorage {
    case .classes(let c): return Int(c[i])
    case .values(let v): return Dataset.predictedClass(v[(i * outputSize)..<((i + 1) * outputSize)])
    }
  }

  /// The class a vector of outputs stands for: the index of its largest element (the first when
  /// tied), or for a single output, 1 when it is at least 1/2 and 0 otherwise.
  public static func predictedClass(_ v: some Collection<Double>) -> Int {
    if v.count == 1 { return v.first! >= 0.5 ? 1 : 0 }
    var best = 0
    var bestValue = -Double.infinity
    for (j, x) in v.enumerated() where x > bestValue || (j == 0) {
      best = j
      bestValue = x
    }
    return best
  }

  /// byte/255 for every byte, computed as numpy's `x / 255.0` computes it.
  static let byteValues: [Double] = (0...255).map { Double($0) / 255 }

  /// Every input, one example per row (allocates size × inputSize Doubles).
  public var inputRows: Matrix {
    var x = Matrix(rows: size, cols: inputSize)
    fillInputRows(.range(0..<size), into: &x)
    return x
  }

  /// Every input, one example per column: the layout of a batch in the equations.
  public var inputs: Matrix { inputRows.transposed }

  /// Every target, one example per column.
  public var targets: Matrix {
    var y = Matrix(rows: outputSize, cols: size)
    fillTargets(.range(0..<size), into: &y)
    return y
  }

  // MARK: - Subsets

  /// The examples at the given indices, in that order, stored as these are (no test part).
  public func subset(_ indices: some Collection<Int>) -> Dataset {
    func pick<T>(_ values: [T], _ width: Int) -> [T] {
      var out: [T] = []
      out.reserveCapacity(indices.count * width)
      for i in indices { out.append(contentsOf: values[(i * width)..<((i + 1) * width)]) }
      return out
    }
    let inputs: Inputs
    switch inputStorage {
    case .values(let v): inputs = .values(pick(v, inputSize))
    case .pixels(let p): inputs = .pixels(pick(p, inputSize))
    }
    let targets: Targets
    switch targetStorage {
    case .values(let v): targets = .values(pick(v, outputSize))
    case .classes(let c): targets = .classes(pick(c, 1))
    }
    return Dataset(checked: inputs, inputSize, targets, outputSize, size: indices.count)
  }

  /// The first n examples (all of them when n is larger), without the test part.
  public func prefix(_ n: Int) -> Dataset { subset(0..<Swift.min(n, size)) }

  /// For subsets of a dataset already checked.
  init(checked inputs: Inputs, _ inputSize: Int, _ targets: Targets, _ outputSize: Int, size: Int) {
    self.inputStorage = inputs
    self.targetStorage = targets
    self.inputSize = inputSize
    self.outputSize = outputSize
    self.size = size
  }

  /// The bytes the examples take in memory (inputs and targets, test part included).
  public var memoryBytes: Int {
    var bytes = 0
    switch inputStorage {
    case .values(let v): bytes += v.count * 8
    case .pixels(let p): bytes += p.count
    }
    switch targetStorage {
    case .values(let v): bytes += v.count * 8
    case .classes(let c): bytes += c.count * 4
    }
    return bytes + (test?.memoryBytes ?? 0)
  }
}

/// Holds the test part so that a Dataset can contain another.
private final class TestPart: Sendable {
  let data: Dataset
  init(_ data: Dataset) { self.data = data }
}

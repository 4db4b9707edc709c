import Testing
@testable import VanishCore

/// `AlignedStorage`, a Matrix's buffer: every way a matrix is made starts its Doubles at a
/// multiple of 64 bytes, and it behaves as the `[Double]` it replaced (a value, copied on write;
/// Array's ==; a stopped fill leaves nothing).
@Suite struct AlignedStorageTests {
  static func offset(_ m: Matrix) -> Int {
    m.storage.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress!) % 64 }
  }

  @Test func everyMatrixStartsAtACacheLine() throws {
    var rng = SeededGenerator(seed: 3)
    // Small ones come from malloc's heap (16-byte aligned), large ones (a layer of 784 x 30 is
    // 188 KB) from pages of their own, where an Array's elements start 48 bytes past a line.
    var made: [Matrix] = []
    for (rows, cols) in [(1, 1), (3, 5), (10, 784), (30, 784), (100, 100), (512, 513)] {
      made.append(Matrix(rows: rows, cols: cols))
      made.append(Matrix(rows: rows, cols: cols, storage: (0..<(rows * cols)).map(Double.init)))
      made.append(Initializer.nielsen.weights(out: rows, in: cols, using: &rng))
      made.append(Matrix(rows: rows, cols: cols, repeating: 2).transposed)
      made.append(Matrix(rows: rows, cols: cols).map { $0 + 1 })
    }
    made.append(Matrix(rows: 30, cols: 784).matmul(Matrix(rows: 784, cols: 10)))
    made.append(try Matrix(rows: 300, cols: 400).matmulInterruptibly(Matrix(rows: 400, cols: 300)))
    for m in made { #expect(Self.offset(m) == 0, "\(m.rows) x \(m.cols)") }
    // A copy that is written to gets a buffer of its own, aligned too.
    let original = Matrix(rows: 30, cols: 784, repeating: 1)
    var copy = original
    copy[0, 0] = 5
    #expect(Self.offset(copy) == 0)
    // A network's layers and a training pass's buffers are matrices too.
    let net = CorePairTests.mlp([784, 30, 10], .sigmoid, .sigmoid, seed: 1)
    #expect(net.layers.allSatisfy { Self.offset($0.w) == 0 })
    let pass = Pass(network: net, examples: 10)
    #expect(Self.offset(pass.x) == 0 && pass.z.dropFirst().allSatisfy { Self.offset($0) == 0 })
  }

  @Test func itIsAValueCopiedOnWrite() {
    let a = Matrix(rows: 2, cols: 3, storage: [1, 2, 3, 4, 5, 6])
    var b = a
    b[1, 2] = 60
    b.storage.withUnsafeMutableBufferPointer { $0[0] = 10 }
    #expect(a.storage.array == [1, 2, 3, 4, 5, 6])
    #expect(b.storage.array == [10, 2, 3, 4, 5, 60])
    var c = a.storage
    c[1] = 20
    #expect(a[0, 1] == 2 && c.array == [1, 20, 3, 4, 5, 6])
  }

  @Test func equalityIsArrays() {
    let nan = AlignedStorage([1, .nan])
    #expect(nan == nan)  // the same buffer, as with Arrays
    #expect(nan != AlignedStorage([1, .nan]))
    #expect(AlignedStorage([0.0, 1]) == AlignedStorage([-0.0, 1]))
    #expect(AlignedStorage([1, 2]) != AlignedStorage([1, 2, 3]))
    #expect(AlignedStorage([]) == AlignedStorage(repeating: 7, count: 0))
    #expect(Matrix(rows: 1, cols: 2, storage: [1, 2]) != Matrix(rows: 1, cols: 2, storage: [1, 3]))
  }

  @Test func aStoppedFillLeavesNothing() {
    let stopped = AlignedStorage(unsafeUninitializedCount: 1000) { buffer, initialized in
      for i in 0..<10 { buffer[i] = Double(i) }
      initialized = 10
    }
    #expect(stopped.isEmpty)
    let whole = AlignedStorage(unsafeUninitializedCount: 3) { buffer, initialized in
      for i in 0..<3 { buffer[i] = Double(i) }
      initialized = 3
    }
    #expect(whole.array == [0, 1, 2])
  }

  @Test func theScansAgreeWithSequencesAlgorithms() {
    var rng = SeededGenerator(seed: 5)
    let values = (0..<1001).map { _ in rng.normal() * 1e-200 } + [-3e-199, .nan, 4]
    let s = AlignedStorage(values)
    #expect(s.maxAbs == values.reduce(0) { Swift.max($0, abs($1)) })
    #expect(s.euclideanNorm.isNaN == values.euclideanNorm.isNaN)
    let finite = AlignedStorage(Array(values.dropLast(2)))
    #expect(finite.euclideanNorm == Array(values.dropLast(2)).euclideanNorm)
    #expect(finite.euclideanNorm > 0)  // 1e-200 squared underflows; scaled, it does not
    // Against the naive sum of squares of the same numbers brought near 1 (exactly, by 2^664).
    let naive = Array(values.dropLast(2)).reduce(0) { $0 + ($1 * 0x1p664) * ($1 * 0x1p664) }.squareRoot() * 0x1p-664
    #expect(abs(finite.euclideanNorm - naive) <= 1e-14 * naive)
    #expect(finite.sumOfSquares == Array(values.dropLast(2)).reduce(0) { $0 + $1 * $1 })
    #expect(!s.allFinite && s.containsNaN && finite.allFinite && !finite.containsNaN)
    #expect(!AlignedStorage([1, .infinity]).allFinite && !AlignedStorage([1, .infinity]).containsNaN)
  }
}

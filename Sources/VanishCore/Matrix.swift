import CBLAS
import Dispatch
import Synchronization

/// A dense matrix of Doubles in one contiguous row-major buffer, aligned to a cache line
/// (`AlignedStorage`).
///
/// Row j of a weight matrix is neuron j of its layer; a batch of examples is stored with
/// one example per column (Nielsen's layout), so a layer's forward pass over a batch is the
/// single product `w @ a`.
public struct Matrix: Equatable, Sendable {
  public let rows: Int
  public let cols: Int
  public var storage: AlignedStorage

  public init(rows: Int, cols: Int, storage: AlignedStorage) {
    precondition(storage.count == rows * cols, "matrix storage does not match its shape")
    self.rows = rows
    self.cols = cols
    self.storage = storage
  }

  public init(rows: Int, cols: Int, storage: [Double]) {
    self.init(rows: rows, cols: cols, storage: AlignedStorage(storage))
  }

  public init(rows: Int, cols: Int, repeating value: Double = 0) {
    self.init(rows: rows, cols: cols, storage: AlignedStorage(repeating: value, count: rows * cols))
  }

  /// A matrix from its rows; all rows must have the same length.
  public init(rowArrays: [[Double]]) {
    let cols = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == cols }, "ragged rows")
    self.init(rows: rowArrays.count, cols: cols, storage: rowArrays.flatMap { $0 })
  }

  /// A column vector (n x 1).
  public init(column: [Double]) {
    self.init(rows: column.count, cols: 1, storage: column)
  }

  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, cols: n)
    for i in 0..<n { m[i, i] = 1 }
    return m
  }

  public subscript(row: Int, col: Int) -> Double {
    get { storage[row * cols + col] }
    set { storage[row * cols + col] = newValue }
  }

  public var count: Int { storage.count }
  public var shape: (rows: Int, cols: Int) { (rows, cols) }

  public func row(_ i: Int) -> [Double] { Array(storage[(i * cols)..<((i + 1) * cols)]) }
  public func column(_ j: Int) -> [Double] { (0..<rows).map { storage[$0 * cols + j] } }
  public var rowArrays: [[Double]] { (0..<rows).map(row) }

  public var transposed: Matrix {
    var t = Matrix(rows: cols, cols: rows)
    storage.withUnsafeBufferPointer { src in
      t.storage.withUnsafeMutableBufferPointer { dst in
        for i in 0..<rows {
          for j in 0..<cols { dst[j * rows + i] = src[i * cols + j] }
        }
      }
    }
    return t
  }

  /// Applies `f` to every element.
  public func map(_ f: (Double) -> Double) -> Matrix {
    var out = self
    out.storage.withUnsafeMutableBufferPointer { o in
      for i in 0..<o.count { o[i] = f(o[i]) }
    }
    return out
  }

  /// Combines two matrices of the same shape element by element.
  public func zipWith(_ other: Matrix, _ f: (Double, Double) -> Double) -> Matrix {
    precondition(rows == other.rows && cols == other.cols, "shape mismatch")
    var out = self
    out.storage.withUnsafeMutableBufferPointer { o in
      other.storage.withUnsafeBufferPointer { b in
        for i in 0..<o.count { o[i] = f(o[i], b[i]) }
      }
    }
    return out
  }

  /// The Hadamard (elementwise) product.
  public func hadamard(_ other: Matrix) -> Matrix { zipWith(other, *) }

  /// The largest absolute element (0 for an empty matrix).
  public var maxAbs: Double { storage.maxAbs }
}

// MARK: - Products through BLAS

extension Matrix {
  /// `C = alpha * op(A) op(B) + beta * C`, written into `c`, through OpenBLAS's dgemm
  /// (dgemv when the right side is a single column, which is several times faster).
  public static func gemm(
    _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
    alpha: Double = 1, beta: Double = 0, into c: inout Matrix
  ) {
    let m = transposeA ? a.cols : a.rows
    let k = transposeA ? a.rows : a.cols
    let kb = transposeB ? b.cols : b.rows
    let n = transposeB ? b.rows : b.cols
    precondition(k == kb && c.rows == m && c.cols == n, "gemm shape mismatch")
    if m == 0 || n == 0 { return }
    if k == 0 {
      for i in 0..<c.storage.count { c.storage[i] *= beta }
      return
    }
    a.storage.withUnsafeBufferPointer { pa in
      b.storage.withUnsafeBufferPointer { pb in
        c.storage.withUnsafeMutableBufferPointer { pc in
          if n == 1 && !transposeB {
            blas_dgemv(
              transposeA, Int32(a.rows), Int32(a.cols), alpha, pa.baseAddress, Int32(a.cols),
              pb.baseAddress, 1, beta, pc.baseAddress, 1)
          } else {
            blas_dgemm(
              transposeA, transposeB, Int32(m), Int32(n), Int32(k), alpha, pa.baseAddress,
              Int32(a.cols), pb.baseAddress, Int32(b.cols), beta, pc.baseAddress, Int32(n))
          }
        }
      }
    }
  }

  /// The matrix product `self @ other`.
  public func matmul(_ other: Matrix) -> Matrix {
    var c = Matrix(rows: rows, cols: other.cols)
    Matrix.gemm(self, other, into: &c)
    return c
  }
}

extension Matrix {
  /// `self @ other`, with Ctrl-C looked for every few milliseconds: a product of two
  /// 10,000 x 10,000 matrices takes tens of seconds and must not be deaf to it. A large product
  /// is computed in pieces of about 2^25 multiply-adds (`ProductPieces`), taken in turn by two
  /// threads (when the machine has two cores) that each look for Ctrl-C before every piece;
  /// OpenBLAS runs each piece on one thread. The numbers are bit for bit those of one dgemm
  /// call on one thread (`matmul` as vanish calls it), whatever the size and the threads.
  public func matmulInterruptibly(_ other: Matrix) throws(CoreError) -> Matrix {
    precondition(cols == other.rows, "matmul shape mismatch")
    let (m, k, n) = (rows, cols, other.cols)
    // A small product (the common case) is one call, with nothing more to work out.
    if Double(m) * Double(k) * Double(n) <= Double(ProductPieces.single) { return matmul(other) }
    let pieces = ProductPieces(m: m, k: k, n: n)
    // Threads of our own rather than OpenBLAS's: a piece shared by two threads waits for the
    // slower, and on a busy machine that is often one that is not running; a thread that gets
    // less time here takes fewer pieces. A user's OPENBLAS_NUM_THREADS gets one thread here.
    let threads =
      BLAS.userChoseThreads ? 1 : Swift.min(BLAS.threads(forProduct: Double(m) * Double(k) * Double(n)), pieces.tiles.count)
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
    // C is not filled with zeros first (800 MB for 10,000 x 10,000: seconds on a busy machine
    // before the first look for Ctrl-C): the first depth of each tile writes it (dgemm with
    // beta 0 does not read C: "when BETA is zero, C need not be set on input", says the BLAS).
    // Stopped, C holds no numbers and is thrown away.
    let product = AlignedStorage(unsafeUninitializedCount: m * n) { buffer, initialized in
      BLAS.withThreads(1) {
        storage.withUnsafeBufferPointer { pa in
          other.storage.withUnsafeBufferPointer { pb in
            let (a, b, out) = (Shared(pa.baseAddress!), Shared(pb.baseAddress!), Shared(buffer.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
              while !Interrupt.isRequested {
                let t = next.add(1, ordering: .relaxed).oldValue
                guard t < pieces.tiles.count else { return }
                let tile = pieces.tiles[t]
                for (p, depth) in pieces.depths.enumerated() {
                  if p > 0 && Interrupt.isRequested { return }
                  blas_dgemm(
                    false, false, Int32(tile.rows.count), Int32(tile.cols.count), Int32(depth.count), 1,
                    a.base + tile.rows.lowerBound * k + depth.lowerBound, Int32(k),
                    b.base + depth.lowerBound * n + tile.cols.lowerBound, Int32(n),
                    p == 0 ? 0 : 1, out.base + tile.rows.lowerBound * n + tile.cols.lowerBound, Int32(n))
                }
                done.add(1, ordering: .relaxed)
              }
            }
          }
        }
      }
      initialized = done.load(ordering: .relaxed) == pieces.tiles.count ? m * n : 0
    }
    if product.isEmpty {
      Interrupt.clear()
      throw .interrupted
    }
    try Interrupt.check()
    return Matrix(rows: m, cols: n, storage: product)
  }
}

/// A matrix's buffer, handed to the threads of a product: they read A and B and write tiles of
/// C that do not overlap, while the product's caller waits for them.
private struct Shared<Pointer>: @unchecked Sendable {
  let base: Pointer
  init(_ base: Pointer) { self.base = base }
}

// MARK: - Vectors as plain arrays

extension Sequence where Element == Double {
  /// The Euclidean norm, scaled so that values near 1e-300 or 1e300 neither underflow nor overflow.
  public var euclideanNorm: Double {
    withContiguousStorageIfAvailable(Self.euclideanNorm(of:)) ?? Array(self).withUnsafeBufferPointer(Self.euclideanNorm(of:))
  }

  /// The norm of a buffer: its largest absolute element (NaN passed over, as max does) as the
  /// scale, then the square root of the sum of the scaled squares, in order.
  private static func euclideanNorm(of p: UnsafeBufferPointer<Double>) -> Double {
    var scale = 0.0
    for i in 0..<p.count { scale = Swift.max(scale, abs(p[i])) }
    if scale == 0 || !scale.isFinite { return scale }
    var sum = 0.0
    for i in 0..<p.count {
      let t = p[i] / scale
      sum += t * t
    }
    return scale * sum.squareRoot()
  }
}

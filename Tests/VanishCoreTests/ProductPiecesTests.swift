import Foundation
import Testing
@testable import VanishCore

/// A large `@` product is computed in pieces of bounded work (so that Ctrl-C is looked for
/// often), which give the same numbers as one dgemm call.
@Suite struct ProductPiecesTests {
  /// Shapes (m, k, n) of each kind of cut: rows only, rows and columns, the inner dimension,
  /// columns that are not a multiple of 16, one row or one column, the product of two
  /// 10,000 x 10,000 matrices.
  static let shapes: [(Int, Int, Int)] = [
    (10_000, 10_000, 10_000), (10_000, 10_000, 10_001), (4000, 4000, 4000), (1000, 2000, 1000),
    (300, 1700, 1029), (5000, 40, 700), (97, 5000, 33), (30_000, 50, 1029), (2, 3_000_000, 3),
    (1, 100_000_000, 1), (1, 10_000, 10_000), (10_000, 10_000, 1), (100_000, 10, 10), (24, 700, 1000),
    (257, 257, 257), (1, 1, 1), (0, 5, 5), (5, 0, 5), (1000, 1000, 1000),
  ]

  @Test(arguments: shapes)
  func piecesCoverTheProductOnceAtOpenBLASsCuts(_ shape: (Int, Int, Int)) {
    let (m, k, n) = shape
    let pieces = ProductPieces(m: m, k: k, n: n)
    // The depths cut 0..<k in order, at multiples of 768, the last at least 768 long.
    #expect(pieces.depths.first?.lowerBound == 0 && pieces.depths.last?.upperBound == k)
    for (a, b) in zip(pieces.depths, pieces.depths.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
    if pieces.depths.count > 1 {
      #expect(pieces.depths.dropLast().allSatisfy { $0.count % 768 == 0 })
      #expect(pieces.depths.last!.count >= 768)
    }
    // The tiles cover C once: they do not overlap (each starts where a strip of columns starts,
    // and a strip's tiles follow each other), and their areas add up to m n.
    let strips = Dictionary(grouping: pieces.tiles, by: \.cols)
    var column = 0
    for cols in strips.keys.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      #expect(cols.lowerBound == column)
      column = cols.upperBound
      var row = 0
      for tile in strips[cols]! {
        #expect(tile.rows.lowerBound == row)
        row = tile.rows.upperBound
      }
      #expect(row == m)
    }
    #expect(column == n)
    // At the kernels' widths; the last columns, when not a multiple of 16, in a wide tile.
    for tile in pieces.tiles {
      #expect(tile.rows.lowerBound % 24 == 0 && tile.cols.lowerBound % 16 == 0)
      if n % 16 != 0 && tile.cols.upperBound == n { #expect(tile.cols.count >= Swift.min(n, 512)) }
    }
  }

  @Test(arguments: shapes)
  func piecesAreOfBoundedWork(_ shape: (Int, Int, Int)) {
    let (m, k, n) = shape
    let pieces = ProductPieces(m: m, k: k, n: n)
    let total = Double(m) * Double(k) * Double(n)
    let works = pieces.tiles.flatMap { tile in pieces.depths.map { ProductPieces.work(tile, $0) } }
    if total <= Double(ProductPieces.single) {
      #expect(pieces.tiles.count == 1 && pieces.depths.count == 1, "a small product is one call")
      return
    }
    // The smallest piece OpenBLAS would compute with another kernel below 10^6.
    let least = Double(Swift.min(m, 24)) * Double(Swift.min(n, 16)) * Double(Swift.min(k, 768))
    #expect(works.min()! >= Swift.min(Double(1 << 21), total / 16), "\(works.min()!)")
    #expect(works.max()! <= Swift.max(4.5 * Double(ProductPieces.work), 4 * least), "\(works.max()!)")
    #expect(works.count >= 4 || total < 4 * Double(1 << 23), "two threads have pieces to share")
  }

  /// The same numbers, bit for bit, as one dgemm call on one thread, with the kernels
  /// Sources/CBLAS chooses; with another kernel, as close as two orders of summation are.
  @Test(arguments: [
    (1000, 2000, 1000), (300, 1700, 1029), (5000, 40, 700), (97, 9000, 33), (2, 3_000_000, 3),
    (700, 3100, 531), (1201, 800, 1500), (30_000, 20, 129), (20, 30_000, 300),
  ])
  func piecesGiveTheProductOfOneCall(_ shape: (Int, Int, Int)) throws {
    let (m, k, n) = shape
    #expect(ProductPieces(m: m, k: k, n: n).tiles.count > 1 || ProductPieces(m: m, k: k, n: n).depths.count > 1)
    var rng = SeededGenerator(seed: UInt64(m * 31 + k * 7 + n))
    let a = Matrix(rows: m, cols: k, storage: (0..<(m * k)).map { _ in rng.uniform(-1, 1) })
    let b = Matrix(rows: k, cols: n, storage: (0..<(k * n)).map { _ in rng.uniform(-1, 1) })
    let pieces = try a.matmulInterruptibly(b)
    let whole = a.matmul(b)
    if ["SkylakeX", "Haswell"].contains(BLAS.kernel) {
      #expect(pieces == whole)
    } else {
      // Each element is a sum of k products of numbers at most 1, each order within k ulps of
      // the sum of their magnitudes (at most k) of the exact sum; two orders, twice that.
      let bound = 2 * Double(k) * Double(k) * Double.ulpOfOne
      #expect(zip(pieces.storage, whole.storage).allSatisfy { abs($0 - $1) <= bound })
    }
  }
}

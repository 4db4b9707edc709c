/// How `Matrix.matmulInterruptibly` cuts a large product C = A B (A is m x k, B is k x n) into
/// pieces of bounded work, so that Ctrl-C is looked for every few milliseconds however large
/// the product and however slow or busy the machine: C is cut into tiles (a range of rows by a
/// range of columns), and the inner dimension into depths; one piece is one tile over one
/// depth, one dgemm call that adds A[rows, depth] B[depth, cols] to C[rows, cols] (the first
/// depth writes it). A piece is about `work` multiply-adds (2^25: about a millisecond at
/// OpenBLAS's 30 GFLOP/s on one core, some tens of ms on a slow core shared with busy
/// processes); none is more than about 4.5 times that, except where one row by 768 of the
/// inner dimension by one column is more (then a piece is at least 24 rows by 16 columns by
/// 768 of the inner dimension, or all of the product's rows, columns or inner dimension when
/// it has fewer).
///
/// The cuts are where OpenBLAS's own blocking puts them, so that the pieces give C bit for
/// bit as one dgemm call on one thread does (tested for the SkylakeX and Haswell kernels):
/// - depths are multiples of 768, the last one the rest (at least 768): dgemm sums the inner
///   dimension in blocks of Q (384 for SkylakeX, 256 for Haswell, both dividing 768) into C,
///   halving the last two blocks when fewer than 2Q are left; other cuts change the rounding;
/// - tiles start at multiples of 24 rows and 16 columns (the kernels' widths) and end there or
///   at the last row or column;
/// - when the columns are not a multiple of 16, the last tiles are at least 512 columns wide:
///   the SkylakeX kernel sums the last n mod 16 columns in another order when a call has
///   fewer than about 200 columns (147 did, 243 did not);
/// - no piece is small (at least 2^21 multiply-adds): below 10^6 OpenBLAS uses other kernels.
struct ProductPieces: Equatable {
  struct Tile: Equatable {
    let rows: Range<Int>
    let cols: Range<Int>
  }

  let tiles: [Tile]
  let depths: [Range<Int>]

  /// The multiply-adds of a piece, about (see above).
  static let work = 1 << 25
  /// Products up to this many multiply-adds are one dgemm call.
  static let single = 1 << 24
  static let depthStep = 768
  static let rowStep = 24
  static let columnStep = 16
  /// A product's last columns, when they are not a multiple of 16, go in tiles this wide.
  static let lastColumns = 512

  /// The multiply-adds of the piece over `tile` and `depth`.
  static func work(_ tile: Tile, _ depth: Range<Int>) -> Double {
    Double(tile.rows.count) * Double(tile.cols.count) * Double(depth.count)
  }

  /// The pieces of an m x k by k x n product; one piece (all of it) up to `single`
  /// multiply-adds. Pieces are smaller for products of fewer than 4 `work`, so that two
  /// threads have pieces to share.
  init(m: Int, k: Int, n: Int) {
    let total = Double(m) * Double(k) * Double(n)
    if total <= Double(ProductPieces.single) || m == 0 || k == 0 || n == 0 {
      tiles = [Tile(rows: 0..<m, cols: 0..<n)]
      depths = [0..<k]
      return
    }
    let target = Swift.min(Double(ProductPieces.work), Swift.max(Double(1 << 23), total / 4))
    // The inner dimension is cut only when a tile of 192 x 192 (or fewer rows or columns when
    // the product has fewer) over all of it is more than the target: pieces thinner than that
    // read A and B for too little work.
    let (r0, c0) = (Double(Swift.min(m, 192)), Double(Swift.min(n, 192)))
    var depth = k
    if r0 * c0 * Double(k) > target {
      let step = ProductPieces.depthStep
      depth = Swift.max(step, Int(target / (r0 * c0)) / step * step)
    }
    depths = ProductPieces.cut(k, every: depth, rounding: false)
    let area = target / Double(depths[0].count)
    let side = area.squareRoot()
    // (first column, columns, rows per tile) of each strip of columns
    var strips: [(cols: Range<Int>, rows: Int)] = []
    if side >= Double(n) {
      strips = [(0..<n, ProductPieces.aligned(area / Double(n), ProductPieces.rowStep, atMost: m))]
    } else {
      let rows = ProductPieces.aligned(side, ProductPieces.rowStep, atMost: m)
      let cols = ProductPieces.aligned(area / Double(rows), ProductPieces.columnStep, atMost: n)
      var cut = ProductPieces.cut(n, every: cols, rounding: true)
      if n % ProductPieces.columnStep != 0, let last = cut.last, last.count < ProductPieces.lastColumns {
        let start = Swift.max(0, (n - ProductPieces.lastColumns) / cols * cols)
        cut = ProductPieces.cut(start, every: cols, rounding: true).filter { !$0.isEmpty } + [start..<n]
      }
      strips = cut.map { c in
        (c, c.count == cols ? rows : ProductPieces.aligned(area / Double(c.count), ProductPieces.rowStep, atMost: m))
      }
    }
    tiles = strips.flatMap { strip in
      ProductPieces.cut(m, every: strip.rows, rounding: true).map { Tile(rows: $0, cols: strip.cols) }
    }
  }

  /// x rounded down to a multiple of `step`, at least `step`, at most `limit`.
  private static func aligned(_ x: Double, _ step: Int, atMost limit: Int) -> Int {
    let steps = x.isFinite ? Int(Swift.min(x, Double(limit))) / step : 0
    return Swift.min(limit, Swift.max(step, steps * step))
  }

  /// 0..<count cut every `size`; the last range takes the rest: from size to 2 size - 1 of
  /// them, or, `rounding`, the number of ranges is count / size rounded, so that the last
  /// holds from half of size to 1.5 size.
  private static func cut(_ count: Int, every size: Int, rounding: Bool) -> [Range<Int>] {
    if count == 0 { return [0..<0] }
    let pieces = Swift.max(1, rounding ? (count + size / 2) / size : count / size)
    return (0..<pieces).map { i in (i * size)..<(i == pieces - 1 ? count : (i + 1) * size) }
  }
}

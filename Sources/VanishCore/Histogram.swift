/// Counts of values in equal bins, as numpy.histogram counts them: `bins` bins from the
/// smallest value to the largest (from v - 0.5 to v + 0.5 when every value is v), each
/// [edge_i, edge_(i+1)) but the last, which holds its right edge too. Values that are NaN or
/// infinite are left out and counted apart.
public struct Histogram: Sendable, Equatable {
  /// bins + 1 edges, ascending.
  public let edges: [Double]
  public let counts: [Int]
  /// Values left out: NaN or infinite.
  public let nonFinite: Int

  public init(_ values: [Double], bins: Int) {
    let finite = values.filter(\.isFinite)
    self.init(values, bins: bins, range: Histogram.range(of: finite))
  }

  /// With the edges spanning `range` (values outside it are left out, as numpy does with range=).
  public init(_ values: [Double], bins: Int, range: ClosedRange<Double>) {
    precondition(bins >= 1, "a histogram needs a bin")
    let (lo, hi) = (range.lowerBound, range.upperBound)
    // numpy.linspace: lo + i * step, the last edge hi exactly.
    let step = (hi - lo) / Double(bins)
    var edges = (0...bins).map { lo + Double($0) * step }
    edges[bins] = hi
    var counts = [Int](repeating: 0, count: bins)
    var nonFinite = 0
    for v in values {
      guard v.isFinite else {
        nonFinite += 1
        continue
      }
      guard v >= lo && v <= hi else { continue }
      // The bin from the arithmetic, corrected against the edges themselves (numpy's way).
      var i = min(max(Int(((v - lo) / (hi - lo) * Double(bins)).rounded(.down)), 0), bins - 1)
      if v < edges[i] { i -= 1 } else if i < bins - 1 && v >= edges[i + 1] { i += 1 }
      counts[i] += 1
    }
    self.edges = edges
    self.counts = counts
    self.nonFinite = nonFinite
  }

  /// [min, max] of the values, or [v - 0.5, v + 0.5] when they are all v ([0, 1] when there are none).
  public static func range(of finite: [Double]) -> ClosedRange<Double> {
    guard var lo = finite.min(), var hi = finite.max() else { return 0...1 }
    if lo == hi {
      lo -= 0.5
      hi += 0.5
    }
    return lo...hi
  }

  public var total: Int { counts.reduce(0, +) }
}

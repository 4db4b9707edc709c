import Foundation

/// How a layer's weights or biases are first drawn.
///
/// Defaults: `nielsen` draws w ~ N(0, 1/n_in) and b ~ N(0, 1) (network2.py's default);
/// `gaussian(mean, std)` draws both from that normal (network.py's "large" initialiser);
/// the others draw weights as named and start biases at 0, unless `bias=` says otherwise.
public enum Initializer: Equatable, Sendable, CustomStringConvertible {
  case nielsen
  case gaussian(mean: Double, std: Double)
  case xavier
  case xavierNormal
  case he
  case constant(Double)
  case orthogonal

  public var description: String {
    switch self {
    case .nielsen: return "nielsen"
    case .gaussian(let m, let s): return "gaussian(\(m), \(s))"
    case .xavier: return "xavier"
    case .xavierNormal: return "xavier_normal"
    case .he: return "he"
    case .constant(let v): return "const(\(v))"
    case .orthogonal: return "orthogonal"
    }
  }

  /// The bias initialiser used when `bias=` is not given.
  public var defaultBias: Initializer {
    switch self {
    case .nielsen: return .gaussian(mean: 0, std: 1)
    case .gaussian: return self
    case .xavier, .xavierNormal, .he, .constant, .orthogonal: return .constant(0)
    }
  }

  /// Draws an out x in weight matrix.
  public func weights(out: Int, in nIn: Int, using rng: inout SeededGenerator) -> Matrix {
    weights(out: out, in: nIn, using: &rng, checking: {})
  }

  /// Draws an out x in weight matrix, calling `check` every 65,536 numbers (and before each
  /// projection of an orthogonal initialisation) and stopping with what it throws: large
  /// layers take seconds to draw (10^8 normals, or Gram-Schmidt's k^2 n for orthogonal), and
  /// `Layer.drawn` stops them on Ctrl-C. Nothing is made before drawing: the numbers are
  /// written where they go, so that a large layer costs no time that Ctrl-C cannot cut, not
  /// even filling 800 MB with zeros first (seconds on a busy machine).
  func weights<E: Error>(
    out: Int, in nIn: Int, using rng: inout SeededGenerator, checking check: () throws(E) -> Void
  ) throws(E) -> Matrix {
    let fanIn = Double(max(nIn, 1))
    let fanSum = Double(max(nIn + out, 1))
    let draw: (inout SeededGenerator) -> Double
    switch self {
    case .nielsen:
      let std = 1 / fanIn.squareRoot()
      draw = { $0.normal() * std }
    case .gaussian(let mean, let std):
      draw = { $0.normal(mean: mean, std: std) }
    case .xavier:
      let limit = (6 / fanSum).squareRoot()
      draw = { $0.uniform(-limit, limit) }
    case .xavierNormal:
      let std = (2 / fanSum).squareRoot()
      draw = { $0.normal() * std }
    case .he:
      let std = (2 / fanIn).squareRoot()
      draw = { $0.normal() * std }
    case .constant(let v):
      draw = { _ in v }
    case .orthogonal:
      return try Initializer.orthogonal(rows: out, cols: nIn, using: &rng, checking: check)
    }
    let count = out * nIn
    let block = 1 << 16
    var failure: E?
    // Stopped, the array keeps only the numbers drawn, and is thrown away.
    let storage = AlignedStorage(unsafeUninitializedCount: count) { buffer, initialized in
      while initialized < count {
        do throws(E) { try check() } catch {
          failure = error
          return
        }
        let end = min(initialized + block, count)
        for i in initialized..<end { (buffer.baseAddress! + i).initialize(to: draw(&rng)) }
        initialized = end
      }
    }
    if let failure { throw failure }
    return Matrix(rows: out, cols: nIn, storage: storage)
  }

  /// Draws a bias vector of length n, as an n x 1 matrix (so nielsen's N(0, 1/1) is N(0, 1)).
  public func biases(count n: Int, using rng: inout SeededGenerator) -> [Double] {
    weights(out: n, in: 1, using: &rng).storage.array
  }

  /// A matrix with orthonormal rows or columns (whichever are fewer): modified Gram-Schmidt
  /// on a Gaussian matrix, as Saxe et al. recommend for deep linear networks.
  static func orthogonal<E: Error>(
    rows: Int, cols: Int, using rng: inout SeededGenerator, checking check: () throws(E) -> Void
  ) throws(E) -> Matrix {
    let tall = rows >= cols
    let n = tall ? rows : cols  // vector length
    let k = tall ? cols : rows  // vectors
    var vectors: [[Double]] = []
    while vectors.count < k {
      try check()
      var v = (0..<n).map { _ in rng.normal() }
      for u in vectors {
        // Before each projection (2n multiply-adds), not only each vector: the last vectors of
        // a 10,000 x 10,000 matrix are 10^4 projections each.
        try check()
        let dot = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
        for i in 0..<n { v[i] -= dot * u[i] }
      }
      let norm = v.euclideanNorm
      if norm > 1e-8 { vectors.append(v.map { $0 / norm }) }
    }
    var m = Matrix(rows: rows, cols: cols)
    for (j, v) in vectors.enumerated() {
      for i in 0..<n {
        if tall { m[i, j] = v[i] } else { m[j, i] = v[i] }
      }
    }
    return m
  }
}

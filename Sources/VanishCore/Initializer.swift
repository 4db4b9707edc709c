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
    var w = Matrix(rows: out, cols: nIn)
    let fanIn = Double(max(nIn, 1))
    let fanSum = Double(max(nIn + out, 1))
    // Large layers take seconds to draw (10^8 normals, or Gram-Schmidt's k^2 n for orthogonal):
    // the loops stop early when Ctrl-C is requested, and the caller, seeing the request
    // (`Layer.drawn`), throws the unfinished matrix away.
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
      return Initializer.orthogonal(rows: out, cols: nIn, using: &rng)
    }
    let block = 1 << 16
    var start = 0
    while start < w.count && !Interrupt.isRequested {
      let end = min(start + block, w.count)
      for i in start..<end { w.storage[i] = draw(&rng) }
      start = end
    }
    return w
  }

  /// Draws a bias vector of length n, as an n x 1 matrix (so nielsen's N(0, 1/1) is N(0, 1)).
  public func biases(count n: Int, using rng: inout SeededGenerator) -> [Double] {
    weights(out: n, in: 1, using: &rng).storage
  }

  /// A matrix with orthonormal rows or columns (whichever are fewer): modified Gram-Schmidt
  /// on a Gaussian matrix, as Saxe et al. recommend for deep linear networks.
  static func orthogonal(rows: Int, cols: Int, using rng: inout SeededGenerator) -> Matrix {
    let tall = rows >= cols
    let n = tall ? rows : cols  // vector length
    let k = tall ? cols : rows  // vectors
    var vectors: [[Double]] = []
    while vectors.count < k && !Interrupt.isRequested {
      var v = (0..<n).map { _ in rng.normal() }
      for u in vectors {
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

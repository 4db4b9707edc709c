import Foundation

/// Gauss-Hermite quadrature: nodes x_i and weights w_i with
///   integral of f(x) e^(-x^2) dx over the real line = sum_i w_i f(x_i),
/// exact for polynomials f of degree below 2n. Golub and Welsch (1969): the nodes are the
/// eigenvalues of the symmetric tridiagonal Jacobi matrix of the Hermite polynomials (zero
/// diagonal, off-diagonal sqrt(k/2), k = 1..n-1), found by the implicit QL method; each is then
/// polished by Newton's method on the orthonormal recurrence
///   p_0 = pi^(-1/4),  p_j(x) = x sqrt(2/j) p_(j-1)(x) - sqrt((j-1)/j) p_(j-2)(x),
/// which starting that close converges at once, and weighted w_i = 2 / p_n'(x_i)^2 with p_n' =
/// sqrt(2n) p_(n-1) (the Christoffel numbers; this keeps the tiny weights of the outer nodes,
/// 1e-174 at n = 200, to full relative precision, which the eigenvectors' first components
/// would not). The recurrence stays finite to n = 300 (p_n near the largest root is about
/// e^(x^2 / 2), x about sqrt(2n)).
///
/// For an expectation over a standard normal z, E[f(z)] = sum_i w_i / sqrt(pi) f(sqrt(2) x_i).
public struct GaussHermite: Sendable {
  /// The nodes, ascending.
  public let nodes: [Double]
  public let weights: [Double]

  public static let maxPoints = 300

  /// The 200-point rule the mean-field expectations use, computed once.
  public static let standard = GaussHermite(points: 200)

  public init(points n: Int) {
    precondition(n >= 1 && n <= GaussHermite.maxPoints, "Gauss-Hermite rules of 1 to 300 points")
    let nd = Double(n)
    let offDiagonal = (0..<n).map { k in k < n - 1 ? (Double(k + 1) / 2).squareRoot() : 0 }
    var x = SymmetricTridiagonal.eigenvalues(diagonal: [Double](repeating: 0, count: n), offDiagonal: offDiagonal).sorted()
    // p_n and p_(n-1) at z.
    func hermite(_ z: Double) -> (Double, Double) {
      var p1 = 0.751_125_544_464_942_5  // pi^(-1/4)
      var p2 = 0.0
      for j in stride(from: 1.0, through: nd, by: 1) {
        let p3 = p2
        p2 = p1
        p1 = z * (2 / j).squareRoot() * p2 - ((j - 1) / j).squareRoot() * p3
      }
      return (p1, p2)
    }
    var w = [Double](repeating: 0, count: n)
    // The upper half (and the middle node), mirrored: the rule is symmetric.
    for i in (n / 2)..<n {
      var z = n % 2 == 1 && i == n / 2 ? 0 : (x[i] - x[n - 1 - i]) / 2
      for _ in 0..<3 where z != 0 {
        let (p, pPrevious) = hermite(z)
        z -= p / ((2 * nd).squareRoot() * pPrevious)
      }
      let (_, pPrevious) = hermite(z)
      let derivative = (2 * nd).squareRoot() * pPrevious
      x[i] = z
      x[n - 1 - i] = -z
      w[i] = 2 / (derivative * derivative)
      w[n - 1 - i] = w[i]
    }
    nodes = x
    weights = w
  }

  /// E[f(z)] for z ~ N(0, 1).
  @inlinable public func expectation(_ f: (Double) -> Double) -> Double {
    var sum = 0.0
    for i in nodes.indices { sum += weights[i] * f(2.0.squareRoot() * nodes[i]) }
    return sum / Double.pi.squareRoot()
  }
}

/// Gauss-Legendre quadrature on [-1, 1]: the roots of the Legendre polynomial P_m by Newton's
/// method from cos(pi (i + 3/4) / (m + 1/2)), weights 2 / ((1 - x^2) P_m'(x)^2).
public struct GaussLegendre: Sendable {
  public let nodes: [Double]
  public let weights: [Double]

  /// The 16-point rule of the graded panels below.
  public static let sixteen = GaussLegendre(points: 16)

  public init(points m: Int) {
    precondition(m >= 1, "a Gauss-Legendre rule needs a point")
    var x = [Double](repeating: 0, count: m)
    var w = [Double](repeating: 0, count: m)
    let md = Double(m)
    for i in 0..<(m + 1) / 2 {
      var z = cos(Double.pi * (Double(i) + 0.75) / (md + 0.5))
      var derivative = 0.0
      for iteration in 0..<100 {
        var p1 = 1.0
        var p2 = 0.0
        for j in stride(from: 1.0, through: md, by: 1) {
          let p3 = p2
          p2 = p1
          p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j
        }
        derivative = md * (z * p1 - p2) / (z * z - 1)
        let step = p1 / derivative
        z -= step
        if abs(step) <= 1e-16 && iteration > 0 { break }
      }
      x[i] = -z
      x[m - 1 - i] = z
      w[i] = 2 / ((1 - z * z) * derivative * derivative)
      w[m - 1 - i] = w[i]
    }
    if m % 2 == 1 { x[m / 2] = 0 }
    nodes = x
    weights = w
  }
}

/// Expectations E[f(s z)] over a standard normal z, s = sqrt(q), by composite Gauss-Legendre
/// on panels graded towards z = 0, each half-line [0, 13] apart (so a kink at 0, relu's or
/// elu's, is a panel boundary). The first panel is pi / (2 s) wide, the distance from z = 0 to
/// tanh(s z)'s nearest pole, and each panel after it at most twice as wide as the one before
/// and at most 1 wide: every panel then sees the nearest singularity at least about its own
/// width away, where 16 points are exact to rounding, whatever q is. Beyond |z| = 13 the normal
/// density is below 2e-37 and the integrands here grow at most like z^2.
///
/// This is what Gauss-Hermite cannot do for large q: its nodes near 0 are about pi / sqrt(2n)
/// apart, too far apart to resolve tanh(s z) once s is large (200 points are exact to 1e-10
/// only for q up to about 2 with tanh).
public enum GradedGaussLegendre {
  public static let halfWidth = 13.0

  /// The panel boundaries on [0, 13] for this q.
  public static func panels(q: Double) -> [Double] {
    let s = q.squareRoot()
    let first = s > 0 ? min(Double.pi / (2 * s), 1) : 1
    var edges = [0.0]
    var width = first
    while edges[edges.count - 1] < halfWidth {
      edges.append(min(edges[edges.count - 1] + width, halfWidth))
      width = min(2 * width, 1)
    }
    return edges
  }

  /// E[f(sqrt(q) z)], z ~ N(0, 1).
  public static func expectation(q: Double, _ f: (Double) -> Double) -> Double {
    let s = q.squareRoot()
    let rule = GaussLegendre.sixteen
    let edges = panels(q: q)
    let density = 1 / (2 * Double.pi).squareRoot()
    var sum = 0.0
    for k in 1..<edges.count {
      let (a, b) = (edges[k - 1], edges[k])
      let half = (b - a) / 2
      let mid = (a + b) / 2
      var panel = 0.0
      for i in rule.nodes.indices {
        let z = mid + half * rule.nodes[i]
        panel += rule.weights[i] * exp(-z * z / 2) * (f(s * z) + f(-s * z))
      }
      sum += half * panel
    }
    return density * sum
  }
}

/// The eigenvalues of a symmetric tridiagonal matrix by the QL method with implicit shifts
/// (Numerical Recipes' tqli, without eigenvectors).
enum SymmetricTridiagonal {
  /// `offDiagonal[i]` joins rows i and i+1; its last entry is ignored.
  static func eigenvalues(diagonal: [Double], offDiagonal: [Double]) -> [Double] {
    var d = diagonal
    var e = offDiagonal
    let n = d.count
    if n > 0 { e[n - 1] = 0 }
    for l in 0..<n {
      var iterations = 0
      while true {
        var m = l
        while m < n - 1 {
          let dd = abs(d[m]) + abs(d[m + 1])
          if abs(e[m]) <= Double.ulpOfOne * dd { break }
          m += 1
        }
        if m == l { break }
        iterations += 1
        if iterations > 60 { break }
        var g = (d[l + 1] - d[l]) / (2 * e[l])
        var r = (g * g + 1).squareRoot()
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? abs(r) : -abs(r)))
        var s = 1.0
        var c = 1.0
        var p = 0.0
        var i = m - 1
        var underflow = false
        while i >= l {
          let f = s * e[i]
          let b = c * e[i]
          r = (f * f + g * g).squareRoot()
          e[i + 1] = r
          if r == 0 {
            d[i + 1] -= p
            e[m] = 0
            underflow = true
            break
          }
          s = f / r
          c = g / r
          g = d[i + 1] - p
          r = (d[i] - g) * s + 2 * c * b
          p = s * r
          d[i + 1] = g + p
          g = c * r - b
          i -= 1
        }
        if underflow { continue }
        d[l] -= p
        e[l] = g
        e[m] = 0
      }
    }
    return d
  }
}

import Foundation

/// Mean-field signal propagation through an infinitely wide random network of one activation
/// g, with weights w ~ N(0, sigma_w^2 / n_in) and biases b ~ N(0, sigma_b^2) (Poole et al. 2016,
/// "Exponential expressivity in deep neural networks through transient chaos"; Schoenholz et al.
/// 2017, "Deep information propagation").
///
/// The variance q of a pre-activation z obeys q[l] = sigma_w^2 E[g(sqrt(q[l-1]) z)^2] + sigma_b^2
/// (z standard normal). From q = 1 it settles at a fixed point q*, and there each layer
/// multiplies ||delta||^2 by chi = sigma_w^2 E[g'(sqrt(q*) z)^2] on the way down (delta[l] =
/// g'(z[l]) (.) w[l+1]^T delta[l+1], and E||w^T d||^2 = sigma_w^2 ||d||^2 for any width), so
/// ||delta[1]|| / ||delta[L]|| = chi^((L-1)/2): chi < 1 is the ordered phase (gradients vanish),
/// chi > 1 the chaotic one (they explode), and over 1 / |ln chi| layers ||delta||^2 changes by a
/// factor e (Schoenholz et al.'s depth scale xi_nabla).
public struct MeanField: Sendable, Equatable {
  public enum Phase: String, Sendable {
    case ordered
    case critical
    case chaotic
  }

  public let activation: Activation
  public let sigmaW: Double
  public let sigmaB: Double
  /// The fixed point q*.
  public let q: Double
  public let chi: Double
  /// Steps of the variance map from q = 1 (at most `maxIterations`).
  public let iterations: Int
  /// Bisection steps after them, when the iteration had not settled (0 when it had).
  public let bisections: Int

  /// |chi - 1| below this is the critical line: 1e-9, far above the rounding of chi (about
  /// 1e-15; relu at sigma_w = sqrt 2 gives chi = 1 + 2e-16) and below any chi one would call
  /// ordered or chaotic.
  public static let criticalTolerance = 1e-9
  /// The largest sigma_w and sigma_b accepted (sigma_w^2 stays far from overflow).
  public static let maxSigma = 1e6
  /// The iteration stops when its error, estimated from the last two steps, is below this
  /// fraction of q.
  public static let tolerance = 1e-15
  /// Steps of the iteration before the fixed point it is heading for is found by bisection.
  public static let maxIterations = 100
  /// q beyond this is growing without bound (an unbounded activation with a large sigma_w).
  static let divergence = 1e100

  public var phase: Phase {
    if abs(chi - 1) < MeanField.criticalTolerance { return .critical }
    return chi < 1 ? .ordered : .chaotic
  }

  /// 1 / |ln chi|: the number of layers over which ||delta||^2 changes by a factor e
  /// (infinite at the critical line, 0 when chi = 0).
  public var depth: Double { 1 / abs(log(chi)) }

  /// The predicted ||delta[1]|| / ||delta[L]|| of an L-layer network: chi^((L-1)/2).
  public func ratio(depth layers: Int) -> Double { pow(chi, Double(layers - 1) / 2) }

  /// The fixed point that the variance map reaches from q = 1 (see `fixedPoint`). Throws when q
  /// grows without bound.
  public init(_ activation: Activation, sigmaW: Double, sigmaB: Double) throws(CoreError) {
    try MeanField.check(activation, sigmaW: sigmaW, sigmaB: sigmaB)
    switch MeanField.fixedPoint(activation, sigmaW: sigmaW, sigmaB: sigmaB) {
    case .converged(let q, let iterations, let bisections):
      self.init(activation: activation, sigmaW: sigmaW, sigmaB: sigmaB, q: q, iterations: iterations, bisections: bisections)
    case .unbounded:
      let limit = MeanField.chiLimit(activation, sigmaW: sigmaW)
      throw .invalidArgument(
        "q grows without bound from q = 1: \(activation.name) with sigma_w = \(Self.number(sigmaW)), sigma_b = \(Self.number(sigmaB)) has no fixed point (chi tends to \(Self.number(limit)) as q grows)"
      )
    }
  }

  init(activation: Activation, sigmaW: Double, sigmaB: Double, q: Double, iterations: Int, bisections: Int) {
    self.activation = activation
    self.sigmaW = sigmaW
    self.sigmaB = sigmaB
    self.q = q
    self.iterations = iterations
    self.bisections = bisections
    chi = sigmaW * sigmaW * MeanField.derivativeSquared(activation, q: q)
  }

  static func check(_ activation: Activation, sigmaW: Double, sigmaB: Double) throws(CoreError) {
    if !activation.isElementwise {
      throw .invalidArgument("softmax is not elementwise: the mean-field theory is of one activation per unit")
    }
    for (name, v) in [("sigma_w", sigmaW), ("sigma_b", sigmaB)] where !(v >= 0 && v <= maxSigma) {
      throw .invalidArgument("\(name) must be a number from 0 to 1e6, not \(number(v))")
    }
  }

  static func number(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "Inf" }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return String(format: "%.6g", v)
  }

  // MARK: The expectations

  /// E[g(sqrt(q) z)^2] and E[g'(sqrt(q) z)^2], z ~ N(0, 1):
  /// - relu, leaky_relu and linear in closed form (relu: q/2 and 1/2; leaky_relu with slope
  ///   a: q (1 + a^2) / 2 and (1 + a^2) / 2; linear: q and 1): their kink at 0 would make
  ///   Gauss-Hermite converge only algebraically;
  /// - sigmoid, tanh and softplus by 200-point Gauss-Hermite while q is small enough for it to
  ///   be exact to rounding (q <= 1 for tanh, whose poles at z = i pi / (2 sqrt q) come closest;
  ///   q <= 4 for sigmoid and softplus, whose singularities are twice as far), beyond that by
  ///   graded Gauss-Legendre (`GradedGaussLegendre`);
  /// - elu always by graded Gauss-Legendre, whose panels meet at its kink z = 0.
  public static func expectations(_ activation: Activation, q: Double) -> (squared: Double, derivativeSquared: Double) {
    (squared(activation, q: q), derivativeSquared(activation, q: q))
  }

  /// E[g(sqrt(q) z)^2] alone (the variance map needs no more).
  public static func squared(_ g: Activation, q: Double) -> Double {
    switch g {
    case .relu: return q / 2
    case .leakyRelu: return q * (1 + Activation.leakySlope * Activation.leakySlope) / 2
    case .linear, .softmax: return q
    case .tanh, .sigmoid, .softplus, .elu:
      return expectation(g, q: q) { let a = g.apply($0); return a * a }
    }
  }

  /// E[g'(sqrt(q) z)^2] alone.
  public static func derivativeSquared(_ g: Activation, q: Double) -> Double {
    switch g {
    case .relu: return 0.5
    case .leakyRelu: return (1 + Activation.leakySlope * Activation.leakySlope) / 2
    case .linear, .softmax: return 1
    case .tanh, .sigmoid, .softplus, .elu:
      return expectation(g, q: q) { let d = g.derivative($0); return d * d }
    }
  }

  /// E[f(sqrt(q) z)] by the rule `expectations` describes for g.
  static func expectation(_ g: Activation, q: Double, _ f: (Double) -> Double) -> Double {
    if q <= gaussHermiteLimit(g) {
      let s = q.squareRoot()
      return GaussHermite.standard.expectation { f(s * $0) }
    }
    return GradedGaussLegendre.expectation(q: q, f)
  }

  /// The largest q at which 200-point Gauss-Hermite is used (see `expectations`).
  public static func gaussHermiteLimit(_ activation: Activation) -> Double {
    switch activation {
    case .tanh: return 1
    case .sigmoid, .softplus: return 4
    default: return -1
    }
  }

  /// Which rule `expectations` uses, for the printout.
  public static func method(_ activation: Activation, q: Double) -> String {
    switch activation {
    case .relu, .leakyRelu, .linear, .softmax: return "closed form"
    default: return q <= gaussHermiteLimit(activation) ? "200-point Gauss-Hermite" : "graded Gauss-Legendre"
    }
  }

  /// sigma_w^2 (g'(+inf)^2 + g'(-inf)^2) / 2: chi as q grows without bound, for the activations
  /// that let it (relu 1/2 sigma_w^2, linear sigma_w^2); the others' chi tends to 0 there.
  public static func chiLimit(_ activation: Activation, sigmaW: Double) -> Double {
    let plus = activation.derivative(1e300)
    let minus = activation.derivative(-1e300)
    return sigmaW * sigmaW * (plus * plus + minus * minus) / 2
  }

  // MARK: The fixed point

  enum FixedPoint {
    case converged(q: Double, iterations: Int, bisections: Int)
    case unbounded
  }

  /// The fixed point of V(q) = sigma_w^2 E[g(sqrt q z)^2] + sigma_b^2 that the iteration q <- V(q)
  /// from q = 1 converges to.
  ///
  /// First the iteration itself, for at most `maxIterations` steps. It stops when its error,
  /// estimated from the ratio r of the last two steps as |step| r / (1 - r) (the tail of a
  /// geometric series), is below `tolerance` q, or when a step is a few ulps of q. When 0 is a
  /// fixed point (sigma_b = 0 and g(0) = 0) and q falls geometrically towards it (a steady ratio,
  /// q below 1e-8), its limit is 0 exactly.
  ///
  /// When it has not settled by then, the rest is bisection: E[g(sqrt q z)^2] rises with q for
  /// every activation here (g^2 averaged over +-u rises with |u|), so V is increasing and the
  /// iteration moves monotonically towards the nearest fixed point on the side it started
  /// moving to. That point is bracketed (by steps of a factor 16 from the last iterate, down to
  /// 1e-300 or up to 1e100) and bisected to 1e-15: the same limit, where the iteration would
  /// take millions of steps (at tanh's sigma_w = 1, sigma_b = 0, q falls like 1 / (2t)). Rising
  /// past 1e100 without a fixed point is `unbounded`; falling past 1e-300 (or to a root below
  /// 1e-15 with 0 a fixed point, which rounding cannot tell from 0) is q = 0.
  static func fixedPoint(_ activation: Activation, sigmaW: Double, sigmaB: Double, maxIterations: Int = maxIterations) -> FixedPoint {
    let w2 = sigmaW * sigmaW
    let b2 = sigmaB * sigmaB
    func map(_ q: Double) -> Double { w2 * squared(activation, q: q) + b2 }
    let zeroIsFixed = map(0) == 0
    var q = 1.0
    var previousStep = Double.nan
    var previousRatio = Double.nan
    for t in 1...maxIterations {
      let next = map(q)
      if !(next <= divergence) { return .unbounded }
      let step = next - q
      if abs(step) <= 4 * max(next, q).ulp || next == 0 { return .converged(q: next, iterations: t, bisections: 0) }
      let r = step / previousStep
      if r.isFinite && abs(r) < 1 {
        let error = r > 0 ? abs(step) * r / (1 - r) : abs(step)
        if error <= tolerance * next { return .converged(q: next, iterations: t, bisections: 0) }
        // Falling towards 0 with a steady ratio: the map is linear there, q = c r^t, and its
        // limit is 0 (a relative tolerance would never be met).
        if zeroIsFixed && r > 0 && step < 0 && next < 1e-8 && abs(r - previousRatio) <= 1e-6 * r {
          return .converged(q: 0, iterations: t, bisections: 0)
        }
      }
      previousRatio = r
      previousStep = step
      q = next
    }
    // Bracket [lo, hi] with V(lo) >= lo and V(hi) < hi around the fixed point ahead.
    var lo = q
    var hi = q
    var bisections = 0
    if previousStep > 0 {
      repeat {
        lo = hi
        hi *= 16
        bisections += 1
        if hi > divergence { return .unbounded }
      } while map(hi) >= hi
    } else {
      repeat {
        hi = lo
        lo /= 16
        bisections += 1
        if lo < 1e-300 { return .converged(q: 0, iterations: maxIterations, bisections: bisections) }
      } while map(lo) < lo
    }
    while hi - lo > 1e-15 * hi {
      let mid = lo + (hi - lo) / 2
      if map(mid) >= mid { lo = mid } else { hi = mid }
      bisections += 1
    }
    let root = lo + (hi - lo) / 2
    return .converged(q: zeroIsFixed && root < 1e-15 ? 0 : root, iterations: maxIterations, bisections: bisections)
  }

  // MARK: The phase diagram

  /// chi at (sigma_w, sigma_b) for a picture: at the fixed point as above, and `chiLimit` where
  /// q grows without bound (chi does not depend on q there for relu, leaky_relu and linear).
  public static func chiForPicture(_ activation: Activation, sigmaW: Double, sigmaB: Double) -> Double {
    switch fixedPoint(activation, sigmaW: sigmaW, sigmaB: sigmaB) {
    case .converged(let q, _, _):
      return sigmaW * sigmaW * derivativeSquared(activation, q: q)
    case .unbounded:
      return chiLimit(activation, sigmaW: sigmaW)
    }
  }

  /// The sigma_w at which chi = 1 for this sigma_b, to `tolerance` in sigma_w; nil when chi
  /// stays below 1 up to sigma_w = 1024. chi rises with sigma_w for every activation here, so
  /// the root is bracketed by doubling from [0, 1] and then found by the Illinois variant of
  /// regula falsi (superlinear, and never leaves the bracket).
  public static func criticalSigmaW(_ activation: Activation, sigmaB: Double, tolerance: Double = 1e-12) -> Double? {
    func f(_ w: Double) -> Double { chiForPicture(activation, sigmaW: w, sigmaB: sigmaB) - 1 }
    var (a, fa) = (0.0, f(0))
    var (b, fb) = (1.0, f(1))
    while fb <= 0 {
      (a, fa) = (b, fb)
      b *= 2
      if b > 1024 { return nil }
      fb = f(b)
    }
    var side = 0
    for _ in 0..<200 where b - a > tolerance * max(1, b) {
      var c = (a * fb - b * fa) / (fb - fa)
      if !(c > a && c < b) { c = a + (b - a) / 2 }
      let fc = f(c)
      if fc > 0 {
        (b, fb) = (c, fc)
        if side == -1 { fa /= 2 }
        side = -1
      } else {
        (a, fa) = (c, fc)
        if side == 1 { fb /= 2 }
        side = 1
      }
      if fc == 0 { return c }
    }
    return a + (b - a) / 2
  }
}

extension Initializer {
  /// As the language writes it: `gaussian(0, 0.5)`, `const(1)`.
  public var languageName: String {
    switch self {
    case .gaussian(let m, let s): return "gaussian(\(MeanField.number(m)), \(MeanField.number(s)))"
    case .constant(let v): return "const(\(MeanField.number(v)))"
    default: return description
    }
  }

  /// sigma_w such that this initialiser's weights have variance sigma_w^2 / n_in, from what
  /// `weights(out:in:)` draws: nielsen N(0, 1/n_in): 1; gaussian(0, s): s sqrt(n_in); he
  /// N(0, 2/n_in): sqrt 2; xavier U(-l, l) with l = sqrt(6 / (n_in + n_out)), variance l^2 / 3
  /// = 2 / (n_in + n_out), and xavier_normal N(0, 2 / (n_in + n_out)): sqrt(2 n_in / (n_in +
  /// n_out)). The theory needs independent zero-mean weights: const, orthogonal and a gaussian
  /// with a mean are errors.
  public func meanFieldSigmaW(inputs: Int, outputs: Int) throws(CoreError) -> Double {
    let fanIn = Double(max(inputs, 1))
    let fanSum = Double(max(inputs + outputs, 1))
    switch self {
    case .nielsen: return 1
    case .gaussian(let mean, let std):
      if mean != 0 { throw .invalidArgument("\(languageName) weights have mean \(MeanField.number(mean)); the mean-field theory needs zero-mean weights") }
      return std * fanIn.squareRoot()
    case .he: return 2.0.squareRoot()
    case .xavier, .xavierNormal: return (2 * fanIn / fanSum).squareRoot()
    case .constant:
      throw .invalidArgument("\(languageName) weights are not random; the mean-field theory is of weights drawn independently with mean 0")
    case .orthogonal:
      throw .invalidArgument("orthogonal weights are not independent; the mean-field theory is of weights drawn independently with mean 0")
    }
  }

  /// sigma_b of biases drawn by this initialiser for a layer of n units (`biases(count:)` draws
  /// an n x 1 matrix, so fan-in 1): nielsen N(0, 1): 1; gaussian(0, s): s; he: sqrt 2; xavier and
  /// xavier_normal: sqrt(2 / (n + 1)); const(0): 0. Other constants, orthogonal and a gaussian
  /// with a mean are errors.
  public func meanFieldSigmaB(units n: Int) throws(CoreError) -> Double {
    switch self {
    case .constant(0): return 0
    case .constant:
      throw .invalidArgument("\(languageName) biases are not 0; the mean-field theory is of biases drawn with mean 0 (or all 0)")
    case .orthogonal:
      throw .invalidArgument("orthogonal biases are not independent; the mean-field theory is of biases drawn independently with mean 0")
    case .gaussian(let mean, _) where mean != 0:
      throw .invalidArgument("\(languageName) biases have mean \(MeanField.number(mean)); the mean-field theory needs zero-mean biases")
    default:
      return try meanFieldSigmaW(inputs: 1, outputs: n)
    }
  }
}

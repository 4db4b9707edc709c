import Foundation
import Testing
@testable import VanishCore

/// The mean-field theory against independent computations in Python: numpy's Gauss-Hermite
/// rule (numpy.polynomial.hermite.hermgauss) and mpmath's quadrature and root finder at 20
/// digits. The Python runs once per test process.
@Suite struct MeanFieldTests {
  /// What the Python script prints, by key.
  struct Reference {
    var hermgauss: (nodes: [Double], weights: [Double])
    /// "act q" -> (E[g(sqrt q z)^2], E[g'(sqrt q z)^2])
    var expectations: [String: (Double, Double)]
    /// tanh, sigma_w = 1.5, sigma_b = 0.05: q* and chi by numpy's 200-point rule, and by mpmath.
    var numpyQ: Double
    var numpyChi: Double
    var mpmathQ: Double
    var mpmathChi: Double
    /// The sigma_w with chi = 1 for tanh at sigma_b = 0.3, by mpmath.findroot.
    var critical: Double
  }

  static let qs: [Double] = [0.01, 0.5, 1, 2, 4, 9, 100, 785, 1e4]

  static let script = """
    import numpy as np, mpmath as mp
    mp.mp.dps = 20
    x, w = np.polynomial.hermite.hermgauss(200)
    print('nodes', ' '.join(repr(float(v)) for v in x))
    print('weights', ' '.join(repr(float(v)) for v in w))
    def sig(u): return 1 / (1 + mp.exp(-u))
    acts = {
      'tanh': (mp.tanh, lambda u: mp.sech(u) ** 2),
      'sigmoid': (sig, lambda u: sig(u) * sig(-u)),
      'softplus': (lambda u: mp.log1p(mp.exp(u)) if u < 0 else u + mp.log1p(mp.exp(-u)), sig),
      'elu': (lambda u: u if u > 0 else mp.expm1(u), lambda u: mp.mpf(1) if u > 0 else mp.exp(u)),
    }
    def E(f, q):
      s = mp.sqrt(q)
      pts = sorted(set([0] + [k / s for k in (1, 4, 16)] + [2, 8]))
      pts = [p for p in pts if p < 40]
      b = [-mp.inf] + [-p for p in reversed(pts) if p > 0] + pts + [mp.inf]
      return mp.quad(lambda z: f(s * z) * mp.exp(-z * z / 2), b) / mp.sqrt(2 * mp.pi)
    for name, (g, d) in acts.items():
      for q in [QS]:
        q = mp.mpf(q)
        print('E', name, repr(float(q)), repr(float(E(lambda u: g(u) ** 2, q))), repr(float(E(lambda u: d(u) ** 2, q))))
    # numpy: the fixed point of q = sw^2 E[tanh(sqrt(q) z)^2] + sb^2 by iteration from q = 1
    sw, sb = 1.5, 0.05
    En = lambda f: float(np.sum(w * f(np.sqrt(2) * x)) / np.sqrt(np.pi))
    q = 1.0
    for _ in range(10000):
      q = sw**2 * En(lambda z: np.tanh(np.sqrt(q) * z) ** 2) + sb**2
    chi = sw**2 * En(lambda z: 1 / np.cosh(np.sqrt(q) * z) ** 4)
    print('numpy', repr(q), repr(chi))
    def fixed(sw, sb):
      return mp.findroot(lambda q: sw**2 * E(lambda u: mp.tanh(u) ** 2, q) + sb**2 - q, 1.0)
    def chi(sw, sb):
      q = fixed(sw, sb)
      return q, sw**2 * E(lambda u: mp.sech(u) ** 4, q)
    q, c = chi(mp.mpf(1.5), mp.mpf(0.05))
    print('mpmath', repr(float(q)), repr(float(c)))
    # chi = 1 at the fixed point: q and sigma_w together, from (0.8, 1.4).
    sb = mp.mpf(0.3)
    crit = mp.findroot([lambda q, s: s**2 * E(lambda u: mp.tanh(u) ** 2, q) + sb**2 - q,
                        lambda q, s: s**2 * E(lambda u: mp.sech(u) ** 4, q) - 1], (0.8, 1.4))
    print('critical', repr(float(crit[1])))
    """

  static let reference: Reference? = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script.replacingOccurrences(of: "[QS]", with: "[" + qs.map { "\($0)" }.joined(separator: ", ") + "]")]
    let output = Pipe()
    process.standardOutput = output
    guard (try? process.run()) != nil else { return nil }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    var r = Reference(hermgauss: ([], []), expectations: [:], numpyQ: .nan, numpyChi: .nan, mpmathQ: .nan, mpmathChi: .nan, critical: .nan)
    for line in text.split(separator: "\n") {
      let words = line.split(separator: " ").map(String.init)
      let numbers = words.compactMap(Double.init)
      switch words[0] {
      case "nodes": r.hermgauss.nodes = numbers
      case "weights": r.hermgauss.weights = numbers
      case "E": r.expectations["\(words[1]) \(numbers[0])"] = (numbers[1], numbers[2])
      case "numpy": (r.numpyQ, r.numpyChi) = (numbers[0], numbers[1])
      case "mpmath": (r.mpmathQ, r.mpmathChi) = (numbers[0], numbers[1])
      case "critical": r.critical = numbers[0]
      default: break
      }
    }
    return r
  }()

  static func requireReference() throws -> Reference {
    try #require(reference, "python3 with numpy and mpmath is needed (scripts/setup installs them)")
  }

  @Test func gaussHermiteNodesAndWeightsAreNumpys() throws {
    let want = try Self.requireReference().hermgauss
    let rule = GaussHermite.standard
    #expect(want.nodes.count == 200 && rule.nodes.count == 200)
    for i in rule.nodes.indices {
      #expect(abs(rule.nodes[i] - want.nodes[i]) <= 1e-13 * max(1, abs(want.nodes[i])), "node \(i): \(rule.nodes[i]) vs \(want.nodes[i])")
      #expect(abs(rule.weights[i] - want.weights[i]) <= 1e-11 * want.weights[i], "weight \(i): \(rule.weights[i]) vs \(want.weights[i])")
    }
  }

  @Test func gaussHermiteIntegratesTheNormalMomentsExactly() {
    // E[z^(2k)] = (2k - 1)!! for z ~ N(0, 1), exact for 2k < 400; checked to k = 20.
    var doubleFactorial = 1.0
    for k in 1...20 {
      doubleFactorial *= Double(2 * k - 1)
      let got = GaussHermite.standard.expectation { pow($0, Double(2 * k)) }
      #expect(abs(got - doubleFactorial) <= 1e-13 * doubleFactorial, "E[z^\(2 * k)] = \(got), not \(doubleFactorial)")
    }
    #expect(abs(GaussHermite.standard.weights.reduce(0, +) - Double.pi.squareRoot()) <= 1e-15)
    let odd = GaussHermite(points: 7)
    #expect(odd.nodes[3] == 0 && abs(odd.expectation { $0 * $0 } - 1) <= 1e-15)
  }

  @Test func gaussLegendreIsExactForPolynomials() {
    let rule = GaussLegendre.sixteen
    for k in 0...31 {
      let got = zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * pow($1.0, Double(k)) }
      let want = k % 2 == 1 ? 0 : 2 / Double(k + 1)
      #expect(abs(got - want) <= 1e-15, "integral of x^\(k): \(got)")
    }
  }

  /// Both E[g^2] and E[g'^2] at q from 0.01 to 10^4, whichever rule `expectations` picks, and
  /// the graded Gauss-Legendre rule everywhere.
  @Test(arguments: [Activation.tanh, .sigmoid, .softplus, .elu])
  func expectationsAreMpmaths(_ g: Activation) throws {
    let reference = try Self.requireReference()
    for q in Self.qs {
      let want = try #require(reference.expectations["\(g.name) \(q)"])
      let got = MeanField.expectations(g, q: q)
      let graded = (
        GradedGaussLegendre.expectation(q: q) { g.apply($0) * g.apply($0) },
        GradedGaussLegendre.expectation(q: q) { g.derivative($0) * g.derivative($0) }
      )
      for (name, a, b) in [("E[g^2]", got.squared, want.0), ("E[g'^2]", got.derivativeSquared, want.1), ("graded E[g^2]", graded.0, want.0), ("graded E[g'^2]", graded.1, want.1)] {
        #expect(abs(a - b) <= 1e-13 * abs(b), "\(g.name) q = \(q) \(name): \(a) vs mpmath \(b) (\(MeanField.method(g, q: q)))")
      }
    }
  }

  @Test func closedFormsAreTheIntegrals() {
    for q in [0.01, 1, 7.5, 1e4] {
      let relu = GradedGaussLegendre.expectation(q: q) { $0 > 0 ? $0 * $0 : 0 }
      #expect(abs(MeanField.expectations(.relu, q: q).squared - relu) <= 1e-14 * relu)
      let leaky = GradedGaussLegendre.expectation(q: q) { let a = Activation.leakyRelu.apply($0); return a * a }
      #expect(abs(MeanField.expectations(.leakyRelu, q: q).squared - leaky) <= 1e-14 * leaky)
      #expect(MeanField.expectations(.relu, q: q).derivativeSquared == 0.5)
      #expect(MeanField.expectations(.linear, q: q) == (q, 1))
    }
  }

  /// The headline numbers: q* and chi of tanh at sigma_w = 1.5, sigma_b = 0.05 against numpy's
  /// Gauss-Hermite iteration and against mpmath, to 1e-10.
  @Test func tanhFixedPointAndChiAreThePythonReferences() throws {
    let r = try Self.requireReference()
    let m = try MeanField(.tanh, sigmaW: 1.5, sigmaB: 0.05)
    for (name, got, want) in [("q numpy", m.q, r.numpyQ), ("q mpmath", m.q, r.mpmathQ), ("chi numpy", m.chi, r.numpyChi), ("chi mpmath", m.chi, r.mpmathChi)] {
      #expect(abs(got - want) <= 1e-10, "\(name): \(got) vs \(want), error \(abs(got - want))")
      print("meanfield(tanh, 1.5, 0.05) \(name): vanish \(got), reference \(want), error \(abs(got - want))")
    }
    #expect(m.phase == .chaotic && m.chi > 1)
    #expect(abs(m.depth - 1 / log(m.chi)) <= 1e-15 * m.depth)
    #expect(abs(m.ratio(depth: 10) - pow(m.chi, 4.5)) <= 1e-15 * m.ratio(depth: 10))
  }

  /// Bisection on chi(sigma_w) - 1 here, through `MeanField` itself, to 1e-14; and the core's
  /// own search that draws the critical line.
  @Test func criticalSigmaWOfTanhIsMpmaths() throws {
    let want = try Self.requireReference().critical
    var (lo, hi) = (1.0, 2.0)
    #expect(try MeanField(.tanh, sigmaW: lo, sigmaB: 0.3).phase == .ordered)
    #expect(try MeanField(.tanh, sigmaW: hi, sigmaB: 0.3).phase == .chaotic)
    while hi - lo > 1e-14 {
      let mid = (lo + hi) / 2
      if try MeanField(.tanh, sigmaW: mid, sigmaB: 0.3).chi > 1 { hi = mid } else { lo = mid }
    }
    let bisected = (lo + hi) / 2
    print("critical sigma_w of tanh at sigma_b = 0.3: bisection \(bisected), mpmath \(want), error \(abs(bisected - want))")
    #expect(abs(bisected - want) <= 1e-9)
    let line = try #require(MeanField.criticalSigmaW(.tanh, sigmaB: 0.3))
    #expect(abs(line - want) <= 1e-9, "criticalSigmaW: \(line)")
    #expect(try MeanField(.tanh, sigmaW: bisected, sigmaB: 0.3).phase == .critical)
  }

  @Test func reluAtSqrt2IsCritical() throws {
    let m = try MeanField(.relu, sigmaW: 2.0.squareRoot(), sigmaB: 0)
    #expect(m.phase == .critical && abs(m.chi - 1) < 1e-15 && abs(m.q - 1) < 1e-15)
    #expect(m.depth > 1e14)
    // Either side: chi = sigma_w^2 / 2, q* = sigma_b^2 / (1 - sigma_w^2 / 2) below sqrt 2.
    let below = try MeanField(.relu, sigmaW: 1.2, sigmaB: 0.5)
    #expect(below.phase == .ordered && abs(below.chi - 0.72) < 1e-15 && abs(below.q - 0.25 / 0.28) <= 1e-12)
    #expect(throws: CoreError.self) { try MeanField(.relu, sigmaW: 1.5, sigmaB: 0.1) }
    // Falling geometrically to q = 0 (0 is a fixed point at sigma_b = 0): q* = 0.
    let zero = try MeanField(.relu, sigmaW: 1, sigmaB: 0)
    #expect(zero.q == 0 && zero.chi == 0.5)
    let tanhZero = try MeanField(.tanh, sigmaW: 0.8, sigmaB: 0)
    #expect(tanhZero.q == 0 && abs(tanhZero.chi - 0.64) < 1e-15 && tanhZero.phase == .ordered)
  }

  @Test func theIterationReportsWhatGoesWrong() {
    #expect(throws: CoreError.invalidArgument(
      "q grows without bound from q = 1: relu with sigma_w = 1.5, sigma_b = 0.1 has no fixed point (chi tends to 1.125 as q grows)"
    )) { try MeanField(.relu, sigmaW: 1.5, sigmaB: 0.1) }
    // linear at sigma_w = 1: q grows by sigma_b^2 a step, forever (found by bracketing, not
    // by running out of steps).
    #expect(throws: CoreError.self) { try MeanField(.linear, sigmaW: 1, sigmaB: 0.5) }
    #expect(throws: CoreError.invalidArgument("sigma_w must be a number from 0 to 1e6, not -1")) {
      try MeanField(.tanh, sigmaW: -1, sigmaB: 0)
    }
    #expect(throws: CoreError.self) { try MeanField(.softmax, sigmaW: 1, sigmaB: 0) }
  }

  /// Where the iteration would take millions of steps, bracketing and bisection find its limit.
  @Test func slowIterationsEndAtTheirLimit() throws {
    // tanh at sigma_w = 1, sigma_b = 0 (xavier on square layers with zero biases): q falls like
    // 1 / (2t) to 0, and chi = 1.
    let critical = try MeanField(.tanh, sigmaW: 1, sigmaB: 0)
    #expect(critical.q == 0 && critical.chi == 1 && critical.phase == .critical && critical.bisections > 0)
    // Just above it q* = (sigma_w^2 - 1) / (2 sigma_w^2) to first order, and just below it 0.
    let above = try MeanField(.tanh, sigmaW: 1.0001, sigmaB: 0)
    #expect(above.bisections > 0 && abs(above.q - 1e-4) < 1e-6)
    let map = 1.0001 * 1.0001 * MeanField.squared(.tanh, q: above.q)
    #expect(abs(map - above.q) <= 1e-14 * above.q)
    #expect(try MeanField(.tanh, sigmaW: 0.9999, sigmaB: 0).q == 0)
    // Quick cases never bisect.
    #expect(try MeanField(.tanh, sigmaW: 1.5, sigmaB: 0.05).bisections == 0)
  }

  @Test func largeSigmasAreExactToo() throws {
    // network.py's N(0, 1) weights on 784 inputs: sigma_w = 28, deep in the chaotic phase.
    let m = try MeanField(.tanh, sigmaW: 28, sigmaB: 1)
    #expect(m.phase == .chaotic && m.q > 700 && m.q < 785)
    let check = 28.0 * 28 * MeanField.squared(.tanh, q: m.q) + 1
    #expect(abs(check - m.q) <= 1e-12 * m.q)
  }

  @Test func initialisersGiveTheirSigmas() throws {
    #expect(try Initializer.nielsen.meanFieldSigmaW(inputs: 784, outputs: 30) == 1)
    #expect(try Initializer.nielsen.defaultBias.meanFieldSigmaB(units: 30) == 1)
    #expect(try Initializer.gaussian(mean: 0, std: 0.1).meanFieldSigmaW(inputs: 100, outputs: 7) == 1)
    #expect(try Initializer.he.meanFieldSigmaW(inputs: 9, outputs: 3) == 2.0.squareRoot())
    #expect(try Initializer.he.defaultBias.meanFieldSigmaB(units: 3) == 0)
    #expect(try Initializer.xavier.meanFieldSigmaW(inputs: 30, outputs: 10) == 1.5.squareRoot())
    #expect(try Initializer.xavierNormal.meanFieldSigmaW(inputs: 16, outputs: 16) == 1)
    #expect(try Initializer.xavier.meanFieldSigmaB(units: 15) == 0.125.squareRoot())
    #expect(throws: CoreError.self) { try Initializer.constant(1).meanFieldSigmaW(inputs: 2, outputs: 2) }
    #expect(throws: CoreError.self) { try Initializer.orthogonal.meanFieldSigmaW(inputs: 2, outputs: 2) }
    #expect(throws: CoreError.self) { try Initializer.gaussian(mean: 1, std: 1).meanFieldSigmaW(inputs: 2, outputs: 2) }
    #expect(throws: CoreError.self) { try Initializer.constant(0.5).meanFieldSigmaB(units: 2) }
  }

  /// The variances the sigmas stand for, measured: 200,000 weights of each initialiser.
  @Test func theSigmasMatchWhatIsDrawn() throws {
    var rng = SeededGenerator(seed: 5)
    for (i, nIn, nOut) in [(Initializer.xavier, 400, 100), (.xavierNormal, 400, 100), (.he, 500, 400), (.gaussian(mean: 0, std: 0.3), 500, 400)] {
      let w = i.weights(out: nOut, in: nIn, using: &rng).storage
      let variance = w.reduce(0) { $0 + $1 * $1 } / Double(w.count)
      let sigma = try i.meanFieldSigmaW(inputs: nIn, outputs: nOut)
      let want = sigma * sigma / Double(nIn)
      #expect(abs(variance - want) <= 0.02 * want, "\(i): variance \(variance), sigma_w^2 / n_in \(want)")
    }
  }
}

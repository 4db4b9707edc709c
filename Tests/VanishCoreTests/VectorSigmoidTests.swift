import CSigmoid
import Foundation
import Testing
@testable import VanishCore

/// The batches' sigmoid (Sources/CSigmoid): its exponential and the sigmoid against mpmath, and
/// every loop this CPU can run (AVX-512, AVX2 with FMA, one value at a time) giving the same bits.
@Suite struct VectorSigmoidTests {
  /// Points over the whole range: ordinary, saturated, where e^x becomes subnormal (x < -708.4)
  /// and where it rounds to 0 (x < -745.13).
  static let points: [Double] = {
    var x: [Double] = [0, -1e-300, -1e-16, -0.1, -0.5, -0.34657359027997264, -1, -30, -37, -100, -700, -708.39, -708.4, -709, -720, -740, -745, -745.13, -745.14, -800]
    var rng = SeededGenerator(seed: 15)
    for _ in 0..<300 { x.append(-Double.random(in: 0..<746, using: &rng)) }
    for _ in 0..<300 { x.append(-Double.random(in: 0..<2, using: &rng)) }
    for _ in 0..<200 { x.append(-Foundation.exp(Double.random(in: -40..<6.6, using: &rng))) }
    for _ in 0..<200 { x.append(-Double.random(in: 700..<746, using: &rng)) }
    return x
  }()

  /// e^x and 1/(1 + e^-z) from mpmath at 60 digits, each as Python's repr of the nearest Double.
  static func reference(_ x: [Double], _ z: [Double]) throws -> (exp: [Double], sigmoid: [Double]) {
    let script = """
      import sys, mpmath
      mpmath.mp.dps = 60
      xs, zs = sys.stdin.read().split('|')
      print(' '.join(repr(float(mpmath.exp(mpmath.mpf(float(t))))) for t in xs.split()))
      print(' '.join(repr(float(1 / (1 + mpmath.exp(-mpmath.mpf(float(t)))))) for t in zs.split()))
      """
    let text = x.map { "\($0)" }.joined(separator: " ") + "|" + z.map { "\($0)" }.joined(separator: " ")
    let (status, output) = try Python.run(script, input: text)
    let lines = output.split(separator: "\n")
    try #require(status == 0 && lines.count == 2, "python3 with mpmath is needed (scripts/setup installs it)")
    return (lines[0].split(separator: " ").map { Double(String($0))! }, lines[1].split(separator: " ").map { Double(String($0))! })
  }

  /// |got - want| in units of the last place of want (of the smallest subnormal below the normals).
  static func ulps(_ got: Double, _ want: Double) -> Double {
    if got == want { return 0 }
    return Swift.abs(got - want) / want.ulp  // a subnormal's ulp is the smallest subnormal
  }

  static func run(_ name: String, exponential: Bool, _ x: [Double]) -> [Double]? {
    var y = [Double](repeating: .nan, count: x.count)
    let ran = y.withUnsafeMutableBufferPointer { vanish_sigmoid_using(name, exponential, x, $0.baseAddress!, x.count) }
    return ran ? y : nil
  }

  @Test func exponentialAndSigmoidAgreeWithMpmath() throws {
    let x = Self.points
    // The sigmoid at both signs, through the batches' own entry (Activation.apply on a buffer).
    let z = x + x.map { -$0 }
    let want = try Self.reference(x, z)
    var e = [Double](repeating: .nan, count: x.count)
    e.withUnsafeMutableBufferPointer { vanish_exp_nonpositive(x, $0.baseAddress!, x.count) }
    var worst = 0.0
    for i in x.indices {
      let u = Self.ulps(e[i], want.exp[i])
      worst = Swift.max(worst, u)
      #expect(u <= 1, "e^\(x[i]) = \(e[i]), not \(want.exp[i]) (\(u) ulp)")
    }
    // The loops measure under an ulp (0.84 at most over 200,000 points); glibc's is within 0.51.
    #expect(worst > 0)
    var a = [Double](repeating: .nan, count: z.count)
    a.withUnsafeMutableBufferPointer { Activation.sigmoid.apply(z, into: $0.baseAddress!, count: z.count) }
    for i in z.indices {
      // The formula's own roundings (1 + e and the division) give up to 2.2 ulp, as with glibc's exp.
      #expect(Self.ulps(a[i], want.sigmoid[i]) <= 2.5, "sigmoid(\(z[i])) = \(a[i]), not \(want.sigmoid[i])")
      // and they agree with the one-value sigmoid (glibc's exp) to those ulps.
      #expect(Self.ulps(a[i], Activation.sigmoid(z[i])) <= 3, "sigmoid(\(z[i])): \(a[i]) against \(Activation.sigmoid(z[i]))")
    }
    #expect(a[0] == 0.5)
    #expect(e[0] == 1)
  }

  @Test func specialValues() throws {
    let z: [Double] = [.infinity, -.infinity, .nan, 0, -0.0, 800, -800, -740, 37, -37]
    var a = [Double](repeating: 7, count: z.count)
    a.withUnsafeMutableBufferPointer { vanish_sigmoid(z, $0.baseAddress!, z.count) }
    #expect(a[0] == 1)
    #expect(a[1] == 0)
    #expect(a[2].isNaN)
    #expect(a[3] == 0.5 && a[4] == 0.5)
    #expect(a[5] == 1 && a[6] == 0)
    #expect(a[7].isSubnormal && Self.ulps(a[7], Foundation.exp(-740)) <= 1)
    #expect(a[8] == 1 / (1 + Foundation.exp(-37)))  // 1: 1 + e^-37 rounds to 1
    #expect(Self.ulps(a[9], Foundation.exp(-37) / (1 + Foundation.exp(-37))) <= 2)
    let x: [Double] = [-.infinity, .nan, -745.14, -745.13]
    var e = [Double](repeating: 7, count: x.count)
    e.withUnsafeMutableBufferPointer { vanish_exp_nonpositive(x, $0.baseAddress!, x.count) }
    #expect(e[0] == 0)
    #expect(e[1].isNaN)
    #expect(e[2] == 0)
    #expect(e[3].bitPattern == 1)  // the smallest subnormal
  }

  /// Every loop the CPU can run gives the same bits, over a million values from every part of
  /// the range and random bit patterns (NaNs, infinities and subnormals among them), at lengths
  /// that leave every remainder of a vector. The scalar loop runs everywhere.
  @Test func everyLoopGivesTheSameBits() throws {
    var rng = SeededGenerator(seed: 16)
    var z = [Double]()
    for i in 0..<1_000_003 {
      switch i % 4 {
      case 0: z.append(Double.random(in: -20..<20, using: &rng))
      case 1: z.append(Double.random(in: -800..<800, using: &rng))
      case 2: z.append(Double(bitPattern: rng.next()))
      default: z.append(Double.random(in: -1..<1, using: &rng))
      }
    }
    let nonpositive = z.map { -Swift.abs($0) }
    let scalarSigmoid = try #require(Self.run("scalar", exponential: false, z))
    let scalarExp = try #require(Self.run("scalar", exponential: true, nonpositive))
    let same = { (a: [Double], b: [Double]) in zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) } }
    var ran = ["scalar"]
    for name in ["avx2+fma", "avx512f"] {
      guard let s = Self.run(name, exponential: false, z), let e = Self.run(name, exponential: true, nonpositive) else { continue }
      ran.append(name)
      #expect(same(s, scalarSigmoid), "\(name)'s sigmoid")
      #expect(same(e, scalarExp), "\(name)'s exponential")
      for n in 0..<20 {
        let short = Array(z[..<n])
        #expect(same(try #require(Self.run(name, exponential: false, short)), Array(scalarSigmoid[..<n])), "\(name), \(n) values")
      }
    }
    #expect(ran.contains(String(cString: vanish_sigmoid_kernel())))
  }
}

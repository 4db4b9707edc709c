import Foundation
import Testing
@testable import VanishCore

/// Every activation's derivative against mpmath at 60 digits, for |z| up to 700: where the
/// gradient vanishes is where this tool is used, so g' must keep its digits in saturation.
/// Checked in the three places g' is computed: `derivative(z)` (d(), grad, explain), the
/// fast paths' `derivative(z:a:)` (one-neuron chains) and `multiplyDerivative` (batches).
@Suite struct ActivationAccuracyTests {
  static let points: [Double] = {
    var z: [Double] = [
      0, 1e-300, 1e-12, 1e-8, 0.001, 0.1, 0.5, 1, 2, 3, 4.1, 4.2, 5, 7.5, 10, 15, 19.1, 20, 25,
      30, 36.9, 37, 40, 50, 100, 200, 300, 354, 400, 600, 700,
    ]
    var rng = SeededGenerator(seed: 14)
    for _ in 0..<40 { z.append(Double.random(in: 0..<700, using: &rng)) }
    for _ in 0..<40 { z.append(Double.random(in: 0..<8, using: &rng)) }
    return z + z.map { -$0 }
  }()

  /// g'(z) for each activation at each point, from mpmath (60 digits), as Python's repr of the
  /// nearest Double.
  static func reference() throws -> [String: [Double]] {
    let script = """
      import sys, mpmath
      mpmath.mp.dps = 60
      zs = [mpmath.mpf(float(t)) for t in sys.stdin.read().split()]
      def sig(z): return 1 / (1 + mpmath.exp(-z))
      d = {
        'sigmoid': lambda z: sig(z) * sig(-z),
        'tanh': lambda z: mpmath.sech(z) ** 2,
        'softplus': lambda z: sig(z),
        'elu': lambda z: mpmath.mpf(1) if z > 0 else mpmath.exp(z),
      }
      for name, f in d.items():
        print(name, ' '.join(repr(float(f(z))) for z in zs))
      """
    let (status, text) = try Python.run(script, input: points.map { "\($0)" }.joined(separator: " "))
    try #require(status == 0, "python3 with mpmath is needed (scripts/setup installs it)")
    var table: [String: [Double]] = [:]
    for line in text.split(separator: "\n") {
      let words = line.split(separator: " ")
      table[String(words[0])] = words.dropFirst().map { Double(String($0))! }
    }
    return table
  }

  /// Relative error, where the true value is a normal Double; below that (sech^2 of 354 or
  /// more underflows) the absolute error, against the smallest normal Double.
  static func error(_ got: Double, _ want: Double) -> Double {
    if Swift.abs(want) < Double.leastNormalMagnitude {
      return Swift.abs(got - want) / Double.leastNormalMagnitude
    }
    return Swift.abs(got - want) / Swift.abs(want)
  }

  @Test(arguments: [Activation.sigmoid, .tanh, .softplus, .elu])
  func derivativeIsExactToTheLastDigits(_ g: Activation) throws {
    let want = try #require(try Self.reference()[g.name])
    let z = Self.points
    let a = z.map(g.apply)
    var batch = [Double](repeating: 1, count: z.count)
    batch.withUnsafeMutableBufferPointer { d in
      g.multiplyDerivative(d.baseAddress!, z: z, a: a, count: z.count)
    }
    for i in z.indices {
      #expect(Self.error(g.derivative(z[i]), want[i]) <= 1e-13, "\(g.name)'(\(z[i])) = \(g.derivative(z[i])), not \(want[i])")
      #expect(Self.error(g.derivative(z: z[i], a: a[i]), want[i]) <= 1e-13, "fast path \(g.name)'(\(z[i]))")
      #expect(Self.error(batch[i], want[i]) <= 1e-13, "batch \(g.name)'(\(z[i])) = \(batch[i]), not \(want[i])")
    }
  }

  /// The values the issue quotes, as a user would see them from d().
  @Test func saturatedSlopesAreNotZero() {
    #expect(Self.error(Activation.sigmoid.derivative(30), 9.357622968838423e-14) < 1e-14)
    #expect(Activation.sigmoid.derivative(37) > 8.5e-17)
    #expect(Self.error(Activation.sigmoid.derivative(100), 3.720075976020836e-44) < 1e-14)
    #expect(Self.error(Activation.tanh.derivative(20), 1.6993417021166355e-17) < 1e-14)
  }
}

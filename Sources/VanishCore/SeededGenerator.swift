import Foundation

/// The seeded random generator behind `seed(n)`, identical on every platform.
///
/// Algorithm (documented so other implementations can reproduce it):
/// - state: xoshiro256** (Blackman & Vigna, 2018), its four 64-bit words filled by
///   SplitMix64 from the seed;
/// - uniform doubles in [0, 1): the top 53 bits of the next output times 2^-53;
/// - normals: Marsaglia's polar method (pairs u, v uniform in (-1, 1) with s = u^2 + v^2 in
///   (0, 1), then u * sqrt(-2 ln s / s) and v * sqrt(-2 ln s / s), the second one cached).
///   It uses only +, *, /, sqrt (exactly rounded by IEEE 754) and log.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var s: (UInt64, UInt64, UInt64, UInt64)
  private var cachedNormal: Double?

  public init(seed: UInt64) {
    var sm = seed
    func splitmix() -> UInt64 {
      sm &+= 0x9E37_79B9_7F4A_7C15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s = (splitmix(), splitmix(), splitmix(), splitmix())
    cachedNormal = nil
  }

  @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  public mutating func next() -> UInt64 {
    let result = SeededGenerator.rotl(s.1 &* 5, 7) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = SeededGenerator.rotl(s.3, 45)
    return result
  }

  /// Uniform in [0, 1).
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform in [low, high).
  public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * uniform()
  }

  /// Standard normal N(0, 1).
  public mutating func normal() -> Double {
    if let z = cachedNormal {
      cachedNormal = nil
      return z
    }
    while true {
      let u = 2 * uniform() - 1
      let v = 2 * uniform() - 1
      let q = u * u + v * v
      if q > 0 && q < 1 {
        let f = (-2 * Foundation.log(q) / q).squareRoot()
        cachedNormal = v * f
        return u * f
      }
    }
  }

  public mutating func normal(mean: Double, std: Double) -> Double {
    mean + std * normal()
  }

  /// A uniformly random integer in 0..<n (Lemire's unbiased method through the standard library).
  public mutating func int(below n: Int) -> Int {
    Int.random(in: 0..<n, using: &self)
  }

  /// Fisher-Yates shuffle of indices 0..<n.
  public mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    if n < 2 { return p }
    for i in stride(from: n - 1, to: 0, by: -1) {
      p.swapAt(i, int(below: i + 1))
    }
    return p
  }
}

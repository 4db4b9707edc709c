import Testing
@testable import VanishCore

@Suite struct SeededGeneratorTests {
  /// Values from an independent Python implementation of SplitMix64 + xoshiro256**.
  @Test func matchesReferenceImplementation() {
    var g = SeededGenerator(seed: 42)
    #expect(g.next() == 1_546_998_764_402_558_742)
    #expect(g.next() == 6_990_951_692_964_543_102)
    #expect(g.next() == 12_544_586_762_248_559_009)
    var u = SeededGenerator(seed: 42)
    #expect(u.uniform() == 0.08386297105988216)
    #expect(u.uniform() == 0.3789802506626686)
    #expect(u.uniform() == 0.6800434110281394)
  }

  @Test func sameSeedSameDraws() {
    var a = SeededGenerator(seed: 2026)
    var b = SeededGenerator(seed: 2026)
    for _ in 0..<1000 { #expect(a.normal() == b.normal()) }
    var c = SeededGenerator(seed: 2027)
    var d = SeededGenerator(seed: 2026)
    #expect((0..<10).map { _ in c.uniform() } != (0..<10).map { _ in d.uniform() })
  }

  @Test func normalsHaveMeanZeroAndUnitVariance() {
    var g = SeededGenerator(seed: 1)
    let n = 200_000
    let xs = (0..<n).map { _ in g.normal() }
    let mean = xs.reduce(0, +) / Double(n)
    let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
    #expect(abs(mean) < 0.01)
    #expect(abs(variance - 1) < 0.01)
  }

  @Test func initialisersHaveTheirScales() {
    var g = SeededGenerator(seed: 3)
    let he = Initializer.he.weights(out: 200, in: 400, using: &g)
    let std = (he.storage.reduce(0) { $0 + $1 * $1 } / Double(he.count)).squareRoot()
    #expect(abs(std - (2.0 / 400).squareRoot()) < 0.003)
    let xavier = Initializer.xavier.weights(out: 100, in: 300, using: &g)
    let limit = (6.0 / 400).squareRoot()
    #expect(xavier.storage.allSatisfy { abs($0) <= limit })
    #expect(xavier.maxAbs > 0.95 * limit)
    let o = Initializer.orthogonal.weights(out: 5, in: 8, using: &g)
    let gram = o.matmul(o.transposed)
    for i in 0..<5 { for j in 0..<5 { #expect(abs(gram[i, j] - (i == j ? 1 : 0)) < 1e-12) } }
    #expect(Initializer.nielsen.biases(count: 3, using: &g).count == 3)
    #expect(Initializer.constant(0.5).weights(out: 2, in: 2, using: &g).storage == [0.5, 0.5, 0.5, 0.5])
  }
}

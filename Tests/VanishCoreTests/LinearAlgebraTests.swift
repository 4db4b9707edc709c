import Foundation
import Testing
@testable import VanishCore

@Suite struct LinearAlgebraTests {
  @Test func spectralNormOfKnownMatrices() {
    #expect(Matrix(rowArrays: [[3, 0], [0, 4]]).spectralNorm == 4)
    // [[1, 1], [0, 1]]: sigma_max = golden ratio
    let golden = (1 + 5.0.squareRoot()) / 2
    #expect(abs(Matrix(rowArrays: [[1, 1], [0, 1]]).spectralNorm - golden) <= 1e-15 * golden)
    // A rank-one matrix u v^T has ||u|| ||v||.
    let u = [1.0, -2, 3, 0.5]
    let v = [0.25, 4, -1]
    var m = Matrix(rows: 4, cols: 3)
    for i in 0..<4 { for j in 0..<3 { m[i, j] = u[i] * v[j] } }
    let expected = u.euclideanNorm * v.euclideanNorm
    #expect(abs(m.spectralNorm - expected) <= 1e-14 * expected)
    #expect(abs(m.transposed.spectralNorm - expected) <= 1e-14 * expected)
  }

  @Test func spectralNormAgreesWithConvergedPowerIteration() {
    var rng = SeededGenerator(seed: 5)
    for (rows, cols) in [(30, 784), (10, 30), (7, 7), (1, 9), (50, 3)] {
      let m = Initializer.gaussian(mean: 0, std: 1).weights(out: rows, in: cols, using: &rng)
      // Power iteration on m^T m to convergence.
      var x = [Double](repeating: 1, count: cols)
      var sigma = 0.0
      for _ in 0..<5000 {
        let y = m.matmul(Matrix(column: x))
        let z = m.transposed.matmul(y).storage
        let n = z.euclideanNorm
        x = z.map { $0 / n }
        let s = n.squareRoot()
        if abs(s - sigma) <= 1e-16 * s { break }
        sigma = s
      }
      #expect(abs(m.spectralNorm - sigma) <= 1e-10 * sigma, "\(rows)×\(cols): \(m.spectralNorm) vs \(sigma)")
      #expect(m.spectralNorm <= m.frobeniusNorm * (1 + 1e-15))
    }
  }

  @Test func normsKeepExtremeScales() {
    #expect(Matrix(rowArrays: [[1e-300, 0], [0, 2e-300]]).spectralNorm == 2e-300)
    #expect(abs([3e200, 4e200].euclideanNorm / 5e200 - 1) < 1e-15)
    #expect(abs([3e-200, 4e-200].euclideanNorm / 5e-200 - 1) < 1e-15)
  }

  @Test func gemmMatchesNaiveProduct() {
    var rng = SeededGenerator(seed: 9)
    let a = Initializer.gaussian(mean: 0, std: 1).weights(out: 5, in: 7, using: &rng)
    let b = Initializer.gaussian(mean: 0, std: 1).weights(out: 7, in: 3, using: &rng)
    let c = a.matmul(b)
    for i in 0..<5 {
      for j in 0..<3 {
        let naive = (0..<7).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
        #expect(abs(c[i, j] - naive) < 1e-12)
      }
    }
    let v = a.matmul(Matrix(column: (0..<7).map(Double.init)))
    for i in 0..<5 { #expect(abs(v[i, 0] - (0..<7).reduce(0.0) { $0 + a[i, $1] * Double($1) }) < 1e-12) }
  }
}

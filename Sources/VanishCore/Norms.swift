import Foundation

extension Matrix {
  /// The Frobenius norm sqrt(sum w_ij^2), scaled against overflow and underflow.
  public var frobeniusNorm: Double { storage.euclideanNorm }

  /// The spectral norm (largest singular value, the 2-norm induced on vectors).
  ///
  /// Computed exactly, not estimated: one-sided Jacobi rotations orthogonalise the columns
  /// of the matrix (of its transpose when that has fewer columns) until every pair is
  /// orthogonal to machine precision; the singular values are then the column norms.
  /// The matrix is scaled by its largest element first so that 1e-300 stays representable.
  public var spectralNorm: Double { singularValues.first ?? 0 }

  /// All singular values, largest first.
  public var singularValues: [Double] {
    let scale = maxAbs
    if scale == 0 || !scale.isFinite { return scale == 0 ? [] : [scale] }
    let a = rows >= cols ? self : transposed  // tall: m >= n columns to rotate
    let m = a.rows
    let n = a.cols
    // Column-major copy: column j is cols[j*m ..< (j+1)*m].
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n { c[j * m + i] = a[i, j] / scale }
    }
    c.withUnsafeMutableBufferPointer { col in
      for _ in 0..<60 {
        var rotated = false
        for p in 0..<n {
          for q in (p + 1)..<max(n, p + 1) {
            var alpha = 0.0
            var beta = 0.0
            var gamma = 0.0
            for i in 0..<m {
              let x = col[p * m + i]
              let y = col[q * m + i]
              alpha += x * x
              beta += y * y
              gamma += x * y
            }
            if gamma == 0 || abs(gamma) <= 1e-15 * (alpha * beta).squareRoot() { continue }
            rotated = true
            let zeta = (beta - alpha) / (2 * gamma)
            let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
            let cs = 1 / (1 + t * t).squareRoot()
            let sn = cs * t
            for i in 0..<m {
              let x = col[p * m + i]
              let y = col[q * m + i]
              col[p * m + i] = cs * x - sn * y
              col[q * m + i] = sn * x + cs * y
            }
          }
        }
        if !rotated { break }
      }
    }
    var sigma: [Double] = []
    for j in 0..<n {
      sigma.append(Array(c[(j * m)..<((j + 1) * m)]).euclideanNorm * scale)
    }
    return sigma.sorted(by: >)
  }
}

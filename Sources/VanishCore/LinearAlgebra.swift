import CBLAS
import Foundation

/// Singular values and symmetric eigenvalues through LAPACK: OpenBLAS's own dgesdd and dsyevd
/// (Sources/CBLAS/blas.c loads them with the BLAS), not a solver of our own.
///
/// Both scale the matrix by a power of two first, so that its largest element lies in [1, 2),
/// and scale the results back: multiplying by a power of two is exact, so a matrix of 1e-300s
/// (or of 1e300s) has the same digits as one of 1s, where LAPACK's own rescaling of a matrix
/// outside [1e-146, 1e146] would round. Neither routine accepts NaN (dgesdd reports it as an
/// illegal argument), so a matrix that holds NaN or an infinity is answered here: NaN for
/// every value when it holds a NaN; with an infinity (and no NaN) the largest singular value
/// is Inf and the others, and every eigenvalue, NaN.
extension Matrix {
  /// The min(rows, cols) singular values, largest first (dgesdd without singular vectors).
  /// A zero matrix has min(rows, cols) zeros; an empty one none.
  public func checkedSingularValues() throws(CoreError) -> [Double] {
    let k = Swift.min(rows, cols)
    if k == 0 { return [] }
    if let special = Matrix.nonFinite(storage, count: k, firstInfinite: true) { return special }
    guard let (scaled, exponent) = scaledToUnit() else { return [Double](repeating: 0, count: k) }
    try Matrix.checkLAPACKSize(rows, cols)
    var s = [Double](repeating: 0, count: k)
    let info = scaled.storage.withUnsafeBufferPointer { a in
      s.withUnsafeMutableBufferPointer { sp in
        lapack_singular_values(Int32(rows), Int32(cols), a.baseAddress!, sp.baseAddress!)
      }
    }
    try Matrix.check(info, "dgesdd", "the singular values")
    // dgesdd sorts them, largest first; sorted again so that the order is a promise here.
    return s.map { scalbn($0, -exponent) }.sorted(by: >)
  }

  /// The eigenvalues of a symmetric matrix, smallest first (dsyevd without eigenvectors). Only
  /// the upper triangle is read: `largestAsymmetry` says how far the matrix is from symmetric,
  /// and the caller decides what is symmetric enough.
  public func symmetricEigenvalues() throws(CoreError) -> [Double] {
    guard rows == cols else {
      throw .shapeMismatch("eigenvalues need a square matrix, not \(rows)×\(cols)")
    }
    let n = rows
    if n == 0 { return [] }
    if let special = Matrix.nonFinite(storage, count: n, firstInfinite: false) { return special }
    guard let (scaled, exponent) = scaledToUnit() else { return [Double](repeating: 0, count: n) }
    try Matrix.checkLAPACKSize(n, n)
    var w = [Double](repeating: 0, count: n)
    let info = scaled.storage.withUnsafeBufferPointer { a in
      w.withUnsafeMutableBufferPointer { wp in lapack_symmetric_eigenvalues(Int32(n), a.baseAddress!, wp.baseAddress!) }
    }
    try Matrix.check(info, "dsyevd", "the eigenvalues")
    return w.map { scalbn($0, -exponent) }.sorted()
  }

  /// The largest |m[i, j] - m[j, i]| of a square matrix, at the (0-based) row i < column j
  /// where it is first found; nil when the matrix is exactly symmetric (or not square). NaN
  /// differences (a NaN element, or equal infinities) do not count.
  public var largestAsymmetry: (row: Int, col: Int, difference: Double)? {
    guard rows == cols else { return nil }
    var best: (row: Int, col: Int, difference: Double)?
    for i in 0..<rows {
      for j in (i + 1)..<Swift.max(cols, i + 1) {
        let d = Swift.abs(self[i, j] - self[j, i])
        if d > (best?.difference ?? 0) { best = (i, j, d) }
      }
    }
    return best
  }

  /// The matrix times 2^e, with e chosen so that its largest |element| is in [1, 2); nil for a
  /// zero matrix.
  private func scaledToUnit() -> (Matrix, exponent: Int)? {
    let top = maxAbs
    guard top > 0 else { return nil }
    let e = -Int(top.exponent)
    if e == 0 { return (self, 0) }
    return (map { scalbn($0, e) }, e)
  }

  /// What LAPACK is not asked: the values of a matrix holding NaN or an infinity.
  private static func nonFinite(_ storage: AlignedStorage, count k: Int, firstInfinite: Bool) -> [Double]? {
    guard !storage.allFinite else { return nil }
    var values = [Double](repeating: .nan, count: k)
    if firstInfinite && !storage.containsNaN { values[0] = .infinity }
    return values
  }

  /// LAPACK counts in 32-bit integers.
  private static func checkLAPACKSize(_ m: Int, _ n: Int) throws(CoreError) {
    if m > Int(Int32.max) / Swift.max(n, 1) {
      throw .invalidArgument("a \(m)×\(n) matrix is too large for LAPACK (2^31 elements at most)")
    }
  }

  private static func check(_ info: Int32, _ routine: String, _ what: String) throws(CoreError) {
    switch info {
    case 0: return
    case -1000: throw .invalidArgument("there is not enough memory for \(routine)'s workspace")
    case ..<0: preconditionFailure("\(routine) refused argument \(-info)")
    default: throw .invalidArgument("LAPACK's \(routine) did not converge on \(what) (info \(info))")
    }
  }
}

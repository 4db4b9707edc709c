import Foundation

extension Matrix {
  /// The Frobenius norm sqrt(sum w_ij^2), scaled against overflow and underflow.
  public var frobeniusNorm: Double { storage.euclideanNorm }

  /// The spectral norm (largest singular value, the 2-norm induced on vectors).
  ///
  /// Computed exactly, not estimated: LAPACK's dgesdd (see `checkedSingularValues`), after the
  /// matrix is scaled by a power of two so that 1e-300 stays representable and exact.
  public var spectralNorm: Double { singularValues.first ?? 0 }

  /// All min(rows, cols) singular values, largest first (`checkedSingularValues`); NaN for
  /// each in the case, not seen, that LAPACK does not converge.
  public var singularValues: [Double] {
    (try? checkedSingularValues()) ?? [Double](repeating: .nan, count: Swift.min(rows, cols))
  }
}

import CBLAS

extension Matrix {
  /// `y = alpha * A x + beta * y` for vectors held as plain arrays (biases, mean deltas), through
  /// OpenBLAS's dgemv, in place.
  static func gemv(_ a: Matrix, _ x: [Double], alpha: Double, beta: Double, into y: inout [Double]) {
    precondition(x.count == a.cols && y.count == a.rows, "gemv shape mismatch")
    if a.rows == 0 { return }
    if a.cols == 0 {
      for i in 0..<y.count { y[i] *= beta }
      return
    }
    a.storage.withUnsafeBufferPointer { pa in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
          blas_dgemv(
            false, Int32(a.rows), Int32(a.cols), alpha, pa.baseAddress, Int32(a.cols),
            px.baseAddress, 1, beta, py.baseAddress, 1)
        }
      }
    }
  }
}

import CBLAS

/// A dense layer's three products in a training step, each cut in two by rows (`CorePair.halves`),
/// shared with a `CorePair` when there is one: the forward product z = w a + b and g(z) by rows of z; delta (.) g'(z) by rows
/// of delta, then dC/da[l-1] = w^T delta by rows of the result (columns of w); sgd's fused step
/// w <- decay w - (lr/m) delta a^T by rows of w. Each half is the BLAS call the whole would be, on a block of rows, so each number is
/// computed as in `Dense.forward`, `Dense.backward` and `Dense.addGradient`.
extension Dense {
  /// Worth splitting: a product of at least `CorePair.threshold` multiply-adds over a batch.
  func splits(batch m: Int) -> Bool {
    m >= 2 && w.count * m >= CorePair.threshold
  }

  /// Whether the whole layer, forward and backward, is cut in two: its products are worth it
  /// and its activation is elementwise (softmax is not; its update alone may still be cut).
  func splitsForward(batch m: Int) -> Bool {
    activation != .softmax && splits(batch: m)
  }

  /// `forward` for an elementwise activation (not softmax) over m >= 2 examples.
  func forward(_ input: Matrix, inputRows: Bool, z: inout Matrix, out: inout Matrix, pair: CorePair?) {
    let m = z.cols
    let nIn = inputs
    let activation = activation
    w.storage.withUnsafeBufferPointer { wp in
      b.withUnsafeBufferPointer { bp in
        input.storage.withUnsafeBufferPointer { xp in
          z.storage.withUnsafeMutableBufferPointer { zp in
            out.storage.withUnsafeMutableBufferPointer { op in
              nonisolated(unsafe) let (wp, bp, xp, zp, op) = (wp.baseAddress!, bp.baseAddress!, xp.baseAddress!, zp.baseAddress!, op.baseAddress!)
              CorePair.halves(outputs, pair: pair) { r in
                let zr = zp + r.lowerBound * m
                blas_dgemm(
                  false, inputRows, Int32(r.count), Int32(m), Int32(nIn), 1, wp + r.lowerBound * nIn, Int32(nIn), xp,
                  Int32(inputRows ? nIn : m), 0, zr, Int32(m))
                Matrix.addToEveryColumn(bp, rows: r, of: zp, columns: m)
                activation.apply(zr, into: op + r.lowerBound * m, count: r.count * m)
              }
            }
          }
        }
      }
    }
  }

  /// delta <- delta (.) g'(z), the start of `backward` for an elementwise activation, by rows
  /// of delta (each element on its own, so the same numbers however the rows are cut).
  func multiplyDerivative(_ delta: inout Matrix, z: Matrix, out: Matrix, pair: CorePair?) {
    let m = delta.cols
    let activation = activation
    delta.storage.withUnsafeMutableBufferPointer { dp in
      z.storage.withUnsafeBufferPointer { zp in
        out.storage.withUnsafeBufferPointer { ap in
          nonisolated(unsafe) let (dp, zp, ap) = (dp.baseAddress!, zp.baseAddress!, ap.baseAddress!)
          CorePair.halves(outputs, pair: pair) { r in
            let start = r.lowerBound * m
            activation.multiplyDerivative(dp + start, z: zp + start, a: ap + start, count: r.count * m)
          }
        }
      }
    }
  }

  /// below <- w^T delta (+ below when `add`), as the end of `backward`, over m >= 2 examples.
  func inputGradient(_ delta: Matrix, into below: inout Matrix, add: Bool, pair: CorePair?) {
    let m = delta.cols
    let nIn = inputs
    let nOut = outputs
    w.storage.withUnsafeBufferPointer { wp in
      delta.storage.withUnsafeBufferPointer { dp in
        below.storage.withUnsafeMutableBufferPointer { bp in
          nonisolated(unsafe) let (wp, dp, bp) = (wp.baseAddress!, dp.baseAddress!, bp.baseAddress!)
          CorePair.halves(nIn, pair: pair) { r in
            blas_dgemm(
              true, false, Int32(r.count), Int32(m), Int32(nOut), 1, wp + r.lowerBound, Int32(nIn), dp, Int32(m),
              add ? 1 : 0, bp + r.lowerBound * m, Int32(m))
          }
        }
      }
    }
  }

  /// `addGradient` over m >= 2 examples: dw <- alpha delta a^T + weightBeta dw and
  /// db <- alpha sum_x delta_x + biasBeta db, by rows.
  static func addGradient(
    delta: Matrix, input: Matrix, inputRows: Bool, ones: [Double], alpha: Double, weightBeta: Double, biasBeta: Double,
    dw: inout Matrix, db: inout [Double], pair: CorePair?
  ) {
    let m = delta.cols
    let nIn = dw.cols
    delta.storage.withUnsafeBufferPointer { dp in
      input.storage.withUnsafeBufferPointer { xp in
        ones.withUnsafeBufferPointer { onep in
          dw.storage.withUnsafeMutableBufferPointer { wp in
            db.withUnsafeMutableBufferPointer { bp in
              nonisolated(unsafe) let (dp, xp, onep, wp, bp) = (
                dp.baseAddress!, xp.baseAddress!, onep.baseAddress!, wp.baseAddress!, bp.baseAddress!
              )
              CorePair.halves(dw.rows, pair: pair) { r in
                blas_dgemm(
                  false, !inputRows, Int32(r.count), Int32(nIn), Int32(m), alpha, dp + r.lowerBound * m, Int32(m), xp,
                  Int32(inputRows ? nIn : m), weightBeta, wp + r.lowerBound * nIn, Int32(nIn))
                blas_dgemv(false, Int32(r.count), Int32(m), alpha, dp + r.lowerBound * m, Int32(m), onep, 1, biasBeta, bp + r.lowerBound, 1)
              }
            }
          }
        }
      }
    }
  }
}

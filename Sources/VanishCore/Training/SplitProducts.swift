import CBLAS

/// A dense layer's three products in a training step, each cut in two by rows (`CorePair.halves`),
/// shared with a `CorePair` when there is one: the forward product z = w a + b and g(z) by rows of z; delta (.) g'(z) and
/// each half's part of dC/da[l-1] = w^T delta by rows of delta, the parts then added; sgd's fused step
/// w <- decay w - (lr/m) delta a^T by rows of w. A thread takes the same rows in all three. In the forward product and
/// the update each half is the BLAS call the whole would be, on a block of rows, so each number is computed as in
/// `Dense.forward` and `Dense.addGradient`; w^T delta is the sum of the halves' parts, which `Dense.backward`'s one
/// call may round differently in the last bit.
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
                if inputRows {
                  // In the small-matrix kernel's blocks of examples where the batch is larger than
                  // one (W3's 128), else in one call.
                  Dense.productOfRows(
                    wp + r.lowerBound * nIn, rows: r.count, inputs: nIn, xp, examples: m, into: zr,
                    block: Dense.rowBlock(outputs: r.count, inputs: nIn) ?? m)
                } else {
                  blas_dgemm(
                    false, inputRows, Int32(r.count), Int32(m), Int32(nIn), 1, wp + r.lowerBound * nIn, Int32(nIn), xp,
                    Int32(inputRows ? nIn : m), 0, zr, Int32(m))
                }
                Matrix.addToEveryColumn(bp, rows: r, of: zp, columns: m)
                activation.apply(zr, into: op + r.lowerBound * m, count: r.count * m)
              }
            }
          }
        }
      }
    }
  }

  /// The most multiply-adds OpenBLAS 0.3.21's SkylakeX small-matrix path takes in one dgemm
  /// (`dgemm_small_kernel_permit`), for every form of the product.
  static let smallPathMultiplyAdds = 1_000_000

  /// Examples per block of a product of inputs held as rows in `productOfRows` (nil: the whole
  /// batch at once). OpenBLAS 0.3.21's SkylakeX kernels have a small-matrix path that skips the copying into
  /// blocks of the large one; for this product (C^T = x w^T to OpenBLAS, "tn") it takes at most
  /// 1200 elements of the result and 10^6 multiply-adds, and at least 32 inputs. Other kernels
  /// copy every block, and blocks were slower there (Haswell's, for [784, 100]).
  static func rowBlock(outputs: Int, inputs: Int) -> Int? {
    guard BLAS.hasSmallMatrixKernels, inputs >= 32 else { return nil }
    let block = Swift.min(1200 / outputs, smallPathMultiplyAdds / (outputs * inputs)) / 8 * 8
    return block >= 8 ? block : nil
  }

  /// Columns of w per block of the update of `rows` rows of w from a batch of m inputs held as
  /// rows in the split `addGradient` (nil: all of them at once). The same small-matrix path as
  /// `rowBlock`'s takes this product ("nn" to OpenBLAS) up to 10^6 multiply-adds: W3's first
  /// layer, 48 and 52 rows by 128 examples by 784 inputs (4.8 and 5.2 million), goes in blocks of
  /// 160 and 144 columns; W1's and W5's halves fit whole. On the Zen 5 EPYC (SkylakeX's kernels,
  /// the builds alternating) W3 on one core went from 196,000-206,000 examples a second to
  /// 211,000-225,000, and with the pair from at best 350,000 to 373,000. Inputs held
  /// as columns (a hidden layer's) make it OpenBLAS's "tn", whose small path also wants at most
  /// 1200 elements of the result: blocks too thin to pay, so those products stay whole.
  static func columnBlock(rows: Int, examples m: Int, inputs: Int) -> Int? {
    guard BLAS.hasSmallMatrixKernels else { return nil }
    let block = smallPathMultiplyAdds / (rows * m) / 8 * 8
    return block >= 8 && block < inputs ? block : nil
  }

  /// z = w x^T for `examples` inputs held as rows (x, m x inputs) and w's `rows` rows (z is rows x m), in blocks of
  /// `block` examples, each block's columns of z one BLAS call; `before` runs on each block's examples before its product
  /// (the measurement converts them there, so that they are in this core's cache when multiplied).
  static func productOfRows(
    _ w: UnsafePointer<Double>, rows: Int, inputs nIn: Int, _ x: UnsafePointer<Double>, examples m: Int,
    into z: UnsafeMutablePointer<Double>, block: Int, before: (Range<Int>) -> Void = { _ in }
  ) {
    for start in stride(from: 0, to: m, by: block) {
      let examples = start..<Swift.min(start + block, m)
      before(examples)
      blas_dgemm(
        false, true, Int32(rows), Int32(examples.count), Int32(nIn), 1, w, Int32(nIn), x + start * nIn, Int32(nIn), 0,
        z + start, Int32(m))
    }
  }

  /// `backward` for an elementwise activation over m >= 2 examples, by rows of delta (the
  /// layer's outputs, the rows of w this thread also updates and multiplies forward): each half
  /// multiplies its rows of delta by g'(z) (unless `multiply` is false: the cost folded g' in)
  /// and takes its part of dC/da[l-1] = w^T delta = sum over rows i of w_i^T delta_i, the lower
  /// half into `below` (added to it when `add`), the upper into `partial`; then below += partial.
  /// Cut by the other side, rows of the result, each half would read half of every row of w,
  /// the other thread's rows included: the two cores would pass w's lines back and forth at
  /// every step. The sum of the two parts is the same with or without the pair.
  func backward(
    _ delta: inout Matrix, z: Matrix, out: Matrix, multiply: Bool, into below: inout Matrix, add: Bool,
    partial: inout Matrix, pair: CorePair?
  ) {
    let m = delta.cols
    let nIn = inputs
    let activation = activation
    let cut = CorePair.cut(outputs)
    if partial.count < nIn * m { partial = Matrix(rows: nIn, cols: m) }
    w.storage.withUnsafeBufferPointer { wp in
      delta.storage.withUnsafeMutableBufferPointer { dp in
        z.storage.withUnsafeBufferPointer { zp in
          out.storage.withUnsafeBufferPointer { ap in
            below.storage.withUnsafeMutableBufferPointer { bp in
              partial.storage.withUnsafeMutableBufferPointer { pp in
                nonisolated(unsafe) let (wp, dp, zp, ap, bp, pp) = (
                  wp.baseAddress!, dp.baseAddress!, zp.baseAddress!, ap.baseAddress!, bp.baseAddress!, pp.baseAddress!
                )
                CorePair.halves(outputs, cut: cut, pair: pair) { r in
                  let start = r.lowerBound * m
                  if multiply { activation.multiplyDerivative(dp + start, z: zp + start, a: ap + start, count: r.count * m) }
                  let lower = r.lowerBound == 0
                  blas_dgemm(
                    true, false, Int32(nIn), Int32(m), Int32(r.count), 1, wp + r.lowerBound * nIn, Int32(nIn), dp + start,
                    Int32(m), lower && add ? 1 : 0, lower ? bp : pp, Int32(m))
                }
                if cut > 0 && cut < outputs {
                  for i in 0..<(nIn * m) { bp[i] += pp[i] }
                }
              }
            }
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
                let block = (inputRows ? Dense.columnBlock(rows: r.count, examples: m, inputs: nIn) : nil) ?? nIn
                for c in stride(from: 0, to: nIn, by: block) {
                  let columns = Swift.min(block, nIn - c)
                  blas_dgemm(
                    false, !inputRows, Int32(r.count), Int32(columns), Int32(m), alpha, dp + r.lowerBound * m, Int32(m), xp + c,
                    Int32(inputRows ? nIn : m), weightBeta, wp + r.lowerBound * nIn + c, Int32(nIn))
                }
                blas_dgemv(false, Int32(r.count), Int32(m), alpha, dp + r.lowerBound * m, Int32(m), onep, 1, biasBeta, bp + r.lowerBound, 1)
              }
            }
          }
        }
      }
    }
  }
}

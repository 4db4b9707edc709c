import Testing
@testable import VanishCore

/// A measurement's chunk with layer 1's product in blocks of examples (`Pass.loadForward`): the
/// same outputs as the whole product to rounding, and the blocks OpenBLAS's small-matrix kernel
/// takes.
@Suite struct BlockedMeasurementTests {
  @Test func blocksAreWhatTheSmallMatrixKernelTakes() {
    if BLAS.hasSmallMatrixKernels {
      #expect(Dense.rowBlock(outputs: 30, inputs: 784) == 40)  // 30 x 40 = 1200 elements
      #expect(Dense.rowBlock(outputs: 100, inputs: 784) == 8)
      #expect(Dense.rowBlock(outputs: 16, inputs: 2000) == 24)  // 16 x 24 x 2000 < 10^6 multiply-adds
      #expect(Dense.rowBlock(outputs: 200, inputs: 784) == nil)  // fewer than 8 examples
      #expect(Dense.rowBlock(outputs: 10, inputs: 20) == nil)  // fewer than 32 inputs
    } else {
      #expect(Dense.rowBlock(outputs: 30, inputs: 784) == nil)
    }
    #expect(BLAS.hasSmallMatrixKernels == (BLAS.kernel == "SkylakeX"))
  }

  /// The update's blocks of columns (`Dense.columnBlock`): W3's halves of 48 and 52 rows by 128
  /// examples by 784 inputs in blocks of at most 10^6 multiply-adds; W1's and W5's whole.
  @Test func updateBlocksAreWhatTheSmallMatrixKernelTakes() {
    if BLAS.hasSmallMatrixKernels {
      #expect(Dense.columnBlock(rows: 48, examples: 128, inputs: 784) == 160)  // 48 x 128 x 160 < 10^6
      #expect(Dense.columnBlock(rows: 52, examples: 128, inputs: 784) == 144)
      #expect(Dense.columnBlock(rows: 16, examples: 10, inputs: 784) == nil)  // W1: 125,440 in all
      #expect(Dense.columnBlock(rows: 32, examples: 32, inputs: 784) == nil)  // W5: 802,816
      #expect(Dense.columnBlock(rows: 500, examples: 512, inputs: 784) == nil)  // fewer than 8 columns
    } else {
      #expect(Dense.columnBlock(rows: 48, examples: 128, inputs: 784) == nil)
    }
  }

  /// sgd's update of a layer of 100 rows from 128 inputs held as rows (W3's first layer), split in
  /// halves and each half in blocks of columns where the small kernel takes them: within rounding
  /// of the one-call product delta x (on the Zen 5 EPYC, the same bits), and the same bits with
  /// the second thread and without.
  @Test func aBlockedUpdateIsTheWholeProductToRounding() {
    var g = SeededGenerator(seed: 21)
    let (rows, m, nIn) = (100, 128, 784)
    let delta = Matrix(rows: rows, cols: m, storage: (0..<(rows * m)).map { _ in Double.random(in: -1...1, using: &g) })
    let x = Matrix(rows: m, cols: nIn, storage: (0..<(m * nIn)).map { _ in Double(UInt8.random(in: 0...255, using: &g)) / 255 })
    let ones = [Double](repeating: 1, count: m)
    let whole = delta.matmul(x)
    func update(pair: CorePair?) -> (Matrix, [Double]) {
      var dw = Matrix(rows: rows, cols: nIn)
      var db = [Double](repeating: 0, count: rows)
      Dense.addGradient(
        delta: delta, input: x, inputRows: true, ones: ones, alpha: 1, weightBeta: 0, biasBeta: 0, dw: &dw, db: &db, pair: pair)
      return (dw, db)
    }
    let (alone, db) = update(pair: nil)
    let pair = CorePair()
    defer { pair.stop() }
    let (paired, pairedDb) = update(pair: pair)
    #expect(paired == alone)
    #expect(pairedDb == db)
    for (a, b) in zip(whole.storage, alone.storage) {
      #expect(Swift.abs(a - b) <= 1e-13 * Swift.max(1, Swift.abs(a)), "\(a) against \(b)")
    }
    for i in 0..<rows {
      let sum = (0..<m).reduce(0.0) { $0 + delta[i, $1] }
      #expect(Swift.abs(db[i] - sum) <= 1e-13)
    }
  }

  /// [784, 30, 10] and [784, 100, 10] on 1000 pixel examples (the chunk of a measurement), and a
  /// network whose first layer has a skip ending on it (then the whole product): every output
  /// within 1e-15 of the one-call pass; where blocks are taken, some last bits differ.
  @Test(arguments: [30, 100])
  func blockedOutputsAreTheWholeProductsToRounding(_ hidden: Int) {
    let data = CorePairTests.data(1000, inputs: 784, outputs: 10, pixels: true, seed: 11)
    let net = CorePairTests.mlp([784, hidden, 10], .sigmoid, .sigmoid, seed: 12)
    var whole = Pass(network: net, examples: 1000)
    whole.load(data, .range(0..<1000))
    whole.forward(net, mode: .runningStatistics)
    var blocked = Pass(network: net, examples: 1000)
    blocked.loadForward(data, 0..<1000, net, mode: .runningStatistics)
    #expect(blocked.x == whole.x)
    #expect(blocked.y == whole.y)
    var differ = 0
    for l in 1...2 {
      for (a, b) in zip(whole.z[l].storage, blocked.z[l].storage) {
        #expect(Swift.abs(a - b) <= 1e-13 * Swift.max(1, Swift.abs(a)), "z[\(l)]: \(a) against \(b)")
        if a != b { differ += 1 }
      }
      for (a, b) in zip(whole.a[l].storage, blocked.a[l].storage) {
        #expect(Swift.abs(a - b) <= 1e-15, "a[\(l)]: \(a) against \(b)")
      }
    }
    if Dense.rowBlock(outputs: hidden, inputs: 784) != nil {
      #expect(differ > 0)  // the small kernel's bits: the blocked path ran
    } else {
      #expect(differ == 0)
    }
    // The measurement through it: cost and accuracy as the whole pass gives them, to rounding.
    var e = Evaluator()
    let measured = e.measure(net, on: data, cost: .quadratic)
    #expect(Swift.abs(measured.cost - whole.cost(.quadratic, depth: 2)) <= 1e-14)
  }
}

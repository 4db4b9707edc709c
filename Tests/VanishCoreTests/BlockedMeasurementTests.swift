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

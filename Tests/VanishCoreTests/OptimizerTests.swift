import Foundation
import Testing
@testable import VanishCore

/// The first two steps of every method on f(w1, w2) = 0.001 w1^2 + w2^2 from (1, 1) with
/// lr = 0.5, against an independent Python loop of the published update rules (the exact
/// values) and against the steps worked by hand (the closed forms in the comments).
@Suite struct OptimizerTests {
  static func gradient(_ w: [Double]) -> [Double] { [0.002 * w[0], 2 * w[1]] }

  func twoSteps(_ method: Optimizer.Method) -> [[Double]] {
    var optimizer = Optimizer(method, lr: 0.5, parameters: 2)
    var w = [1.0, 1.0]
    var points: [[Double]] = []
    for _ in 0..<2 {
      optimizer.step(&w, gradient: Self.gradient(w))
      points.append(w)
    }
    return points
  }

  @Test func sgdShrinksW1By0999AndPutsW2AtZero() {
    // w1 <- w1 - 0.5 * 0.002 w1 = 0.999 w1;  w2 <- w2 - 0.5 * 2 w2 = 0.
    #expect(twoSteps(.sgd) == [[0.999, 0], [0.998001, 0]])
  }

  @Test func momentumCarriesW2PastTheMinimum() {
    // v1 = -lr g = (-0.001, -1), w = (0.999, 0); v2 = 0.9 v1 - lr g(w) = (-0.0018990, -0.9).
    #expect(twoSteps(.standard("momentum")!) == [[0.999, 0], [0.997101, -0.9]])
  }

  @Test func adagradMovesEveryParameterByAboutLrFirst() {
    // Step 1: w -= lr g / (|g| + eps), about 0.5 each. Step 2 (w1): g = 0.001, G = 4e-6 + 1e-6,
    // w1 = 0.5 - 0.5 * 0.001 / sqrt(5e-6) = 0.5 - 0.5/sqrt(5); w2 the same to 1e-8.
    let p = twoSteps(.standard("adagrad")!)
    #expect(p == [[0.5000024999875001, 0.5000000025], [0.27639580781467177, 0.2763932048555938]])
    #expect(abs(p[1][0] - (0.5 - 0.5 / 5.0.squareRoot())) < 1e-5)
    #expect(abs(p[1][1] - (0.5 - 0.5 / 5.0.squareRoot())) < 1e-5)
  }

  @Test func rmspropOvershootsOnTheFirstStep() {
    // Step 1: E = 0.1 g^2, so w -= 0.5 g / (sqrt(0.1)|g|) = 1 - 0.5/sqrt(0.1) = -0.58114.
    let p = twoSteps(.standard("rmsprop")!)
    #expect(p == [[-0.5811138304794683, -0.5811388050841901], [0.2447691694491444, 0.24478173053840224]])
    #expect(abs(p[0][1] - (1 - 0.5 / 0.1.squareRoot())) < 1e-7)
  }

  @Test func adamsFirstStepIsLrInEveryDirection() {
    // Bias correction makes m^ = g and v^ = g^2 at t = 1: w -= lr * g/|g|, so w = 0.5.
    let p = twoSteps(.standard("adam")!)
    #expect(p == [[0.5000024999875001, 0.5000000025], [0.033915262978721716, 0.033910185676711835]])
    #expect(abs(p[0][0] - 0.5) < 1e-5)
  }

  @Test func constantsReplaceTheDefaults() {
    var optimizer = Optimizer(.momentum(beta: 0), lr: 0.5, parameters: 2)
    var w = [1.0, 1.0]
    optimizer.step(&w, gradient: Self.gradient(w))
    optimizer.step(&w, gradient: Self.gradient(w))
    // With beta = 0 momentum is sgd.
    #expect(w == [0.998001, 0])
  }
}

@Suite struct DescentTests {
  static func f(_ w: [Double]) -> Double { 0.001 * w[0] * w[0] + w[1] * w[1] }
  static func g(_ w: [Double]) -> [Double] { [0.002 * w[0], 2 * w[1]] }

  @Test func sgdFor1000StepsIsTheRepeatedUpdate() throws {
    let d = try Descent.run(
      value: Self.f, gradient: Self.g, from: [1, 1], optimizer: Optimizer(.sgd, lr: 0.5, parameters: 2),
      maxSteps: 1000, until: nil)
    var w1 = 1.0
    for _ in 0..<1000 { w1 -= 0.5 * (0.002 * w1) }
    #expect(d.points.last == [w1, 0])
    #expect(w1 == 0.36769542477096373)
    #expect(d.steps == 1000 && d.points.count == 1001 && d.stop == .steps(1000))
    #expect(d.values[0] == 1.001)
  }

  @Test func untilStopsWhenEveryParameterMovesLessThanEps() throws {
    // w1 moves 0.001 w1 per step: less than 1e-6 once w1 < 1e-3, after 6905 steps (0.999^6905 < 1e-3).
    let d = try Descent.run(
      value: Self.f, gradient: Self.g, from: [1, 1], optimizer: Optimizer(.sgd, lr: 0.5, parameters: 2),
      maxSteps: 1_000_000, until: 1e-6)
    #expect(d.stop == .moved(below: 1e-6))
    #expect(d.steps == 6906)
    #expect(d.points[6905][0] < 1e-3 && d.points[6904][0] >= 1e-3)
  }

  @Test func untilStopsWhenTheGradientIsSmall() throws {
    // From (1e-4, 0) the gradient's norm is 2e-7 < 1e-6 before any step.
    let d = try Descent.run(
      value: Self.f, gradient: Self.g, from: [1e-4, 0], optimizer: Optimizer(.sgd, lr: 0.5, parameters: 2),
      maxSteps: 10, until: 1e-6)
    #expect(d.stop == .gradient(below: 1e-6))
    #expect(d.steps == 0 && d.points == [[1e-4, 0]])
  }

  @Test func divergenceStopsBeforeTheFirstInfiniteValue() throws {
    // lr = 1.5 makes w2 <- -2 w2: f = w2^2 = 4^k overflows after 512 steps.
    let d = try Descent.run(
      value: Self.f, gradient: Self.g, from: [1, 1], optimizer: Optimizer(.sgd, lr: 1.5, parameters: 2),
      maxSteps: 10_000, until: nil)
    #expect(d.stop == .notFinite(what: "f", value: .infinity, step: 512))
    #expect(d.steps == 511 && d.values.allSatisfy(\.isFinite))
    #expect(d.points.last![1] == -pow(2, 511))
  }

  @Test func anInterruptionEndsThePathWhereItIs() throws {
    // The checkpoint says Ctrl-C before the 6th step: five steps of sgd on f = w are kept.
    var calls = 0
    let d = try Descent.run(
      value: { $0[0] }, gradient: { _ in [1] }, from: [0], optimizer: Optimizer(.sgd, lr: 0.5, parameters: 1),
      maxSteps: 1000, until: nil,
      checkpoint: { () throws(CoreError) in
        calls += 1
        if calls == 6 { throw .interrupted }
      })
    #expect(d.stop == .interrupted)
    #expect(d.steps == 5 && d.stepNumbers == [0, 1, 2, 3, 4, 5])
    #expect(d.points.last == [-2.5])
    // Anything else the checkpoint throws (a budget) is thrown on.
    #expect(throws: CoreError.budgetExceeded("over")) {
      try Descent.run(
        value: { $0[0] }, gradient: { _ in [1] }, from: [0], optimizer: Optimizer(.sgd, lr: 0.5, parameters: 1),
        maxSteps: 1000, until: nil, checkpoint: { () throws(CoreError) in throw .budgetExceeded("over") })
    }
  }

  @Test func aNonFiniteStartIsAnError() {
    #expect(throws: CoreError.invalidArgument("f is NaN at the starting point")) {
      try Descent.run(
        value: { _ in .nan }, gradient: { _ in [0] }, from: [0], optimizer: Optimizer(.sgd, lr: 1, parameters: 1),
        maxSteps: 1, until: nil)
    }
  }

  @Test func longPathsKeepEveryKthPointAndTheLast() throws {
    // w <- w - 0.1 * 1e-9: 250,001 steps, so the record is halved twice (stride 4).
    let steps = 250_001
    let d = try Descent.run(
      value: { $0[0] }, gradient: { _ in [1e-9] }, from: [0], optimizer: Optimizer(.sgd, lr: 0.1, parameters: 1),
      maxSteps: steps, until: nil)
    #expect(d.stride == 4)
    #expect(d.points.count == 62_502)
    #expect(d.stepNumbers.first == 0 && d.stepNumbers.last == steps)
    #expect(d.stepNumbers.dropLast().allSatisfy { $0 % 4 == 0 })
    #expect(zip(d.stepNumbers, d.stepNumbers.dropFirst()).allSatisfy { $1 - $0 == 4 || $1 == steps })
    #expect(d.points.count == d.values.count)
  }

  @Test func upToTheLimitEveryPointIsKept() throws {
    let d = try Descent.run(
      value: { $0[0] }, gradient: { _ in [1] }, from: [0], optimizer: Optimizer(.sgd, lr: 1, parameters: 1),
      maxSteps: Descent.keepAllUpTo, until: nil)
    #expect(d.stride == 1 && d.points.count == Descent.keepAllUpTo + 1)
    #expect(d.points.last == [-Double(Descent.keepAllUpTo)])
  }
}

import Foundation
import Testing
@testable import VanishLanguage

/// `descend`: the path through the language, its fields, printing, and its errors.
@Suite struct DescendTests {
  let f = "f(w1, w2) = 0.001*w1^2 + w2^2\n"

  @Test func sgdOnTheQuadraticForAThousandSteps() {
    let r = run(f + "p = descend(f, from=[1, 1], lr=0.5, steps=1000)\np.last\np.steps\np.start\np.method\np.stopped\np.values[1:2]")
    #expect(r.err == "")
    // w1 <- w1 - 0.5*(0.002*w1) a thousand times, as numpy's float64 loop computes it;
    // 0.999^1000 = 0.36769542477096404 in exact arithmetic. w2 is exactly 0 after one step.
    #expect(r.out == """
      [0.36769542477096373, 0]
      1000
      [1, 1]
      "sgd"
      "it took the 1000 steps allowed"
      [1.001, 0.000998001]
      """)
  }

  @Test func thePathPrintsStartEndAndWhyItStopped() {
    let r = run(f + "descend(f, from=[1, 1], lr=0.5, until=1e-6)")
    #expect(r.out == """
      descent of f by sgd, lr = 0.5: 6906 steps
        start  [1, 1]                      f = 1.001
        end    [0.0009983014194777982, 0]  f = 9.966057241313868e-10
        stopped: every parameter moved less than 1e-06 in step 6906
      """)
  }

  @Test func pointsAreAMatrixWithOneRowPerPoint() {
    let r = run(f + "p = descend(f, from=[1, 1], lr=0.5, steps=2, method=momentum)\np.points\np.points.shape")
    #expect(r.out == """
      [[       1,    1],
       [   0.999,    0],
       [0.997101, -0.9]]
      [3, 2]
      """)
  }

  @Test func methodsAndTheirConstants() {
    let r = run(f + """
      descend(f, from=[1, 1], lr=0.5, steps=1, method=adam).last
      descend(f, from=[1, 1], lr=0.5, steps=1, method=adagrad).last
      descend(f, from=[1, 1], lr=0.5, steps=1, method=rmsprop, beta=0).last
      descend(f, from=[1, 1], lr=0.5, steps=2, method=momentum, beta=0).last
      descend(f, from=[1, 1], lr=0.5, steps=1, method=adam, eps=1).last
      """)
    #expect(r.err == "")
    // rmsprop with beta = 0 divides by |g|: a step of lr in every direction, like adam's first.
    // adam with eps = 1: w1 moves 0.5*0.002/(0.002 + 1), w2 moves 0.5*2/(2 + 1).
    #expect(r.out == """
      [0.5000024999875001, 0.5000000025]
      [0.5000024999875001, 0.5000000025]
      [0.5000024999875001, 0.5000000025]
      [0.998001, 0]
      [\(1 - 0.5 * 0.002 / (0.002 + 1)), \(1 - 0.5 * 2 / (2 + 1.0))]
      """)
  }

  @Test func untilAloneAllowsAMillionSteps() {
    // A slope of 1 everywhere: every step moves w by lr, so until never stops it.
    let r = run("g(w) = w\np = descend(g, from=[0], lr=1, until=1e-6)\np.steps\np.stopped\np.last")
    #expect(r.out == "1000000\n\"it took the 1000000 steps allowed\"\n[-1000000]")
  }

  @Test func divergenceStopsWithAWarning() {
    let r = run(f + "p = descend(f, from=[1, 1], lr=1.5, steps=3000)\np.steps")
    #expect(r.out == """
      warning: descend stopped early: f became Inf at step 512, so the path ends at step 511 (the steps diverge: try a smaller lr)
      511
      """)
  }

  @Test func errorsNameTheArgument() {
    func error(_ call: String) -> String { run(f + call).err.components(separatedBy: "\n")[0] }
    #expect(error("descend(f, from=[1, 1], beta=0.5)") == "error: 2:25: beta= does not apply to sgd; it belongs to momentum and rmsprop")
    #expect(error("descend(f, from=[1, 1], method=newton)") == "error: 2:32: unknown name 'newton'")
    #expect(error("descend(f, from=[1, 1], method=1)") == "error: 2:25: method must be one of sgd, momentum, adagrad, rmsprop, adam, not a number")
    #expect(error("descend(f, from=[1, 1], lr=-1)") == "error: 2:25: lr must be a positive number, not -1")
    #expect(error("descend(f, from=[1, 1], method=adam, beta1=1)") == "error: 2:38: beta1 must be at least 0 and below 1, not 1")
    #expect(error("descend(f, from=[1, 1], steps=2e9)") == "error: 2:25: steps must be a whole number from 1 to 1000000000, not 2000000000")
    #expect(error("descend(f, from=[1, 1, 1])") == "error: 2:12: f has 2 parameters (w1, w2) but the point has 3 values")
    #expect(error("descend(f)") == "error: 2:1: descend needs its argument 'from'")
    #expect(error("descend(1, from=[1])") == "error: 2:9: descend needs a function, not a number")
    #expect(run("g(w) = log(w)\ndescend(g, from=[-1])").err.hasPrefix("error: 2:1: f is NaN at the starting point"))
  }
}

/// Gradient descent on a function of a few parameters, with the rules for stopping and a
/// record of the path that stays small however many steps are taken.
public struct Descent {
  /// Why a descent stopped.
  public enum Stop: Equatable, Sendable {
    /// It took the number of steps it was allowed.
    case steps(Int)
    /// Every parameter moved less than eps in the last step.
    case moved(below: Double)
    /// The gradient's norm fell below eps (no step was taken from that point).
    case gradient(below: Double)
    /// At step `step` a parameter, f or the gradient (`what`) became `value`, NaN or
    /// infinite; that point is not kept, the path ends at the step before.
    case notFinite(what: String, value: Double, step: Int)
    /// Ctrl-C (the checkpoint threw `.interrupted`) before the next step: the path is
    /// every step taken until then.
    case interrupted
  }

  /// The points kept: all of them up to `keepAllUpTo` steps, after that every `stride`-th one
  /// (counting from the start, which is always kept) and the last one.
  public var points: [[Double]] = []
  /// f at each kept point.
  public var values: [Double] = []
  /// Which step each kept point is the result of (0 is the start).
  public var stepNumbers: [Int] = []
  public var stride = 1
  public var steps = 0
  public var stop: Stop = .steps(0)

  /// Up to this many steps every point is kept; beyond, the record is thinned to every
  /// other point each time it fills up, so it never holds more than this many + 1.
  public static let keepAllUpTo = 100_000

  /// Runs `optimizer` from `start` for at most `maxSteps` steps. With `until`, it stops
  /// when every parameter moved less than `until` in a step or when the gradient's norm
  /// falls below it. Calls `checkpoint` before every step: by default it polls `Interrupt`;
  /// a caller with a budget counts the step there too. When the checkpoint throws
  /// `.interrupted` (Ctrl-C) the descent stops there and returns the path so far, with
  /// `stop == .interrupted`; anything else it throws is thrown on.
  public static func run(
    value f: ([Double]) -> Double, gradient: ([Double]) -> [Double], from start: [Double],
    optimizer: Optimizer, maxSteps: Int, until eps: Double?,
    checkpoint: () throws(CoreError) -> Void = { () throws(CoreError) in try Interrupt.check() }
  ) throws(CoreError) -> Descent {
    var path = Descent()
    var optimizer = optimizer
    var w = start
    var fw = f(w)
    var g = gradient(w)
    if let (what, value) = notFinite(w, fw, g) {
      let shown = value.isNaN ? "NaN" : value > 0 ? "Inf" : "-Inf"
      throw .invalidArgument("\(what) is \(shown) at the starting point")
    }
    path.keep(w, fw, step: 0)
    path.stop = .steps(maxSteps)
    while path.steps < maxSteps {
      do {
        try checkpoint()
      } catch {
        guard case .interrupted = error else { throw error }
        path.stop = .interrupted
        break
      }
      if let eps, g.euclideanNorm < eps {
        path.stop = .gradient(below: eps)
        break
      }
      let previous = w
      optimizer.step(&w, gradient: g)
      let next = path.steps + 1
      fw = f(w)
      g = gradient(w)
      if let (what, value) = notFinite(w, fw, g) {
        path.stop = .notFinite(what: what, value: value, step: next)
        break
      }
      path.steps = next
      path.keep(w, fw, step: next)
      if let eps, zip(w, previous).allSatisfy({ Swift.abs($0 - $1) < eps }) {
        path.stop = .moved(below: eps)
        break
      }
    }
    path.keepLatest()
    return path
  }

  private static func notFinite(_ w: [Double], _ fw: Double, _ g: [Double]) -> (String, Double)? {
    if let bad = w.first(where: { !$0.isFinite }) { return ("a parameter", bad) }
    if !fw.isFinite { return ("f", fw) }
    if let bad = g.first(where: { !$0.isFinite }) { return ("the gradient", bad) }
    return nil
  }

  /// Keeps the point after `step` when it falls on the stride; halves the record (and
  /// doubles the stride) when it is full. The newest point is kept aside so the last one
  /// can be added at the end.
  private mutating func keep(_ w: [Double], _ fw: Double, step: Int) {
    latest = (w, fw, step)
    guard step % stride == 0 else { return }
    points.append(w)
    values.append(fw)
    stepNumbers.append(step)
    if points.count > Descent.keepAllUpTo + 1 {
      let kept = Swift.stride(from: 0, to: points.count, by: 2)
      points = kept.map { points[$0] }
      values = kept.map { values[$0] }
      stepNumbers = kept.map { stepNumbers[$0] }
      stride *= 2
    }
  }

  private var latest: (w: [Double], fw: Double, step: Int)?

  private mutating func keepLatest() {
    guard let latest, stepNumbers.last != latest.step else { return }
    points.append(latest.w)
    values.append(latest.fw)
    stepNumbers.append(latest.step)
  }
}

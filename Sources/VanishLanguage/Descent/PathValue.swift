import VanishCore

/// What `descend` returns: the points it went through, f at each, and why it stopped.
/// The plots draw `points` and name the path by `label`.
public struct PathValue: CustomValue {
  /// The points kept, one row per point: every one up to 100,000 steps, beyond that every
  /// `stride`-th one and the last (`stepNumbers` says which step each is).
  public var points: [[Double]]
  /// f at each kept point.
  public var values: [Double]
  public var stepNumbers: [Int]
  public var stride: Int
  /// How the path is named in plots and printing: "sgd, lr = 0.5".
  public var label: String
  public let function: String
  public let parameters: [String]
  public let method: Optimizer.Method
  public let lr: Double
  public let steps: Int
  public let stop: Descent.Stop

  init(_ descent: Descent, function: DifferentiableFunction, method: Optimizer.Method, lr: Double) {
    points = descent.points
    values = descent.values
    stepNumbers = descent.stepNumbers
    stride = descent.stride
    steps = descent.steps
    stop = descent.stop
    self.function = function.name
    parameters = function.parameters
    self.method = method
    self.lr = lr
    label = "\(method.name), lr = \(Format.number(lr))"
  }

  public var start: [Double] { points[0] }
  public var last: [Double] { points[points.count - 1] }

  public var kindName: String { "path" }
  public var kindWithShape: String { "path(\(steps) step\(steps == 1 ? "" : "s"), \(points.count) points kept)" }

  public var fieldNames: [String] { ["steps", "last", "values", "points", "start", "method", "stopped"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "steps": return .number(Double(steps))
    case "last": return .vector(last)
    case "values": return .vector(values)
    case "points": return .matrix(Matrix(rowArrays: points))
    case "start": return .vector(start)
    case "method": return .string(method.name)
    case "stopped": return .string(stopReason)
    default: return nil
    }
  }

  /// Why it stopped, as a sentence without a capital or a full stop.
  public var stopReason: String {
    switch stop {
    case .steps(let n):
      return "it took the \(n) step\(n == 1 ? "" : "s") allowed"
    case .moved(let eps):
      return "every parameter moved less than \(Format.number(eps)) in step \(steps)"
    case .gradient(let eps):
      return "the gradient's norm fell below \(Format.number(eps)) at step \(steps)"
    case .interrupted:
      return "Ctrl-C interrupted it after \(steps) step\(steps == 1 ? "" : "s")"
    case .notFinite(let what, let value, let step):
      return "\(what) became \(Format.number(value)) at step \(step), so the path ends at step \(step - 1)"
        + " (the steps diverge: try a smaller lr)"
    }
  }

  public var rendered: String {
    let rows = [
      ["start", Format.vector(start), "f = \(Format.number(values[0]))"],
      ["end", Format.vector(last), "f = \(Format.number(values[values.count - 1]))"],
    ]
    var lines = ["descent of \(function) by \(label): \(steps) step\(steps == 1 ? "" : "s")"]
    lines += Format.table(rows, leftAligned: [0, 1, 2]).split(separator: "\n").map { "  " + $0 }
    lines.append("  stopped: \(stopReason)")
    if stride > 1 {
      lines.append("  kept \(points.count) of \(steps + 1) points: every \(PathValue.ordinal(stride)) and the last")
    }
    return lines.joined(separator: "\n")
  }

  /// `save(p, "p.csv")`: a row per kept point (step, each parameter, f); `.json`: vanish.path/1.
  public func savedText(path: String) throws(Diagnostic) -> String? {
    try ValueFiles.path(self, path: path)
  }

  /// 2nd, 4th, 32nd, 8192nd: the strides are powers of two.
  static func ordinal(_ n: Int) -> String {
    if (11...13).contains(n % 100) { return "\(n)th" }
    switch n % 10 {
    case 1: return "\(n)st"
    case 2: return "\(n)nd"
    case 3: return "\(n)rd"
    default: return "\(n)th"
    }
  }
}

/// A descent path of a function of two parameters draws in its plane: `contour(f, paths=[p])`.
extension PathValue: PlanePath {}

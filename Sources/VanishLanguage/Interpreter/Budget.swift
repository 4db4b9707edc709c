import Foundation
import VanishCore

/// What one interpreter may spend, for running input nobody has read (the fuzzer, an
/// embedding): how large one value may grow, how many steps a whole session may take, and
/// which files it may touch. An interpreter without a budget (the default, the CLI and the
/// REPL) is limited only by `Limits` and the machine.
///
/// Sizes are checked before the work starts; steps are counted as they are taken: every
/// expression evaluated, every step of `descend` (at the point where it polls Ctrl-C), and
/// for the numeric kernels (products, forward and backward passes, training, gradcheck) one
/// step per `Budget.workPerStep` multiply-adds, charged before the kernel runs. Going over
/// is an error that starts with "budget exceeded:"; what ran before it stays done.
public struct Budget: Sendable, Equatable {
  /// Where `save`, `load`, `csv`, `idx`, `fashion_mnist` and `:load` may go.
  public enum Files: Sendable, Equatable {
    /// Anywhere the process may (the default).
    case anywhere
    /// Only relative names without `..`, inside this directory.
    case confined(to: String)
    /// Nowhere: every file builtin is an error.
    case none
  }

  /// The most numbers one value may hold: a network's parameters, a vector's or matrix's
  /// elements, a dataset's inputs and targets.
  public var maxElements: Int
  /// The most steps the session may take, over every statement it runs.
  public var maxSteps: Int
  public var files: Files

  /// Multiply-adds of a numeric kernel that count as one step.
  public static let workPerStep = 1000

  public init(maxElements: Int, maxSteps: Int, files: Files = .anywhere) {
    self.maxElements = maxElements
    self.maxSteps = maxSteps
    self.files = files
  }

  /// The fuzzer's: small enough that no input runs for more than a second (an evaluation
  /// costs about 10 µs under AddressSanitizer and coverage) or needs
  /// more than a few hundred megabytes; files only inside `directory`.
  public static func fuzzing(directory: String) -> Budget {
    Budget(maxElements: 20_000, maxSteps: 100_000, files: .confined(to: directory))
  }
}

extension Interpreter {
  /// Counts `steps` more steps against the budget (nothing without one).
  public func spend(_ steps: Int, on what: @autoclosure () -> String, at range: SourceRange?) throws(Diagnostic) {
    guard let budget else { return }
    let (total, overflow) = stepsTaken.addingReportingOverflow(max(steps, 0))
    if overflow || total > budget.maxSteps {
      throw Diagnostic(
        "budget exceeded: \(what()) would take the session past its \(budget.maxSteps) steps", at: range,
        hint: "this session runs with a budget; do less per statement")
    }
    stepsTaken = total
  }

  /// Counts a numeric kernel of `multiplyAdds` (an estimate) against the budget.
  func spendWork(_ multiplyAdds: Double, on what: @autoclosure () -> String, at range: SourceRange?) throws(Diagnostic) {
    guard budget != nil else { return }
    let steps = (multiplyAdds / Double(Budget.workPerStep)).rounded(.up)
    try spend(steps >= Double(Int.max / 2) ? Int.max / 2 : max(Int(steps), 1), on: what(), at: range)
  }

  /// Refuses, before allocating it, a value of `count` numbers (possibly the product of two
  /// sizes, so given as a Double that cannot overflow) that is larger than the budget allows.
  func checkElements(_ count: Double, _ what: @autoclosure () -> String, at range: SourceRange?) throws(Diagnostic) {
    guard let budget, count > Double(budget.maxElements) else { return }
    throw Diagnostic(
      "budget exceeded: \(what()) would hold \(Format.number(count)) numbers; this session allows \(budget.maxElements)",
      at: range, hint: "this session runs with a budget; use smaller sizes")
  }

  /// The path a file name given by the user stands for, when the budget lets the session
  /// touch it.
  public func accessiblePath(_ name: String, at range: SourceRange?) throws(Diagnostic) -> String {
    switch budget?.files ?? .anywhere {
    case .anywhere:
      return resolvePath(name)
    case .none:
      throw Diagnostic("files are turned off in this session (it runs with a budget)", at: range)
    case .confined(let directory):
      let parts = name.split(separator: "/", omittingEmptySubsequences: false)
      if name.isEmpty || name.hasPrefix("/") || name.hasPrefix("~") || parts.contains("..") || name.contains("\0") {
        throw Diagnostic(
          "this session may only use files inside its own directory; give a plain relative name such as \"net.json\"",
          at: range)
      }
      return directory + "/" + name
    }
  }
}

extension Value {
  /// How many numbers the value holds, for the budget (0 for kinds without a fixed size).
  var elementCount: Int {
    switch self {
    case .vector(let v): return v.count
    case .matrix(let m): return m.rows * m.cols
    case .network(let box): return box.network.parameterCount
    case .dataset(let d): return d.size * (d.inputSize + d.outputSize)
    default: return 0
    }
  }
}

extension Interpreter {
  /// Counts a pass of `examples` examples through `net` (forward, or forward and backward)
  /// `passes` times, and refuses one whose activations would be larger than a value may be.
  func spendPass(
    _ net: Network, examples: Int, passes: Double = 1, backward: Bool = false, _ what: @autoclosure () -> String,
    at range: SourceRange?
  ) throws(Diagnostic) {
    guard budget != nil else { return }
    let neurons = Double(net.layers.reduce(net.inputSize) { $0 + $1.outputs })
    try checkElements(Double(examples) * neurons * (backward ? 3 : 1), "the activations of \(what())", at: range)
    try spendWork(passes * Double(examples) * Double(net.parameterCount) * (backward ? 3 : 1), on: what(), at: range)
  }

  /// Checks a binary operation before it runs: the size of a product or a composed network,
  /// and the work of both.
  func spendOperation(_ op: BinaryOperator, _ l: Value, _ r: Value, at range: SourceRange) throws(Diagnostic) {
    guard budget != nil else { return }
    switch (op, l.numeric, r.numeric) {
    case (.matmul, .matrix(let a), .matrix(let b)):
      try checkElements(Double(a.rows) * Double(b.cols), "this product", at: range)
      try spendWork(Double(a.rows) * Double(a.cols) * Double(b.cols), on: "this product", at: range)
    case (.matmul, .matrix(let a), .vector(let b)):
      try spendWork(Double(a.rows) * Double(b.count), on: "this product", at: range)
    case (.matmul, .vector(let a), .matrix(let b)):
      try spendWork(Double(a.count) * Double(b.cols), on: "this product", at: range)
    case (.compose, _, _):
      try checkElements(Double(l.elementCount) + Double(r.elementCount), "this network", at: range)
    default:
      try spendWork(Double(max(l.elementCount, r.elementCount)), on: "this operation", at: range)
    }
  }
}

extension Value {
  /// How many examples a network's input holds: a vector is one, a matrix one per row.
  var exampleCount: Int {
    switch self {
    case .matrix(let m): return m.rows
    default: return 1
    }
  }
}

extension DifferentiableFunction {
  /// The operations of f and of its gradient (each counted up to a million), for the budget.
  var operationCount: Int {
    ([expression] + gradient).reduce(0) { $0 + $1.nodeCount(upTo: 1_000_000) }
  }
}

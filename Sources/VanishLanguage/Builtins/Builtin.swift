import VanishCore

/// A function the language provides. Each carries its own help: the signature, one line
/// of meaning, and an example that the tests run.
public struct Builtin {
  public enum Group: String, CaseIterable, Sendable {
    case networks = "Networks"
    case gradients = "Gradients"
    case optimisation = "Optimisation of functions"
    case activations = "Activations and costs"
    case arrays = "Numbers, vectors and matrices"
    case data = "Data"
    case training = "Training"
    case files = "Files"
    case plots = "Plots"
    case theory = "Theory"
  }

  public let name: String
  public let group: Group
  public let signature: String
  public let summary: String
  public let example: String
  /// More lines for `:help name` where one line of summary is not enough (may be empty).
  public let details: String
  /// Named arguments it accepts (checked before the call, with suggestions for typos).
  public let named: [String]
  /// False when the builtin checks its named arguments itself: `contour` takes its function's
  /// own parameter names (w1=, w2=) as well as `named`.
  public let checksNamed: Bool
  public let body: (inout CallContext) throws(Diagnostic) -> Value

  public init(
    _ name: String, _ group: Group, signature: String, summary: String, details: String = "",
    example: String, named: [String] = [], checksNamed: Bool = true,
    body: @escaping (inout CallContext) throws(Diagnostic) -> Value
  ) {
    self.details = details
    self.name = name
    self.group = group
    self.signature = signature
    self.summary = summary
    self.example = example
    self.named = named
    self.checksNamed = checksNamed
    self.body = body
  }
}

/// What a builtin sees of its call: the evaluated arguments with their source ranges,
/// and the interpreter (for the random generator and the variables).
public struct CallContext {
  public let name: String
  public let range: SourceRange
  public var positional: [(value: Value, range: SourceRange)]
  public var named: [String: (value: Value, range: SourceRange)]
  public unowned let interpreter: Interpreter

  /// An error about the call as a whole.
  public func error(_ message: String, hint: String? = nil) -> Diagnostic {
    Diagnostic(message, at: range, hint: hint)
  }

  public func requireCount(_ range: ClosedRange<Int>, usage: String) throws(Diagnostic) {
    if !range.contains(positional.count) {
      let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
      throw error(
        "\(name) takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), got \(positional.count)",
        hint: "usage: \(usage)")
    }
  }

  /// The i-th positional argument, or the named one, or nil when neither is given.
  public func optional(_ i: Int, _ key: String? = nil) -> (value: Value, range: SourceRange)? {
    if i < positional.count { return positional[i] }
    if let key, let v = named[key] { return v }
    return nil
  }

  public func argument(_ i: Int, _ key: String, usage: String) throws(Diagnostic) -> (value: Value, range: SourceRange) {
    guard let a = optional(i, key) else {
      throw error("\(name) needs its argument '\(key)'", hint: "usage: \(usage)")
    }
    return a
  }

  public func number(_ arg: (value: Value, range: SourceRange), _ what: String) throws(Diagnostic) -> Double {
    if case .number(let v) = arg.value { return v }
    throw Diagnostic("\(what) must be a number, not \(arg.value.aKind)", at: arg.range)
  }

  /// A whole number within `range` (sizes, counts, seeds).
  public func integer(_ arg: (value: Value, range: SourceRange), _ what: String, in allowed: ClosedRange<Int>) throws(Diagnostic) -> Int {
    let v = try number(arg, what)
    // Int(exactly:) fails for fractions, NaN, infinities and numbers beyond Int (2^63 is a
    // Double that Int cannot hold: Double(Int.max) rounds up to it).
    guard let n = Int(exactly: v), allowed.contains(n) else {
      throw Diagnostic(
        "\(what) must be a whole number from \(allowed.lowerBound) to \(allowed.upperBound), not \(Format.number(v))",
        at: arg.range)
    }
    return n
  }

  public func vector(_ arg: (value: Value, range: SourceRange), _ what: String) throws(Diagnostic) -> [Double] {
    switch arg.value {
    case .vector(let v): return v
    case .number(let x): return [x]
    default:
      throw Diagnostic("\(what) must be a vector, not \(arg.value.aKind)", at: arg.range)
    }
  }

  public func network(_ arg: (value: Value, range: SourceRange), _ what: String = "the first argument") throws(Diagnostic) -> NetworkBox {
    if case .network(let box) = arg.value { return box }
    throw Diagnostic("\(what) must be a network, not \(arg.value.aKind)", at: arg.range)
  }

  public func string(_ arg: (value: Value, range: SourceRange), _ what: String) throws(Diagnostic) -> String {
    if case .string(let s) = arg.value { return s }
    let names = what.contains("file") || what.contains("directory")
    throw Diagnostic("\(what) must be a string, not \(arg.value.aKind)", at: arg.range,
      hint: names ? "write file names in quotes: \"net.json\"" : nil)
  }

  public func activation(_ arg: (value: Value, range: SourceRange)) throws(Diagnostic) -> Activation {
    if case .activation(let a) = arg.value { return a }
    throw Diagnostic(
      "expected an activation, not \(arg.value.aKind)", at: arg.range,
      hint: "one of " + Activation.allCases.map(\.name).joined(separator: ", "))
  }

  public func cost(default fallback: Cost = .quadratic) throws(Diagnostic) -> Cost {
    guard let arg = named["cost"] else { return fallback }
    if case .cost(let c) = arg.value { return c }
    throw Diagnostic("cost must be quadratic or cross_entropy, not \(arg.value.aKind)", at: arg.range)
  }

  public func initializer(_ key: String) throws(Diagnostic) -> Initializer? {
    guard let arg = named[key] else { return nil }
    switch arg.value {
    case .initializer(let i): return i
    case .number(let v): return .constant(v)
    default:
      throw Diagnostic(
        "\(key)= must be an initialiser, not \(arg.value.aKind)", at: arg.range,
        hint: "nielsen, gaussian(mean, std), xavier, xavier_normal, he, const(v), orthogonal")
    }
  }

  /// Converts a core error into a diagnostic at this call.
  public func wrap<T>(_ body: () throws(CoreError) -> T) throws(Diagnostic) -> T {
    do {
      return try body()
    } catch {
      throw self.error(error.description)
    }
  }
}

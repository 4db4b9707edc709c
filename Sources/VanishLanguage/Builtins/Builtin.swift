import VanishCore

/// A function the language provides. Each carries its own help: one line of meaning, an
/// example that the tests run, and its parameters, from which come the signature `:help`
/// shows, the `usage:` of every error about a call, and the checks before the body runs.
///
/// Declaring one, with a parameter of each sort:
///
///     Builtin(
///       "dense", .networks,
///       parameters: [
///         Parameter("in", .integer(1...Limits.maxLayerSize), about: "the number of inputs"),  // required
///         Parameter("out", .integer(1...Limits.maxLayerSize), about: "the number of neurons"),
///         Parameter("act", .activation, default: .activation(.sigmoid)),  // shown act=sigmoid
///         Parameter("init", .initializer, default: .initializer(.nielsen), about: "init="),
///         Parameter("bias", .initializer, optional: "...", about: "bias="),  // no default value: bias=...
///       ],
///       summary: "one dense layer of `out` neurons on `in` inputs",
///       example: "dense(784, 30, sigmoid, init=xavier)"
///     ) { (c: inout CallContext) throws(Diagnostic) in
///       let nIn = try c.integer("in")                 // checked already: a whole number in range
///       let act = try c.activation("act")             // the argument, or sigmoid
///       let biases = c.has("bias") ? try c.initializer("bias") : nil
///       ...
///     }
///
/// Its signature is `dense(in, out, act=sigmoid, init=nielsen, bias=...)`. Before the body
/// runs, the call is bound as Python binds one: positional arguments fill the parameters in
/// order, named ones by name (`Parameter.named(...)` takes only a name, as `epochs=5`). From the
/// declaration alone come the errors `dense takes 2 to 5 arguments, got 7`, `dense needs its
/// argument 'out'`, `dense has no argument 'actt'; did you mean 'act'?`, `argument 'in' is given
/// twice, by position and by name`, and the type errors: `dense's 'act' must be an activation,
/// not a number`; with `about:`, `the number of inputs must be a whole number from 1 to
/// 100000000, not 0`; for a first parameter without one, `copy needs a network, not a number`.
/// Each hint quotes the signature.
///
/// `.any` takes any value and leaves its check to the body (`sum` takes numbers, vectors and
/// matrices, with its own message). Several parameter lists (`overloads:`) are for builtins
/// whose forms differ: `grad(net, x, y)`, `grad(f)`; the first argument's kind chooses among
/// them, then the first list that takes the call wins (`c.overload` says which). A list that
/// ends in `Parameter.keywords("w1=[-2, 2], w2=[-2, 2]")` passes other named arguments to the
/// body unchecked, in `c.keywords` (contour's ranges are named after its function's parameters).
public struct Builtin {
  public enum Group: String, CaseIterable, Sendable {
    case networks = "Networks"
    case gradients = "Gradients"
    case optimisation = "Optimisation of functions"
    case activations = "Activations and costs"
    case arrays = "Numbers, vectors and matrices"
    case theory = "Theory tools"
    case data = "Data"
    case training = "Training"
    case files = "Files"
    case plots = "Plots"
  }

  public let name: String
  public let group: Group
  public let summary: String
  public let example: String
  /// More lines for `:help name` where one line of summary is not enough (may be empty).
  public let details: String
  /// Its parameter lists: one, or several for a builtin with several forms.
  public let overloads: [[Parameter]]
  public let body: (inout CallContext) throws(Diagnostic) -> Value

  public init(
    _ name: String, _ group: Group, parameters: [Parameter], summary: String, details: String = "",
    example: String, body: @escaping (inout CallContext) throws(Diagnostic) -> Value
  ) {
    self.init(name, group, overloads: [parameters], summary: summary, details: details, example: example, body: body)
  }

  public init(
    _ name: String, _ group: Group, overloads: [[Parameter]], summary: String, details: String = "",
    example: String, body: @escaping (inout CallContext) throws(Diagnostic) -> Value
  ) {
    self.name = name
    self.group = group
    self.overloads = overloads
    self.summary = summary
    self.details = details
    self.example = example
    self.body = body
  }

  /// `dense(in, out, act=sigmoid, init=nielsen, bias=...)`; the forms of one with several,
  /// `zeros(n) or zeros(rows, cols)`.
  public var signature: String {
    Builtin.list(overloads.map(signature(of:)), "or")
  }
}

/// What a builtin sees of its call: the arguments bound to its parameters, with their source
/// ranges, and the interpreter (for the random generator and the variables).
public struct CallContext {
  /// An argument as a builtin receives it: the value, and the text it came from.
  public typealias Argument = (value: Value, range: SourceRange)

  let builtin: Builtin
  public var name: String { builtin.name }
  public let range: SourceRange
  /// The parameter list the call matched.
  public let parameters: [Parameter]
  /// Which of the builtin's parameter lists that is (0 when it has one).
  public let overload: Int
  /// The argument given for each parameter, or nil.
  let slots: [Argument?]
  /// Named arguments that no parameter takes, for a list with `Parameter.keywords`.
  public let keywords: [String: Argument]
  /// `usage: ` and the builtin's signature, for hints.
  public var usage: String { builtin.usage }
  public unowned let interpreter: Interpreter

  /// An error about the call as a whole.
  public func error(_ message: String, hint: String? = nil) -> Diagnostic {
    Diagnostic(message, at: range, hint: hint)
  }

  /// Whether the call gives this argument (by position or by name).
  public func has(_ name: String) -> Bool { given(name) != nil }

  /// The argument the call gives for a parameter, or nil.
  public func given(_ name: String) -> Argument? {
    parameters.firstIndex { $0.name == name }.flatMap { slots[$0] }
  }

  /// The argument for a parameter, or its default value (at the call).
  public func argument(_ name: String) throws(Diagnostic) -> Argument {
    guard let i = parameters.firstIndex(where: { $0.name == name }) else {
      throw error("internal error: \(self.name) has no parameter '\(name)'")
    }
    if let a = slots[i] { return a }
    if let v = parameters[i].defaultValue { return (v, range) }
    throw error("\(self.name) needs its argument '\(name)'", hint: usage)
  }

  /// The argument of a parameter whose kind is not the one asked for: a builtin's mistake.
  private func wrongKind(_ name: String, _ arg: Argument) -> Diagnostic {
    Diagnostic("internal error: \(self.name)'s '\(name)' is \(arg.value.aKind)", at: arg.range)
  }

  public func value(_ name: String) throws(Diagnostic) -> Value { try argument(name).value }

  public func number(_ name: String) throws(Diagnostic) -> Double {
    let a = try argument(name)
    guard case .number(let v) = a.value else { throw wrongKind(name, a) }
    return v
  }

  /// A `.integer` parameter, checked against its range already.
  public func integer(_ name: String) throws(Diagnostic) -> Int {
    let v = try number(name)
    guard let n = Int(exactly: v) else { throw wrongKind(name, try argument(name)) }
    return n
  }

  /// A whole number within a range known only at the call (explain's layer: 1 to the depth).
  public func integer(_ name: String, in allowed: ClosedRange<Int>) throws(Diagnostic) -> Int {
    let a = try argument(name)
    let p = parameters.first { $0.name == name }
    return try integer(a, p?.about ?? "\(self.name)'s '\(name)'", in: allowed)
  }

  public func vector(_ name: String) throws(Diagnostic) -> [Double] {
    let a = try argument(name)
    switch a.value {
    case .vector(let v): return v
    case .number(let x): return [x]
    default: throw wrongKind(name, a)
    }
  }

  public func bool(_ name: String) throws(Diagnostic) -> Bool {
    let a = try argument(name)
    guard case .bool(let b) = a.value else { throw wrongKind(name, a) }
    return b
  }

  public func string(_ name: String) throws(Diagnostic) -> String {
    let a = try argument(name)
    guard case .string(let s) = a.value else { throw wrongKind(name, a) }
    return s
  }

  /// A `.path` parameter, resolved from the session's directory and checked as `accessiblePath`.
  public func path(_ name: String) throws(Diagnostic) -> String {
    let a = try argument(name)
    return try interpreter.accessiblePath(try string(name), at: a.range)
  }

  public func network(_ name: String) throws(Diagnostic) -> NetworkBox {
    let a = try argument(name)
    guard case .network(let box) = a.value else { throw wrongKind(name, a) }
    return box
  }

  public func activation(_ name: String) throws(Diagnostic) -> Activation {
    let a = try argument(name)
    guard case .activation(let g) = a.value else { throw wrongKind(name, a) }
    return g
  }

  public func cost(_ name: String) throws(Diagnostic) -> Cost {
    let a = try argument(name)
    guard case .cost(let c) = a.value else { throw wrongKind(name, a) }
    return c
  }

  public func initializer(_ name: String) throws(Diagnostic) -> Initializer {
    let a = try argument(name)
    switch a.value {
    case .initializer(let i): return i
    case .number(let v): return .constant(v)
    default: throw wrongKind(name, a)
    }
  }

  public func method(_ name: String) throws(Diagnostic) -> Optimizer.Method {
    let a = try argument(name)
    guard case .custom(let m as MethodValue) = a.value else { throw wrongKind(name, a) }
    return m.method
  }

  public func dataset(_ name: String) throws(Diagnostic) -> Dataset {
    let a = try argument(name)
    guard case .dataset(let d) = a.value else { throw wrongKind(name, a) }
    return d
  }

  public func gradient(_ name: String) throws(Diagnostic) -> Gradient {
    let a = try argument(name)
    guard case .gradient(let g) = a.value else { throw wrongKind(name, a) }
    return g.gradient
  }

  public func function(_ name: String) throws(Diagnostic) -> UserFunction {
    let a = try argument(name)
    guard case .function(let f) = a.value else { throw wrongKind(name, a) }
    return f
  }

  // Checks of values the body takes apart itself (a `.any` parameter, a range's ends).

  public func number(_ arg: Argument, _ what: String) throws(Diagnostic) -> Double {
    if case .number(let v) = arg.value { return v }
    throw Diagnostic("\(what) must be a number, not \(arg.value.aKind)", at: arg.range)
  }

  /// A whole number within `range` (sizes, counts, seeds).
  public func integer(_ arg: Argument, _ what: String, in allowed: ClosedRange<Int>) throws(Diagnostic) -> Int {
    let v = try number(arg, what)
    // Int(exactly:) fails for fractions, NaN, infinities and numbers beyond Int.
    guard let n = Int(exactly: v), allowed.contains(n) else {
      throw Diagnostic(
        "\(what) must be a whole number from \(allowed.lowerBound) to \(allowed.upperBound), not \(Format.number(v))",
        at: arg.range)
    }
    return n
  }

  public func vector(_ arg: Argument, _ what: String) throws(Diagnostic) -> [Double] {
    switch arg.value {
    case .vector(let v): return v
    case .number(let x): return [x]
    default:
      throw Diagnostic("\(what) must be a vector, not \(arg.value.aKind)", at: arg.range)
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

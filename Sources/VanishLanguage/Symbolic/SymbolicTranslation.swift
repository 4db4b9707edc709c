/// Turns the body of a user function into a `SymbolicExpr`, inlining the user functions it
/// calls. Names other than the parameters are read now, from the global variables, and
/// must be numbers: `grad(f)` treats them as constants.
///
/// The tree is built as written (not simplified), so evaluating it does the same arithmetic
/// as the interpreter and gives the same bits as calling f.
struct SymbolicTranslation {
  let interpreter: Interpreter
  /// The builtin asking ("grad", "descend"), for messages.
  let asker: String
  /// Where to point when the construct at fault lies in a definition that is not in the
  /// source being run (an earlier line at the prompt): the argument naming the function.
  let fallbackRange: SourceRange
  private var depth = 0
  /// Expressions translated so far, inlined calls counted each time.
  private var operations = 0
  /// The function asked about.
  private var top = ""

  /// Inlining can make a short definition huge (`h(w) = g(w) + g(w)` nested 30 deep has
  /// 2^30 terms); past this size grad refuses instead of working for hours.
  static let maxOperations = 10_000

  init(interpreter: Interpreter, asker: String, fallbackRange: SourceRange) {
    self.interpreter = interpreter
    self.asker = asker
    self.fallbackRange = fallbackRange
  }

  /// f's body with its parameters as variables.
  mutating func translate(_ f: UserFunction) throws(Diagnostic) -> SymbolicExpr {
    var bindings: [String: SymbolicExpr] = [:]
    for p in f.parameters { bindings[p] = .variable(p) }
    top = f.name
    let expression = try translate(f.body, bindings, in: f)
    // Arguments used twice are shared here but not once simplified: count the tree.
    if expression.nodeCount(upTo: Self.maxOperations + 1) > Self.maxOperations { throw tooLarge }
    return expression
  }

  private var tooLarge: Diagnostic {
    Diagnostic(
      "\(asker) cannot differentiate \(top): with the functions it calls written out it has more than \(Self.maxOperations) operations",
      at: fallbackRange, hint: "define it with fewer nested calls")
  }

  private mutating func translate(_ e: Expr, _ bindings: [String: SymbolicExpr], in f: UserFunction)
    throws(Diagnostic) -> SymbolicExpr
  {
    func refuse(_ reason: String, hint: String? = nil) -> Diagnostic {
      unsupported(e.range, in: f, reason, hint: hint)
    }
    operations += 1
    if operations > Self.maxOperations { throw tooLarge }
    switch e.kind {
    case .number(let v):
      return .constant(v)
    case .identifier(let name):
      if let bound = bindings[name] { return bound }
      switch try global(name, at: e.range, in: f) {
      case .number(let v): return .constant(v)
      case .function: throw refuse("'\(name)' is a function; call it: \(name)(...)")
      case let other:
        throw refuse("it is \(other.aKind); names other than the parameters must be numbers")
      }
    case .unary(.negate, let operand):
      return .product([.constant(-1), try translate(operand, bindings, in: f)])
    case .binary(let op, let left, let right):
      switch op {
      case .matmul: throw refuse("'@' (the matrix product) is not supported", hint: Self.knows)
      case .compose: throw refuse("'->' composes networks", hint: Self.knows)
      default: break
      }
      let a = try translate(left, bindings, in: f)
      let b = try translate(right, bindings, in: f)
      switch op {
      case .add: return .sum([a, b])
      case .subtract: return .sum([a, .product([.constant(-1), b])])
      case .multiply: return .product([a, b])
      case .divide: return .product([a, .power(b, .constant(-1))])
      default: return .power(a, b)
      }
    case .call(let callee, let arguments):
      return try call(callee, arguments, at: e.range, bindings, in: f)
    case .array: throw refuse("vectors and matrices are not supported", hint: Self.scalar)
    case .string: throw refuse("it is a string", hint: Self.scalar)
    case .bool: throw refuse("it is a bool", hint: Self.scalar)
    case .field: throw refuse("fields are not supported", hint: Self.scalar)
    case .index: throw refuse("indices are not supported", hint: Self.scalar)
    case .range, .steppedRange: throw refuse("ranges are vectors, which are not supported", hint: Self.scalar)
    case .comprehension: throw refuse("comprehensions make vectors, which are not supported", hint: Self.scalar)
    case .transpose: throw refuse("transposes are not supported", hint: Self.scalar)
    case .repetition: throw refuse("repetitions build networks", hint: Self.scalar)
    }
  }

  private mutating func call(
    _ callee: Expr, _ arguments: [CallArgument], at range: SourceRange, _ bindings: [String: SymbolicExpr],
    in f: UserFunction
  ) throws(Diagnostic) -> SymbolicExpr {
    guard case .identifier(let name) = callee.kind else {
      throw unsupported(callee.range, in: f, "only functions called by name can be differentiated", hint: Self.knows)
    }
    if bindings[name] != nil {
      throw unsupported(callee.range, in: f, "'\(name)' is a parameter, not a function")
    }
    let value = try global(name, at: callee.range, in: f)
    var positional: [SymbolicExpr] = []
    var named: [(name: String, value: SymbolicExpr, range: SourceRange)] = []
    for a in arguments {
      let v = try translate(a.value, bindings, in: f)
      if let key = a.name {
        named.append((key, v, a.nameRange.map { $0.to(a.value.range) } ?? a.value.range))
      } else {
        positional.append(v)
      }
    }
    if case .function(let g) = value {
      let locals = try g.bind(positional: positional, named: named, at: place(range, in: f))
      depth += 1
      defer { depth -= 1 }
      if depth > Calls.maxCallDepth {
        throw Diagnostic(
          "functions call each other more than \(Calls.maxCallDepth) levels deep", at: place(range, in: f),
          hint: "a function that calls itself never stops")
      }
      return try translate(g.body, locals, in: g)
    }
    guard let function = Self.function(value), SymbolicFunction.callable.contains(function) else {
      throw unsupported(callee.range, in: f, "'\(name)' is not a function grad knows", hint: Self.knows)
    }
    if let extra = named.first {
      throw Diagnostic("\(name) takes no named argument '\(extra.name)'", at: place(extra.range, in: f))
    }
    guard positional.count == 1 else {
      throw Diagnostic("\(name) takes 1 argument, got \(positional.count)", at: place(range, in: f))
    }
    return .call(function, positional[0])
  }

  /// The function a builtin or an activation names, if it is one an expression may hold.
  private static func function(_ value: Value) -> SymbolicFunction? {
    switch value {
    case .builtin(let b): return SymbolicFunction(rawValue: b.name)
    case .activation(let a): return SymbolicFunction(rawValue: a.name)
    default: return nil
    }
  }

  /// A name that is not a parameter: a global variable, a constant or a builtin (never
  /// the parameters of a call under way: functions see only their own parameters).
  private func global(_ name: String, at range: SourceRange, in f: UserFunction) throws(Diagnostic) -> Value {
    if let v = interpreter.globals[name] ?? Interpreter.constants[name] { return v }
    if let b = interpreter.builtins[name] { return .builtin(b) }
    var d = interpreter.unknownName(name, at: range)
    d.range = place(range, in: f)
    throw d
  }

  private static let knows =
    "grad knows + - * / ^, " + SymbolicFunction.callable.map(\.name).joined(separator: ", ")
    + " and the functions you define"
  private static let scalar = "grad differentiates functions of numbers, such as f(w1, w2) = 0.001*w1^2 + w2^2"

  private func unsupported(_ range: SourceRange, in f: UserFunction, _ reason: String, hint: String? = nil) -> Diagnostic {
    let text = f.text(of: range) ?? "this"
    return Diagnostic("\(asker) cannot differentiate '\(text)' in \(f.name): \(reason)", at: place(range, in: f), hint: hint)
  }

  /// `range` when f's definition is part of the source being run, otherwise the fallback.
  private func place(_ range: SourceRange, in f: UserFunction) -> SourceRange {
    interpreter.isRunning(f) ? range : fallbackRange
  }
}

extension UserFunction {
  /// Where the definition `f(w1, w2) = body` starts in the source it was read from.
  var definitionOffset: Int { body.range.end.offset - source.count }

  /// The text of a part of the definition.
  func text(of range: SourceRange) -> String? {
    let chars = Array(source)
    let start = range.start.offset - definitionOffset
    let end = range.end.offset - definitionOffset
    guard start >= 0, start <= end, end <= chars.count else { return nil }
    return String(chars[start..<end])
  }
}

extension Interpreter {
  /// True when f was defined in the source being run, so that its ranges point into it.
  func isRunning(_ f: UserFunction) -> Bool {
    let chars = Array(source)
    let start = f.definitionOffset
    let end = f.body.range.end.offset
    guard start >= 0, end <= chars.count else { return false }
    return String(chars[start..<end]) == f.source
  }
}

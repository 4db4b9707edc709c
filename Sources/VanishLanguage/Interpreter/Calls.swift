import VanishCore

/// What calling each kind of value means: builtins run, activations apply elementwise,
/// `d(g)` gives g', a network runs forward, a user function evaluates its body.
enum Calls {
  static func call(
    _ callee: Value, name: String, positional: [(value: Value, range: SourceRange)],
    named: [String: (value: Value, range: SourceRange)], in interpreter: Interpreter, at range: SourceRange
  ) throws(Diagnostic) -> Value {
    switch callee {
    case .builtin(let b):
      var context = try b.bind(positional, named, at: range, in: interpreter)
      return try b.body(&context)
    case .activation(let g) where g == .softmax:
      let x = try single(positional, named, name, range)
      return try softmax(x)
    case .activation(let g):
      let x = try single(positional, named, name, range)
      return try mapNumbers(x, name: g.name, g.apply)
    case .derivative(let g):
      let x = try single(positional, named, name, range)
      return try mapNumbers(x, name: "d(\(g.name))", g.derivative)
    case .network(let box):
      let x = try single(positional, named, name, range)
      try interpreter.spendPass(box.network, examples: x.value.exampleCount, "this forward pass", at: range)
      return try Networks.forward(box.network, x.value, at: x.range, whole: range)
    case .function(let f):
      return try callFunction(f, positional, named, in: interpreter, at: range)
    case .custom(let c as any CallableValue):
      return try c.call(positional: positional, named: named, at: range)
    default:
      throw Diagnostic("\(callee.aKind) cannot be called", at: range)
    }
  }

  private static func single(
    _ positional: [(value: Value, range: SourceRange)], _ named: [String: (value: Value, range: SourceRange)],
    _ name: String, _ range: SourceRange
  ) throws(Diagnostic) -> (value: Value, range: SourceRange) {
    if let (key, arg) = named.first {
      throw Diagnostic("\(name) takes no named argument '\(key)'", at: arg.range)
    }
    guard positional.count == 1 else {
      throw Diagnostic("\(name) takes 1 argument, got \(positional.count)", at: range)
    }
    return positional[0]
  }

  /// softmax of a vector (exp(x - max x) / sum), of each row of a matrix; of a number, 1.
  static func softmax(_ arg: (value: Value, range: SourceRange)) throws(Diagnostic) -> Value {
    func of(_ v: [Double]) -> [Double] {
      var out = [Double](repeating: 0, count: v.count)
      v.withUnsafeBufferPointer { vp in
        out.withUnsafeMutableBufferPointer { op in
          Activation.softmaxColumn(vp.baseAddress!, into: op.baseAddress!, count: v.count, stride: 1)
        }
      }
      return out
    }
    switch arg.value.numeric {
    case .number: return .number(1)
    case .vector(let v) where !v.isEmpty: return .vector(of(v))
    case .matrix(let m) where m.cols > 0: return .matrix(Matrix(rowArrays: m.rowArrays.map(of)))
    default:
      throw Diagnostic("softmax takes a vector (or a matrix, row by row), not \(arg.value.aKind)", at: arg.range)
    }
  }

  /// Applies f to a number, or to every element of a vector or matrix.
  static func mapNumbers(_ arg: (value: Value, range: SourceRange), name: String, _ f: (Double) -> Double)
    throws(Diagnostic) -> Value
  {
    switch arg.value.numeric {
    case .number(let x): return .number(f(x))
    case .vector(let v): return .vector(v.map(f))
    case .matrix(let m): return .matrix(m.map(f))
    default:
      throw Diagnostic("\(name) applies to numbers, vectors and matrices, not \(arg.value.aKind)", at: arg.range)
    }
  }

  /// How deeply user functions may call each other.
  static let maxCallDepth = 200

  private static func callFunction(
    _ f: UserFunction, _ positional: [(value: Value, range: SourceRange)],
    _ named: [String: (value: Value, range: SourceRange)], in interpreter: Interpreter, at range: SourceRange
  ) throws(Diagnostic) -> Value {
    let bound = try f.bind(
      positional: positional.map(\.value), named: named.map { ($0.key, $0.value.value, $0.value.range) }, at: range)
    let outermost = interpreter.frames.isEmpty
    do {
      return try interpreter.withLocals(bound, at: range) { () throws(Diagnostic) in
        try interpreter.evaluate(f.body)
      }
    } catch {
      // An error inside a function defined in an earlier piece of text (a line typed at an
      // earlier prompt, a :load-ed file) has a place in that text, not in this one: report it
      // at the call, naming the function and quoting its definition.
      guard outermost, f.definedIn != interpreter.source, error.range != nil else { throw error }
      throw Diagnostic(
        "in \(f.name): \(error.message)", at: range,
        hint: error.hint.map { "\($0); \(f.name) is \(f.source)" } ?? "\(f.name) is \(f.source)")
    }
  }
}

extension UserFunction {
  /// Binds a call's arguments to the parameters: positional ones first, then named ones;
  /// every parameter exactly once. Values or, for `grad(f)`, expressions.
  func bind<T>(positional: [T], named: [(name: String, value: T, range: SourceRange)], at range: SourceRange)
    throws(Diagnostic) -> [String: T]
  {
    if let extra = named.first(where: { !parameters.contains($0.name) }) {
      throw Diagnostic("\(name) has no parameter '\(extra.name)'", at: extra.range)
    }
    var bound: [String: T] = [:]
    for (p, value) in zip(parameters, positional) { bound[p] = value }
    for (key, value, argRange) in named {
      if bound[key] != nil { throw Diagnostic("\(key) is given twice", at: argRange) }
      bound[key] = value
    }
    if positional.count > parameters.count || bound.count != parameters.count {
      throw Diagnostic(
        "\(name) takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s") (\(parameters.joined(separator: ", "))), got \(positional.count + named.count)",
        at: range)
    }
    return bound
  }
}

extension Interpreter {
  /// Evaluates `body` with a function's parameters bound; its body sees them and the globals
  /// (lexical scope: functions are defined at the top level).
  func withLocals(_ locals: [String: Value], at range: SourceRange, _ body: () throws(Diagnostic) -> Value)
    throws(Diagnostic) -> Value
  {
    if frames.count >= Calls.maxCallDepth {
      throw Diagnostic(
        "functions call each other more than \(Calls.maxCallDepth) levels deep", at: range,
        hint: "a function that calls itself never stops")
    }
    frames.append(locals)
    defer { frames.removeLast() }
    return try body()
  }
}

extension Calls {
  /// A user function at numbers, for builtins that sample one (contour draws f over a grid):
  /// each parameter is bound to a number, and the result must be a number.
  static func number(
    _ f: UserFunction, at arguments: [Double], in interpreter: Interpreter, at range: SourceRange
  ) throws(Diagnostic) -> Double {
    let locals = Dictionary(zip(f.parameters, arguments.map(Value.number)), uniquingKeysWith: { _, last in last })
    interpreter.sampling += 1
    defer { interpreter.sampling -= 1 }
    let value = try interpreter.withLocals(locals, at: range) { () throws(Diagnostic) in try interpreter.evaluate(f.body) }
    guard case .number(let v) = value else {
      let point = arguments.map(Format.number).joined(separator: ", ")
      throw Diagnostic("\(f.name)(\(point)) is \(value.aKind), not a number", at: range)
    }
    return v
  }
}

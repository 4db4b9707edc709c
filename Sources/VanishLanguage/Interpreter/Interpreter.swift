import Foundation
import VanishCore

/// Walks the syntax tree. It keeps the variables between statements, so a script and a
/// REPL line go down the same path and the REPL only has to keep the interpreter alive.
public final class Interpreter {
  public private(set) var globals: [String: Value] = [:]
  public let builtins: [String: Builtin]
  /// The generator behind every random draw; `seed(n)` replaces it.
  public var rng: SeededGenerator
  /// Where `print`-like builtins and warnings go.
  public var output: (String) -> Void
  /// The directory relative file names are read from and written to.
  public var workingDirectory: String?
  /// Where a training run shows its progress bar: standard error when it is a terminal, nowhere
  /// otherwise (pipes, files and tests get no bar); the machine mode sends it as events.
  public var progress: ProgressDisplay? = isatty(STDERR_FILENO) == 1 ? .terminal({ ProgressBar.standardError($0) }) : nil
  /// What this interpreter may spend (see `Budget`); nil, the default, is no budget.
  public var budget: Budget?
  /// The steps taken so far, counted only under a budget.
  public internal(set) var stepsTaken = 0

  public init(output: @escaping (String) -> Void = { print($0) }) {
    self.output = output
    var builtins: [String: Builtin] = [:]
    for b in Builtins.all { builtins[b.name] = b }
    self.builtins = builtins
    rng = SeededGenerator(seed: UInt64.random(in: 0...UInt64.max))
  }

  /// Forgets every variable (`:reset`).
  public func reset() {
    globals = [:]
  }

  /// Names of constants: activations, initialisers, costs.
  nonisolated(unsafe) public static let constants: [String: Value] = {
    var c: [String: Value] = [:]
    for a in Activation.allCases { c[a.name] = .activation(a) }
    for cost in Cost.allCases { c[cost.name] = .cost(cost) }
    c["nielsen"] = .initializer(.nielsen)
    c["xavier"] = .initializer(.xavier)
    c["xavier_normal"] = .initializer(.xavierNormal)
    c["he"] = .initializer(.he)
    c["orthogonal"] = .initializer(.orthogonal)
    c["pi"] = .number(Double.pi)
    c.merge(MethodValue.constants) { old, _ in old }
    return c
  }()

  /// Every name the user can refer to now: variables, constants and builtins.
  public var knownNames: [String] {
    Array(Set(globals.keys).union(Interpreter.constants.keys).union(builtins.keys)).sorted()
  }

  public func lookup(_ name: String) -> Value? {
    if let v = frames.last?[name] { return v }
    if let v = globals[name] { return v }
    if let c = Interpreter.constants[name] { return c }
    if let b = builtins[name] { return .builtin(b) }
    return nil
  }

  public func setGlobal(_ name: String, _ value: Value) {
    globals[name] = value
  }

  /// Above 0 while a builtin samples a function over a grid (contour): a point where it is
  /// NaN or infinite is left out of the picture, not an error.
  var sampling = 0

  /// The parameters of the user-function calls under way, innermost last.
  var frames: [[String: Value]] = []
  /// The source of the statement being run: ranges in errors point into it.
  public private(set) var source = ""

  // MARK: - Statements

  /// The variable that holds the value of the last statement that gave one (`ans`, as in
  /// Julia and MATLAB): the session sets it once the statement has run and printed.
  public static let answer = "ans"

  /// What a statement gave: its value, and whether it is printed (an expression's is; an
  /// assignment's or a definition's is not, but `ans` takes it all the same, as in Julia).
  public struct Result {
    public let value: Value
    public let prints: Bool
  }

  /// Runs one statement; nil for a command (the session runs those).
  public func execute(_ statement: Statement, source: String) throws(Diagnostic) -> Result? {
    self.source = source
    switch statement.kind {
    case .assign(let name, let valueExpr):
      let value = try evaluate(valueExpr)
      globals[name] = value
      return Result(value: value, prints: false)
    case .assignInto(let target, let valueExpr):
      let value = try evaluate(valueExpr)
      try assign(value, into: target)
      return Result(value: value, prints: false)
    case .define(let name, let parameters, let body):
      // Shadowing a builtin or a constant is allowed, as for variables.
      let text = definitionText(statement.range, in: source)
      let function = Value.function(
        UserFunction(name: name, parameters: parameters, body: body, source: text, definedIn: source))
      globals[name] = function
      return Result(value: function, prints: false)
    case .expression(let e):
      return Result(value: try evaluate(e), prints: true)
    case .command:
      return nil
    }
  }

  /// Makes `value` the answer, `ans`; a statement without a value (`seed(1)`) leaves it.
  public func setAnswer(_ value: Value) {
    if case .nothing = value { return }
    globals[Interpreter.answer] = value
  }

  /// The characters of the source being run, made once per source: a script of many
  /// definitions would otherwise split its whole text once per definition.
  private var sourceCharacters: (source: String, characters: [Character]) = ("", [])

  private func definitionText(_ range: SourceRange, in source: String) -> String {
    if sourceCharacters.source != source { sourceCharacters = (source, Array(source)) }
    let chars = sourceCharacters.characters
    guard range.start.offset <= range.end.offset, range.end.offset <= chars.count else { return "" }
    return String(chars[range.start.offset..<range.end.offset])
  }

  // MARK: - Expressions

  /// How many evaluations are under way, one inside the other (an expression's depth plus
  /// the depths of the function bodies it calls).
  private var evaluationDepth = 0
  /// The most evaluations one inside the other: a function deep in its own body that calls
  /// itself reaches it before the 200 calls of `Calls.maxCallDepth`.
  public static let maxEvaluationDepth = 10_000

  public func evaluate(_ e: Expr) throws(Diagnostic) -> Value {
    if budget != nil { try spend(1, on: "evaluating this", at: e.range) }
    if evaluationDepth >= Interpreter.maxEvaluationDepth {
      throw Diagnostic(
        "evaluation is more than \(Interpreter.maxEvaluationDepth) operations deep", at: e.range,
        hint: "a function that calls itself never stops")
    }
    // Ctrl-C stops any evaluation, even a function that calls itself 200 times over a deep
    // body; the session reports it as it reports an interrupted builtin.
    if Interrupt.isRequested {
      Interrupt.clear()
      throw Diagnostic(CoreError.interrupted.description, at: e.range)
    }
    evaluationDepth += 1
    defer { evaluationDepth -= 1 }
    return try evaluateNode(e)
  }

  private func evaluateNode(_ e: Expr) throws(Diagnostic) -> Value {
    switch e.kind {
    case .number(let v): return .number(v)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .identifier(let name):
      if let v = lookup(name) { return v }
      throw unknownName(name, at: e.range)
    case .array(let items):
      return try array(items, at: e.range)
    case .unary(.negate, let operand):
      return try Operators.negate(try evaluate(operand), at: e.range)
    case .binary(let op, let left, let right):
      let l = try evaluate(left)
      let r = try evaluate(right)
      if budget != nil { try spendOperation(op, l, r, at: e.range) }
      let result = try Operators.apply(op, l, r, left: left.range, right: right.range, whole: e.range)
      if sampling > 0 { return result }
      try Numerics.check(
        result, of: "'\(op.rawValue)'", inputs: [l, r], divisor: op == .divide ? r : (op == .power ? l : nil), power: op == .power, at: e.range)
      return result
    case .call(let callee, let arguments):
      return try call(callee, arguments, at: e.range)
    case .index(let base, let index):
      return try Fields.index(try evaluate(base), by: index, baseRange: base.range, in: self, at: e.range)
    case .range(let lo, let hi):
      return try rangeValue(lo, nil, hi, at: e.range)
    case .steppedRange(let lo, let step, let hi):
      return try rangeValue(lo, step, hi, at: e.range)
    case .comprehension(let body, let name, let values):
      return try comprehension(body, name, values, at: e.range)
    case .field(let base, let name):
      return try Fields.field(try evaluate(base), name, at: e.range)
    case .transpose(let operand):
      return try Operators.transpose(try evaluate(operand), at: e.range)
    case .repetition(let operand, let count):
      return try repeatNetwork(try evaluate(operand), count, operandRange: operand.range, at: e.range)
    }
  }

  func unknownName(_ name: String, at range: SourceRange) -> Diagnostic {
    if name == Interpreter.answer {
      return Diagnostic(
        "unknown name 'ans'", at: range, hint: "ans is the value of the last statement; no statement has given one yet")
    }
    if let suggestion = Suggest.closest(to: name, in: knownNames) {
      return Diagnostic("unknown name '\(name)'; did you mean '\(suggestion)'?", at: range)
    }
    return Diagnostic("unknown name '\(name)'", at: range, hint: ":vars lists your variables, :help the builtins")
  }

  private func array(_ items: [Expr], at range: SourceRange) throws(Diagnostic) -> Value {
    var values: [(Value, SourceRange)] = []
    for item in items { values.append((try evaluate(item), item.range)) }
    if values.isEmpty { return .vector([]) }
    try checkElements(
      values.reduce(0.0) { if case .vector(let v) = $1.0 { $0 + Double(v.count) } else { $0 + 1 } }, "this array", at: range)
    if values.allSatisfy({ if case .number = $0.0 { return true } else { return false } }) {
      return .vector(values.map { if case .number(let v) = $0.0 { return v } else { return 0 } })
    }
    // Anything but numbers and vectors makes a list: `paths=[p, q]`, `[m1, m2]`.
    if values.contains(where: { v, _ in
      switch v {
      case .number, .vector: return false
      default: return true
      }
    }) {
      return .list(ValueList(values.map(\.0)))
    }
    // Rows of a matrix: every element a vector of the same length.
    var rows: [[Double]] = []
    for (value, itemRange) in values {
      switch value {
      case .vector(let row):
        if let first = rows.first, first.count != row.count {
          throw Diagnostic(
            "matrix rows must have the same length: row 1 has \(first.count), row \(rows.count + 1) has \(row.count)",
            at: itemRange)
        }
        rows.append(row)
      case .number:
        throw Diagnostic("cannot mix numbers and vectors in one matrix", at: itemRange,
          hint: "a matrix is a list of rows: [[1, 2], [3, 4]]")
      default:
        throw Diagnostic("a vector or matrix holds numbers, not \(value.aKind)", at: itemRange)
      }
    }
    return .matrix(Matrix(rowArrays: rows))
  }

  private func repeatNetwork(_ value: Value, _ count: Int, operandRange: SourceRange, at range: SourceRange)
    throws(Diagnostic) -> Value
  {
    guard case .network(let box) = value else {
      throw Diagnostic(
        "repetition 'x \(count)' needs a layer or network, not \(value.aKind)", at: operandRange)
    }
    let net = box.network
    if net.depth > 0 && net.outputSize != net.inputSize && count > 1 {
      throw Diagnostic(
        "cannot repeat a \(net.sizesDescription) network: its output (\(net.outputSize)) must match its input (\(net.inputSize))",
        at: range)
    }
    try checkNetworkSize(Double(net.parameterCount) * Double(count), "this network", at: range)
    do {
      return .network(try Networks.repeated(box, count, rng: &rng))
    } catch {
      throw Diagnostic(error.description, at: range)
    }
  }

  // MARK: - Ranges and comprehensions

  /// The largest number of elements a range may have (as zeros and ones).
  static let maxRangeElements = 100_000_000

  /// `a:b` (step 1) or `a:s:b`: a, a + s, a + 2s, ... while not past b; empty when b lies
  /// behind a, as in Julia. Elements are a + k s, not a running sum, so 0:0.1:1 ends at 1.
  private func rangeValue(_ loExpr: Expr, _ stepExpr: Expr?, _ hiExpr: Expr, at range: SourceRange) throws(Diagnostic) -> Value {
    let (lo, step, count) = try rangeBounds(loExpr, stepExpr, hiExpr, at: range)
    var values = [Double](repeating: 0, count: count)
    for i in 0..<count {
      // Ten million numbers take a while on a busy machine: Ctrl-C is looked for as they are made.
      if i & 0xFFFF == 0 && Interrupt.isRequested {
        Interrupt.clear()
        throw Diagnostic(CoreError.interrupted.description, at: range)
      }
      values[i] = lo + Double(i) * step
    }
    return .vector(values)
  }

  /// A range's start, step and number of elements, checked.
  private func rangeBounds(_ loExpr: Expr, _ stepExpr: Expr?, _ hiExpr: Expr, at range: SourceRange) throws(Diagnostic)
    -> (Double, Double, Int)
  {
    func number(_ e: Expr, _ what: String) throws(Diagnostic) -> Double {
      guard case .number(let v) = try evaluate(e) else {
        throw Diagnostic("\(what) of a range must be a number", at: e.range)
      }
      guard v.isFinite else { throw Diagnostic("\(what) of a range must be finite, not \(Format.number(v))", at: e.range) }
      return v
    }
    let lo = try number(loExpr, "the start")
    let step = try stepExpr.map { (s) throws(Diagnostic) in try number(s, "the step") } ?? 1
    let hi = try number(hiExpr, "the end")
    if step == 0 { throw Diagnostic("the step of a range cannot be 0", at: stepExpr?.range ?? range) }
    let span = (hi - lo) / step
    if span < 0 { return (lo, step, 0) }
    // Tolerate rounding: 0:0.1:0.3 has 4 elements though (0.3 - 0) / 0.1 is 2.9999999999999996.
    let count = Int((span + 1e-10 * max(1, span)).rounded(.down)) + 1
    if Double(count) > Double(Interpreter.maxRangeElements) {
      throw Diagnostic(
        "this range has \(Format.number(Double(count))) elements; a range holds at most \(Interpreter.maxRangeElements)", at: range)
    }
    try checkElements(Double(count), "this range", at: range)
    return (lo, step, count)
  }

  /// `[body for name in values]`: body with name bound to each number of a vector (a range),
  /// each row of a matrix or each element of a list. Numbers make a vector, vectors of one
  /// length a matrix (rows), anything else a list. Ctrl-C stops it between elements.
  private func comprehension(_ body: Expr, _ name: String, _ valuesExpr: Expr, at range: SourceRange) throws(Diagnostic) -> Value {
    // Over a range, the elements are made one at a time, not as a vector first.
    switch valuesExpr.kind {
    case .range(let lo, let hi):
      let (start, step, n) = try rangeBounds(lo, nil, hi, at: valuesExpr.range)
      return try comprehension(body, name, count: n, { .number(start + Double($0) * step) }, at: range)
    case .steppedRange(let lo, let s, let hi):
      let (start, step, n) = try rangeBounds(lo, s, hi, at: valuesExpr.range)
      return try comprehension(body, name, count: n, { .number(start + Double($0) * step) }, at: range)
    default: break
    }
    let values = try evaluate(valuesExpr)
    let count: Int
    let element: (Int) -> Value
    switch values.numeric {
    case .vector(let v): (count, element) = (v.count, { .number(v[$0]) })
    case .number(let x): (count, element) = (1, { _ in .number(x) })
    case .matrix(let m): (count, element) = (m.rows, { .vector(m.row($0)) })
    case .list(let l): (count, element) = (l.items.count, { l.items[$0] })
    default:
      throw Diagnostic(
        "a comprehension runs over a vector, a range, a matrix's rows or a list, not \(values.aKind)", at: valuesExpr.range)
    }
    return try comprehension(body, name, count: count, element, at: range)
  }

  private func comprehension(
    _ body: Expr, _ name: String, count: Int, _ element: (Int) -> Value, at range: SourceRange
  ) throws(Diagnostic) -> Value {
    // Numbers are gathered as numbers while every result is one (a vector of 10^7 stays 80 MB).
    var numbers: [Double] = []
    var results: [Value] = []
    var locals = frames.last ?? [:]
    for i in 0..<count {
      locals[name] = element(i)
      let result = try withLocals(locals, at: range) { () throws(Diagnostic) in try evaluate(body) }
      if results.isEmpty, case .number(let v) = result {
        numbers.append(v)
      } else {
        if results.isEmpty { results = numbers.map(Value.number) }
        results.append(result)
      }
    }
    if results.isEmpty { return .vector(numbers) }
    if case .vector(let row) = results[0],
      results.allSatisfy({ if case .vector(let v) = $0 { return v.count == row.count } else { return false } })
    {
      return .matrix(Matrix(rowArrays: results.map { if case .vector(let v) = $0 { return v } else { return [] } }))
    }
    return .list(ValueList(results))
  }

  // MARK: - Calls

  private func call(_ calleeExpr: Expr, _ arguments: [CallArgument], at range: SourceRange) throws(Diagnostic) -> Value {
    let callee = try evaluate(calleeExpr)
    var positional: [(value: Value, range: SourceRange)] = []
    var named: [String: (value: Value, range: SourceRange)] = [:]
    for a in arguments {
      let v = try evaluate(a.value)
      if let name = a.name {
        named[name] = (v, a.nameRange.map { $0.to(a.value.range) } ?? a.value.range)
      } else {
        positional.append((v, a.value.range))
      }
    }
    let calleeName: String
    if case .identifier(let n) = calleeExpr.kind { calleeName = n } else { calleeName = "this \(callee.kindName)" }
    let result = try Calls.call(callee, name: calleeName, positional: positional, named: named, in: self, at: range)
    // A user function's own operations were checked as its body ran.
    if case .function = callee { return result }
    if sampling > 0 { return result }
    try Numerics.check(
      result, of: calleeName, inputs: [callee] + positional.map(\.value) + named.values.map(\.value), at: range)
    return result
  }

  // MARK: - Assignment into fields and indices

  private func assign(_ value: Value, into target: Expr) throws(Diagnostic) {
    // Collect the chain of accessors down to the root name.
    var accessors: [Expr] = []
    var node = target
    while true {
      switch node.kind {
      case .field(let base, _), .index(let base, _):
        accessors.insert(node, at: 0)
        node = base
        continue
      default: break
      }
      break
    }
    guard case .identifier(let root) = node.kind else {
      throw Diagnostic("cannot assign to this expression", at: target.range)
    }
    guard let current = globals[root] else { throw unknownName(root, at: node.range) }
    globals[root] = try Fields.setting(value, in: current, path: accessors[...], interpreter: self)
  }
}

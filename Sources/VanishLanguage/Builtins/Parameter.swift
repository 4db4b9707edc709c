import VanishCore

/// One parameter of a builtin: its name, the kind of value it takes, and whether it must be
/// given. From a builtin's parameters come its signature (in `:help` and in every `usage:`
/// hint), the arity check, the named-argument checks and the type errors; see Builtin.swift.
public struct Parameter {
  /// The kinds of value a parameter takes. Each is checked before the builtin runs; `.any`
  /// leaves the check to the builtin (`sum` takes numbers, vectors and matrices).
  public enum Kind {
    case any
    case number
    /// A whole number within the range (sizes, counts, seeds).
    case integer(ClosedRange<Int>)
    /// A vector; a number counts as a vector of one.
    case vector
    case bool
    case string
    /// A file or directory name: a string, and the hint says to quote it.
    case path
    case network
    case activation
    case cost
    /// An initialiser; a number v counts as const(v).
    case initializer
    /// A descent method: sgd, momentum, adagrad, rmsprop, adam.
    case method
    case dataset
    case gradient
    case function
  }

  public enum Passing: Equatable {
    /// By position or by name, as in Python: `dense(2, 3, relu)` or `dense(2, 3, act=relu)`.
    case positionalOrNamed
    /// Only by name: `train(net, data, epochs=5)`.
    case named
    /// Any other named arguments, which the builtin checks itself (Python's **kwargs):
    /// contour's ranges are named after its function's parameters (w1=, w2=).
    case keywords
  }

  public let name: String
  public let kind: Kind
  public let passing: Passing
  /// The value used when the argument is not given.
  public let defaultValue: Value?
  /// What the signature shows after `name=`; nil for a required parameter.
  public let shown: String?
  /// What messages call it ("the number of inputs"); nil: the builtin's name and the
  /// parameter's (`dense's 'act'`), or for the first parameter `dense needs ...`.
  public let about: String?
  /// The kind as messages state it, when the kind's own words are too wide ("a function of
  /// two parameters").
  public let expected: String?
  /// The hint of a type error, instead of the kind's.
  public let hint: String?

  /// A parameter given by position or by name. Required unless it has a `default` value or
  /// is `optional` (then the builtin decides what its absence means, and the signature shows
  /// `name=` and that text: `bias=...`).
  public init(
    _ name: String, _ kind: Kind, default value: Value? = nil, optional: String? = nil,
    about: String? = nil, expected: String? = nil, hint: String? = nil
  ) {
    self.init(name, kind, .positionalOrNamed, value, optional, about, expected, hint)
  }

  /// A parameter given only by name, as `epochs=5`.
  public static func named(
    _ name: String, _ kind: Kind, default value: Value? = nil, optional: String? = nil,
    about: String? = nil, expected: String? = nil, hint: String? = nil
  ) -> Parameter {
    Parameter(name, kind, .named, value, optional, about, expected, hint)
  }

  /// Other named arguments, shown in the signature as `shown`; the builtin finds them in
  /// `CallContext.keywords` and checks them itself.
  public static func keywords(_ shown: String) -> Parameter {
    Parameter("", .any, .keywords, nil, shown, nil, nil, nil)
  }

  private init(
    _ name: String, _ kind: Kind, _ passing: Passing, _ value: Value?, _ optional: String?,
    _ about: String?, _ expected: String?, _ hint: String?
  ) {
    self.name = name
    self.kind = kind
    self.passing = passing
    self.defaultValue = value
    self.shown = optional ?? value.map(Parameter.shown)
    self.about = about
    self.expected = expected
    self.hint = hint
  }

  public var isRequired: Bool { shown == nil }

  /// How the signature shows it: `in`, `act=sigmoid`, `bias=...`.
  public var signature: String {
    switch (passing, shown) {
    case (.keywords, let shown?): return shown
    case (_, let shown?): return "\(name)=\(shown)"
    default: return name
    }
  }

  /// A default value as a signature shows it: `sigmoid`, `1e-5`, `"x"`.
  static func shown(_ v: Value) -> String {
    switch v {
    case .number(let x):
      // 1e-05 as 1e-5, 1e+30 as 1e30: as one types them.
      return Format.number(x).replacingOccurrences(of: "e+", with: "e").replacingOccurrences(of: "e-0", with: "e-")
    case .activation(let a): return a.name
    case .cost(let c): return c.name
    case .initializer(let i): return i.description
    case .string(let s): return s.debugDescription
    case .custom(let m as MethodValue): return m.method.name
    default: return v.rendered
    }
  }
}

extension Parameter.Kind {
  /// The kind with its article, as messages say it: "a network", "quadratic or cross_entropy".
  var expected: String {
    switch self {
    case .any: return "a value"
    case .number, .integer: return "a number"
    case .vector: return "a vector"
    case .bool: return "true or false"
    case .string, .path: return "a string"
    case .network: return "a network"
    case .activation: return "an activation"
    case .cost: return "quadratic or cross_entropy"
    case .initializer: return "an initialiser"
    case .method: return "one of " + Optimizer.Method.names.joined(separator: ", ")
    case .dataset: return "a dataset"
    case .gradient: return "a gradient"
    case .function: return "a function"
    }
  }

  /// What a type error suggests.
  var hint: String? {
    switch self {
    case .path: return "write file names in quotes: \"net.json\""
    case .activation: return "one of " + Activation.allCases.map(\.name).joined(separator: ", ")
    case .initializer: return "nielsen, gaussian(mean, std), xavier, xavier_normal, he, const(v), orthogonal"
    case .dataset: return "fashion_mnist(), idx(...), csv(...), xor(), spiral(n, classes), circles(n) or dataset(X, Y)"
    case .function: return "define one first: f(w1, w2) = 0.001*w1^2 + w2^2"
    default: return nil
    }
  }

  /// Whether a value is of this kind (a number within an integer's range or not).
  func accepts(_ v: Value) -> Bool {
    switch (self, v) {
    case (.any, _): return true
    case (.number, .number), (.integer, .number), (.vector, .vector), (.vector, .number), (.bool, .bool): return true
    case (.string, .string), (.path, .string), (.network, .network), (.activation, .activation): return true
    case (.cost, .cost), (.initializer, .initializer), (.initializer, .number), (.dataset, .dataset): return true
    case (.gradient, .gradient), (.function, .function): return true
    case (.method, .custom(let c)): return c is MethodValue
    default: return false
    }
  }
}

/// Binding a call's arguments to a builtin's parameters: every error about the call's shape
/// (too many arguments, a missing one, an unknown or doubled name, a value of the wrong kind)
/// comes from here, quoting the signature.
extension Builtin {
  func bind(
    _ positional: [CallContext.Argument], _ named: [String: CallContext.Argument], at range: SourceRange, in interpreter: Interpreter
  ) throws(Diagnostic) -> CallContext {
    // In the order they were written, so that the first wrong one is reported.
    let named = named.isEmpty ? [] : named.sorted { $0.value.range.start.offset < $1.value.range.start.offset }
    // A name no parameter list knows.
    if !named.isEmpty && !overloads.contains(where: { $0.contains { $0.passing == .keywords } }) {
      let known = Array(Set(overloads.flatMap { $0.map(\.name) })).sorted()
      for (key, arg) in named where !known.contains(key) {
        // Among names as close, one that takes this value: int=xavier is init=, not in=.
        let fitting = overloads.flatMap { $0.filter { $0.kind.accepts(arg.value) }.map(\.name) }
        let closest = Suggest.closest(to: key, in: Array(Set(fitting)).sorted()) ?? Suggest.closest(to: key, in: known)
        let suggestion = closest.map { "; did you mean '\($0)'?" } ?? ""
        throw Diagnostic("\(name) has no argument '\(key)'\(suggestion)", at: arg.range, hint: suggestion.isEmpty ? usage : nil)
      }
    }
    // More arguments than any list takes.
    if positional.count > overloads.map(Builtin.positionalCount).max() ?? 0 {
      throw tooMany(overloads, got: positional.count, what: name, at: range)
    }
    // Several lists: the first argument chooses among them by its kind.
    var candidates = Array(overloads.indices)
    if overloads.count > 1, let first = positional.first {
      candidates = candidates.filter { overloads[$0].first?.kind.accepts(first.value) ?? false }
      if candidates.isEmpty {
        let expected = Builtin.unique(overloads.compactMap { $0.first.map { $0.expected ?? $0.kind.expected } })
        if expected.count == 1, let p = overloads[0].first { throw mismatch(p, at: 0, first) }
        throw Diagnostic(
          "\(name) needs \(Builtin.list(expected, "or")), not \(first.value.aKind)", at: first.range, hint: usage)
      }
    }
    let narrowed = candidates.count < overloads.count
    // The first list that takes the call; else the most telling reason why none does: a value of
    // the wrong kind in a list that fits otherwise, then a name given twice, then missing
    // arguments (the fewest), then a name that belongs to another list.
    var reason: (rank: (Int, Int), error: Diagnostic)?
    func refuse(_ rank: (Int, Int), _ error: @autoclosure () -> Diagnostic) {
      if reason == nil || rank < reason!.rank { reason = (rank, error()) }
    }
    lists: for i in candidates {
      let list = overloads[i]
      if positional.count > Builtin.positionalCount(list) { continue }
      var slots = [CallContext.Argument?](repeating: nil, count: list.count)
      var keywords: [String: CallContext.Argument] = [:]
      for (p, arg) in zip(list.indices.filter { list[$0].passing == .positionalOrNamed }, positional) { slots[p] = arg }
      for (key, arg) in named {
        if let p = list.firstIndex(where: { $0.name == key && $0.passing != .keywords }) {
          if slots[p] != nil {
            refuse((1, 0), Diagnostic("argument '\(key)' is given twice, by position and by name", at: arg.range, hint: usage))
            continue lists
          }
          slots[p] = arg
        } else if list.contains(where: { $0.passing == .keywords }) {
          keywords[key] = arg
        } else {
          let form = narrowed ? list.first.map { "\(name) of \($0.expected ?? $0.kind.expected)" } ?? name : signature(of: list)
          refuse((3, 0), Diagnostic("\(form) has no argument '\(key)'", at: arg.range, hint: usage))
          continue lists
        }
      }
      let absent = list.indices.filter { slots[$0] == nil && list[$0].isRequired && list[$0].passing != .keywords }
      if !absent.isEmpty {
        let names = absent.map { "'\(list[$0].name)'" }
        // The fewer missing, the closer the call comes to this list.
        refuse(
          (2, names.count),
          Diagnostic("\(name) needs its argument\(names.count == 1 ? "" : "s") \(Builtin.list(names, "and"))", at: range, hint: usage))
        continue
      }
      do throws(Diagnostic) {
        for (p, slot) in slots.enumerated() {
          if let slot { try check(list[p], at: p, slot) }
        }
      } catch {
        refuse((0, 0), error)
        continue
      }
      return CallContext(
        builtin: self, range: range, parameters: list, overload: i, slots: slots, keywords: keywords,
        interpreter: interpreter)
    }
    if let reason { throw reason.error }
    // Only when the first argument narrowed the lists: `grad(f, x, y)`.
    let lists = candidates.map { overloads[$0] }
    let of = narrowed ? lists[0].first.map { "\(name) of \($0.expected ?? $0.kind.expected)" } ?? name : name
    throw tooMany(lists, got: positional.count, what: of, at: range)
  }

  /// One form of the signature: `zeros(rows, cols)`.
  func signature(of list: [Parameter]) -> String { "\(name)(\(list.map(\.signature).joined(separator: ", ")))" }

  /// `usage: ` and the signature, the hint of every error about a call's shape.
  var usage: String { "usage: \(signature)" }

  private func tooMany(_ lists: [[Parameter]], got n: Int, what: String, at range: SourceRange) -> Diagnostic {
    var counts = Set<Int>()
    for list in lists {
      let required = list.prefix { $0.passing == .positionalOrNamed && $0.isRequired }.count
      counts.formUnion(required...max(required, Builtin.positionalCount(list)))
    }
    let sorted = counts.sorted()
    let expected =
      sorted.count == 1 ? "\(sorted[0])"
      : sorted.count > 2 && sorted.last! - sorted[0] + 1 == sorted.count ? "\(sorted[0]) to \(sorted.last!)"
      : Builtin.list(sorted.map(String.init), "or")
    let rest = lists.lazy.flatMap { $0 }.first { $0.passing == .named }.map { ": the others are named, as \($0.signature)" } ?? ""
    return Diagnostic(
      "\(what) takes \(expected) argument\(sorted.last == 1 ? "" : "s"), got \(n)\(rest)", at: range, hint: usage)
  }

  /// A type error naming the parameter.
  func mismatch(_ p: Parameter, at index: Int, _ arg: CallContext.Argument) -> Diagnostic {
    let expected = p.expected ?? p.kind.expected
    let message =
      if let about = p.about { "\(about) must be \(expected), not \(arg.value.aKind)" }
      else if index == 0 { "\(name) needs \(expected), not \(arg.value.aKind)" }
      else { "\(name)'s '\(p.name)' must be \(expected), not \(arg.value.aKind)" }
    return Diagnostic(message, at: arg.range, hint: p.hint ?? p.kind.hint)
  }

  /// Checks an argument against its parameter's kind (and an integer's range).
  func check(_ p: Parameter, at index: Int, _ arg: CallContext.Argument) throws(Diagnostic) {
    guard p.kind.accepts(arg.value) else { throw mismatch(p, at: index, arg) }
    if case .integer(let allowed) = p.kind, case .number(let v) = arg.value {
      // Int(exactly:) fails for fractions, NaN, infinities and numbers beyond Int (2^63 is a
      // Double that Int cannot hold: Double(Int.max) rounds up to it).
      guard let n = Int(exactly: v), allowed.contains(n) else {
        let what = p.about ?? (index == 0 ? nil : "\(name)'s '\(p.name)'")
        let range = "a whole number from \(allowed.lowerBound) to \(allowed.upperBound), not \(Format.number(v))"
        throw Diagnostic(what.map { "\($0) must be \(range)" } ?? "\(name) needs \(range)", at: arg.range)
      }
    }
  }

  static func positionalCount(_ list: [Parameter]) -> Int { list.count { $0.passing == .positionalOrNamed } }

  static func unique(_ items: [String]) -> [String] {
    var seen: [String] = []
    for i in items where !seen.contains(i) { seen.append(i) }
    return seen
  }

  /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`.
  static func list(_ items: [String], _ conjunction: String) -> String {
    items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
  }
}

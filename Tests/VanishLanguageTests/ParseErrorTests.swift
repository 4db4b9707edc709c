import Testing
@testable import VanishLanguage

/// Malformed input, the way a student types it: each must give one exact message, at an
/// exact place, with the exact hint (or none).
@Suite struct ParseErrorTests {

  struct Case: Sendable, CustomTestStringConvertible {
    let source: String
    let message: String
    let line: Int
    let column: Int
    let hint: String?

    init(_ source: String, _ message: String, _ line: Int, _ column: Int, hint: String? = nil) {
      self.source = source
      self.message = message
      self.line = line
      self.column = column
      self.hint = hint
    }

    var testDescription: String {
      let shown = source.count > 40 ? String(source.prefix(37)) + "..." : source
      return shown.debugDescription
    }
  }

  /// The errors `source` gives; empty when it parses.
  static func errors(_ source: String) -> [Diagnostic] {
    do {
      _ = try Parser.parse(source)
      return []
    } catch {
      return error.diagnostics
    }
  }

  static let separate = "separate statements with a newline or ';'"
  static let comma = "separate arguments and elements with ','"
  static let noOpening = "this closing bracket has no opening one"
  static let assignHint = "the left side of '=' is a name, a field or index such as net.w[2], or f(w1, w2)"
  static let nestingHint = "split it into several statements"
  static let repeatHint = "repeat a layer with x and a count: dense(1, 1, sigmoid) x 8"
  static let rangeHint = "a range needs both ends: v[2:4]"
  static let noDoubleEquals = "there is no '=='; '=' gives a name a value, and printing shows a value"

  static let cases: [Case] = [
    // Brackets
    Case("dense(784, 30", "expected ')' to close '(' opened at 1:6, found end of input", 1, 14),
    Case("dense(784, 30))", "expected the end of the statement, found ')'", 1, 15, hint: noOpening),
    Case("[1, 2]]", "expected the end of the statement, found ']'", 1, 7, hint: noOpening),
    Case("[1, 2", "expected ']' to close '[' opened at 1:1, found end of input", 1, 6),
    Case("sigmoid(", "expected ')' to close '(' opened at 1:8, found end of input", 1, 9),
    Case("x = [1, 2,", "expected ']' to close '[' opened at 1:5, found end of input", 1, 11),
    Case("(1 + 2]", "expected ')' to close '(' opened at 1:1, found ']'", 1, 7),
    Case("[1, 2)", "expected ']' to close '[' opened at 1:1, found ')'", 1, 6),
    Case("mlp([2, 3), tanh)", "expected ']' to close '[' opened at 1:5, found ')'", 1, 10),
    Case("()", "expected an expression inside '()'", 1, 2),
    Case("x = )", "expected a value after '=', found ')'", 1, 5, hint: noOpening),
    Case("(1, 2)", "expected ')' to close '(' opened at 1:1, found ','", 1, 3),
    // Missing commas
    Case("dense(784, 30 sigmoid)", "expected ')' to close '(' opened at 1:6, found 'sigmoid'", 1, 15, hint: comma),
    Case("net = dense(784, 30, sigmoid x8", "expected ')' to close '(' opened at 1:12, found end of input", 1, 32),
    Case("x = [1 2]", "expected ']' to close '[' opened at 1:5, found number '2'", 1, 8, hint: comma),
    Case("print(\"a\" \"b\")", "expected ')' to close '(' opened at 1:6, found string \"b\"", 1, 11, hint: comma),
    Case("[1,,2]", "expected an expression, found ','", 1, 4, hint: "remove the extra ','"),
    Case("f(,)", "expected an expression, found ','", 1, 3, hint: "remove the extra ','"),
    // Assignment and definition
    Case("net = ", "expected a value after '=', found end of input", 1, 6),
    Case("net.w[1] =", "expected a value after '=', found end of input", 1, 11),
    Case("= 3", "expected an expression, found '='", 1, 1, hint: "put the name to assign before '=': x = 3"),
    Case("3 = x", "cannot assign to this expression", 1, 1, hint: assignHint),
    Case("(a + b) = 3", "cannot assign to this expression", 1, 1, hint: assignHint),
    Case("net.w[1](2) = 3", "cannot assign to this expression", 1, 1, hint: assignHint),
    Case("f(1) = 2", "a function's parameters must be plain names", 1, 3, hint: "define it as f(w1, w2) = ..."),
    Case("g(a, k=b) = 1", "a function's parameters must be plain names", 1, 6, hint: "define it as g(w1, w2) = ..."),
    Case("f(a, a) = 1", "parameter 'a' appears twice", 1, 6),
    Case("x == 2", "expected a value after '=', found '='", 1, 4, hint: noDoubleEquals),
    Case("x = 1 = 2", "expected the end of the statement, found '='", 1, 7, hint: "a statement has at most one '='"),
    Case("x = 'a'", "expected a value after '=', found \"'\"", 1, 5,
      hint: "strings are written in double quotes: \"text\"; a ' after a value transposes it"),
    // Fields and indices
    Case("net..w", "expected a field name after '.', found '.'", 1, 5),
    Case("net.", "expected a field name after '.', found end of input", 1, 5),
    Case("net.w.3", "expected a field name after '.', found number '3'", 1, 7, hint: "index with brackets: v[1]"),
    Case("x[]", "expected an index inside '[]'", 1, 3, hint: "indices start at 1: v[1]"),
    Case("x[1", "expected ']' to close '[' opened at 1:2, found end of input", 1, 4),
    Case("net.w[2:]", "expected an expression after ':', found ']'", 1, 9, hint: rangeHint),
    Case("net.w[:2]", "expected an expression, found ':'", 1, 7, hint: rangeHint),
    Case("1:2:3:4", "expected the end of the statement, found ':'", 1, 6,
      hint: "a range has at most three parts: a:b or a:step:b"),
    Case("[x for in 1:3]", "expected a name after 'for', found 'in'", 1, 8, hint: "[L^2 for L in 1:10]"),
    Case("[x for L of 1:3]", "expected 'in' after 'for L', found 'of'", 1, 10, hint: "[L^2 for L in 1:10]"),
    // Operators
    Case("x ^", "expected an expression after '^', found end of input", 1, 4),
    Case("1 +", "expected an expression after '+', found end of input", 1, 4),
    Case("1 + -", "expected an expression after '-', found end of input", 1, 6),
    Case("1 + * 2", "expected an expression after '+', found '*'", 1, 5),
    Case("2 ^ ^ 3", "expected an expression after '^', found '^'", 1, 5),
    Case("x = +3", "expected a value after '=', found '+'", 1, 5, hint: "there is no unary '+': write the value alone"),
    Case("(1 + )", "expected an expression after '+', found ')'", 1, 6),
    Case("-> dense(1,1)", "expected an expression, found '->'", 1, 1,
      hint: "a statement cannot start with '->'; to continue the line above, end that line with '->'"),
    Case("dense(1,1) -> -> dense(1,1)", "expected an expression after '->', found '->'", 1, 15),
    Case("@", "expected an expression, found '@'", 1, 1,
      hint: "a statement cannot start with '@'; to continue the line above, end that line with '@'"),
    // Statements run together
    Case("1 2", "expected the end of the statement, found number '2'", 1, 3, hint: separate),
    Case("a b", "expected the end of the statement, found 'b'", 1, 3, hint: separate),
    Case("a;;b c", "expected the end of the statement, found 'c'", 1, 6, hint: separate),
    Case("x = 1 true", "expected the end of the statement, found 'true'", 1, 7, hint: separate),
    // Repetition
    Case("dense(1,1)x0", "repetition count must be a whole number from 1 to 10000, not 0", 1, 11),
    Case("dense(1,1)x99999", "repetition count must be a whole number from 1 to 10000, not 99999", 1, 11),
    Case("dense(1,1) x 0", "repetition count must be a whole number from 1 to 10000, not 0", 1, 14),
    Case("dense(1,1) x 2.5", "repetition count must be a whole number from 1 to 10000, not 2.5", 1, 14),
    Case("dense(1,1) x", "expected the end of the statement, found 'x'", 1, 12, hint: repeatHint),
    Case("dense(1,1) x n", "expected the end of the statement, found 'x'", 1, 12, hint: repeatHint),
    // Calls
    Case("dense(1, init=xavier, 2)", "a positional argument cannot follow a named one", 1, 23,
      hint: "put positional arguments first: dense(784, 30, sigmoid, init=xavier)"),
    Case("dense(1, act=sigmoid, act=tanh)", "argument 'act' is given twice", 1, 23),
    Case("dense(1, 1, init=)", "expected an expression, found ')'", 1, 18, hint: "give the argument a value: init=xavier"),
    // Commands
    Case(": help", "expected an expression, found ':'", 1, 1, hint: "write a command with no space after ':': :help"),
    Case("x = :help", "expected a value after '=', found ':'", 1, 5,
      hint: "a command such as :help goes at the start of a line"),
    // Lexical errors
    Case("\"abc", "unterminated string", 1, 1, hint: "close it with '\"'"),
    Case("x = \"abc\ny = 2", "unterminated string", 1, 5, hint: "close it with '\"'"),
    Case("\"\\q\"", "unknown escape '\\q' in string", 1, 2, hint: "write '\\\\' for a backslash"),
    Case("1e999", "number '1e999' is too large for a Double", 1, 1, hint: "the largest Double is about 1.8e308"),
    Case("x = 1e", "malformed number '1e'", 1, 5, hint: "an exponent needs digits: 1e-3"),
    Case("2.5E+", "malformed number '2.5E+'", 1, 1, hint: "an exponent needs digits: 1e-3"),
    Case(".5", "expected an expression, found '.'", 1, 1, hint: "write a digit before the point: 0.5"),
    Case("1.", "expected a field name after '.', found end of input", 1, 3,
      hint: "write a number with digits after the point: 1.0"),
    Case("$", "unexpected character '$'", 1, 1),
    Case("x = ?dense", "unexpected character '?'", 1, 5, hint: "?name at the start of a statement asks for help: ?dense"),
    Case("x = 3 $", "unexpected character '$'", 1, 7),
    Case("x = {1, 2}", "unexpected character '{'", 1, 5,
      hint: "vectors and matrices are written with square brackets: [1, 2]"),
    Case("load(\u{201C}a.json\u{201D})", "unexpected character '\u{201C}'", 1, 6,
      hint: "strings use straight double quotes: \"text\""),
    Case("x\u{00A0}= 1", "unexpected invisible character U+00A0", 1, 2,
      hint: "it looks like a space or nothing at all; delete it and retype the text around it"),
    Case("x = 1\u{200B}", "unexpected invisible character U+200B", 1, 6,
      hint: "it looks like a space or nothing at all; delete it and retype the text around it"),
    // Several lines
    Case("x = 1\ny = 2\nz = (3 + ", "expected an expression after '+', found end of input", 3, 9),
    Case("x = 1\n# only a comment\n\ny = )", "expected a value after '=', found ')'", 4, 5, hint: noOpening),
    Case("net = mlp([2, 3],\n  tanh\n  sigmoid)", "expected ')' to close '(' opened at 1:10, found 'sigmoid' on line 3", 2, 7,
      hint: "an open bracket continues the statement onto the next line"),
    Case("x = 1\r\ny = 2\r\nz = )", "expected a value after '=', found ')'", 3, 5, hint: noOpening),
    Case("y = 1 +\n\n", "expected an expression after '+', found end of input", 1, 8),
    Case("a = 1\n  -> dense(1, 1)", "expected an expression, found '->'", 2, 3,
      hint: "a statement cannot start with '->'; to continue the line above, end that line with '->'"),
  ]

  @Test(arguments: cases)
  func reportsOneError(_ c: Case) throws {
    let found = Self.errors(c.source)
    try #require(found.count == 1, "expected one error, got \(found.map(\.message))")
    let d = found[0]
    #expect(d.message == c.message)
    let range = try #require(d.range)
    #expect(range.start.line == c.line)
    #expect(range.start.column == c.column)
    #expect(d.hint == c.hint)
  }

  @Test func thereAreEnoughCases() {
    #expect(Self.cases.count >= 40)
    #expect(Set(Self.cases.map(\.source)).count == Self.cases.count, "every case is a different input")
  }

  // MARK: - The whole report

  @Test func rendersTheReportWithFileCaretAndNoHint() throws {
    let source = "net = dense(784, 30, sigmoid x8"
    let d = try #require(Self.errors(source).first)
    #expect(d.rendered(source: source, file: "net.nn") == """
      error: net.nn:1:32: expected ')' to close '(' opened at 1:12, found end of input
        net = dense(784, 30, sigmoid x8
                                       ^
      """)
  }

  @Test func rendersTheReportWithHintAndATokenWideCaret() throws {
    let source = "net = dense(784, 30 sigmoid)"
    let d = try #require(Self.errors(source).first)
    #expect(d.rendered(source: source, file: "net.nn") == """
      error: net.nn:1:21: expected ')' to close '(' opened at 1:12, found 'sigmoid'
        net = dense(784, 30 sigmoid)
                            ^^^^^^^
        hint: separate arguments and elements with ','
      """)
  }

  @Test func rendersTheReportAtThePromptWithoutAFile() throws {
    let source = "x = [0.5]\ny = 2\nz = x * (y +\n"
    let d = try #require(Self.errors(source).first)
    #expect(d.rendered(source: source, file: nil) == """
      error: 3:13: expected an expression after '+', found end of input
        z = x * (y +
                    ^
      """)
  }

  @Test func rendersAnUnterminatedStringUnderlinedToTheEndOfTheLine() throws {
    let source = "data = load(\"mnist.json)"
    let d = try #require(Self.errors(source).first)
    #expect(d.rendered(source: source, file: "train.nn") == """
      error: train.nn:1:13: unterminated string
        data = load("mnist.json)
                    ^^^^^^^^^^^^
        hint: close it with '"'
      """)
  }

  @Test func rendersAMissingBracketOnTheLineWhereItIsMissing() throws {
    let source = "net = dense(2, 3\nx = 1"
    let d = try #require(Self.errors(source).first)
    #expect(d.rendered(source: source, file: "a.nn") == """
      error: a.nn:1:17: expected ')' to close '(' opened at 1:12, found 'x' on line 2
        net = dense(2, 3
                        ^
        hint: an open bracket continues the statement onto the next line
      """)
  }

  @Test func rendersTheLineOfAWindowsFile() throws {
    let source = "x = 1\r\ny = @\r\n"
    let d = try #require(Self.errors(source).first)
    #expect(d.rendered(source: source, file: "dos.nn") == """
      error: dos.nn:2:5: expected a value after '=', found '@'
        y = @
            ^
      """)
  }

  @Test func rendersControlCharactersOneColumnEachSoTheCaretStaysUnderTheError() throws {
    // A lone carriage return would send the cursor back over the line; a tab would move it on
    // by up to eight columns while the caret counts one.
    let source = "y =\t\t@ 2\r"
    let d = try #require(Self.errors(source).first)
    #expect(d.rendered(source: source, file: nil) == """
      error: 1:6: expected a value after '=', found '@'
        y =  @ 2\u{240D}
             ^
      """)
  }

  // MARK: - Limits

  static func nested(_ open: String, _ depth: Int, _ inner: String, _ close: String) -> String {
    String(repeating: open, count: depth) + inner + String(repeating: close, count: depth)
  }

  @Test(arguments: [
    (nested("(", 500, "1", ")"), 201),
    (nested("[", 500, "1", "]"), 201),
    (nested("f(", 300, "1", ")"), 402),
    (nested("x[", 300, "1", "]"), 402),
    (String(repeating: "-", count: 500) + "1", 201),
    (Array(repeating: "2", count: 300).joined(separator: "^"), 402),
  ])
  func refusesDeepNestingAtTheFirstLevelTooMany(source: String, column: Int) throws {
    let found = Self.errors(source)
    try #require(found.count == 1)
    #expect(found[0].message == "expression nested more than 200 levels deep")
    #expect(found[0].range?.start.line == 1)
    #expect(found[0].range?.start.column == column)
    #expect(found[0].hint == Self.nestingHint)
  }

  @Test func acceptsNestingUpToTheLimit() throws {
    #expect(Parser.maxNesting == 200)
    let statements = try Parser.parse(Self.nested("(", 200, "1", ")"))
    #expect(statements.count == 1)
    #expect(Self.errors(Self.nested("(", 201, "1", ")")).map(\.message) == [
      "expression nested more than 200 levels deep"
    ])
  }

  @Test func refusesAVeryLongChainAndAcceptsOneAtTheLimit() throws {
    let long = Array(repeating: "1", count: 3000).joined(separator: "+")
    let found = Self.errors(long)
    try #require(found.count == 1)
    #expect(found[0].message == "expression is more than 2000 operations deep")
    #expect(found[0].range?.start == SourceLocation(line: 1, column: 1, offset: 0))
    // The chain is refused as soon as it reaches 2001 terms: term k ends at column 2k.
    #expect(found[0].range?.end.column == 4002)
    #expect(found[0].hint == Self.nestingHint)

    let atLimit = Array(repeating: "1", count: 2000).joined(separator: "+")
    let statements = try Parser.parse(atLimit)
    #expect(statements.count == 1)
  }

  // MARK: - Recovery

  @Test func reportsEveryBrokenStatementInSourceOrder() {
    let source = """
      a = 1 2
      b = 2
      c = )
      d = [1,,2]; e = 3 = 4
      f(1) = 2
      g = 5
      """
    let found = Self.errors(source)
    #expect(found.map(\.message) == [
      "expected the end of the statement, found number '2'",
      "expected a value after '=', found ')'",
      "expected an expression, found ','",
      "expected the end of the statement, found '='",
      "a function's parameters must be plain names",
    ])
    #expect(found.map { $0.range.map { "\($0.start)" } ?? "-" } == ["1:7", "3:5", "4:8", "4:19", "5:3"])
  }

  @Test func aWrongClosingBracketStillEndsTheStatementAtTheNewline() {
    // The ')' closes the '(' and the '[' left open inside it, so the next lines are
    // statements of their own and their errors are found too.
    let source = "net = mlp([2, 3), tanh)\nx = 1\ny = 2 3"
    let found = Self.errors(source)
    #expect(found.map(\.message) == [
      "expected ']' to close '[' opened at 1:11, found ')'",
      "expected the end of the statement, found number '3'",
    ])
    #expect(found.map { $0.range?.start.line } == [1, 3])
  }

  @Test func aLexicalErrorDoesNotHideTheOthers() {
    let found = Self.errors("x = )\ny = \"abc\nz = 1 2")
    #expect(found.map(\.message) == [
      "expected a value after '=', found ')'",
      "unterminated string",
      "expected the end of the statement, found number '2'",
    ])
    #expect(found.map { $0.range.map { "\($0.start)" } ?? "-" } == ["1:5", "2:5", "3:7"])
  }

  @Test func eachLexicalErrorIsReportedOncePerStatement() {
    // The '}' and the second '$' belong to statements already in error; `b` and the string
    // on line 3 are statements of their own.
    let found = Self.errors("a = {1, 2}; b = 1e\nc = $ + $\nd = \"x\\q\" e")
    #expect(found.map(\.message) == [
      "unexpected character '{'",
      "malformed number '1e'",
      "unexpected character '$'",
      "unknown escape '\\q' in string",
    ])
    #expect(found.map { $0.range.map { "\($0.start)" } ?? "-" } == ["1:5", "1:17", "2:5", "3:7"])
  }

  @Test func aBracketNeverClosedEndsItsStatementAtTheLineEnd() {
    // Without recovery the open '(' would make the rest of the file one statement.
    let source = "net = dense(784, 30\nx = 1\ny = [1 2]\nz = f(g(1\nw = 2 3\n"
    let found = Self.errors(source)
    #expect(found.map(\.message) == [
      "expected ')' to close '(' opened at 1:12, found 'x' on line 2",
      "expected ']' to close '[' opened at 3:5, found number '2'",
      "expected ')' to close '(' opened at 4:8, found 'w' on line 5",
      "expected the end of the statement, found number '3'",
    ])
    #expect(found.map { $0.range.map { "\($0.start)" } ?? "-" } == ["1:20", "3:8", "4:10", "5:7"])
    #expect(found[0].hint == "an open bracket continues the statement onto the next line")
  }

  @Test func aBracketClosedOnALaterLineStillContinuesTheStatement() throws {
    // The ')' on line 3 closes the '(' of line 1: one statement, parsed whole.
    let statements = try Parser.parse("net = mlp([2, 3],\n  tanh\n)\nx = 1")
    #expect(statements.count == 2)
  }

  @Test func validStatementsAroundErrorsDoNotHideThem() {
    let found = Self.errors("x = 1\n\n# comment\ny = [1, 2\n")
    #expect(found.map(\.message) == ["expected ']' to close '[' opened at 4:5, found end of input"])
    #expect(found.first?.range?.start.line == 4)
    #expect(found.first?.range?.start.column == 10)
  }
}

/// Input that must parse, and what it becomes.
extension ParseErrorTests {
  @Suite struct ValidInput {

    /// A compact, range-free picture of a tree: `(rep (call dense 1 1 sigmoid) 8)`.
    static func shape(_ e: Expr) -> String {
      func n(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
      switch e.kind {
      case .number(let v): return n(v)
      case .string(let s): return s.debugDescription
      case .bool(let b): return String(b)
      case .identifier(let name): return name
      case .array(let items): return "[" + items.map(shape).joined(separator: " ") + "]"
      case .unary(let op, let a): return "(\(op.rawValue) \(shape(a)))"
      case .binary(let op, let a, let b): return "(\(op.rawValue) \(shape(a)) \(shape(b)))"
      case .call(let f, let args):
        let shown = args.map { ($0.name.map { "\($0)=" } ?? "") + shape($0.value) }
        return "(call \(([shape(f)] + shown).joined(separator: " ")))"
      case .index(let a, let i): return "(index \(shape(a)) \(shape(i)))"
      case .range(let a, let b): return "(range \(shape(a)) \(shape(b)))"
      case .steppedRange(let a, let s, let b): return "(range \(shape(a)) \(shape(s)) \(shape(b)))"
      case .comprehension(let body, let name, let values): return "(for \(name) \(shape(values)) \(shape(body)))"
      case .field(let a, let name): return "(field \(shape(a)) \(name))"
      case .transpose(let a): return "(' \(shape(a)))"
      case .repetition(let a, let count): return "(rep \(shape(a)) \(count))"
      }
    }

    static func shape(_ s: Statement) -> String {
      switch s.kind {
      case .assign(let name, let value): return "\(name) = \(shape(value))"
      case .assignInto(let target, let value): return "\(shape(target)) = \(shape(value))"
      case .define(let name, let parameters, let body):
        return "\(name)(\(parameters.joined(separator: ", "))) = \(shape(body))"
      case .expression(let e): return shape(e)
      case .command(let name, let argument): return ":\(name) \(argument.debugDescription)"
      }
    }

    @Test(arguments: [
      ("x = [0.5]; x8 = 2; x8 * x", ["x = [0.5]", "x8 = 2", "(* x8 x)"]),
      ("dense(1,1,sigmoid)x8", ["(rep (call dense 1 1 sigmoid) 8)"]),
      ("dense(1,1,sigmoid) x 8", ["(rep (call dense 1 1 sigmoid) 8)"]),
      ("x x8", ["(rep x 8)"]),
      ("mlp([2,\n 3], tanh)", ["(call mlp [2 3] tanh)"]),
      ("net = dense(2,3,tanh) ->\n  dense(3,1,sigmoid)", ["net = (-> (call dense 2 3 tanh) (call dense 3 1 sigmoid))"]),
      ("y = 1 +\n\n2", ["y = (+ 1 2)"]),
      ("-2^2", ["(- (^ 2 2))"]),
      ("2^3^2", ["(^ 2 (^ 3 2))"]),
      ("2^-1", ["(^ 2 (- 1))"]),
      ("1 - 2 - 3", ["(- (- 1 2) 3)"]),
      ("a + b * c @ d' -> e", ["(-> (+ a (@ (* b c) (' d))) e)"]),
      ("net.w[2:4]", ["(index (field net w) (range 2 4))"]),
      ("1:n+1; 0:0.5:2; x = 2:3", ["(range 1 (+ n 1))", "(range 0 0.5 2)", "x = (range 2 3)"]),
      ("[L^2 for L in 1:30]", ["(for L (range 1 30) (^ L 2))"]),
      ("[f(x, y) for x in [1, 2]]", ["(for x [1 2] (call f x y))"]),
      ("net.w[3] = [[2.0]]", ["(index (field net w) 3) = [[2]]"]),
      ("f(w1, w2) = 0.001*w1^2 + w2^2", ["f(w1, w2) = (+ (* 0.001 (^ w1 2)) (^ w2 2))"]),
      ("dense(784, 30, sigmoid, init=xavier)", ["(call dense 784 30 sigmoid init=xavier)"]),
      ("f(1,)\n[1, 2,]\n[]", ["(call f 1)", "[1 2]", "[]"]),
      ("1e-3; 2.5E+4; 0.5", ["0.001", "25000", "0.5"]),
      ("\"a\\\"b\\\\c\\n\"", ["\"a\\\"b\\\\c\\n\""]),
      ("true; false", ["true", "false"]),
      (":help dense", [":help \"dense\""]),
      ("?dense", [":help \"dense\""]),
      ("? xavier # the initialiser\nx = 1; ?", [":help \"xavier\"", "x = 1", ":help \"\""]),
      ("x = 1; :vars\n:load  my file.nn  # comment", ["x = 1", ":vars \"\"", ":load \"my file.nn\""]),
      ("# only comments\n\n   # and blanks\n;;\n", []),
      ("x = 1 # set x\n  # nothing\ny = x", ["x = 1", "y = x"]),
    ])
    func parses(source: String, expected: [String]) throws {
      let statements = try Parser.parse(source)
      #expect(statements.map(Self.shape) == expected)
    }

    @Test func repetitionAndStatementRangesCoverTheirText() throws {
      let statements = try Parser.parse("x = 1\nnet = dense(1,1,sigmoid) x 8")
      try #require(statements.count == 2)
      let s = statements[1]
      #expect(s.range.start == SourceLocation(line: 2, column: 1, offset: 6))
      #expect(s.range.end.column == 29)
      guard case .assign(_, let value) = s.kind, case .repetition(_, 8) = value.kind else {
        Issue.record("expected an assignment of a repetition, got \(s.kind)")
        return
      }
      #expect(value.range.start.column == 7)
      #expect(value.range.end.column == 29)
    }

    @Test func parenthesesWidenTheRangeOfTheInnerExpression() throws {
      let statements = try Parser.parse("(1 + 2) * 3")
      guard case .expression(let e) = statements.first?.kind, case .binary(.multiply, let left, _) = e.kind else {
        Issue.record("expected a product")
        return
      }
      #expect(left.range.start.column == 1)
      #expect(left.range.end.column == 8)
    }
  }
}

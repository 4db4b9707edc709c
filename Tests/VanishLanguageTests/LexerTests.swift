import Testing
@testable import VanishLanguage

@Suite struct LexerTests {

  static func kinds(_ source: String) throws -> [TokenKind] {
    try Lexer.tokenize(source).map(\.kind)
  }

  @Test func namesWithDigitsAreIdentifiers() throws {
    #expect(try Self.kinds("x8 = 2; x") == [
      .identifier("x8"), .assign, .number(2), .semicolon, .identifier("x"), .eof,
    ])
  }

  @Test func numbersInEveryForm() throws {
    #expect(try Self.kinds("3 0.5 1e-3 2.5E+4 7e2") == [
      .number(3), .number(0.5), .number(0.001), .number(25000), .number(700), .eof,
    ])
    // A point without digits after it is a '.', not part of the number.
    #expect(try Self.kinds("1.x") == [.number(1), .dot, .identifier("x"), .eof])
  }

  @Test func stringEscapes() throws {
    #expect(try Self.kinds(#""a\"b\\c\nd\te""#) == [.string("a\"b\\c\nd\te"), .eof])
  }

  @Test func operatorsAndArrow() throws {
    #expect(try Self.kinds("a->b - c'@d^2/e*f+g") == [
      .identifier("a"), .arrow, .identifier("b"), .minus, .identifier("c"), .apostrophe, .at,
      .identifier("d"), .caret, .number(2), .slash, .identifier("e"), .star, .identifier("f"), .plus,
      .identifier("g"), .eof,
    ])
  }

  @Test func newlinesEndStatementsOnlyOutsideBracketsAndAfterCompleteLines() throws {
    #expect(try Self.kinds("a\n\n\nb") == [.identifier("a"), .newline, .identifier("b"), .eof])
    #expect(try Self.kinds("a ->\n b") == [.identifier("a"), .arrow, .identifier("b"), .eof])
    #expect(try Self.kinds("f(1,\n 2)\n") == [
      .identifier("f"), .leftParen, .number(1), .comma, .number(2), .rightParen, .newline, .eof,
    ])
    #expect(try Self.kinds("x =\n 1") == [.identifier("x"), .assign, .number(1), .eof])
    // A comment between the operator and the newline does not stop the continuation.
    #expect(try Self.kinds("1 + # more\n2") == [.number(1), .plus, .number(2), .eof])
  }

  @Test func windowsLineEndsAreNewlines() throws {
    let source = "x = 1 # c\r\n:load f.nn\r\ny = \"a\"\r\n"
    #expect(try Self.kinds(source) == [
      .identifier("x"), .assign, .number(1), .newline, .command(name: "load", argument: "f.nn"), .newline,
      .identifier("y"), .assign, .string("a"), .newline, .eof,
    ])
    let y = try Lexer.tokenize(source)[6]
    #expect(y.range.start == SourceLocation(line: 3, column: 1, offset: 21))
    #expect(!Lexer.needsMoreInput("x = 1\r\n"))
    #expect(Lexer.needsMoreInput("x = 1 +\r\n"))
  }

  @Test func aWrongClosingBracketClosesTheBracketsInsideItsPartner() throws {
    #expect(try Self.kinds("f([1)\ng") == [
      .identifier("f"), .leftParen, .leftBracket, .number(1), .rightParen, .newline, .identifier("g"), .eof,
    ])
    // A closing bracket with no partner at all leaves the open ones open.
    #expect(try Self.kinds("[1)\n2]") == [
      .leftBracket, .number(1), .rightParen, .number(2), .rightBracket, .eof,
    ])
  }

  @Test func commandsOnlyAtTheStartOfAStatement() throws {
    #expect(try Self.kinds(":load  my file.nn  # why\nx") == [
      .command(name: "load", argument: "my file.nn"), .newline, .identifier("x"), .eof,
    ])
    #expect(try Self.kinds("x = 1; :time on") == [
      .identifier("x"), .assign, .number(1), .semicolon, .command(name: "time", argument: "on"), .eof,
    ])
    #expect(try Self.kinds("v[a:b]") == [
      .identifier("v"), .leftBracket, .identifier("a"), .colon, .identifier("b"), .rightBracket, .eof,
    ])
  }

  @Test func columnsCountCharactersAndTheEndSitsAfterTheLastToken() throws {
    let tokens = try Lexer.tokenize("é + \"ü\"\n\n")
    #expect(tokens.map(\.range.start.column) == [1, 3, 5, 8, 8])
    #expect(tokens.map(\.range.start.line) == [1, 1, 1, 1, 1])
    #expect(tokens.last?.kind == .eof)
    #expect(tokens.map(\.lexeme) == ["é", "+", "\"ü\"", "\n", ""])
  }

  @Test func lexicalErrorsAreThrownWithTheirPlace() {
    #expect(throws: Diagnostic("unexpected character '$'",
      at: SourceRange(SourceLocation(line: 2, column: 3, offset: 8), SourceLocation(line: 2, column: 4, offset: 9)))) {
      _ = try Lexer.tokenize("x = 1\ny $")
    }
    #expect(throws: Diagnostic("malformed number '1e-'",
      at: SourceRange(SourceLocation(line: 1, column: 1, offset: 0), SourceLocation(line: 1, column: 4, offset: 3)),
      hint: "an exponent needs digits: 1e-3")) {
      _ = try Lexer.tokenize("1e-x")
    }
  }

  @Test func lexingGoesOnAfterAnErrorAndMarksTheBadText() throws {
    let (tokens, errors) = try Lexer.scan("x = $\ny = 1e999")
    #expect(errors.map(\.message) == ["unexpected character '$'", "number '1e999' is too large for a Double"])
    #expect(tokens.map(\.kind) == [
      .identifier("x"), .assign, .invalid, .newline, .identifier("y"), .assign, .invalid, .eof,
    ])
  }

  @Test func aBracketNeverClosedDoesNotHoldTheNewlinesAfterIt() throws {
    let (tokens, errors) = try Lexer.scan("f(1\nx = [2,\n3]\n")
    #expect(errors.isEmpty)
    #expect(tokens.map(\.kind) == [
      .identifier("f"), .leftParen, .number(1), .newline,
      .identifier("x"), .assign, .leftBracket, .number(2), .comma, .number(3), .rightBracket, .newline, .eof,
    ])
    // The REPL still waits for the ')'.
    #expect(Lexer.needsMoreInput("f(1\nx = [2,\n3]"))
  }

  @Test(arguments: [
    "dense(784, 30",
    "[1, 2,",
    "mlp([2,",
    "x = [1,\n 2",
    "x = 1 +",
    "x = 1 -",
    "net = dense(1,1) ->",
    "net = dense(1,1) ->   # more below",
    "x =",
    "f(a,",
    "y = x @",
    "2 ^",
  ])
  func needsMoreInputForAnUnfinishedStatement(_ source: String) {
    #expect(Lexer.needsMoreInput(source))
  }

  @Test(arguments: [
    "",
    "x = 1",
    "# comment",
    "dense(1,1)x8",
    "mlp([2,\n 3], tanh)",
    "x = 1)",
    "(1]",
    "mlp([2, 3), tanh)",
    "\"abc",
    "x = \"a(\"",
    ":load a,",
    "1 2",
    "x'",
  ])
  func needsNoMoreInputWhenCompleteOrAlreadyWrong(_ source: String) {
    #expect(!Lexer.needsMoreInput(source))
  }
}

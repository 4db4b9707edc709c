import VanishCore

/// A recursive-descent parser with one method per rule of `grammar/vanish.ebnf`, in
/// precedence order (lowest first):
///
///   program     = { statement } ;
///   statement   = command | assignment | expression ;
///   expression  = range ;
///   range       = composition [ ":" composition [ ":" composition ] ] ;
///   composition = additive { "->" additive } ;
///   additive    = multiplicative { ("+" | "-") multiplicative } ;
///   multiplicative = unary { ("*" | "/" | "@") unary } ;
///   unary       = "-" unary | power ;
///   power       = postfix [ "^" unary ] ;
///   postfix     = primary { call | index | field | "'" | repetition } ;
///   primary     = number | string | "true" | "false" | identifier | "(" expression ")" | array ;
///   array       = "[" [ expression ( "for" identifier "in" expression | { "," expression } ) ] "]" ;
///
/// After an error it skips to the next statement (jlox's `synchronize`), so one run reports
/// every broken statement: the lexer's errors and its own, in source order, one per statement.
public struct Parser {
  /// How deeply brackets (grouping, arrays, calls, indices), unary '-' and '^' may nest;
  /// the error points at the first one too many.
  public static let maxNesting = 200
  /// How tall an expression tree may grow (long chains like 1+1+...+1 count too).
  public static let maxDepth = 2000
  /// The largest repetition count `x N`.
  public static let maxRepetition = 10_000

  private let tokens: [Token]
  private var current = 0
  private var nesting = 0
  /// The brackets open at the current point, innermost last.
  private var openBrackets: [Token] = []
  private var errors: [Diagnostic] = []

  public init(tokens: [Token]) {
    self.tokens = tokens
  }

  /// Lexes and parses a whole program; throws every error found, in source order.
  public static func parse(_ source: String) throws(ParseErrors) -> [Statement] {
    let scanned: (tokens: [Token], errors: [Diagnostic])
    do {
      scanned = try Lexer.scan(source)
    } catch {
      throw ParseErrors(diagnostics: [error])
    }
    var parser = Parser(tokens: scanned.tokens)
    let statements = parser.program()
    let errors = scanned.errors + parser.errors
    if !errors.isEmpty {
      // Stable: an error without a place (Ctrl-C) stays last.
      let ordered = errors.enumerated().sorted {
        ($0.element.range?.start.offset ?? Int.max, $0.offset) < ($1.element.range?.start.offset ?? Int.max, $1.offset)
      }
      throw ParseErrors(diagnostics: ordered.map(\.element))
    }
    return statements
  }

  // MARK: - Statements

  mutating func program() -> [Statement] {
    var statements: [Statement] = []
    while !isAtEnd {
      if match(.newline) || match(.semicolon) { continue }
      if Interrupt.isRequested {
        errors.append(Diagnostic(Lexer.interrupted))
        break
      }
      let start = current
      do {
        statements.append(try statement())
      } catch {
        synchronize()
        // A statement holding text the lexer could not read has its error from the lexer.
        if !tokens[start..<current].contains(where: { $0.kind == .invalid }) { errors.append(error) }
      }
    }
    return statements
  }

  private mutating func statement() throws(Diagnostic) -> Statement {
    if case .command(let name, let argument) = peek.kind {
      let token = advance()
      try endOfStatement()
      return Statement(kind: .command(name: name, argument: argument), range: token.range)
    }
    let target = try expression()
    if check(.assign) {
      let equals = advance()
      if !canStartExpression(peek) {
        throw Diagnostic(
          "expected a value after '=', found \(describe(peek))", at: peek.range,
          hint: hintForMissingExpression(peek))
      }
      let value = try expression()
      try endOfStatement()
      let range = target.range.to(value.range)
      return Statement(kind: try assignment(target, value, equals), range: range)
    }
    try endOfStatement()
    return Statement(kind: .expression(target), range: target.range)
  }

  /// What `target = value` means, from the shape of the target.
  private func assignment(_ target: Expr, _ value: Expr, _ equals: Token) throws(Diagnostic)
    -> Statement.Kind
  {
    switch target.kind {
    case .identifier(let name):
      return .assign(name: name, value: value)
    case .call(let callee, let arguments):
      guard case .identifier(let name) = callee.kind else { break }
      var parameters: [String] = []
      for argument in arguments {
        guard argument.name == nil, case .identifier(let p) = argument.value.kind else {
          let range = argument.nameRange.map { $0.to(argument.value.range) } ?? argument.value.range
          throw Diagnostic(
            "a function's parameters must be plain names", at: range,
            hint: "define it as \(name)(w1, w2) = ...")
        }
        if parameters.contains(p) {
          throw Diagnostic("parameter '\(p)' appears twice", at: argument.value.range)
        }
        parameters.append(p)
      }
      return .define(name: name, parameters: parameters, body: value)
    case .field, .index:
      if Parser.isAssignable(target) { return .assignInto(target: target, value: value) }
    default:
      break
    }
    throw Diagnostic(
      "cannot assign to this expression", at: target.range,
      hint: "the left side of '=' is a name, a field or index such as net.w[2], or f(w1, w2)")
  }

  /// A chain of fields and indices that starts at a name: `net.w[3]`, `v[2]`.
  private static func isAssignable(_ e: Expr) -> Bool {
    switch e.kind {
    case .identifier: return true
    case .field(let base, _), .index(let base, _): return isAssignable(base)
    default: return false
    }
  }

  private mutating func endOfStatement() throws(Diagnostic) {
    if match(.newline) || match(.semicolon) || isAtEnd { return }
    throw Diagnostic("expected the end of the statement, found \(describe(peek))", at: peek.range,
      hint: hintForUnexpected(peek))
  }

  private func hintForUnexpected(_ token: Token) -> String? {
    switch token.kind {
    case .identifier("x"):
      return "repeat a layer with x and a count: dense(1, 1, sigmoid) x 8"
    case .number, .identifier, .string, .leftBracket, .trueKeyword, .falseKeyword:
      return "separate statements with a newline or ';'"
    case .rightParen, .rightBracket:
      return "this closing bracket has no opening one"
    case .colon:
      return "a range has at most three parts: a:b or a:step:b"
    case .assign:
      return "a statement has at most one '='"
    default:
      return nil
    }
  }

  /// Skips to the start of the next statement after an error.
  private mutating func synchronize() {
    nesting = 0
    openBrackets = []
    while !isAtEnd {
      let token = advance()
      if token.kind == .newline || token.kind == .semicolon { return }
    }
  }

  // MARK: - Expressions

  mutating func expression() throws(Diagnostic) -> Expr {
    try range()
  }

  /// `a:b` and `a:s:b`, the loosest binding of all (as in Julia): `1:n+1` is 1 to n + 1.
  private mutating func range() throws(Diagnostic) -> Expr {
    let first = try composition()
    guard match(.colon) else { return first }
    let second = try operand(after: ":") { (p: inout Parser) throws(Diagnostic) in try p.composition() }
    guard match(.colon) else { return try node(.range(first, second), first.range.to(second.range)) }
    let third = try operand(after: ":") { (p: inout Parser) throws(Diagnostic) in try p.composition() }
    return try node(.steppedRange(first, second, third), first.range.to(third.range))
  }

  /// Counts one more level of nesting (a bracket, a unary '-', a '^') at `token`, and
  /// refuses more than `maxNesting`. The caller undoes it with `nesting -= 1`.
  private mutating func nest(at token: Token) throws(Diagnostic) {
    nesting += 1
    if nesting > Parser.maxNesting {
      throw Diagnostic(
        "expression nested more than \(Parser.maxNesting) levels deep", at: token.range,
        hint: "split it into several statements")
    }
  }

  private mutating func composition() throws(Diagnostic) -> Expr {
    var left = try additive()
    while check(.arrow) {
      advance()
      let right = try operand(after: "->") { (p: inout Parser) throws(Diagnostic) in try p.additive() }
      left = try node(.binary(.compose, left, right), left.range.to(right.range))
    }
    return left
  }

  private mutating func additive() throws(Diagnostic) -> Expr {
    var left = try multiplicative()
    while check(.plus) || check(.minus) {
      let op: BinaryOperator = advance().kind == .plus ? .add : .subtract
      let right = try operand(after: op.rawValue) { (p: inout Parser) throws(Diagnostic) in try p.multiplicative() }
      left = try node(.binary(op, left, right), left.range.to(right.range))
    }
    return left
  }

  private mutating func multiplicative() throws(Diagnostic) -> Expr {
    var left = try unary()
    while check(.star) || check(.slash) || check(.at) {
      let kind = advance().kind
      let op: BinaryOperator = kind == .star ? .multiply : kind == .slash ? .divide : .matmul
      let right = try operand(after: op.rawValue) { (p: inout Parser) throws(Diagnostic) in try p.unary() }
      left = try node(.binary(op, left, right), left.range.to(right.range))
    }
    return left
  }

  private mutating func unary() throws(Diagnostic) -> Expr {
    if check(.minus) {
      let minus = advance()
      defer { nesting -= 1 }
      try nest(at: minus)
      let operand = try operand(after: "-") { (p: inout Parser) throws(Diagnostic) in try p.unary() }
      return try node(.unary(.negate, operand), minus.range.to(operand.range))
    }
    return try power()
  }

  private mutating func power() throws(Diagnostic) -> Expr {
    let base = try postfix()
    if check(.caret) {
      let caret = advance()
      defer { nesting -= 1 }
      try nest(at: caret)
      let exponent = try operand(after: "^") { (p: inout Parser) throws(Diagnostic) in try p.unary() }
      return try node(.binary(.power, base, exponent), base.range.to(exponent.range))
    }
    return base
  }

  private mutating func postfix() throws(Diagnostic) -> Expr {
    var e = try primary()
    while true {
      if check(.leftParen) {
        e = try call(e)
      } else if check(.leftBracket) {
        let open = advance()
        defer { nesting -= 1; openBrackets.removeLast() }
        openBrackets.append(open)
        try nest(at: open)
        if check(.rightBracket) {
          throw Diagnostic("expected an index inside '[]'", at: peek.range, hint: "indices start at 1: v[1]")
        }
        let index = try expression()
        let close = try closing(.rightBracket, "]", opened: open)
        e = try node(.index(e, index), e.range.to(close.range))
      } else if check(.dot) {
        advance()
        guard case .identifier(let name) = peek.kind else {
          var hint: String? = nil
          if case .number = e.kind, case .number = tokens[current - 2].kind {
            hint = "write a number with digits after the point: 1.0"
          } else if case .number = peek.kind {
            hint = "index with brackets: v[1]"
          }
          throw Diagnostic(
            "expected a field name after '.', found \(describe(peek))", at: peek.range, hint: hint)
        }
        let nameToken = advance()
        e = try node(.field(e, name), e.range.to(nameToken.range))
      } else if check(.apostrophe) {
        let tick = advance()
        e = try node(.transpose(e), e.range.to(tick.range))
      } else if let (count, end) = try repetition() {
        e = try node(.repetition(e, count), e.range.to(end))
      } else {
        return e
      }
    }
  }

  /// `x8` or `x 8` right after an expression. Nothing else may follow an expression
  /// directly, so this never clashes with `x` or `x8` used as names.
  private mutating func repetition() throws(Diagnostic) -> (Int, SourceRange)? {
    guard case .identifier(let name) = peek.kind, name.first == "x" else { return nil }
    let digits = name.dropFirst()
    var countText: String
    var countRange: SourceRange
    if digits.isEmpty {
      guard current + 1 < tokens.count, case .number = tokens[current + 1].kind else { return nil }
      advance()
      let number = advance()
      countText = number.lexeme
      countRange = number.range
    } else if digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
      let token = advance()
      countText = String(digits)
      countRange = token.range
    } else {
      return nil
    }
    guard let count = Int(countText), count >= 1, count <= Parser.maxRepetition else {
      throw Diagnostic(
        "repetition count must be a whole number from 1 to \(Parser.maxRepetition), not \(countText)",
        at: countRange)
    }
    return (count, countRange)
  }

  private mutating func call(_ callee: Expr) throws(Diagnostic) -> Expr {
    let open = advance()
    defer { nesting -= 1; openBrackets.removeLast() }
    openBrackets.append(open)
    try nest(at: open)
    var arguments: [CallArgument] = []
    var sawNamed = false
    if !check(.rightParen) {
      repeat {
        if check(.rightParen) { break }  // a trailing comma
        if case .identifier(let name) = peek.kind, current + 1 < tokens.count,
          tokens[current + 1].kind == .assign
        {
          let nameToken = advance()
          advance()
          if arguments.contains(where: { $0.name == name }) {
            throw Diagnostic("argument '\(name)' is given twice", at: nameToken.range)
          }
          let value = try expression()
          arguments.append(CallArgument(name: name, nameRange: nameToken.range, value: value))
          sawNamed = true
        } else {
          let value = try expression()
          if sawNamed {
            throw Diagnostic(
              "a positional argument cannot follow a named one", at: value.range,
              hint: "put positional arguments first: dense(784, 30, sigmoid, init=xavier)")
          }
          arguments.append(CallArgument(name: nil, nameRange: nil, value: value))
        }
      } while match(.comma)
    }
    let close = try closing(.rightParen, ")", opened: open)
    return try node(.call(callee, arguments), callee.range.to(close.range))
  }

  private mutating func primary() throws(Diagnostic) -> Expr {
    let token = peek
    switch token.kind {
    case .number(let v):
      advance()
      return Expr(.number(v), token.range)
    case .string(let s):
      advance()
      return Expr(.string(s), token.range)
    case .trueKeyword:
      advance()
      return Expr(.bool(true), token.range)
    case .falseKeyword:
      advance()
      return Expr(.bool(false), token.range)
    case .identifier(let name):
      advance()
      return Expr(.identifier(name), token.range)
    case .leftParen:
      let open = advance()
      defer { nesting -= 1; openBrackets.removeLast() }
      openBrackets.append(open)
      try nest(at: open)
      if check(.rightParen) {
        throw Diagnostic("expected an expression inside '()'", at: peek.range)
      }
      var inner = try expression()
      let close = try closing(.rightParen, ")", opened: open)
      inner.range = open.range.to(close.range)
      return inner
    case .leftBracket:
      let open = advance()
      defer { nesting -= 1; openBrackets.removeLast() }
      openBrackets.append(open)
      try nest(at: open)
      var items: [Expr] = []
      if !check(.rightBracket) {
        let first = try expression()
        if case .identifier("for") = peek.kind {
          return try comprehension(first, opened: open)
        }
        items.append(first)
        while match(.comma) {
          if check(.rightBracket) { break }
          items.append(try expression())
        }
      }
      let close = try closing(.rightBracket, "]", opened: open)
      return try node(.array(items), open.range.to(close.range))
    case .newline where !openBrackets.isEmpty:
      throw unclosed(openBrackets[openBrackets.count - 1])
    case .eof where !openBrackets.isEmpty:
      let open = openBrackets[openBrackets.count - 1]
      throw Diagnostic(
        "expected '\(open.kind == .leftParen ? ")" : "]")' to close '\(open.lexeme)' opened at \(open.range.start), found end of input",
        at: token.range)
    default:
      throw Diagnostic(
        "expected an expression, found \(describe(token))", at: token.range,
        hint: hintForMissingExpression(token))
    }
  }

  /// `[body for name in values]`, after the body; `for` and `in` are words only here.
  private mutating func comprehension(_ body: Expr, opened open: Token) throws(Diagnostic) -> Expr {
    advance()  // for
    guard case .identifier(let name) = peek.kind, name != "in" else {
      throw Diagnostic(
        "expected a name after 'for', found \(describe(peek))", at: peek.range, hint: "[L^2 for L in 1:10]")
    }
    advance()
    guard case .identifier("in") = peek.kind else {
      throw Diagnostic("expected 'in' after 'for \(name)', found \(describe(peek))", at: peek.range, hint: "[L^2 for L in 1:10]")
    }
    advance()
    let values = try expression()
    let close = try closing(.rightBracket, "]", opened: open)
    return try node(.comprehension(body, name, values), open.range.to(close.range))
  }

  // MARK: - Helpers

  /// Tokens that can begin an expression.
  private func canStartExpression(_ token: Token) -> Bool {
    switch token.kind {
    case .number, .string, .trueKeyword, .falseKeyword, .identifier, .leftParen, .leftBracket, .minus:
      return true
    default:
      return false
    }
  }

  /// True when the token at `current` begins a statement.
  private var atStatementStart: Bool {
    current == 0 || tokens[current - 1].kind == .newline || tokens[current - 1].kind == .semicolon
  }

  private func hintForMissingExpression(_ token: Token) -> String? {
    switch token.kind {
    case .assign where atStatementStart:
      return "put the name to assign before '=': x = 3"
    case .assign:
      return "there is no '=='; '=' gives a name a value, and printing shows a value"
    case .plus, .star, .slash, .caret, .at, .arrow:
      if atStatementStart {
        return "a statement cannot start with '\(token.lexeme)'; to continue the line above, end that line with '\(token.lexeme)'"
      }
      return token.kind == .plus ? "there is no unary '+': write the value alone" : nil
    case .rightParen, .rightBracket:
      if openBrackets.isEmpty { return "this closing bracket has no opening one" }
      if current > 0, tokens[current - 1].kind == .assign { return "give the argument a value: init=xavier" }
      if current > 0, tokens[current - 1].kind == .colon { return "a range needs both ends: v[2:4]" }
      return nil
    case .colon:
      if !openBrackets.isEmpty { return "a range needs both ends: v[2:4]" }
      if current + 1 < tokens.count, case .identifier = tokens[current + 1].kind {
        return atStatementStart
          ? "write a command with no space after ':': :help" : "a command such as :help goes at the start of a line"
      }
      return "ranges like 2:4 go inside an index: net.w[2:4]"
    case .comma:
      return "remove the extra ','"
    case .dot where current + 1 < tokens.count:
      if case .number = tokens[current + 1].kind { return "write a digit before the point: 0.5" }
      return nil
    case .apostrophe:
      return "strings are written in double quotes: \"text\"; a ' after a value transposes it"
    default:
      return nil
    }
  }

  /// How a token is named in a message; the transpose mark reads better in double quotes.
  private func describe(_ token: Token) -> String {
    token.kind == .apostrophe ? "\"'\"" : token.described
  }

  /// Parses the right operand of a binary operator, with a clear error when it is missing.
  private mutating func operand(
    after op: String, _ parse: (inout Parser) throws(Diagnostic) -> Expr
  ) throws(Diagnostic) -> Expr {
    if !canStartExpression(peek) {
      throw Diagnostic(
        "expected an expression after '\(op)', found \(describe(peek))", at: peek.range,
        hint: hintForMissingExpression(peek))
    }
    return try parse(&self)
  }

  private mutating func closing(_ kind: TokenKind, _ text: String, opened open: Token) throws(Diagnostic) -> Token {
    if check(kind) { return advance() }
    if check(.newline) { throw unclosed(open) }
    var hint: String? = nil
    switch peek.kind {
    case .identifier, .number, .string, .trueKeyword, .falseKeyword:
      hint = "separate arguments and elements with ','"
    default:
      break
    }
    var found = describe(peek)
    var range = peek.range
    // A bracket left open carries the statement onto the next line; point at the line
    // where the closing bracket is missing, not at the start of the next statement.
    if peek.kind != .eof, current > 0, peek.range.start.line > tokens[current - 1].range.end.line {
      let last = tokens[current - 1]
      found += " on line \(peek.range.start.line)"
      range = SourceRange(last.range.end, last.range.end)
      hint = "an open bracket continues the statement onto the next line"
    }
    throw Diagnostic(
      "expected '\(text)' to close '\(open.lexeme)' opened at \(open.range.start), found \(found)",
      at: range, hint: hint)
  }

  /// A bracket that is never closed, met at the newline that ends its statement (the lexer
  /// lets such a newline end it, see `Lexer.scan`): the error points at the end of the line
  /// where the closing bracket is missing and names what follows.
  private func unclosed(_ open: Token) -> Diagnostic {
    let text = open.kind == .leftParen ? ")" : "]"
    let expected = "expected '\(text)' to close '\(open.lexeme)' opened at \(open.range.start)"
    let next = tokens[current + 1]
    if next.kind == .eof { return Diagnostic("\(expected), found end of input", at: next.range) }
    let end = tokens[current - 1].range.end
    return Diagnostic(
      "\(expected), found \(describe(next)) on line \(next.range.start.line)", at: SourceRange(end, end),
      hint: "an open bracket continues the statement onto the next line")
  }

  private func node(_ kind: Expr.Kind, _ range: SourceRange) throws(Diagnostic) -> Expr {
    let e = Expr(kind, range)
    if e.depth > Parser.maxDepth {
      throw Diagnostic(
        "expression is more than \(Parser.maxDepth) operations deep", at: range,
        hint: "split it into several statements")
    }
    return e
  }

  private var peek: Token { tokens[current] }
  private var isAtEnd: Bool { peek.kind == .eof }

  private func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

  @discardableResult
  private mutating func advance() -> Token {
    let token = tokens[current]
    if !isAtEnd { current += 1 }
    return token
  }

  private mutating func match(_ kind: TokenKind) -> Bool {
    if check(kind) {
      advance()
      return true
    }
    return false
  }
}

/// Every error found in a program, in source order.
public struct ParseErrors: Error, Sendable {
  public var diagnostics: [Diagnostic]
}

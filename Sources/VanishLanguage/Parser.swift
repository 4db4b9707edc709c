/// A recursive-descent parser with one method per rule of `grammar/vanish.ebnf`, in
/// precedence order (lowest first):
///
///   program     = { statement } ;
///   statement   = command | assignment | expression ;
///   expression  = composition ;
///   composition = additive { "->" additive } ;
///   additive    = multiplicative { ("+" | "-") multiplicative } ;
///   multiplicative = unary { ("*" | "/" | "@") unary } ;
///   unary       = "-" unary | power ;
///   power       = postfix [ "^" unary ] ;
///   postfix     = primary { call | index | field | "'" | repetition } ;
///   primary     = number | string | "true" | "false" | identifier | "(" expression ")" | array ;
///
/// After an error it skips to the next statement, so one run reports every broken statement.
public struct Parser {
  /// How deeply brackets, calls and unary operators may nest.
  public static let maxNesting = 200
  /// How tall an expression tree may grow (long chains like 1+1+...+1 count too).
  public static let maxDepth = 2000
  /// The largest repetition count `x N`.
  public static let maxRepetition = 10_000

  private let tokens: [Token]
  private var current = 0
  private var nesting = 0
  private var errors: [Diagnostic] = []

  public init(tokens: [Token]) {
    self.tokens = tokens
  }

  /// Lexes and parses a whole program; throws every error found (the first is the main one).
  public static func parse(_ source: String) throws(ParseErrors) -> [Statement] {
    let tokens: [Token]
    do {
      tokens = try Lexer.tokenize(source)
    } catch {
      throw ParseErrors(diagnostics: [error])
    }
    var parser = Parser(tokens: tokens)
    let statements = parser.program()
    if !parser.errors.isEmpty { throw ParseErrors(diagnostics: parser.errors) }
    return statements
  }

  // MARK: - Statements

  mutating func program() -> [Statement] {
    var statements: [Statement] = []
    while !isAtEnd {
      if match(.newline) || match(.semicolon) { continue }
      do {
        statements.append(try statement())
      } catch {
        errors.append(error)
        synchronize()
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
      if check(.newline) || check(.semicolon) || isAtEnd {
        throw Diagnostic("expected a value after '='", at: peek.range)
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
          throw Diagnostic(
            "a function's parameters must be plain names", at: argument.value.range,
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
    throw Diagnostic("expected the end of the statement, found \(peek.described)", at: peek.range,
      hint: hintForUnexpected(peek))
  }

  private func hintForUnexpected(_ token: Token) -> String? {
    switch token.kind {
    case .number, .identifier, .string, .leftBracket:
      return "separate statements with a newline or ';'"
    case .rightParen, .rightBracket:
      return "this closing bracket has no opening one"
    default:
      return nil
    }
  }

  /// Skips to the start of the next statement after an error.
  private mutating func synchronize() {
    nesting = 0
    while !isAtEnd {
      let token = advance()
      if token.kind == .newline || token.kind == .semicolon { return }
    }
  }

  // MARK: - Expressions

  mutating func expression() throws(Diagnostic) -> Expr {
    nesting += 1
    defer { nesting -= 1 }
    if nesting > Parser.maxNesting {
      throw Diagnostic(
        "expression nested more than \(Parser.maxNesting) levels deep", at: peek.range,
        hint: "split it into several statements")
    }
    return try composition()
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
      nesting += 1
      defer { nesting -= 1 }
      if nesting > Parser.maxNesting {
        throw Diagnostic("expression nested more than \(Parser.maxNesting) levels deep", at: minus.range)
      }
      let operand = try operand(after: "-") { (p: inout Parser) throws(Diagnostic) in try p.unary() }
      return try node(.unary(.negate, operand), minus.range.to(operand.range))
    }
    return try power()
  }

  private mutating func power() throws(Diagnostic) -> Expr {
    let base = try postfix()
    if check(.caret) {
      advance()
      nesting += 1
      defer { nesting -= 1 }
      if nesting > Parser.maxNesting {
        throw Diagnostic("expression nested more than \(Parser.maxNesting) levels deep", at: peek.range)
      }
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
        if check(.rightBracket) {
          throw Diagnostic("expected an index inside '[]'", at: peek.range, hint: "indices start at 1: v[1]")
        }
        var index = try expression()
        if match(.colon) {
          let upper = try expression()
          index = try node(.range(index, upper), index.range.to(upper.range))
        }
        let close = try closing(.rightBracket, "]", opened: open)
        e = try node(.index(e, index), e.range.to(close.range))
      } else if check(.dot) {
        advance()
        guard case .identifier(let name) = peek.kind else {
          throw Diagnostic("expected a field name after '.', found \(peek.described)", at: peek.range)
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
    nesting += 1
    defer { nesting -= 1 }
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
      if check(.rightParen) {
        throw Diagnostic("expected an expression inside '()'", at: peek.range)
      }
      var inner = try expression()
      let close = try closing(.rightParen, ")", opened: open)
      inner.range = open.range.to(close.range)
      return inner
    case .leftBracket:
      let open = advance()
      nesting += 1
      defer { nesting -= 1 }
      var items: [Expr] = []
      if !check(.rightBracket) {
        repeat {
          if check(.rightBracket) { break }
          items.append(try expression())
        } while match(.comma)
      }
      let close = try closing(.rightBracket, "]", opened: open)
      return try node(.array(items), open.range.to(close.range))
    default:
      throw Diagnostic(expectedExpressionMessage(token), at: token.range, hint: hintForMissingExpression(token))
    }
  }

  // MARK: - Helpers

  private func expectedExpressionMessage(_ token: Token) -> String {
    "expected an expression, found \(token.described)"
  }

  private func hintForMissingExpression(_ token: Token) -> String? {
    switch token.kind {
    case .assign: return "'=' assigns; compare values by printing them"
    case .rightParen, .rightBracket: return "this closing bracket has no opening one"
    case .colon: return "ranges like 2:4 go inside an index: net.w[2:4]"
    default: return nil
    }
  }

  /// Parses the right operand of a binary operator, with a clear error when it is missing.
  private mutating func operand(
    after op: String, _ parse: (inout Parser) throws(Diagnostic) -> Expr
  ) throws(Diagnostic) -> Expr {
    if isAtEnd || check(.newline) || check(.semicolon) || check(.rightParen) || check(.rightBracket)
      || check(.comma)
    {
      throw Diagnostic("expected an expression after '\(op)', found \(peek.described)", at: peek.range)
    }
    return try parse(&self)
  }

  private mutating func closing(_ kind: TokenKind, _ text: String, opened open: Token) throws(Diagnostic) -> Token {
    if check(kind) { return advance() }
    var hint: String? = nil
    if case .identifier = peek.kind { hint = "separate arguments and elements with ','" }
    if case .number = peek.kind { hint = "separate arguments and elements with ','" }
    throw Diagnostic(
      "expected '\(text)' to close '\(open.lexeme)' opened at \(open.range.start), found \(peek.described)",
      at: peek.range, hint: hint)
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

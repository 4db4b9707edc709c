/// Turns source text into tokens.
///
/// Newlines end statements only outside brackets and when the line does not end with a
/// binary operator, `->`, `=` or `,`: there the statement continues on the next line.
public struct Lexer {
  private let chars: [Character]
  private var index = 0
  private var line = 1
  private var column = 1
  private var tokens: [Token] = []
  private var brackets: [Token] = []
  private var atStatementStart = true

  public init(_ source: String) {
    chars = Array(source)
  }

  /// All tokens, ending with `.eof`.
  public static func tokenize(_ source: String) throws(Diagnostic) -> [Token] {
    var lexer = Lexer(source)
    return try lexer.run()
  }

  /// True when `source` is an unfinished statement: an open bracket, or a last
  /// line that ends with a binary operator. The REPL then asks for another line.
  public static func needsMoreInput(_ source: String) -> Bool {
    var lexer = Lexer(source)
    do {
      let tokens = try lexer.run()
      if !lexer.brackets.isEmpty { return true }
      let significant = tokens.last { $0.kind != .eof && $0.kind != .newline }
      return significant?.kind.continuesLine ?? false
    } catch {
      return false  // a lexical error is reported, not continued
    }
  }

  private var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }
  private var peek: Character? { index < chars.count ? chars[index] : nil }
  private var peekNext: Character? { index + 1 < chars.count ? chars[index + 1] : nil }

  @discardableResult
  private mutating func advance() -> Character {
    let c = chars[index]
    index += 1
    if c == "\n" {
      line += 1
      column = 1
    } else {
      column += 1
    }
    return c
  }

  private mutating func add(_ kind: TokenKind, from start: SourceLocation) {
    let lexeme = String(chars[start.offset..<index])
    tokens.append(Token(kind: kind, lexeme: lexeme, range: SourceRange(start, location)))
    atStatementStart = (kind == .newline || kind == .semicolon)
  }

  private mutating func run() throws(Diagnostic) -> [Token] {
    while let c = peek {
      let start = location
      switch c {
      case " ", "\t", "\r":
        advance()
      case "#":
        while let d = peek, d != "\n" { advance() }
      case "\n":
        advance()
        let continues = tokens.last?.kind.continuesLine ?? false
        if brackets.isEmpty && !continues && !(tokens.last.map { $0.kind == .newline } ?? true) {
          add(.newline, from: start)
        }
      case "(", "[":
        advance()
        add(c == "(" ? .leftParen : .leftBracket, from: start)
        brackets.append(tokens[tokens.count - 1])
      case ")", "]":
        advance()
        add(c == ")" ? .rightParen : .rightBracket, from: start)
        if let open = brackets.last, (open.kind == .leftParen) == (c == ")") {
          brackets.removeLast()
        }
      case ",": advance(); add(.comma, from: start)
      case ".": advance(); add(.dot, from: start)
      case ";": advance(); add(.semicolon, from: start)
      case "=": advance(); add(.assign, from: start)
      case "+": advance(); add(.plus, from: start)
      case "*": advance(); add(.star, from: start)
      case "/": advance(); add(.slash, from: start)
      case "^": advance(); add(.caret, from: start)
      case "@": advance(); add(.at, from: start)
      case "'": advance(); add(.apostrophe, from: start)
      case "-":
        advance()
        if peek == ">" {
          advance()
          add(.arrow, from: start)
        } else {
          add(.minus, from: start)
        }
      case ":":
        if atStatementStart, let n = peekNext, n.isLetter {
          try command(from: start)
        } else {
          advance()
          add(.colon, from: start)
        }
      case "\"":
        try string(from: start)
      default:
        if c.isASCII && c.isNumber {
          try number(from: start)
        } else if c.isLetter || c == "_" {
          while let d = peek, d.isLetter || d.isNumber || d == "_" { advance() }
          let text = String(chars[start.offset..<index])
          switch text {
          case "true": add(.trueKeyword, from: start)
          case "false": add(.falseKeyword, from: start)
          default: add(.identifier(text), from: start)
          }
        } else {
          advance()
          throw Diagnostic("unexpected character '\(c)'", at: SourceRange(start, location))
        }
      }
    }
    // "found end of input" points just after the last thing written, on its line, not at
    // the empty line after a final newline.
    let end = tokens.last { $0.kind != .newline }?.range.end ?? location
    tokens.append(Token(kind: .eof, lexeme: "", range: SourceRange(end, end)))
    return tokens
  }

  private mutating func number(from start: SourceLocation) throws(Diagnostic) {
    while let d = peek, d.isASCII && d.isNumber { advance() }
    if peek == ".", let n = peekNext, n.isASCII && n.isNumber {
      advance()
      while let d = peek, d.isASCII && d.isNumber { advance() }
    }
    if let e = peek, e == "e" || e == "E" {
      // An exponent only if digits follow; otherwise `e` starts the next token.
      var look = index + 1
      if look < chars.count && (chars[look] == "+" || chars[look] == "-") { look += 1 }
      if look < chars.count && chars[look].isASCII && chars[look].isNumber {
        while index < look { advance() }
        while let d = peek, d.isASCII && d.isNumber { advance() }
      }
    }
    let text = String(chars[start.offset..<index])
    guard let value = Double(text) else {
      throw Diagnostic("malformed number '\(text)'", at: SourceRange(start, location))
    }
    if !value.isFinite {
      throw Diagnostic(
        "number '\(text)' is too large for a Double", at: SourceRange(start, location),
        hint: "the largest Double is about 1.8e308")
    }
    add(.number(value), from: start)
  }

  private mutating func string(from start: SourceLocation) throws(Diagnostic) {
    advance()
    var text = ""
    while true {
      guard let c = peek, c != "\n" else {
        throw Diagnostic("unterminated string", at: SourceRange(start, location), hint: "close it with '\"'")
      }
      advance()
      if c == "\"" { break }
      if c == "\\" {
        let escapeStart = location
        guard let e = peek, e != "\n" else { continue }
        advance()
        switch e {
        case "\"": text.append("\"")
        case "\\": text.append("\\")
        case "n": text.append("\n")
        case "t": text.append("\t")
        default:
          throw Diagnostic(
            "unknown escape '\\\(e)' in string", at: SourceRange(escapeStart, location),
            hint: "write '\\\\' for a backslash")
        }
      } else {
        text.append(c)
      }
    }
    add(.string(text), from: start)
  }

  private mutating func command(from start: SourceLocation) throws(Diagnostic) {
    advance()  // ':'
    var name = ""
    while let d = peek, d.isLetter || d.isNumber || d == "_" { name.append(advance()) }
    while peek == " " || peek == "\t" { advance() }
    var argument = ""
    while let d = peek, d != "\n", d != ";", d != "#" { argument.append(advance()) }
    while argument.last == " " || argument.last == "\t" { argument.removeLast() }
    add(.command(name: name, argument: argument), from: start)
  }
}

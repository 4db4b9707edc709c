import VanishCore

/// Turns source text into tokens.
///
/// Newlines end statements only outside brackets and when the line does not end with a
/// binary operator, `->`, `=` or `,`: there the statement continues on the next line.
///
/// A lexical error does not stop the lexer: it is recorded, the bad text becomes an
/// `.invalid` token (so the parser drops that statement without a second message), and
/// lexing goes on, so every broken statement of a file is reported. Only the first lexical
/// error of a statement is recorded (`{1, 2}` is one error, not two).
public struct Lexer {
  /// The message of the error that stops reading when Ctrl-C comes.
  static let interrupted = "interrupted while reading the source"
  private let chars: [Character]
  private var index = 0
  private var line = 1
  private var column = 1
  private var tokens: [Token] = []
  private var brackets: [Token] = []
  /// A closing bracket did not match the innermost open one.
  private var mismatched = false
  private var atStatementStart = true
  /// The lexical errors found, in source order.
  private(set) var errors: [Diagnostic] = []
  /// A lexical error was recorded in the statement being read: the next ones are not.
  private var errorInStatement = false
  /// The offsets of opening brackets that are never closed: they do not hold newlines, so
  /// the statements after one are statements (see `Lexer.scan`).
  private let neverClosed: Set<Int>

  public init(_ source: String, neverClosed: Set<Int> = []) {
    chars = Array(source)
    self.neverClosed = neverClosed
  }

  /// All tokens, ending with `.eof`; throws the first lexical error.
  public static func tokenize(_ source: String) throws(Diagnostic) -> [Token] {
    let (tokens, errors) = try scan(source)
    if let first = errors.first { throw first }
    return tokens
  }

  /// Every token (bad text as `.invalid` ones) and every lexical error. An opening bracket
  /// that is never closed would make the rest of the file one statement, hiding its errors:
  /// the source is then read again with those brackets left out of the count, so that a
  /// newline after them ends a statement. Throws only when Ctrl-C stops the reading.
  static func scan(_ source: String) throws(Diagnostic) -> (tokens: [Token], errors: [Diagnostic]) {
    var lexer = Lexer(source)
    let tokens = try lexer.run()
    if lexer.brackets.isEmpty { return (tokens, lexer.errors) }
    var again = Lexer(source, neverClosed: Set(lexer.brackets.map(\.range.start.offset)))
    let retokens = try again.run()
    return (retokens, again.errors)
  }

  /// True when `source` is an unfinished statement: an open bracket, or a last
  /// line that ends with a binary operator. The REPL then asks for another line.
  public static func needsMoreInput(_ source: String) -> Bool {
    var lexer = Lexer(source)
    do {
      let tokens = try lexer.run()
      // Already an error (a closing bracket that does not match, a lexical error): report
      // it, do not wait.
      if lexer.mismatched || !lexer.errors.isEmpty { return false }
      if !lexer.brackets.isEmpty { return true }
      let significant = tokens.last { $0.kind != .eof && $0.kind != .newline }
      return significant?.kind.continuesLine ?? false
    } catch {
      return false  // interrupted
    }
  }

  private var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }
  private var peek: Character? { index < chars.count ? chars[index] : nil }
  private var peekNext: Character? { index + 1 < chars.count ? chars[index + 1] : nil }

  @discardableResult
  private mutating func advance() -> Character {
    let c = chars[index]
    index += 1
    if c.isLineBreak {
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
    if atStatementStart { errorInStatement = false }
  }

  /// Records a lexical error (the first of its statement) and makes the text from `start`
  /// to here an `.invalid` token.
  private mutating func fail(_ error: Diagnostic, from start: SourceLocation) {
    if !errorInStatement { errors.append(error) }
    errorInStatement = true
    add(.invalid, from: start)
  }

  private mutating func run() throws(Diagnostic) -> [Token] {
    while let c = peek {
      let start = location
      switch c {
      case " ", "\t", "\r":
        advance()
      case "#":
        while let d = peek, !d.isLineBreak { advance() }
      case "\n", "\r\n":  // a Windows line end is one Character
        advance()
        // Ctrl-C while a long script is read: the session reports the interruption.
        if Interrupt.isRequested { throw Diagnostic(Lexer.interrupted) }
        let continues = tokens.last?.kind.continuesLine ?? false
        if brackets.isEmpty && !continues && !(tokens.last.map { $0.kind == .newline } ?? true) {
          add(.newline, from: start)
        }
      case "(", "[":
        advance()
        add(c == "(" ? .leftParen : .leftBracket, from: start)
        if !neverClosed.contains(start.offset) { brackets.append(tokens[tokens.count - 1]) }
      case ")", "]":
        advance()
        add(c == ")" ? .rightParen : .rightBracket, from: start)
        // A closing bracket closes the innermost bracket of its kind, and any left open
        // inside it: in `mlp([2, 3), tanh)` the ')' ends the '[' too, so the newline after
        // the line still ends the statement. Any mismatch is an error the parser reports.
        let opening: TokenKind = c == ")" ? .leftParen : .leftBracket
        if brackets.last?.kind != opening { mismatched = true }
        if let i = brackets.lastIndex(where: { $0.kind == opening }) {
          brackets.removeSubrange(i...)
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
          command(from: start)
        } else {
          advance()
          add(.colon, from: start)
        }
      case "?" where atStatementStart:
        help(from: start)
      case "\"":
        string(from: start)
      default:
        if c.isASCII && c.isNumber {
          number(from: start)
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
          fail(Lexer.unexpected(c, at: SourceRange(start, location)), from: start)
        }
      }
    }
    // End of input is reported just after the last token, not on a trailing empty line.
    let end = tokens.last { $0.kind != .newline }?.range.end ?? location
    tokens.append(Token(kind: .eof, lexeme: "", range: SourceRange(end, end)))
    return tokens
  }

  private mutating func number(from start: SourceLocation) {
    while let d = peek, d.isASCII && d.isNumber { advance() }
    if peek == ".", let n = peekNext, n.isASCII && n.isNumber {
      advance()
      while let d = peek, d.isASCII && d.isNumber { advance() }
    }
    if let e = peek, e == "e" || e == "E" {
      var look = index + 1
      if look < chars.count && (chars[look] == "+" || chars[look] == "-") { look += 1 }
      let hasDigits = look < chars.count && chars[look].isASCII && chars[look].isNumber
      // `1e`, `1e-`: no name but a repetition `x8` may follow a number, so this can only
      // be an exponent without digits.
      if !hasDigits {
        while index < look { advance() }
        fail(
          Diagnostic(
            "malformed number '\(String(chars[start.offset..<index]))'", at: SourceRange(start, location),
            hint: "an exponent needs digits: 1e-3"), from: start)
        return
      }
      while index < look { advance() }
      while let d = peek, d.isASCII && d.isNumber { advance() }
    }
    let text = String(chars[start.offset..<index])
    guard let value = Double(text) else {
      fail(Diagnostic("malformed number '\(text)'", at: SourceRange(start, location)), from: start)
      return
    }
    if !value.isFinite {
      fail(
        Diagnostic(
          "number '\(text)' is too large for a Double", at: SourceRange(start, location),
          hint: "the largest Double is about 1.8e308"), from: start)
      return
    }
    add(.number(value), from: start)
  }

  /// The error for a character that starts no token, naming invisible ones by code point.
  private static func unexpected(_ c: Character, at range: SourceRange) -> Diagnostic {
    let scalars = c.unicodeScalars
    let invisible = c.isWhitespace || scalars.contains {
      switch $0.properties.generalCategory {
      case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
      default: return false
      }
    }
    if invisible {
      let code = scalars.map { scalar in
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      }
      return Diagnostic(
        "unexpected invisible character \(code.joined(separator: " "))", at: range,
        hint: "it looks like a space or nothing at all; delete it and retype the text around it")
    }
    let hint: String?
    switch c {
    case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}": hint = "strings use straight double quotes: \"text\""
    case "{", "}": hint = "vectors and matrices are written with square brackets: [1, 2]"
    case "?": hint = "?name at the start of a statement asks for help: ?dense"
    default: hint = nil
    }
    return Diagnostic("unexpected character '\(c)'", at: range, hint: hint)
  }

  /// A string literal; a bad escape or a missing closing quote makes it an `.invalid` token
  /// that ends at the closing quote or at the end of the line.
  private mutating func string(from start: SourceLocation) {
    advance()
    var text = ""
    var badEscape: Diagnostic?
    while true {
      guard let c = peek, !c.isLineBreak else {
        fail(badEscape ?? Diagnostic("unterminated string", at: SourceRange(start, location), hint: "close it with '\"'"), from: start)
        return
      }
      let escapeStart = location  // the caret of a bad escape starts at its backslash
      advance()
      if c == "\"" { break }
      if c == "\\" {
        guard let e = peek, !e.isLineBreak else { continue }
        advance()
        switch e {
        case "\"": text.append("\"")
        case "\\": text.append("\\")
        case "n": text.append("\n")
        case "t": text.append("\t")
        default:
          if badEscape == nil {
            badEscape = Diagnostic(
              "unknown escape '\\\(e)' in string", at: SourceRange(escapeStart, location),
              hint: "write '\\\\' for a backslash")
          }
        }
      } else {
        text.append(c)
      }
    }
    if let badEscape {
      fail(badEscape, from: start)
      return
    }
    add(.string(text), from: start)
  }

  private mutating func command(from start: SourceLocation) {
    advance()  // ':'
    var name = ""
    while let d = peek, d.isLetter || d.isNumber || d == "_" { name.append(advance()) }
    add(.command(name: name, argument: restOfCommandLine()), from: start)
  }

  /// `?name` at the start of a statement is `:help name`, as in Julia and IPython.
  private mutating func help(from start: SourceLocation) {
    advance()  // '?'
    add(.command(name: "help", argument: restOfCommandLine()), from: start)
  }

  /// A command's argument: the rest of the line up to ';' or '#', without the spaces around it.
  private mutating func restOfCommandLine() -> String {
    while peek == " " || peek == "\t" { advance() }
    var argument = ""
    while let d = peek, !d.isLineBreak, d != ";", d != "#" { argument.append(advance()) }
    while argument.last == " " || argument.last == "\t" { argument.removeLast() }
    return argument
  }
}

extension Character {
  /// A line end: "\n", or "\r\n", which Swift reads as a single Character.
  fileprivate var isLineBreak: Bool { self == "\n" || self == "\r\n" }
}

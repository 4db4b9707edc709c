/// The kinds of token the lexer produces.
public enum TokenKind: Equatable, Sendable {
  case number(Double)
  case string(String)
  case identifier(String)
  case trueKeyword, falseKeyword
  /// `:name rest of line` at the start of a statement.
  case command(name: String, argument: String)
  case leftParen, rightParen, leftBracket, rightBracket
  case comma, dot, colon, assign
  case plus, minus, star, slash, caret, at, apostrophe, arrow
  case newline, semicolon
  /// Text that is no token (`$`, `1e`, an unterminated string): the lexer reported it.
  case invalid
  case eof

  /// Binary operators after which a statement continues on the next line.
  var continuesLine: Bool {
    switch self {
    case .plus, .minus, .star, .slash, .caret, .at, .arrow, .assign, .comma: return true
    default: return false
    }
  }
}

public struct Token: Equatable, Sendable {
  public let kind: TokenKind
  /// The exact source text of the token.
  public let lexeme: String
  public let range: SourceRange

  /// How the token is named in error messages: `')'`, `'sigmoid'`, `end of input`.
  public var described: String {
    switch kind {
    case .eof: return "end of input"
    case .newline: return "end of line"
    case .string: return "string \(lexeme)"
    case .number: return "number '\(lexeme)'"
    case .command(let name, _): return "command ':\(name)'"
    default: return "'\(lexeme)'"
    }
  }
}

/// An error from the user's input: what went wrong, where, and what to do about it.
/// Lexer, parser and interpreter all report through this one type.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var range: SourceRange?
  public var hint: String?

  public init(_ message: String, at range: SourceRange? = nil, hint: String? = nil) {
    self.message = message
    self.range = range
    self.hint = hint
  }

  public var description: String { message }

  /// The full report: `error: FILE:LINE:COL: message`, the source line, a caret under the
  /// place, and the hint. `file` is nil at the prompt (then only `LINE:COL`).
  public func rendered(source: String, file: String? = nil) -> String {
    var head = "error: "
    if let range {
      if let file { head += "\(file):" }
      head += "\(range.start.line):\(range.start.column): "
    } else if let file {
      head += "\(file): "
    }
    var out = head + Diagnostic.visible(message, keepingNewlines: true)
    if let range {
      // "\r\n" is one Character in Swift: a Windows line end must be split on as a whole.
      let lines = source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
      if range.start.line - 1 < lines.count {
        let text = String(lines[range.start.line - 1])
        let caretCount: Int
        if range.end.line == range.start.line {
          caretCount = max(1, min(range.end.column - range.start.column, text.count + 1 - range.start.column))
        } else {
          caretCount = 1
        }
        out += "\n  " + Diagnostic.visible(text)
        out += "\n  " + String(repeating: " ", count: range.start.column - 1)
          + String(repeating: "^", count: max(1, caretCount))
      }
    }
    if let hint { out += "\n  hint: " + Diagnostic.visible(hint, keepingNewlines: true) }
    return out
  }

  /// Text as a terminal can show it with the caret still under the right character: one column
  /// per character. A tab becomes a space; other control characters (a lone carriage return
  /// would send the cursor back and overwrite the line) become their Unicode pictures, ␍ ␀ ␛.
  static func visible(_ text: String, keepingNewlines: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A where keepingNewlines: out.append(scalar)
      case 0x09: out.append(" ")
      case 0..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
      case 0x7F: out.append("\u{2421}")
      default: out.append(scalar)
      }
    }
    return String(out)
  }
}

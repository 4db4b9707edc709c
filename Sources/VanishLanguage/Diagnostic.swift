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
    var out = head + message
    if let range {
      let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
      if range.start.line - 1 < lines.count {
        let text = String(lines[range.start.line - 1])
        let caretCount: Int
        if range.end.line == range.start.line {
          caretCount = max(1, min(range.end.column - range.start.column, text.count + 1 - range.start.column))
        } else {
          caretCount = 1
        }
        out += "\n  " + text
        out += "\n  " + String(repeating: " ", count: range.start.column - 1)
          + String(repeating: "^", count: max(1, caretCount))
      }
    }
    if let hint { out += "\n  hint: " + hint }
    return out
  }
}

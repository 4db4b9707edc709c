/// What the completer is asked to complete: the text before the cursor, split
/// the way the vanish language splits it.
public struct CompletionRequest: Sendable, Equatable {
  /// The whole line typed so far (up to the cursor).
  public let line: String
  /// The word being completed: the text after the last separator, or, inside an
  /// unterminated string, everything after the opening quote (a file path may
  /// contain spaces and operators). A command at the start of a statement keeps
  /// its ':' (`:hi` on its own, or after `;`), so that it completes to `:history`.
  public let word: String
  /// True when the cursor is inside an unterminated `"..."` string.
  public let insideString: Bool

  public init(line: String, word: String, insideString: Bool) {
    self.line = line
    self.word = word
    self.insideString = insideString
  }

  /// Characters that end a word outside strings. "." is deliberately absent so
  /// that `model.we` completes as one field access.
  public static let separators: Set<Character> = [
    " ", "\t", "\n", "(", ")", "[", "]", ",", "=", "+", "-", "*", "/", "^", "@", ";", ":", "\"", "?",
  ]

  /// Splits `line` (the text before the cursor) into the request for it.
  public static func make(line: String) -> CompletionRequest {
    var wordStart = line.startIndex
    var stringStart: String.Index?
    var escaped = false
    var index = line.startIndex
    while index < line.endIndex {
      let character = line[index]
      let next = line.index(after: index)
      if stringStart != nil {
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          stringStart = nil
          wordStart = next
        }
      } else if character == "\"" {
        stringStart = next
        wordStart = next
      } else if separators.contains(character) {
        wordStart = next
      }
      index = next
    }
    if let stringStart {
      return CompletionRequest(line: line, word: String(line[stringStart...]), insideString: true)
    }
    if let colon = line[..<wordStart].last, colon == ":", startsStatement(line[..<line.index(before: wordStart)]) {
      // `:q` at the start of a statement is a command: the ':' belongs to the word.
      return CompletionRequest(line: line, word: ":" + line[wordStart...], insideString: false)
    }
    return CompletionRequest(line: line, word: String(line[wordStart...]), insideString: false)
  }

  /// True when a statement starts after `text`: it is blank, or its last character
  /// other than spaces and tabs is a ';' (the lexer reads `:name` there as a command).
  private static func startsStatement(_ text: Substring) -> Bool {
    guard let last = text.last(where: { $0 != " " && $0 != "\t" }) else { return true }
    return last == ";"
  }
}

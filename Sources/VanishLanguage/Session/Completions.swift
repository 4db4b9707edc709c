/// What Tab offers at the prompt: builtins, constants, variables and commands by prefix,
/// and after `name.` the fields of that value.
public enum Completions {
  /// Full replacement words for `word`, sorted. `atStatementStart` offers `:commands`.
  public static func candidates(for word: String, interpreter: Interpreter) -> [String] {
    if word.hasPrefix(":") {
      let prefix = word.dropFirst()
      return Session.commands.map(\.name).filter { $0.hasPrefix(prefix) }.map { ":" + $0 }.sorted()
    }
    if let dot = word.lastIndex(of: ".") {
      let base = String(word[..<dot])
      let prefix = word[word.index(after: dot)...]
      guard let value = resolve(base, interpreter: interpreter) else { return [] }
      return Fields.names(of: value).filter { $0.hasPrefix(prefix) }.map { base + "." + $0 }.sorted()
    }
    return interpreter.knownNames.filter { $0.hasPrefix(word) }
  }

  /// `net` or `g.norms`: a name followed by fields, looked up without side effects.
  private static func resolve(_ path: String, interpreter: Interpreter) -> Value? {
    let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard let first = parts.first, var value = interpreter.lookup(first) else { return nil }
    let nowhere = SourceRange(SourceLocation(line: 1, column: 1, offset: 0), SourceLocation(line: 1, column: 1, offset: 0))
    for part in parts.dropFirst() {
      guard let next = try? Fields.field(value, part, at: nowhere) else { return nil }
      value = next
    }
    return value
  }
}

/// What an inspect request (Jupyter's Shift-Tab, `name?`) explains: the name under the cursor.
enum MachineInspection {
  /// The name the cursor is in or just after; or, when there is none (`dense(2, |`), the name of
  /// the call whose parentheses hold the cursor. `cursor` counts Unicode scalars.
  static func name(in code: String, at cursor: Int) -> String? {
    let (before, after) = MachineSession.split(code, at: cursor)
    let head = String(before.reversed().prefix(while: isNamePart).reversed())
    let tail = String(after.prefix(while: isNamePart))
    if let name = valid(head + tail) { return name }
    // Back to the innermost "(" still open before the cursor, then the name before it.
    var depth = 0
    var index = before.endIndex
    while index > before.startIndex {
      index = before.index(before: index)
      switch before[index] {
      case ")", "]": depth += 1
      case "[": depth -= 1
      case "(":
        if depth == 0 {
          let callee = before[..<index].reversed().prefix(while: isNamePart).reversed()
          return valid(String(callee))
        }
        depth -= 1
      default: break
      }
      if depth < 0 { depth = 0 }
    }
    return nil
  }

  /// The help `:help NAME` gives, for a builtin, a constant, a command or `grammar`; for a
  /// variable its kind and value. Nil for a name vanish does not know.
  static func text(for name: String, session: Session) -> String? {
    let interpreter = session.interpreter
    if let value = interpreter.globals[name] {
      let rendered = value.rendered(PrintSettings(digits: session.digits, width: OutputStyle.width))
      let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
      let shown = lines.count > 40 ? lines.prefix(40).joined(separator: "\n") + "\n… (\(lines.count - 40) more lines)" : rendered
      return "\(name): \(value.kindWithShape)" + (shown.isEmpty ? "" : "\n" + shown)
    }
    let known =
      Builtins.named(name) != nil || Interpreter.constants[name] != nil || name == "grammar"
      || Session.commands.contains { $0.name == name }
    return known ? Help.text(for: name, interpreter: interpreter) : nil
  }

  private static func isNamePart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

  /// A name starts with a letter or "_" (`2x` is not one).
  private static func valid(_ text: String) -> String? {
    guard let first = text.first, first.isLetter || first == "_" else { return nil }
    return text
  }
}

/// ANSI styling for tables and messages. Off unless asked for: the printers pass
/// OutputStyle.colour (a terminal, and NO_COLOR unset), so piped output is plain text.
struct TextStyle {
  let on: Bool

  init(colour: Bool = OutputStyle.colour) { on = colour }

  func bold(_ s: String) -> String { styled(s, "1") }
  /// One of xterm's 256 colours.
  func colour(_ s: String, _ ansi256: Int) -> String { styled(s, "38;5;\(ansi256)") }

  static let red = 167
  static let yellow = 178
  static let green = 71
  static let blue = 67

  private func styled(_ s: String, _ code: String) -> String {
    guard on, !s.isEmpty else { return s }
    return "\u{1B}[\(code)m\(s)\u{1B}[0m"
  }

  /// A table whose first line (the header) is bold.
  func withBoldHeader(_ table: String) -> String {
    guard on, let newline = table.firstIndex(of: "\n") else { return table }
    return bold(String(table[..<newline])) + table[newline...]
  }
}

/// What one call to `LineEditor.read(prompt:)` produced.
public enum LineInput: Equatable, Sendable {
  /// A line the user entered, without its trailing newline.
  case line(String)
  /// Ctrl-C while typing: the partial line is discarded.
  case interrupted
  /// Ctrl-D on an empty line, or the end of piped input.
  case endOfInput
}

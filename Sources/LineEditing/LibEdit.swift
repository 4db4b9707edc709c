@preconcurrency import CEditLine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that talks to libedit's readline-compatible API. libedit is a
/// process-wide singleton and its callbacks are C function pointers that
/// capture nothing, so the state they need lives in statics here; the REPL is
/// single-threaded, hence `nonisolated(unsafe)`.
///
/// Ctrl-C (checked in tmux against libedit 3.1-20221030). libedit's readline
/// catches signals itself while it waits for a key (rl_catch_signals = 1, the
/// default, which we keep): its SIGINT handler puts the terminal back in
/// cooked mode, reinstalls the application's handler and re-sends the signal
/// with `kill(0, SIGINT)` (to the whole process group: harmless at a terminal,
/// where Ctrl-C already went to the whole foreground group). The application's
/// handler (installed without SA_RESTART) sets the interrupt flag, the blocked
/// `read` fails with EINTR, and `readline` returns NULL at once, exactly as for
/// Ctrl-D; the flag tells the two apart. The process survives and the next
/// `readline` re-enters raw mode. Keeping libedit's handling (rather than
/// rl_catch_signals = 0 with our own rl_getc_function, tried first) also keeps
/// its SIGTSTP/SIGCONT handling: without it the line after ^Z and `fg` is
/// edited in cooked mode.
enum LibEdit {
  enum Outcome { case line(String), interrupted, endOfInput }

  private nonisolated(unsafe) static weak var editor: LineEditor?
  private nonisolated(unsafe) static var pendingMatches: [String] = []
  private nonisolated(unsafe) static var isSetUp = false

  /// Word breaks as the language splits words (see `CompletionRequest`);
  /// `Completion.rebase` copes with the cases where libedit still disagrees.
  private static let wordBreaks = " \t\n()[],=+-*/^@;:\"?"

  static func setUp(limit: Int) {
    if !isSetUp {
      isSetUp = true
      useUTF8Locale()
      rl_readline_name = UnsafePointer(strdup("vanish"))  // `vanish:` lines in ~/.editrc
      rl_initialize()
      rl_attempted_completion_function = { text, _, _ in LibEdit.complete(text) }
      let breaks = strdup(wordBreaks)
      rl_basic_word_break_characters = UnsafePointer(breaks)
      rl_completer_word_break_characters = breaks
      using_history()
    }
    stifle_history(Int32(clamping: limit))
  }

  static func activate(_ editor: LineEditor) { Self.editor = editor }

  /// A set flag wins over a returned line: then Ctrl-C came while libedit was
  /// not blocked in `read` (it still restored cooked mode, so the rest of that
  /// line was typed without editing), and discarding it is what the user asked.
  static func readLine(prompt: String, interruptRequested: () -> Bool) -> Outcome {
    let raw = readline(prompt)
    defer { free(raw) }
    if interruptRequested() { return .interrupted }
    guard let raw else { return .endOfInput }
    return .line(String(cString: raw))
  }

  static func addHistory(_ entry: String) { add_history(entry) }
  static func clearHistory() { clear_history() }

  static func printNewline() {
    fputs("\n", stdout)
    fflush(stdout)
  }

  /// libedit works in wide characters and converts with the C locale, which
  /// is "C" (ASCII) until someone calls setlocale; Swift strings are UTF-8.
  private static func useUTF8Locale() {
    setlocale(LC_CTYPE, "")
    if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
  }

  /// rl_attempted_completion_function: `text` is libedit's idea of the word
  /// before the cursor; rl_line_buffer and rl_point (counted in characters,
  /// as libedit's wide-character line) give the whole line.
  private static func complete(
    _ text: UnsafePointer<CChar>?
  ) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1  // never fall back to libedit's file names
    guard let text, let editor, let buffer = rl_line_buffer else { return nil }
    let scalars = String(cString: buffer).unicodeScalars
    let cursor = scalars.index(
      scalars.startIndex, offsetBy: min(max(0, Int(rl_point)), scalars.count))
    let before = String(scalars[..<cursor])
    let after = String(scalars[cursor...])
    let libeditWord = String(cString: text)
    guard before.unicodeScalars.reversed().starts(with: libeditWord.unicodeScalars.reversed())
    else { return nil }

    let completion = editor.complete(lineBeforeCursor: before, restOfLine: after)
    pendingMatches = Completion.rebase(
      completion.replacements, word: completion.word, libeditWord: libeditWord,
      lineBeforeCursor: before)
    guard !pendingMatches.isEmpty else { return nil }
    rl_completion_append_character = completion.suffix.flatMap { $0.asciiValue }.map(Int32.init) ?? 0
    return rl_completion_matches(text) { _, state in
      let index = Int(state)
      guard index < LibEdit.pendingMatches.count else { return nil }
      return strdup(LibEdit.pendingMatches[index])
    }
  }
}

// @preconcurrency: the C `stderr` global.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Reads the REPL's input lines: through libedit when stdin is a terminal
/// (editing, history, completion), as plain lines otherwise (no prompt, no
/// echo, no history), so piped scripts behave the same on every machine.
public final class LineEditor {
  /// Returns full replacements for `request.word`.
  public var completer: ((CompletionRequest) -> [String])?

  /// The history, oldest first: what was loaded from the file plus what this
  /// session recorded.
  public private(set) var entries: [String] = []

  private let history: HistoryFile?
  private let interactive: Bool
  private let interruptRequested: @Sendable () -> Bool
  private let clearInterrupt: @Sendable () -> Void
  private var lastSaveFailed = false
  private lazy var plainReader = PlainLineReader()

  public static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

  public init(
    history: HistoryFile?,
    interruptRequested: @escaping @Sendable () -> Bool,
    clearInterrupt: @escaping @Sendable () -> Void
  ) {
    self.history = history
    self.interactive = Self.standardInputIsTerminal
    self.interruptRequested = interruptRequested
    self.clearInterrupt = clearInterrupt
    guard interactive else { return }
    LibEdit.setUp(limit: historyLimit)
    LibEdit.clearHistory()
    entries = history?.load() ?? []
    for entry in entries { LibEdit.addHistory(entry) }
  }

  /// Ctrl-C while typing gives `.interrupted` (the line is discarded and the
  /// cursor moved to a fresh line); Ctrl-D on an empty line gives `.endOfInput`.
  public func read(prompt: String) -> LineInput {
    // A Ctrl-C pressed before the prompt appeared belonged to the previous
    // command, which has already reacted to it.
    clearInterrupt()
    guard interactive else { return readPlain() }
    LibEdit.activate(self)
    switch LibEdit.readLine(prompt: prompt, interruptRequested: interruptRequested) {
    case .interrupted:
      clearInterrupt()
      LibEdit.printNewline()
      return .interrupted
    case .endOfInput:
      LibEdit.printNewline()
      return .endOfInput
    case .line(let text):
      return .line(text)
    }
  }

  /// Adds `entry` to the Up-arrow history and appends it to the history file.
  /// Blank entries and repeats of the previous entry are skipped. A file that
  /// cannot be written is reported once on stderr, not on every line.
  public func record(_ entry: String) {
    guard interactive, HistoryFile.isWorthRecording(entry), entry != entries.last else { return }
    entries.append(entry)
    if entries.count > historyLimit { entries.removeFirst(entries.count - historyLimit) }
    LibEdit.addHistory(entry)
    guard let history else { return }
    if let warning = history.append(entry) {
      if !lastSaveFailed { fputs(warning + "\n", stderr) }
      lastSaveFailed = true
    } else {
      lastSaveFailed = false
    }
  }

  /// Called from libedit's Tab handler with the line split at the cursor.
  func complete(lineBeforeCursor: String, restOfLine: String) -> Completion {
    Completion.make(
      for: CompletionRequest.make(line: lineBeforeCursor), restOfLine: restOfLine,
      completer: completer, fileNames: { FileNameCompletion.candidates(for: $0) })
  }

  private var historyLimit: Int { history?.limit ?? 1000 }

  private func readPlain() -> LineInput {
    let input = plainReader.next(interruptRequested: interruptRequested)
    if input == .interrupted { clearInterrupt() }
    return input
  }
}

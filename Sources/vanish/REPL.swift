import Foundation
import LineEditing
import VanishCore
import VanishLanguage

/// The interactive loop: read a statement (over several lines while brackets are open or a
/// line ends with an operator), run it in the session, record it in the history.
struct REPL {
  let session: Session

  func run() {
    let history = HistoryFile.defaultURL().map { HistoryFile(url: $0) }
    let editor = LineEditor(
      history: history, interruptRequested: { Interrupt.isRequested }, clearInterrupt: { Interrupt.clear() })
    let interpreter = session.interpreter
    editor.completer = { request in
      if request.insideString { return [] }  // the editor completes file names itself
      return Completions.candidates(for: request.word, interpreter: interpreter)
    }
    session.replCommands["history"] = { _ in
      let entries = editor.entries
      if entries.isEmpty {
        session.write("no history yet")
        return
      }
      let width = String(entries.count).count
      for (i, entry) in entries.enumerated() {
        let number = String(i + 1)
        session.write(String(repeating: " ", count: width - number.count) + number + "  " + entry.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: width + 2)))
      }
    }
    if LineEditor.standardInputIsTerminal {
      print("vanish \(VanishVersion.string): type :help for the builtins, Ctrl-D to leave")
    }
    var buffer = ""
    while true {
      let prompt = buffer.isEmpty ? "vanish> " : "   ...> "
      switch editor.read(prompt: prompt) {
      case .endOfInput:
        if buffer.isEmpty { return }
        buffer = ""  // Ctrl-D in a continuation drops the unfinished statement
        print()
      case .interrupted:
        buffer = ""
      case .line(let line):
        buffer += buffer.isEmpty ? line : "\n" + line
        if Lexer.needsMoreInput(buffer) { continue }
        let entry = buffer
        buffer = ""
        if entry.trimmingCharacters(in: .whitespaces).isEmpty { continue }
        editor.record(entry)
        Interrupt.clear()
        let outcome = session.run(entry)
        // Each answer goes out at once, also when standard output is a pipe (a program
        // driving the REPL waits for it).
        fflush(nil)
        if outcome == .quit { return }
      }
    }
  }
}

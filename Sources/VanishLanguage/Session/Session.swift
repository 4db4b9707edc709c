import Foundation
import VanishCore

/// The one path every piece of source goes down, a script's or a REPL line's: parse,
/// run each statement, print each value, report errors with their place. The session keeps
/// the interpreter (and so every variable) alive between calls.
public final class Session {
  public enum Outcome: Equatable, Sendable {
    case ok
    /// A parse error (nothing ran) or a runtime error (statements before it ran).
    case failed
    case interrupted
    case quit
  }

  public let interpreter: Interpreter
  /// Standard output and standard error.
  public var write: (String) -> Void
  public var writeError: (String) -> Void
  /// A value a statement printed, and the text it prints as. `last`: it is the value of the last
  /// statement of the source given to `run` (not of a file that source loads).
  public struct Shown {
    public let value: Value
    public let text: String
    public let last: Bool
  }
  /// Where printed values go; nil (the default) writes their text with `write`.
  public var show: ((Shown) -> Void)?

  /// What stopped a piece of source: an error (with its diagnostic when it has a place or a
  /// hint) or an interruption, and the text vanish shows for it.
  public enum Problem {
    case error(String, Diagnostic?)
    case interrupted(String)
  }
  /// Where errors and interruptions go; nil (the default) writes their text with `writeError`.
  public var report: ((Problem) -> Void)?

  /// Commands the REPL adds (`:history`); returns false when it does not know the command.
  public var replCommands: [String: (String) -> Void] = [:]
  /// `:time on` prints the time each statement took.
  public var timing = false
  /// `:digits N`: the significant digits values print with; nil (the default) prints them exactly.
  public var digits: Int?
  /// How many `:load`s are under way, one inside the other.
  private var loadDepth = 0
  static let maxLoadDepth = 50
  /// The thread with a large stack that runs every statement (see LargeStackWorker).
  private let worker = LargeStackWorker()

  /// The commands every session knows, for help and suggestions.
  public static let commands: [(name: String, usage: String, summary: String)] = [
    ("help", ":help [name]", "lists the builtins, or explains one (`:help grammar` prints the grammar)"),
    ("load", ":load FILE", "runs a script into this session"),
    ("vars", ":vars", "your variables with their kind and shape"),
    ("reset", ":reset", "forgets every variable"),
    ("time", ":time on|off", "prints how long each statement takes"),
    ("digits", ":digits [N|exact]", "prints numbers with N significant digits (1 to 17), or exactly (the default)"),
    ("history", ":history", "the lines you typed, oldest first (REPL only)"),
    ("quit", ":quit", "leaves vanish (Ctrl-D on an empty line does too)"),
  ]

  public init(
    interpreter: Interpreter = Interpreter(),
    write: @escaping (String) -> Void = { print($0) },
    writeError: @escaping (String) -> Void = { Session.standardError($0) }
  ) {
    self.interpreter = interpreter
    self.write = write
    self.writeError = writeError
    interpreter.output = { [unowned self] in self.write($0) }
  }

  public static func standardError(_ text: String) {
    // Standard output is flushed first, so that an error follows the output before it
    // when both go to one file or pipe.
    fflush(nil)
    RawOutput.write(STDERR_FILENO, text + "\n")
  }

  /// Runs a whole piece of source. `file` names it in error messages (nil at the prompt).
  @discardableResult
  public func run(_ source: String, file: String? = nil) -> Outcome {
    worker.run { runInPlace(source, file: file) }
  }

  private func runInPlace(_ source: String, file: String?) -> Outcome {
    let statements: [Statement]
    do {
      statements = try Parser.parse(source)
    } catch {
      if Interrupt.isRequested || error.diagnostics.contains(where: { $0.message == Lexer.interrupted }) {
        Interrupt.clear()
        interrupted("interrupted")
        return .interrupted
      }
      for d in error.diagnostics { fail(d, source: source, file: file) }
      return .failed
    }
    for (index, statement) in statements.enumerated() {
      if Interrupt.isRequested {
        Interrupt.clear()
        interrupted("interrupted")
        return .interrupted
      }
      if case .command(let name, let argument) = statement.kind {
        let outcome = command(name, argument, range: statement.range, source: source, file: file)
        if outcome != .ok { return outcome }
        continue
      }
      let start = DispatchTime.now().uptimeNanoseconds
      do {
        if let result = try interpreter.execute(statement, source: source) {
          if result.prints {
            // Printing a large value costs about as much as evaluating an expression per number.
            if interpreter.budget != nil {
              try interpreter.spend(result.value.elementCount, on: "printing this", at: statement.range)
            }
            let text = result.value.rendered(PrintSettings(digits: digits, width: OutputStyle.width))
            if !text.isEmpty {
              if let show {
                show(Shown(value: result.value, text: text, last: loadDepth == 0 && index == statements.count - 1))
              } else {
                write(text)
              }
            }
          }
          // Only a statement that ran to its end changes `ans`.
          interpreter.setAnswer(result.value)
        }
      } catch {
        if error.message == CoreError.interrupted.description {
          interrupted("interrupted; every variable is as it was before this statement")
          return .interrupted
        }
        fail(error, source: source, file: file)
        return .failed
      }
      if timing {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        write(String(format: "(%.3g s)", seconds))
      }
    }
    return .ok
  }

  /// Runs a script file into this session.
  public func runFile(_ path: String) -> Outcome {
    let source: String
    do throws(Diagnostic) {
      guard let text = String(data: try FileWriting.read(path), encoding: .utf8) else {
        throw Diagnostic("cannot read \(path): it is not UTF-8 text")
      }
      source = text
    } catch {
      fail(Diagnostic(error.message), source: "", file: nil)
      return .failed
    }
    return run(source, file: path)
  }

  private func fail(_ diagnostic: Diagnostic, source: String, file: String?) {
    let text = diagnostic.rendered(source: source, file: file)
    if let report { report(.error(text, diagnostic)) } else { writeError(text) }
  }

  private func interrupted(_ text: String) {
    if let report { report(.interrupted(text)) } else { writeError(text) }
  }

  // MARK: - Commands

  private func command(_ name: String, _ argument: String, range: SourceRange, source: String, file: String?) -> Outcome {
    switch name {
    case "help":
      write(Help.text(for: argument.isEmpty ? nil : argument, interpreter: interpreter))
    case "vars":
      write(variables())
    case "reset":
      interpreter.reset()
      write("every variable is forgotten")
    case "load":
      guard !argument.isEmpty else {
        fail(Diagnostic("':load' needs a file name", at: range, hint: ":load samples/tour.nn"), source: source, file: file)
        return .failed
      }
      let name = argument.hasPrefix("\"") && argument.hasSuffix("\"") && argument.count >= 2 ? String(argument.dropFirst().dropLast()) : argument
      let path: String
      do {
        path = try interpreter.accessiblePath(name, at: range)
      } catch {
        fail(error, source: source, file: file)
        return .failed
      }
      if loadDepth >= Session.maxLoadDepth {
        fail(
          Diagnostic("':load' nested more than \(Session.maxLoadDepth) files deep", at: range, hint: "a script that loads itself never stops"),
          source: source, file: file)
        return .failed
      }
      loadDepth += 1
      defer { loadDepth -= 1 }
      let outcome = runFile(path)
      if outcome == .quit { return .ok }
      return outcome
    case "time":
      switch argument {
      case "on": timing = true
      case "off": timing = false
      default:
        fail(Diagnostic("':time' takes on or off", at: range), source: source, file: file)
        return .failed
      }
    case "digits":
      switch argument {
      case "":
        write(digits.map { "numbers print with \($0) significant digits" } ?? "numbers print exactly (:digits exact)")
      case "exact":
        digits = nil
      default:
        guard let n = Int(argument), PrintSettings.digitRange.contains(n) else {
          fail(
            Diagnostic(
              "':digits' takes a number of significant digits from 1 to 17, or exact; not '\(argument)'", at: range,
              hint: ":digits 4 prints 0.3333 for 1/3; :digits exact prints 0.3333333333333333"),
            source: source, file: file)
          return .failed
        }
        digits = n
      }
    case "quit", "q", "exit":
      return .quit
    default:
      if let handler = replCommands[name] {
        handler(argument)
        return .ok
      }
      let known = Session.commands.map(\.name)
      if known.contains(name) {
        fail(Diagnostic("':\(name)' works only at the REPL prompt"), source: source, file: file)
        return .failed
      }
      let suggestion = Suggest.closest(to: name, in: known).map { "; did you mean ':\($0)'?" } ?? ""
      fail(
        Diagnostic("unknown command ':\(name)'\(suggestion)", at: range, hint: suggestion.isEmpty ? ":help lists the commands" : nil),
        source: source, file: file)
      return .failed
    }
    return .ok
  }

  /// `:vars`: one row per variable with its kind and shape (`ans` is not one of yours).
  public func variables() -> String {
    let names = interpreter.globals.keys.filter { $0 != Interpreter.answer }.sorted()
    if names.isEmpty { return "no variables yet" }
    var rows = [["name", "kind"]]
    for n in names { rows.append([n, interpreter.globals[n]!.kindWithShape]) }
    return Format.table(rows, leftAligned: [0, 1])
  }
}

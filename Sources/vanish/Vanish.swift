import ArgumentParser
import Foundation
import LineEditing
import VanishCore
import VanishLanguage

@main
struct Vanish: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vanish",
    abstract: "Define networks, run backpropagation, and see why the gradient vanishes or explodes.",
    // A backslash joins the lines of a paragraph: the help wraps them to the terminal itself.
    discussion: """
      With no arguments, vanish is a REPL (or, when standard input is not a terminal, runs it \
      as a script without prompts). Type :help at the prompt for the builtins.

      --machine is vanish for programs (the Jupyter kernel in jupyter/ drives it): it reads one \
      JSON request per line on standard input, {"id": 1, "type": "execute", "code": "..."} \
      (the types are execute, complete, inspect and is_complete), and writes JSON lines on \
      standard output: what each request printed, with its MIME types (text/plain; plots also \
      image/svg+xml), errors as vanish shows them, training progress, and a reply. SIGINT \
      stops the statement being run, as Ctrl-C does; the session goes on. docs/language.md \
      describes the protocol.
      """,
    version: VanishVersion.string)

  @Argument(help: "A script to run (.nn).")
  var file: String?

  @Option(name: .short, help: "Evaluate SOURCE and print its values.")
  var e: String?

  @Flag(name: .short, help: "Run FILE, then stay in the REPL with its variables.")
  var i = false

  @Flag(name: .long, help: "Speak JSON lines on standard input and output (for programs such as the Jupyter kernel).")
  var machine = false

  mutating func run() throws {
    if machine {
      guard file == nil, e == nil, !i else { throw ValidationError("--machine takes no FILE, -e or -i") }
      Signals.install(script: false)
      Vanish.configureOutput()  // the width (COLUMNS); MachineMode turns colour off
      throw ExitCode(MachineMode.run())
    }
    // A script (a file, -e, or standard input that is not a terminal) is not the REPL.
    Signals.install(script: !i && (e != nil || file != nil || !LineEditor.standardInputIsTerminal))
    Vanish.configureOutput()
    let session = Session()
    if let source = e {
      let outcome = session.run(source)
      throw ExitCode(Vanish.exitCode(outcome))
    }
    if let file {
      let outcome = session.runFile(file)
      if !i || outcome == .quit { throw ExitCode(Vanish.exitCode(outcome)) }
    } else if i {
      throw ValidationError("-i needs a FILE to run first")
    }
    if !LineEditor.standardInputIsTerminal && !i {
      // A pipe or a file on standard input: run it as one script, no prompts.
      let data = FileHandle.standardInput.readDataToEndOfFile()
      let source = String(decoding: data, as: UTF8.self)
      throw ExitCode(Vanish.exitCode(session.run(source, file: "<stdin>")))
    }
    REPL(session: session).run()
  }

  /// Colour only on a terminal, never with NO_COLOR set; plots as wide as the terminal.
  static func configureOutput() {
    let environment = ProcessInfo.processInfo.environment
    OutputStyle.colour = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil
    var size = winsize()
    if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 {
      OutputStyle.width = Int(size.ws_col)
    } else if let columns = environment["COLUMNS"].flatMap(Int.init), columns >= 40 {
      OutputStyle.width = columns
    }
  }

  static func exitCode(_ outcome: Session.Outcome) -> Int32 {
    switch outcome {
    case .ok, .quit: return 0
    case .failed: return 1
    case .interrupted: return 130
    }
  }
}

enum VanishVersion {
  static let string = "0.1.0"
}

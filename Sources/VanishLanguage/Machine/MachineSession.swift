import Foundation
import VanishCore

/// vanish for programs (`vanish --machine`, which the Jupyter kernel drives): one JSON request
/// per line in, JSON lines out. docs/language.md ("The machine mode") is the protocol's
/// reference; in short:
///
///     in:  {"id": 1, "type": "execute", "code": "net = dense(1, 1) x 8; net"}
///     out: {"id": 1, "type": "started"}
///          {"id": 1, "type": "display", "data": {"text/plain": "network 1→…"}, "last": true}
///          {"id": 1, "type": "reply", "status": "ok"}
///
/// A request is run to its end before the next is read; every message about it carries its
/// id. The session (and so every variable) lives as long as the machine session.
public final class MachineSession {
  public static let protocolVersion = 1

  /// Full replacements for the word before the cursor, given the text before and after it
  /// (the REPL's Tab rules: LineEditing's `CompletionRequest`).
  public typealias Completer = (_ before: String, _ after: String) -> (word: String, replacements: [String])

  public let session: Session
  private let completer: Completer
  private let send: (String) -> Void
  private let lock = NSLock()
  /// The id of the request being handled: the session's callbacks run while it does.
  private var current: Any = NSNull()

  /// `send` gets each message as one line of JSON without its newline.
  public init(session: Session = Session(), completer: @escaping Completer, send: @escaping (String) -> Void) {
    self.session = session
    self.completer = completer
    self.send = send
    session.write = { [unowned self] text in self.emit(["type": "stream", "name": "stdout", "text": text + "\n"]) }
    session.writeError = { [unowned self] text in self.emit(["type": "stream", "name": "stderr", "text": text + "\n"]) }
    session.show = { [unowned self] shown in
      var data: [String: Any] = ["text/plain": shown.text]
      if case .custom(let custom) = shown.value, let plot = custom as? PlotValue {
        data["image/svg+xml"] = SVG.document(plot.figure)
      }
      self.emit(["type": "display", "data": data, "last": shown.last])
    }
    session.report = { [unowned self] problem in
      switch problem {
      case .error(let text, let diagnostic):
        var message: [String: Any] = ["type": "error", "text": text]
        if let diagnostic {
          message["message"] = diagnostic.message
          if let range = diagnostic.range {
            message["line"] = range.start.line
            message["column"] = range.start.column
          }
          if let hint = diagnostic.hint { message["hint"] = hint }
        }
        self.emit(message)
      case .interrupted(let text):
        self.emit(["type": "interrupted", "text": text])
      }
    }
    session.interpreter.progress = .events { [unowned self] event in
      switch event {
      case .update(let state): self.emit(Self.progressMessage("progress", state))
      case .end(let state): self.emit(Self.progressMessage("progress_end", state))
      }
    }
  }

  /// The first line: who is speaking (vanish's `version`) and which protocol.
  public func start(version: String) {
    emit(["type": "ready", "protocol": Self.protocolVersion, "version": version])
  }

  /// Handles one line of input to its end; false when the session is over (`:quit`).
  @discardableResult
  public func handle(_ line: String) -> Bool {
    if line.allSatisfy(\.isWhitespace) { return true }
    let request: [String: Any]
    do throws(MachineError) {
      request = try Self.parse(line)
    } catch {
      current = NSNull()
      return fail(error.message)
    }
    current = request["id"] ?? NSNull()
    defer { current = NSNull() }
    do throws(MachineError) {
      switch request["type"] as? String {
      case "execute":
        return execute(try Self.string("code", in: request, for: "execute"))
      case "complete":
        let (code, cursor) = try Self.codeAndCursor(request, for: "complete")
        reply(complete(code, cursor: cursor))
      case "inspect":
        let (code, cursor) = try Self.codeAndCursor(request, for: "inspect")
        reply(inspect(code, cursor: cursor))
      case "is_complete":
        let code = try Self.string("code", in: request, for: "is_complete")
        reply(["status": "ok", "complete": Lexer.needsMoreInput(code) ? "incomplete" : "complete"])
      case let type?:
        let known = Self.requestTypes.joined(separator: ", ")
        let suggestion = Suggest.closest(to: type, in: Self.requestTypes).map { "; did you mean '\($0)'?" } ?? "; the types are \(known)"
        throw MachineError("unknown request type '\(type)'\(suggestion)")
      case nil:
        throw MachineError("a request needs a \"type\": one of \(Self.requestTypes.joined(separator: ", "))")
      }
    } catch {
      return fail(error.message)
    }
    return true
  }

  static let requestTypes = ["execute", "complete", "inspect", "is_complete"]

  // MARK: - Requests

  private func execute(_ code: String) -> Bool {
    // A SIGINT that came while no statement ran belongs to an earlier request. The kernel
    // sends its interrupt only after "started", so none is lost.
    Interrupt.clear()
    emit(["type": "started"])
    let outcome = session.run(code)
    switch outcome {
    case .ok: reply(["status": "ok"])
    case .failed: reply(["status": "error"])
    case .interrupted: reply(["status": "interrupted"])
    case .quit:
      reply(["status": "ok", "quit": true])
      return false
    }
    return true
  }

  /// Completion of the word before `cursor` (counted in Unicode scalars, as Jupyter counts).
  func complete(_ code: String, cursor: Int) -> [String: Any] {
    let (before, after) = Self.split(code, at: cursor)
    let (word, replacements) = completer(before, after)
    let end = before.unicodeScalars.count
    return [
      "status": "ok", "matches": replacements, "cursor_start": max(0, end - word.unicodeScalars.count), "cursor_end": end,
    ]
  }

  /// Help for the name at `cursor`, or for the function whose call the cursor is in (`dense(|`):
  /// a builtin's, a constant's or a command's `:help`, or a variable's kind and value.
  func inspect(_ code: String, cursor: Int) -> [String: Any] {
    guard let name = MachineInspection.name(in: code, at: cursor) else { return ["status": "ok", "found": false] }
    guard let text = MachineInspection.text(for: name, session: session) else { return ["status": "ok", "found": false] }
    return ["status": "ok", "found": true, "name": name, "text": text]
  }

  // MARK: - Messages

  private func reply(_ fields: [String: Any]) {
    var message = fields
    message["type"] = "reply"
    emit(message)
  }

  /// A request that could not be read or run: an error, then its reply.
  private func fail(_ message: String) -> Bool {
    emit(["type": "error", "text": "error: " + message, "message": message])
    reply(["status": "error"])
    return true
  }

  private func emit(_ fields: [String: Any]) {
    var message = fields
    message["id"] = current
    lock.lock()
    defer { lock.unlock() }
    send(Self.json(message))
  }

  static func json(_ object: [String: Any]) -> String {
    // Everything put in a message is a string, a finite number, a bool, null, or an array or
    // object of them, so serialising cannot fail.
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  private static func progressMessage(_ type: String, _ state: ProgressState) -> [String: Any] {
    let p = state.progress
    return [
      "type": type, "text": state.line, "epoch": p.epoch, "epochs": p.epochs, "batch": p.batch, "batches": p.batches,
      "examples_done": p.examplesDone, "examples_per_epoch": p.examplesPerEpoch, "fraction": finite(p.fraction),
      "elapsed": finite(state.elapsed), "examples_per_second": finite(state.examplesPerSecond),
      "seconds_left": finite(state.secondsLeft),
    ]
  }

  private static func finite(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

  // MARK: - Reading requests

  private static func parse(_ line: String) throws(MachineError) -> [String: Any] {
    let example = #"{"id": 1, "type": "execute", "code": "1 + 1"}"#
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) else {
      throw MachineError("a request is one JSON object on one line, such as \(example); this is not JSON: \(preview(line))")
    }
    guard let request = object as? [String: Any] else {
      throw MachineError("a request is a JSON object, such as \(example); not \(preview(line))")
    }
    return request
  }

  private static func string(_ key: String, in request: [String: Any], for type: String) throws(MachineError) -> String {
    guard let value = request[key] as? String else {
      throw MachineError("\(article(type)) \(type) request needs \"\(key)\", a string")
    }
    return value
  }

  private static func codeAndCursor(_ request: [String: Any], for type: String) throws(MachineError) -> (String, Int) {
    let code = try string("code", in: request, for: type)
    let length = code.unicodeScalars.count
    guard request["cursor"] != nil else { return (code, length) }
    // JSON's true and false come as NSNumbers too, of the type "c".
    guard let number = request["cursor"] as? NSNumber, String(cString: number.objCType) != "c",
      let cursor = Int(exactly: number.doubleValue), (0...length).contains(cursor)
    else {
      throw MachineError("\(article(type)) \(type) request's \"cursor\" is a whole number from 0 to \(length) (the code's length in Unicode scalars)")
    }
    return (code, cursor)
  }

  private static func article(_ type: String) -> String { type.first.map { "aeiou".contains($0) } == true ? "an" : "a" }

  /// The code before and after a cursor counted in Unicode scalars.
  static func split(_ code: String, at cursor: Int) -> (String, String) {
    let scalars = code.unicodeScalars
    let index = scalars.index(scalars.startIndex, offsetBy: min(max(cursor, 0), scalars.count))
    return (String(scalars[..<index]), String(scalars[index...]))
  }

  private static func preview(_ line: String) -> String {
    line.count <= 60 ? line : String(line.prefix(60)) + "…"
  }
}

struct MachineError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}

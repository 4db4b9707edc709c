import Foundation
import LineEditing
import Testing

@testable import VanishLanguage

/// The machine protocol without a process: JSON request lines in, JSON lines out.
@Suite struct MachineSessionTests {
  /// A machine session whose messages are collected, completing as `vanish --machine` does.
  final class Machine {
    private(set) var lines: [String] = []
    var session: MachineSession!

    init() {
      session = MachineSession(
        completer: { [unowned self] before, after in
          let request = CompletionRequest.make(line: before)
          let interpreter = self.session.session.interpreter
          return (
            request.word,
            request.replacements(restOfLine: after) { r in
              r.insideString ? [] : Completions.candidates(for: r.word, interpreter: interpreter)
            }
          )
        },
        send: { [unowned self] line in self.lines.append(line) })
    }

    /// The messages one request line gave, parsed.
    @discardableResult
    func send(_ line: String) -> [[String: Any]] {
      let before = lines.count
      session.handle(line)
      return lines[before...].map { line in
        #expect(!line.contains("\n"), "a message is one line: \(line)")
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? ["unparsed": line]
      }
    }

    func request(_ fields: [String: Any]) -> [[String: Any]] {
      let data = try! JSONSerialization.data(withJSONObject: fields)
      return send(String(decoding: data, as: UTF8.self))
    }

    func execute(_ code: String, id: Int = 1) -> [[String: Any]] {
      request(["id": id, "type": "execute", "code": code])
    }
  }

  static func types(_ messages: [[String: Any]]) -> [String] { messages.map { $0["type"] as? String ?? "?" } }
  static func texts(_ messages: [[String: Any]]) -> [String] {
    messages.compactMap { ($0["data"] as? [String: Any])?["text/plain"] as? String }
  }

  @Test func theFirstLineSaysWhoSpeaks() throws {
    let m = Machine()
    m.session.start(version: "9.9")
    let ready = try #require(m.lines.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any])
    #expect(ready["type"] as? String == "ready")
    #expect(ready["protocol"] as? Int == 1)
    #expect(ready["version"] as? String == "9.9")
  }

  @Test func anExecuteStartsShowsEachValueAndReplies() {
    let m = Machine()
    let messages = m.execute("x = [0.5]\nx8 = 2\nx8 * x\n[[1, 2], [3, 4]] @ [1, 1]", id: 7)
    #expect(Self.types(messages) == ["started", "display", "display", "reply"])
    #expect(messages.allSatisfy { $0["id"] as? Int == 7 })
    #expect(Self.texts(messages) == ["[1]", "[3, 7]"])
    #expect(messages[1]["last"] as? Bool == false)
    #expect(messages[2]["last"] as? Bool == true)
    #expect(messages[3]["status"] as? String == "ok")
    // The variables stay for the next request.
    let next = m.execute("x8 + 1", id: 8)
    #expect(Self.texts(next) == ["3"])
  }

  @Test func aNetworkAndItsNormsAreText() {
    let m = Machine()
    m.execute("net = dense(1, 1, sigmoid, init=const(1), bias=const(0)) x 8")
    let messages = m.execute("norms(grad(net, [1], [0]))")
    let table = Self.texts(messages).first ?? ""
    #expect(table.hasPrefix("layer    ||delta||  gamma bound"), "\(table)")
    #expect(table.contains("    1  3.63482e-06  1.00563e-05"))
    #expect(table.contains("the gradient vanishes by 4.6 decades from layer 8 to layer 1"))
    let data = messages.first { $0["type"] as? String == "display" }?["data"] as? [String: Any]
    #expect(data?.keys.sorted() == ["text/plain"])
  }

  @Test func aPlotIsSVGWithItsTerminalPictureBeside() throws {
    let m = Machine()
    let messages = m.execute("plot([1, 4, 9, 16], title=\"squares\")")
    let display = try #require(messages.first { $0["type"] as? String == "display" })
    let data = try #require(display["data"] as? [String: Any])
    let svg = try #require(data["image/svg+xml"] as? String)
    #expect(svg.hasPrefix("<svg"), "\(svg.prefix(80))")
    #expect(svg.contains("squares"))
    let text = try #require(data["text/plain"] as? String)
    #expect(text.contains("squares"))
    #expect(text.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) }, "braille: \(text)")
  }

  @Test func anErrorIsShownAsVanishShowsItAndTheSessionGoesOn() throws {
    let m = Machine()
    m.execute("w = 3")
    let messages = m.execute("y = 1\nw + nope(2)", id: 2)
    #expect(Self.types(messages) == ["started", "error", "reply"])
    let error = messages[1]
    #expect(
      error["text"] as? String
        == "error: 2:5: unknown name 'nope'\n  w + nope(2)\n      ^^^^\n  hint: :vars lists your variables, :help the builtins")
    #expect(error["message"] as? String == "unknown name 'nope'")
    #expect(error["hint"] as? String == ":vars lists your variables, :help the builtins")
    #expect(error["line"] as? Int == 2)
    #expect(error["column"] as? Int == 5)
    #expect(messages[2]["status"] as? String == "error")
    // Statements before the error ran; the variables are there.
    #expect(Self.texts(m.execute("w + y")) == ["4"])
  }

  @Test func anErrorCarriesItsHint() {
    let m = Machine()
    let error = m.execute(":digits 40").first { $0["type"] as? String == "error" }
    #expect(error?["hint"] as? String == ":digits 4 prints 0.3333 for 1/3; :digits exact prints 0.3333333333333333")
    #expect((error?["text"] as? String)?.hasSuffix("\n  hint: :digits 4 prints 0.3333 for 1/3; :digits exact prints 0.3333333333333333") == true)
  }

  @Test func aParseErrorRunsNothing() {
    let m = Machine()
    let messages = m.execute("a = 1\nb = (2")
    #expect(Self.types(messages) == ["started", "error", "reply"])
    #expect((messages[1]["text"] as? String)?.hasPrefix("error: 2:") == true, "\(messages[1])")
    #expect(m.execute("a").contains { $0["type"] as? String == "error" })
  }

  @Test func commandsWorkInACell() {
    let m = Machine()
    let help = m.execute("?dense")
    #expect(Self.types(help) == ["started", "stream", "reply"])
    #expect(help[1]["name"] as? String == "stdout")
    #expect((help[1]["text"] as? String)?.hasPrefix("dense(in, out, act=sigmoid, init=nielsen, bias=...)\n") == true)
    m.execute("v = [1, 2]")
    let vars = m.execute(":vars")
    #expect(vars[1]["text"] as? String == "name  kind\nv     vector(2)\n")
    let history = m.execute(":history")
    #expect(history[1]["text"] as? String == "error: ':history' works only at the REPL prompt")
  }

  @Test func quitEndsTheSession() {
    let m = Machine()
    let before = m.lines.count
    #expect(!m.session.handle(#"{"id": 3, "type": "execute", "code": ":quit"}"#))
    let reply = (try? JSONSerialization.jsonObject(with: Data(m.lines.last!.utf8))) as? [String: Any]
    #expect(m.lines.count == before + 2)
    #expect(reply?["status"] as? String == "ok")
    #expect(reply?["quit"] as? Bool == true)
  }

  @Test func completionReplacesTheWordBeforeTheCursor() {
    let m = Machine()
    let reply = m.request(["id": 1, "type": "complete", "code": "g = grad(sigm", "cursor": 13])
    #expect(Self.types(reply) == ["reply"])
    #expect(reply[0]["matches"] as? [String] == ["sigmoid"])
    #expect(reply[0]["cursor_start"] as? Int == 9)
    #expect(reply[0]["cursor_end"] as? Int == 13)
    // The cursor in the middle: only the text before it counts.
    let middle = m.request(["id": 2, "type": "complete", "code": "tan + 1", "cursor": 3])
    #expect(middle[0]["matches"] as? [String] == ["tanh"])
    #expect(middle[0]["cursor_start"] as? Int == 0)
    // Fields after a dot, commands after ':', and cursors counted in Unicode scalars.
    m.execute("net = dense(2, 2) x 2")
    let fields = m.request(["id": 3, "type": "complete", "code": "net.si", "cursor": 6])
    #expect(fields[0]["matches"] as? [String] == ["net.sizes"])
    let command = m.request(["id": 4, "type": "complete", "code": ":he", "cursor": 3])
    #expect(command[0]["matches"] as? [String] == [":help"])
    let unicode = m.request(["id": 5, "type": "complete", "code": "\"é\"; sigm", "cursor": 9])
    #expect(unicode[0]["cursor_start"] as? Int == 5)
    #expect(unicode[0]["matches"] as? [String] == ["sigmoid"])
  }

  @Test func inspectionGivesTheHelpOfTheNameAtTheCursor() {
    let m = Machine()
    let dense = m.request(["id": 1, "type": "inspect", "code": "net = dense(1, 1)", "cursor": 8])
    #expect(dense[0]["found"] as? Bool == true)
    #expect(dense[0]["name"] as? String == "dense")
    #expect((dense[0]["text"] as? String)?.hasPrefix("dense(in, out, act=sigmoid, init=nielsen, bias=...)\n  one dense layer") == true)
    // Inside the call's parentheses, the call is explained.
    let inCall = m.request(["id": 2, "type": "inspect", "code": "dense(2, [1, 2], ", "cursor": 17])
    #expect(inCall[0]["name"] as? String == "dense")
    let constant = m.request(["id": 3, "type": "inspect", "code": "tanh", "cursor": 4])
    #expect((constant[0]["text"] as? String)?.hasPrefix("tanh (activation, gamma = 1)") == true)
    m.execute("v = [1, 2]")
    let variable = m.request(["id": 4, "type": "inspect", "code": "v + 1", "cursor": 0])
    #expect(variable[0]["text"] as? String == "v: vector(2)\n[1, 2]")
    let unknown = m.request(["id": 5, "type": "inspect", "code": "nothing_here", "cursor": 3])
    #expect(unknown[0]["found"] as? Bool == false)
    let blank = m.request(["id": 6, "type": "inspect", "code": "1 + ", "cursor": 4])
    #expect(blank[0]["found"] as? Bool == false)
  }

  @Test func isCompleteFollowsTheREPLsContinuationRule() {
    let m = Machine()
    #expect(m.request(["id": 1, "type": "is_complete", "code": "net = mlp([1, 2,"])[0]["complete"] as? String == "incomplete")
    #expect(m.request(["id": 2, "type": "is_complete", "code": "x = 1"])[0]["complete"] as? String == "complete")
  }

  @Test(arguments: [
    ("garbage", "a request is one JSON object on one line, such as {\"id\": 1, \"type\": \"execute\", \"code\": \"1 + 1\"}; this is not JSON: garbage"),
    ("[1, 2]", "a request is a JSON object, such as {\"id\": 1, \"type\": \"execute\", \"code\": \"1 + 1\"}; not [1, 2]"),
    (#"{"id": 4}"#, "a request needs a \"type\": one of execute, complete, inspect, is_complete"),
    (#"{"id": 4, "type": "exectue"}"#, "unknown request type 'exectue'; did you mean 'execute'?"),
    (#"{"id": 4, "type": "execute"}"#, "an execute request needs \"code\", a string"),
    (#"{"id": 4, "type": "execute", "code": 12}"#, "an execute request needs \"code\", a string"),
    (#"{"id": 4, "type": "complete", "code": "ab", "cursor": 3}"#, "a complete request's \"cursor\" is a whole number from 0 to 2 (the code's length in Unicode scalars)"),
    (#"{"id": 4, "type": "inspect", "code": "ab", "cursor": true}"#, "an inspect request's \"cursor\" is a whole number from 0 to 2 (the code's length in Unicode scalars)"),
  ])
  func aBadRequestIsAnErrorAndTheSessionGoesOn(_ line: String, _ message: String) {
    let m = Machine()
    let messages = m.send(line)
    #expect(Self.types(messages) == ["error", "reply"])
    #expect(messages[0]["message"] as? String == message)
    #expect(messages[0]["text"] as? String == "error: " + message)
    #expect(messages[1]["status"] as? String == "error")
    if line.contains("\"id\"") { #expect(messages.allSatisfy { $0["id"] as? Int == 4 }) }
    #expect(Self.texts(m.execute("1 + 1")) == ["2"])
  }

  @Test func aBlankLineIsNoRequest() {
    let m = Machine()
    #expect(m.send("   ").isEmpty)
  }

  @Test func trainingSendsItsProgressAndItsEnd() throws {
    let m = Machine()
    let messages = m.execute("seed(1); h = train(mlp([2, 8, 3], sigmoid), spiral(100, 3), epochs=3, batch=10, lr=0.5); 1 + 2")
    let end = try #require(messages.first { $0["type"] as? String == "progress_end" }, "\(messages)")
    #expect(end["epoch"] as? Int == 3)
    #expect(end["epochs"] as? Int == 3)
    #expect(end["batch"] as? Int == 30)
    #expect(end["batches"] as? Int == 30)
    #expect(end["examples_done"] as? Int == 300)
    #expect(end["examples_per_epoch"] as? Int == 300)
    #expect(end["fraction"] as? Double == 1)
    let text = try #require(end["text"] as? String)
    #expect(text.hasPrefix("epoch 3/3 │████████████████████│ 300/300  "), "\(text)")
    #expect(text.contains(" examples/s  took 0:"), "\(text)")
    // Updates (at most ten a second) come before the end; the value after it.
    let types = Self.types(messages)
    #expect(types.first == "started" && types.last == "reply")
    let endIndex = try #require(types.firstIndex(of: "progress_end"))
    #expect(!types[endIndex...].contains("progress"))
    #expect(Self.texts(messages) == ["3"])
    for update in messages where update["type"] as? String == "progress" {
      #expect((update["text"] as? String)?.contains(" ETA ") == true)
    }
  }
}

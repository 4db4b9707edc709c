import Foundation
import Testing

/// `vanish --machine` as a program drives it: JSON lines through pipes, SIGINT to the process.
@Suite struct MachineModeTests {
  /// A running `vanish --machine` and the messages it has written so far.
  final class Machine: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let condition = NSCondition()
    private var buffer = Data()
    private var closed = false
    /// Every line standard output carried, parsed or not.
    private(set) var lines: [String] = []

    init() throws {
      process.executableURL = vanishBinary
      process.arguments = ["--machine"]
      var environment = ProcessInfo.processInfo.environment
      environment["NO_COLOR"] = "1"
      environment["COLUMNS"] = nil
      process.environment = environment
      process.standardInput = input
      process.standardOutput = output
      process.standardError = errors
      output.fileHandleForReading.readabilityHandler = { [unowned self] handle in
        let data = handle.availableData
        self.condition.lock()
        if data.isEmpty { self.closed = true } else { self.buffer.append(data) }
        self.condition.broadcast()
        self.condition.unlock()
      }
      try process.run()
    }

    deinit {
      output.fileHandleForReading.readabilityHandler = nil
      if process.isRunning { process.terminate() }
    }

    func send(_ fields: [String: Any]) throws {
      var data = try JSONSerialization.data(withJSONObject: fields)
      data.append(UInt8(ascii: "\n"))
      try input.fileHandleForWriting.write(contentsOf: data)
    }

    func closeInput() throws { try input.fileHandleForWriting.close() }

    /// The next message, or nil after `timeout` seconds or at the end of the output.
    func next(timeout: Double = 120) -> [String: Any]? {
      let deadline = Date().addingTimeInterval(timeout)
      condition.lock()
      defer { condition.unlock() }
      while true {
        if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
          let line = String(decoding: buffer[..<newline], as: UTF8.self)
          buffer.removeSubrange(...newline)
          lines.append(line)
          let message = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
          #expect(message != nil, "standard output carries only JSON lines, not \(line)")
          return message ?? ["unparsed": line]
        }
        if closed || !condition.wait(until: deadline) { return nil }
      }
    }

    /// Messages up to and including the next of `type`.
    func messages(through type: String, timeout: Double = 120) -> [[String: Any]] {
      var messages: [[String: Any]] = []
      while let m = next(timeout: timeout) {
        messages.append(m)
        if m["type"] as? String == type { return messages }
      }
      Issue.record("no \(type) message; got \(messages)")
      return messages
    }

    func execute(_ code: String, id: Int) throws -> [[String: Any]] {
      try send(["id": id, "type": "execute", "code": code])
      return messages(through: "reply")
    }

    func interrupt() { kill(process.processIdentifier, SIGINT) }
  }

  static func texts(_ messages: [[String: Any]]) -> [String] {
    messages.compactMap { ($0["data"] as? [String: Any])?["text/plain"] as? String }
  }

  /// SIGINT during a hundred-million-step descent stops it, as Ctrl-C does: the path so far is
  /// kept, the rest of the cell runs, and the process answers the next request. A statement
  /// interrupted without a result to keep is reported as interrupted, its variable not made.
  @Test func sigintInterruptsTheRunningStatementAndTheSessionGoesOn() throws {
    let m = try Machine()
    let ready = try #require(m.next())
    #expect(ready["type"] as? String == "ready")
    #expect(Self.texts(try m.execute("f(w) = w; x = 5; x", id: 1)) == ["5"])

    try m.send(["id": 2, "type": "execute", "code": "p = descend(f, from=1, lr=0.5, steps=100000000)\np.stopped"])
    let started = m.messages(through: "started")
    #expect(started.last?["id"] as? Int == 2)
    // The descent takes minutes; give it time to be well under way.
    Thread.sleep(forTimeInterval: 2)
    #expect(m.process.isRunning)
    m.interrupt()
    let descent = m.messages(through: "reply")
    let note = descent.first { $0["type"] as? String == "stream" }?["text"] as? String ?? ""
    let match = try #require(
      note.wholeMatch(of: /interrupted after step (\d+) of 100000000: the path so far is returned\n/), "\(descent)")
    let steps = try #require(Int(match.1))
    #expect(Self.texts(descent) == ["\"Ctrl-C interrupted it after \(steps) steps\""])
    #expect(descent.last?["status"] as? String == "ok")
    #expect(Self.texts(try m.execute("p.steps", id: 3)) == ["\(steps)"])

    try m.send(["id": 4, "type": "execute", "code": "v = [sin(L) * 2 for L in 1:100000000]\n1"])
    _ = m.messages(through: "started")
    Thread.sleep(forTimeInterval: 2)
    m.interrupt()
    let comprehension = m.messages(through: "reply")
    #expect(comprehension.map { $0["type"] as? String ?? "?" } == ["interrupted", "reply"])
    #expect(comprehension.first?["text"] as? String == "interrupted; every variable is as it was before this statement")
    #expect(comprehension.last?["status"] as? String == "interrupted")
    let after = try m.execute("v", id: 5)
    #expect((after.first { $0["type"] as? String == "error" }?["message"] as? String)?.hasPrefix("unknown name 'v'") == true)
    #expect(Self.texts(try m.execute("x + 1", id: 6)) == ["6"])

    // A SIGINT between requests neither ends vanish nor stops the next request.
    m.interrupt()
    Thread.sleep(forTimeInterval: 0.5)
    #expect(Self.texts(try m.execute("x + 2", id: 7)) == ["7"])

    // The end of the input ends it, with status 0.
    try m.closeInput()
    #expect(m.next() == nil)
    m.process.waitUntilExit()
    #expect(m.process.terminationStatus == 0)
  }

  /// Values, errors, a plot and a completion through the real process; stdout only JSON.
  @Test func theProcessSpeaksTheProtocol() throws {
    let m = try Machine()
    _ = m.next()
    let plot = try m.execute("plot([1, 2, 3])", id: 1)
    let data = plot.first { $0["type"] as? String == "display" }?["data"] as? [String: Any]
    #expect((data?["image/svg+xml"] as? String)?.hasPrefix("<svg") == true)
    try m.send(["id": 2, "type": "complete", "code": "sigm", "cursor": 4])
    let completion = m.messages(through: "reply")
    #expect(completion.last?["matches"] as? [String] == ["sigmoid"])
    try m.send(["id": 3, "type": "execute"])
    let bad = m.messages(through: "reply")
    #expect(bad.first?["message"] as? String == "an execute request needs \"code\", a string")
    let quit = try m.execute(":quit", id: 4)
    #expect(quit.last?["quit"] as? Bool == true)
    #expect(m.next() == nil)
    m.process.waitUntilExit()
    #expect(m.process.terminationStatus == 0)
  }

  @Test func machineTakesNoScript() throws {
    let r = try vanish(["--machine", "-e", "1"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("--machine takes no FILE, -e or -i"), "\(r.stderr)")
    #expect(r.stdout == "")
    let help = try vanish(["--help"])
    #expect(help.stdout.contains("--machine is vanish for programs"), "\(help.stdout)")
  }
}

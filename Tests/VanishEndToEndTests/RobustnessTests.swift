import Foundation
import Testing

/// The built binary under abuse: absurd sizes, a save killed halfway, a reader that goes
/// away, Ctrl-C, very long scripts and very long sessions.
@Suite struct RobustnessTests {
  static func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanish-robustness-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  // MARK: - Sizes

  @Test func aHundredHugeLayersAreRefusedAtOnceWithTheMemoryTheyNeed() throws {
    let start = Date()
    let r = try vanish(["-e", "net = dense(100000,100000)x100"])
    let elapsed = Date().timeIntervalSince(start)
    #expect(r.status == 1)
    #expect(r.stdout == "")
    #expect(
      r.stderr.hasPrefix(
        "error: 1:7: this network has 10000100000 parameters, which need 80.0 GB of memory; this machine has "),
      "\(r.stderr)")
    #expect(r.stderr.contains(" available\n  net = dense(100000,100000)x100\n"))
    #expect(r.stderr.hasSuffix("  hint: use fewer or smaller layers\n"))
    #expect(elapsed < 1, "refused after \(elapsed) s")
  }

  // MARK: - Files

  /// A network of about 0.5 million parameters, saved over and over to one file; the process
  /// is killed with SIGKILL in the middle of a save (while its temporary file exists) and at
  /// random moments. Each time the file is the complete network, byte for byte.
  @Test func aSaveKilledHalfwayLeavesThePreviousFileWhole() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let build = "seed(7); net = mlp([500, 500, 500])"
    let first = try vanish(["-e", build + "; save(net, \"net.json\")"], directory: dir)
    #expect(first.status == 0, "\(first.stderr)")
    let target = dir.appendingPathComponent("net.json")
    let original = try Data(contentsOf: target)
    let script = dir.appendingPathComponent("saves.nn")
    try (build + "\n" + String(repeating: "save(net, \"net.json\")\n", count: 1000)).write(
      to: script, atomically: true, encoding: .utf8)

    var killedMidSave = 0
    for attempt in 0..<6 {
      let process = Process()
      process.executableURL = vanishBinary
      process.arguments = [script.path]
      process.currentDirectoryURL = dir
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      if attempt < 3 {
        // Wait for a temporary file to appear: the save is under way. Kill it there.
        let deadline = Date().addingTimeInterval(30)
        var sawTemporary = false
        while Date() < deadline && process.isRunning && !sawTemporary {
          let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
          sawTemporary = names.contains { $0.hasPrefix(".net.json.\(process.processIdentifier).") }
          if !sawTemporary { usleep(200) }
        }
        if sawTemporary { killedMidSave += 1 }
      } else {
        Thread.sleep(forTimeInterval: Double.random(in: 0.3...2.0))
      }
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)
      let now = try Data(contentsOf: target)
      #expect(now == original, "after kill \(attempt + 1) the file is not the complete network")
      let json = try JSONSerialization.jsonObject(with: now) as? [String: Any]
      #expect(json?["format"] as? String == "vanish.network/1")
      #expect((json?["layers"] as? [Any])?.count == 2)
    }
    #expect(killedMidSave == 3, "the kills landed while a save was writing its temporary file")
    // What is left of a killed save is a hidden temporary file, never the target.
    let loaded = try vanish(["-e", "load(\"net.json\").parameters"], directory: dir)
    #expect(loaded.stdout == "501000\n", "\(loaded.stderr)")
  }

  // MARK: - Processes

  /// `vanish script.nn | head -1`: the reader goes away, vanish ends without a word, with
  /// status 0 or killed by SIGPIPE (141 in the shell), as `cat` would.
  @Test func aClosedPipeEndsVanishQuietly() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = dir.appendingPathComponent("many.nn")
    try (0..<20000).map { "x = \($0); x" }.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)
    let r = try runProcess(
      URL(fileURLWithPath: "/bin/bash"),
      ["-c", "'\(vanishBinary.path)' '\(script.path)' | head -1; echo \"status ${PIPESTATUS[0]}\""])
    #expect(r.stdout == "0\nstatus 141\n" || r.stdout == "0\nstatus 0\n", "\(r.stdout)")
    #expect(r.stderr == "", "no crash report, no message: \(r.stderr)")
  }

  /// Ctrl-C between statements of a long script: exit 130 with one line on standard error.
  @Test func sigintEndsAScriptWith130() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = dir.appendingPathComponent("long.nn")
    try (0..<300_000).map { "x\($0 % 10) = \($0)" }.joined(separator: "\n").write(
      to: script, atomically: true, encoding: .utf8)
    let (status, stderr, elapsed) = try Self.interrupt([script.path], after: 2, times: 1)
    #expect(status == 130)
    #expect(stderr == "interrupted\n" || stderr == "interrupted; every variable is as it was before this statement\n", "\(stderr)")
    #expect(elapsed < 5)
  }

  /// A computation that never looks at the interrupt flag (a product of two 5000×5000
  /// matrices, over and over) cannot hold a script: a second Ctrl-C ends it with 130.
  @Test func aSecondSigintEndsAScriptThatIsBusy() throws {
    let (status, _, elapsed) = try Self.interrupt(
      ["-e", "e = eye(5000); p = e @ e @ e @ e @ e @ e @ e @ e @ e @ e"], after: 2, times: 2)
    #expect(status == 130)
    #expect(elapsed < 5, "ended \(elapsed) s after the second Ctrl-C")
  }

  /// Runs vanish, sends SIGINT `times` times (0.3 s apart) after `after` seconds; returns the
  /// status, standard error and the seconds from the last SIGINT to the end.
  static func interrupt(_ arguments: [String], after: Double, times: Int) throws -> (Int32, String, Double) {
    let process = Process()
    process.executableURL = vanishBinary
    process.arguments = arguments
    // Standard error goes to a file, not a pipe: a pipe's end of file can be held back by a
    // process spawned elsewhere in the test run that inherited its write end.
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("vanish-stderr-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorFile) }
    let err = try FileHandle(forWritingTo: errorFile)
    defer { try? err.close() }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    Thread.sleep(forTimeInterval: after)
    #expect(process.isRunning, "still busy when Ctrl-C comes")
    for k in 0..<times {
      if k > 0 { Thread.sleep(forTimeInterval: 0.3) }
      kill(process.processIdentifier, SIGINT)
    }
    let sent = Date()
    let deadline = sent.addingTimeInterval(20)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    let elapsed = Date().timeIntervalSince(sent)
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    return (process.terminationStatus, stderr, elapsed)
  }

  /// A script ten times longer takes about ten times as long, not a hundred: nothing is done
  /// per statement over the whole text (definitions included).
  @Test func aLongScriptRunsInTimeLinearInItsLength() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    func script(_ lines: Int) throws -> (URL, Double) {
      let url = dir.appendingPathComponent("lines-\(lines).nn")
      let text = (0..<lines).map { i in
        i % 10 == 0 ? "f\(i)(w) = w * \(i) + 1" : "x\(i % 100) = \(i) + 1; y = [x\(i % 100), 2] * 2"
      }.joined(separator: "\n") + "\ny\n"
      try text.write(to: url, atomically: true, encoding: .utf8)
      let start = Date()
      let r = try vanish([url.path])
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stdout.hasSuffix(", 4]\n"), "\(r.stdout)")
      return (url, Date().timeIntervalSince(start))
    }
    let (_, short) = try script(10_000)
    let (_, long) = try script(100_000)
    let ratio = long / short
    print("10,000 lines: \(short) s; 100,000 lines: \(long) s; ratio \(ratio)")
    #expect(ratio < 20, "100,000 lines took \(ratio) times as long as 10,000")
  }

  /// A REPL fed a million statements keeps a flat footprint: its resident memory after
  /// 1,000,000 statements is within a few megabytes of what it was after 100,000.
  @Test func aMillionStatementsKeepAFlatMemoryFootprint() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let empty = dir.appendingPathComponent("empty.nn")
    try "sq(w) = w * w\n".write(to: empty, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = vanishBinary
    process.arguments = ["-i", empty.path]  // the REPL loop, one line at a time, no prompts
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = dir.path
    process.environment = environment
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()

    // Ten statements a line, of several kinds: numbers, vectors, calls, strings, errors.
    func lines(_ from: Int, _ to: Int) -> Data {
      var text = ""
      for i in from..<to {
        text += "x = \(i); y = x + 1; v = [x, y]; w = v * 2; z = sq(y); k = \"s\"; u = -x; t = w'; s = 1; r = 2\n"
        if i % 1000 == 999 { text += "nope\n" }  // an error now and then
      }
      return Data(text.utf8)
    }
    let reader = output.fileHandleForReading
    var seen = ""
    func waitFor(_ marker: String) {
      while !seen.contains(marker) {
        let chunk = reader.availableData
        if chunk.isEmpty { return }
        seen += String(decoding: chunk, as: UTF8.self)
      }
    }
    func residentKB() -> Int {
      let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
      let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
      return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    let writer = input.fileHandleForWriting
    writer.write(lines(0, 10_000) + Data("111111\n".utf8))
    waitFor("111111")
    let after100k = residentKB()
    for chunk in stride(from: 10_000, to: 100_000, by: 10_000) { writer.write(lines(chunk, chunk + 10_000)) }
    writer.write(Data("222222\n".utf8))
    waitFor("222222")
    let after1M = residentKB()
    // `:quit`, not the end of the input: a process spawned elsewhere in the test run (a tmux
    // server of the terminal tests) can inherit the pipe's write end and keep it open.
    writer.write(Data(":quit\n".utf8))
    try writer.close()
    let deadline = Date().addingTimeInterval(30)
    func ended() -> Bool {
      guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
      else { return true }
      return status.contains("State:\tZ")  // a zombie: it has exited
    }
    while process.isRunning && !ended() && Date() < deadline { usleep(20_000) }
    #expect(!process.isRunning || ended(), "the REPL ends after :quit")
    print("resident memory after 100,000 statements: \(after100k) kB; after 1,000,000: \(after1M) kB")
    #expect(after100k > 0 && after1M > 0)
    #expect(after1M - after100k < 8_000, "grew by \(after1M - after100k) kB")
  }
}

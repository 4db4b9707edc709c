import Dispatch
import Foundation
import Testing

@testable import LineEditing

@Suite struct HistoryFileTests {
  @Test func multiLineEntriesAndBackslashesRoundTrip() throws {
    let dir = try TemporaryDirectory()
    let history = HistoryFile(url: dir.file("history"))
    let entries = [
      "x = 1",
      "f = fn(a) {\n  a * 2\n}",
      #"s = "C:\new\\path""#,
      "trailing backslash \\",
      "\\n literally",
      "crlf\r\nline",
      "ünïcödé ∂",
    ]
    for entry in entries { #expect(history.append(entry) == nil) }
    #expect(history.load() == entries)
    let text = try String(contentsOf: dir.file("history"), encoding: .utf8)
    #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == entries.count + 1)
  }

  @Test func keepsOnlyTheLastLimitEntries() throws {
    let dir = try TemporaryDirectory()
    let history = HistoryFile(url: dir.file("history"), limit: 5)
    for i in 1...12 { history.append("entry \(i)") }
    #expect(history.load() == (8...12).map { "entry \($0)" })
  }

  @Test func skipsBlankEntriesAndImmediateRepeats() throws {
    let dir = try TemporaryDirectory()
    let history = HistoryFile(url: dir.file("history"))
    for entry in ["a", "a", "", "   ", "b", "a", "a"] { history.append(entry) }
    #expect(history.load() == ["a", "b", "a"])
  }

  @Test func missingFileLoadsAsEmptyAndDirectoriesAreCreated() throws {
    let dir = try TemporaryDirectory()
    let history = HistoryFile(url: dir.file("deep/er/history"))
    #expect(history.load() == [])
    #expect(history.append("first") == nil)
    #expect(history.load() == ["first"])
  }

  @Test func concurrentAppendersLoseNothing() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("history")
    let perWriter = 200
    DispatchQueue.concurrentPerform(iterations: 2) { writer in
      // Separate values, as two REPLs would have: each holds its own descriptor.
      let history = HistoryFile(url: url, limit: 1000)
      for i in 0..<perWriter { history.append("writer \(writer) line \(i)") }
    }
    let loaded = HistoryFile(url: url).load()
    #expect(loaded.count == 2 * perWriter)
    #expect(Set(loaded).count == 2 * perWriter)
    for writer in 0..<2 {
      let own = loaded.filter { $0.hasPrefix("writer \(writer) ") }
      let expected = (0..<perWriter).map { "writer \(writer) line \($0)" }
      #expect(own.elementsEqual(expected), "writer \(writer): entries missing or out of order")
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
      .filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty)
  }

  @Test func concurrentAppendersRespectTheLimit() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("history")
    DispatchQueue.concurrentPerform(iterations: 2) { writer in
      let history = HistoryFile(url: url, limit: 150)
      for i in 0..<200 { history.append("w\(writer)-\(i)") }
    }
    #expect(HistoryFile(url: url).load().count == 150)
  }

  @Test func unwritableLockLeavesOldFileIntact() throws {
    let dir = try TemporaryDirectory()
    let history = HistoryFile(url: dir.file("history"))
    history.append("kept")
    let before = try Data(contentsOf: dir.file("history"))
    // The lock file cannot be opened for writing when a directory is in its place.
    try FileManager.default.removeItem(at: dir.file("history.lock"))
    try FileManager.default.createDirectory(at: dir.file("history.lock"), withIntermediateDirectories: false)
    let warning = history.append("lost")
    #expect(warning?.hasPrefix("warning: history not saved: ") == true)
    #expect(warning?.contains("\n") == false)
    #expect(try Data(contentsOf: dir.file("history")) == before)
    #expect(history.load() == ["kept"])
  }

  @Test func directoryThatCannotBeCreatedGivesAWarning() throws {
    let dir = try TemporaryDirectory()
    try Data("not a directory".utf8).write(to: dir.file("state"))
    let warning = HistoryFile(url: dir.file("state/vanish/history")).append("x")
    #expect(warning?.hasPrefix("warning: history not saved: ") == true)
    #expect(warning?.contains(dir.file("state").path) == true)
  }

  // Root ignores directory permissions, so this one only runs as a normal user.
  @Test(.enabled(if: getuid() != 0, "root can write anywhere"))
  func readOnlyDirectoryLeavesOldFileIntact() throws {
    let dir = try TemporaryDirectory()
    let history = HistoryFile(url: dir.file("history"))
    history.append("kept")
    history.append("also kept")  // creates the lock file while we still can
    #expect(chmod(dir.path, 0o500) == 0)
    let warning = history.append("lost")
    #expect(warning?.hasPrefix("warning: history not saved: ") == true)
    #expect(history.load() == ["kept", "also kept"])
  }

  @Test func defaultURLPrefersXDGStateHome() {
    let url = HistoryFile.defaultURL(environment: ["XDG_STATE_HOME": "/xdg/state", "HOME": "/home/u"])
    #expect(url?.path == "/xdg/state/vanish/history")
  }

  @Test func defaultURLFallsBackToHome() {
    #expect(HistoryFile.defaultURL(environment: ["HOME": "/home/u"])?.path
      == "/home/u/.local/state/vanish/history")
    // The XDG spec says relative values are invalid and must be ignored.
    #expect(HistoryFile.defaultURL(environment: ["XDG_STATE_HOME": "rel", "HOME": "/home/u"])?.path
      == "/home/u/.local/state/vanish/history")
    #expect(HistoryFile.defaultURL(environment: ["XDG_STATE_HOME": "", "HOME": "/home/u"])?.path
      == "/home/u/.local/state/vanish/history")
    #expect(HistoryFile.defaultURL(environment: [:]) == nil)
  }

  @Test func encodingIsOneLinePerEntryAndInvertible() {
    let entry = "a\\b\nc\r\\n"
    let encoded = HistoryEncoding.encode(entry)
    #expect(!encoded.contains("\n") && !encoded.contains("\r"))
    #expect(HistoryEncoding.decode(Substring(encoded)) == entry)
    // Hand-edited files: unknown escapes and a lone trailing backslash survive.
    #expect(HistoryEncoding.decode(#"a\tb\"#) == #"a\tb\"#)
  }
}

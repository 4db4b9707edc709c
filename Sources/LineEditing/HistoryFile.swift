import Foundation

/// The REPL's history on disk, in our own format (see `HistoryEncoding`) rather
/// than libedit's `write_history`, whose encoding differs between versions and
/// which rewrites the file non-atomically.
public struct HistoryFile: Sendable {
  public let url: URL
  public let limit: Int

  public init(url: URL, limit: Int = 1000) {
    self.url = url
    self.limit = max(0, limit)
  }

  /// `$XDG_STATE_HOME/vanish/history`, else `~/.local/state/vanish/history`;
  /// nil when neither variable gives a usable directory. A relative
  /// XDG_STATE_HOME is ignored, as the XDG spec requires.
  public static func defaultURL(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL? {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return URL(fileURLWithPath: state, isDirectory: true)
        .appendingPathComponent("vanish", isDirectory: true)
        .appendingPathComponent("history", isDirectory: false)
    }
    if let home = environment["HOME"], home.hasPrefix("/") {
      return URL(fileURLWithPath: home, isDirectory: true)
        .appendingPathComponent(".local/state/vanish", isDirectory: true)
        .appendingPathComponent("history", isDirectory: false)
    }
    return nil
  }

  /// The saved entries, oldest first; empty when the file is missing or unreadable
  /// (a REPL should start even without its history).
  public func load() -> [String] {
    (try? readEntries()) ?? []
  }

  /// Appends one entry and writes the file; returns a one-line warning string
  /// instead of throwing when the location cannot be written.
  @discardableResult
  public func append(_ entry: String) -> String? {
    guard Self.isWorthRecording(entry) else { return nil }
    do throws(SystemError) {
      try FileSystem.makeDirectories(directoryPath)
      try FileSystem.withExclusiveLock(lockPath) { () throws(SystemError) in
        // Re-read under the lock: another REPL may have appended since we loaded.
        var entries = try readEntries()
        guard entries.last != entry else { return }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        try FileSystem.replaceAtomically(path, with: HistoryEncoding.encodeFile(entries))
      }
      return nil
    } catch {
      return "warning: history not saved: \(error)"
    }
  }

  static func isWorthRecording(_ entry: String) -> Bool {
    !entry.allSatisfy(\.isWhitespace)
  }

  private var path: String { url.path }
  private var directoryPath: String { FileSystem.directoryPart(of: path) }
  private var lockPath: String { path + ".lock" }

  private func readEntries() throws(SystemError) -> [String] {
    guard let text = try FileSystem.readText(path) else { return [] }
    return Array(HistoryEncoding.decodeFile(text).suffix(limit))
  }
}

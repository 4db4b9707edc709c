#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the history file needs. They are spelled out
/// with raw calls because the guarantees matter here (O_EXCL, fsync, rename,
/// flock) and Foundation hides which of them it performs.
enum FileSystem {
  /// `mkdir -p`, private to the user as the XDG state directory should be.
  static func makeDirectories(_ path: String) throws(SystemError) {
    if mkdir(path, 0o700) == 0 { return }
    switch errno {
    case EEXIST:
      var info = stat()
      if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
      throw SystemError("not a directory (\(path))")
    case ENOENT:
      let parent = directoryPart(of: path)
      guard parent != path, !parent.isEmpty else { throw SystemError.fromErrno(path) }
      try makeDirectories(parent)
      if mkdir(path, 0o700) == 0 || errno == EEXIST { return }
      throw SystemError.fromErrno(path)
    default:
      throw SystemError.fromErrno(path)
    }
  }

  static func directoryPart(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    if slash == trimmed.startIndex { return "/" }
    return String(trimmed[..<slash])
  }

  /// The whole file as text; nil when it does not exist. Any other failure
  /// throws, so that a file we could not read is never replaced by a shorter one.
  static func readText(_ path: String) throws(SystemError) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      if errno == ENOENT { return nil }
      throw SystemError.fromErrno(path)
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        throw SystemError.fromErrno(path)
      }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Writes a new file beside `path` and renames it over `path`: readers see
  /// either the old or the new contents, never a prefix, and a failure (full
  /// disk, read-only directory) leaves the old file untouched.
  static func replaceAtomically(_ path: String, with text: String) throws(SystemError) {
    let directory = directoryPart(of: path)
    let name = path.split(separator: "/").last.map(String.init) ?? "file"
    let temporary = "\(directory)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    if fd < 0 { throw SystemError.fromErrno(temporary) }
    do throws(SystemError) {
      try writeAll(fd, Array(text.utf8), path: temporary)
      if fsync(fd) != 0 { throw SystemError.fromErrno(temporary) }
      // close reports deferred write errors on some file systems.
      if close(fd) != 0 { throw SystemError.fromErrno(temporary) }
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
    if rename(temporary, path) != 0 {
      let failure = SystemError.fromErrno(path)
      unlink(temporary)
      throw failure
    }
    // Makes the rename itself durable; losing it only loses the newest entry.
    let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
    if dirFD >= 0 {
      _ = fsync(dirFD)
      close(dirFD)
    }
  }

  private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SystemError) {
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        throw SystemError.fromErrno(path)
      }
      offset += n
    }
  }

  /// Runs `body` while holding an exclusive `flock` on `lockPath`, so that two
  /// REPLs appending at once serialise their read-modify-write cycles.
  static func withExclusiveLock<T>(
    _ lockPath: String, _ body: () throws(SystemError) -> T
  ) throws(SystemError) -> T {
    let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    if fd < 0 { throw SystemError.fromErrno(lockPath) }
    defer { close(fd) }  // closing the descriptor releases the lock
    while flock(fd, LOCK_EX) != 0 {
      if errno != EINTR { throw SystemError.fromErrno(lockPath) }
    }
    return try body()
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines from a non-terminal stdin (a pipe or file), read with `read(2)`.
/// Not `Swift.readLine`: after a signal interrupts its `getline`, it retries
/// forever on the stream's sticky EINTR error (seen with Swift 6.3.1: 100% CPU
/// after Ctrl-C on `vanish < fifo`).
final class PlainLineReader {
  private let fd: Int32
  private var buffer: [UInt8] = []
  private var reachedEnd = false

  init(fd: Int32 = STDIN_FILENO) { self.fd = fd }

  /// The next line without its "\n" (or "\r\n"). A Ctrl-C while waiting
  /// gives `.interrupted`; bytes already read stay for the next call, so no
  /// piped input is lost.
  func next(interruptRequested: () -> Bool) -> LineInput {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        var line = buffer[..<newline]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        let text = String(decoding: line, as: UTF8.self)
        buffer.removeSubrange(...newline)
        return .line(text)
      }
      if reachedEnd {
        guard !buffer.isEmpty else { return .endOfInput }
        defer { buffer.removeAll() }
        return .line(String(decoding: buffer, as: UTF8.self))
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n > 0 {
        buffer.append(contentsOf: chunk[..<n])
      } else if n == 0 {
        reachedEnd = true
      } else if errno == EINTR {
        if interruptRequested() { return .interrupted }
      } else {
        reachedEnd = true
      }
    }
  }
}

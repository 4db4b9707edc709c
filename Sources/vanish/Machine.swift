import Foundation
import LineEditing
import VanishCore
import VanishLanguage

/// `vanish --machine`: the wiring of a `MachineSession` to the process. Standard output carries
/// nothing but the protocol's lines: it is kept for them under another descriptor, and
/// descriptor 1 is pointed at standard error, so that nothing can print into the protocol.
/// SIGINT interrupts the statement being run, as Ctrl-C does at the prompt.
enum MachineMode {
  static func run() -> Int32 {
    let protocolOutput = dup(STDOUT_FILENO)
    guard protocolOutput >= 0, dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else {
      Session.standardError("error: --machine cannot set up its standard output: \(String(cString: strerror(errno)))")
      return 1
    }
    _ = fcntl(protocolOutput, F_SETFD, FD_CLOEXEC)
    OutputStyle.colour = false
    let session = Session()
    let interpreter = session.interpreter
    let machine = MachineSession(
      session: session,
      completer: { before, after in
        let request = CompletionRequest.make(line: before)
        let replacements = request.replacements(restOfLine: after) { request in
          request.insideString ? [] : Completions.candidates(for: request.word, interpreter: interpreter)
        }
        return (request.word, replacements)
      },
      send: { line in writeAll(protocolOutput, line + "\n") })
    machine.start(version: VanishVersion.string)
    var input = LineReader(fd: STDIN_FILENO)
    while let line = input.next() {
      if !machine.handle(line) { break }
    }
    return 0
  }

  /// Writes every byte, again after a signal; when the reader has gone, SIGPIPE ends vanish.
  private static func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return }
      bytes = bytes.dropFirst(n)
    }
  }
}

/// Lines from a file descriptor, read with read(2) again after a signal: a SIGINT while vanish
/// waits for the next request must not end the input, as it would for readLine().
struct LineReader {
  let fd: Int32
  private var buffer: [UInt8] = []
  private var atEnd = false

  init(fd: Int32) { self.fd = fd }

  /// The next line without its "\n"; nil at the end of the input.
  mutating func next() -> String? {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        buffer.removeSubrange(...newline)
        return line
      }
      if atEnd {
        if buffer.isEmpty { return nil }
        defer { buffer = [] }
        return String(decoding: buffer, as: UTF8.self)
      }
      var chunk = [UInt8](repeating: 0, count: 65536)
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 {
        atEnd = true
      } else {
        buffer.append(contentsOf: chunk[..<n])
      }
    }
  }
}

import Foundation
import Testing

@testable import LineEditing

@Suite struct PlainLineReaderTests {
  @Test func splitsLinesAndKeepsAnUnterminatedLastLine() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let text = "one\ntwo\r\n\nünï\nlast"
    _ = text.utf8CString.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count - 1) }
    close(fds[1])
    defer { close(fds[0]) }
    let reader = PlainLineReader(fd: fds[0])
    var got: [LineInput] = []
    while true {
      let input = reader.next(interruptRequested: { false })
      got.append(input)
      if input == .endOfInput { break }
    }
    #expect(got == [.line("one"), .line("two"), .line(""), .line("ünï"), .line("last"), .endOfInput])
  }
}

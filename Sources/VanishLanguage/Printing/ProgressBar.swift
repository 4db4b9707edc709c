import Foundation
import VanishCore

/// The progress bar of a training run on a terminal: one line on standard error, redrawn in
/// place with \r at most ten times a second (examples per second, time left), wiped at the end
/// so that nothing of it stays in the transcript.
final class ProgressBar {
  private let write: (String) -> Void
  private let start = DispatchTime.now().uptimeNanoseconds
  private var lastDraw: UInt64 = 0
  /// How many characters are on screen now.
  private var shown = 0

  init(write: @escaping (String) -> Void) {
    self.write = write
  }

  func update(_ p: TrainingProgress) {
    let now = DispatchTime.now().uptimeNanoseconds
    if now - lastDraw < 100_000_000 { return }
    lastDraw = now
    let elapsed = Double(now - start) / 1e9
    let rate = Double(p.examplesSoFar) / max(elapsed, 1e-9)
    let left = (Double(p.epochs) * Double(p.examplesPerEpoch) - Double(p.examplesSoFar)) / max(rate, 1e-9)
    let bar = Bars.linear(min(max(p.fraction, 0), 1), width: 20)
    let padded = bar + String(repeating: " ", count: max(0, 20 - bar.count))
    var line = "epoch \(p.epoch)/\(p.epochs) │\(padded)│ \(p.examplesDone)/\(p.examplesPerEpoch)"
      + "  \(ProgressBar.whole(rate)) examples/s  ETA \(ProgressBar.duration(left))"
    line = String(line.prefix(max(OutputStyle.width - 1, 20)))
    write("\r" + line + String(repeating: " ", count: max(0, shown - line.count)))
    shown = line.count
  }

  /// Wipes the line; safe to call more than once.
  func clear() {
    if shown == 0 { return }
    write("\r" + String(repeating: " ", count: shown) + "\r")
    shown = 0
  }

  /// 0:42, 12:05, 1:02:03
  static func duration(_ seconds: Double) -> String {
    // Beyond a million hours (or not a number at all) the time left means nothing.
    guard seconds.isFinite, seconds >= 0, seconds < 3.6e9 else { return "?" }
    let s = Int(seconds.rounded())
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60)
    return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%d:%02d", m, sec)
  }

  /// A rate as a whole number; "?" when it is not finite or too large for an Int.
  static func whole(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e15 else { return "?" }
    return String(Int(value))
  }

  static func standardError(_ text: String) {
    RawOutput.write(STDERR_FILENO, text)
  }
}

/// Writing straight to a file descriptor with write(2), ignoring every failure: a closed or
/// full standard error must not stop (or trap, as FileHandle's write does) a computation for
/// the sake of a message or a progress bar.
enum RawOutput {
  static func write(_ fd: Int32, _ text: String) {
    _ = writeAll(fd, text)
  }

  /// Writes all of `text` with write(2), again after a signal (EINTR); returns 0, or the errno
  /// of the write that failed.
  static func writeAll(_ fd: Int32, _ text: String) -> Int32 {
    writeAll(fd, Array(text.utf8))
  }

  static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
    bytes.withUnsafeBytes { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return 0 }
      var done = 0
      while done < buffer.count {
        let n = Foundation.write(fd, base + done, buffer.count - done)
        if n < 0 && errno == EINTR { continue }
        if n < 0 { return errno }
        if n == 0 { return EIO }
        done += n
      }
      return 0
    }
  }
}

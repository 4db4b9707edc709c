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
    let left = Double(p.epochs * p.examplesPerEpoch - p.examplesSoFar) / max(rate, 1e-9)
    let bar = Bars.linear(min(max(p.fraction, 0), 1), width: 20)
    let padded = bar + String(repeating: " ", count: max(0, 20 - bar.count))
    var line = "epoch \(p.epoch)/\(p.epochs) │\(padded)│ \(p.examplesDone)/\(p.examplesPerEpoch)"
      + "  \(Int(rate)) examples/s  ETA \(ProgressBar.duration(left))"
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
    guard seconds.isFinite else { return "?" }
    let s = Int(seconds.rounded())
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60)
    return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%d:%02d", m, sec)
  }

  static func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}

import Foundation
import VanishCore

/// Where a training run shows its progress (`Interpreter.progress`).
public enum ProgressDisplay {
  /// A line of raw text redrawn in place with \r, no newline (a terminal's standard error).
  case terminal((String) -> Void)
  /// The bar's state at each redraw, and once more when the run ends (the machine mode).
  case events((ProgressEvent) -> Void)
}

public enum ProgressEvent: Sendable {
  case update(ProgressState)
  /// The run ended (finished, interrupted or failed): its state after the last batch.
  case end(ProgressState)
}

/// What the progress bar shows: where the run is, how fast it goes, and the bar as text.
public struct ProgressState: Sendable {
  public let progress: TrainingProgress
  /// Seconds since the run began.
  public let elapsed: Double
  public let examplesPerSecond: Double
  /// Seconds left at this rate.
  public let secondsLeft: Double
  /// The terminal's line: `epoch 1/3 │███     │ 400/1000  5200 examples/s  ETA 0:02`; at the end
  /// `took 0:03` instead of the ETA.
  public let line: String
}

/// The progress bar of a training run: on a terminal one line on standard error, redrawn in
/// place with \r at most ten times a second (examples per second, time left), wiped at the end
/// so that nothing of it stays in the transcript; as events, the same state as often.
final class ProgressBar {
  private let display: ProgressDisplay
  private let start = DispatchTime.now().uptimeNanoseconds
  private var lastDraw: UInt64 = 0
  /// How many characters are on screen now.
  private var shown = 0
  /// The last batch's progress, drawn or not.
  private var latest: TrainingProgress?

  init(_ display: ProgressDisplay) {
    self.display = display
  }

  func update(_ p: TrainingProgress) {
    latest = p
    let now = DispatchTime.now().uptimeNanoseconds
    if now - lastDraw < 100_000_000 { return }
    lastDraw = now
    let state = self.state(p, at: now, final: false)
    switch display {
    case .terminal(let write):
      write("\r" + state.line + String(repeating: " ", count: max(0, shown - state.line.count)))
      shown = state.line.count
    case .events(let send):
      send(.update(state))
    }
  }

  /// Wipes the terminal's line, or sends the end; safe to call more than once.
  func finish() {
    switch display {
    case .terminal(let write):
      if shown == 0 { return }
      write("\r" + String(repeating: " ", count: shown) + "\r")
      shown = 0
    case .events(let send):
      guard let p = latest else { return }
      latest = nil
      send(.end(state(p, at: DispatchTime.now().uptimeNanoseconds, final: true)))
    }
  }

  private func state(_ p: TrainingProgress, at now: UInt64, final: Bool) -> ProgressState {
    let elapsed = Double(now - start) / 1e9
    let rate = Double(p.examplesSoFar) / max(elapsed, 1e-9)
    let left = (Double(p.epochs) * Double(p.examplesPerEpoch) - Double(p.examplesSoFar)) / max(rate, 1e-9)
    let bar = Bars.linear(min(max(p.fraction, 0), 1), width: 20)
    let padded = bar + String(repeating: " ", count: max(0, 20 - bar.count))
    var line = "epoch \(p.epoch)/\(p.epochs) │\(padded)│ \(p.examplesDone)/\(p.examplesPerEpoch)"
      + "  \(ProgressBar.whole(rate)) examples/s  "
      + (final ? "took \(ProgressBar.duration(elapsed))" : "ETA \(ProgressBar.duration(left))")
    line = String(line.prefix(max(OutputStyle.width - 1, 20)))
    return ProgressState(progress: p, elapsed: elapsed, examplesPerSecond: rate, secondsLeft: left, line: line)
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

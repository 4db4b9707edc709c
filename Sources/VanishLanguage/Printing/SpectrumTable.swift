import Foundation
import VanishCore

/// `spectrum(net, x)`: for each l = 0..L-1 the largest, smallest and root-mean-square singular
/// value of d a[L] / d a[l] at x, with a bar from the smallest to the largest on one log scale
/// that always holds 1 (dynamical isometry is every singular value near 1), and one sentence
/// on the Jacobian from the input.
public struct SpectrumTable: CustomValue {
  public struct Row: Sendable {
    /// The units of a[l]: the Jacobian is outputs × units, with min(outputs, units) singular values.
    public let units: Int
    public let max: Double
    public let min: Double
    public let rms: Double
  }

  /// Row l is a[l]'s, l = 0..L-1.
  public let rows: [Row]
  public let outputs: Int

  public var kindName: String { "spectrum" }
  public var kindWithShape: String { "spectrum(\(rows.count) layer\(rows.count == 1 ? "" : "s"))" }
  public var fieldNames: [String] { ["max", "min", "rms"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "max": return .vector(rows.map(\.max))
    case "min": return .vector(rows.map(\.min))
    case "rms": return .vector(rows.map(\.rms))
    default: return nil
    }
  }

  static let barWidth = 24

  public var rendered: String { rendered(colour: OutputStyle.colour) }

  public func rendered(colour: Bool) -> String {
    let style = TextStyle(colour: colour)
    let logs = rows.flatMap { [$0.max, $0.min] }.filter { $0 > 0 && $0.isFinite }.map(log10) + [0]
    let lo = logs.min()!.rounded(.down)
    let hi = Swift.max(logs.max()!.rounded(.up), lo + 1)
    let L = rows.count
    var table = [["from", "units", "largest", "smallest", "rms", "singular values, log scale 1e\(Int(lo))..1e\(Int(hi))"]]
    for (l, row) in rows.enumerated() {
      let (pad, bar) = Self.rangeBar(row.min, row.max, from: lo, to: hi, width: Self.barWidth)
      table.append([
        "a[\(l)]", "\(row.units)", Format.short(row.max), Format.short(row.min), Format.short(row.rms),
        pad + style.colour(bar, TextStyle.blue),
      ])
    }
    var text = style.withBoldHeader(Format.table(table, leftAligned: [0, 5]))
    text += "\nsingular values of d a[\(L)] / d a[l], min(\(outputs), units) of them; the bar spans the smallest to the largest"
    let (sentence, good) = verdict
    text += "\n" + style.colour(sentence, good ? TextStyle.green : TextStyle.yellow)
    return text
  }

  /// Spaces up to the cell where log10(low) falls, then a bar to where log10(high) does (at
  /// least a sliver); a low of 0 starts at the left edge.
  static func rangeBar(_ low: Double, _ high: Double, from lo: Double, to hi: Double, width: Int) -> (String, String) {
    func position(_ v: Double) -> Double { v > 0 ? Swift.min(Swift.max((log10(v) - lo) / (hi - lo), 0), 1) : 0 }
    guard high > 0, high.isFinite else { return ("", "") }
    let start = Swift.min(Int((position(low) * Double(width)).rounded(.down)), width - 1)
    let end = Swift.max(Int((position(high) * Double(width * 8)).rounded()), start * 8 + 1)
    let units = end - start * 8
    return (String(repeating: " ", count: start), String(repeating: "█", count: units / 8) + Bars.eighths[units % 8])
  }

  /// One sentence on d a[L] / d x, and whether it is near dynamical isometry.
  public var verdict: (String, Bool) {
    let first = rows[0]
    let L = rows.count
    let head = "d a[\(L)] / d a[0]: singular values \(Format.short(first.min)) to \(Format.short(first.max))"
    if first.max == 0 {
      return ("d a[\(L)] / d a[0] is 0: nothing of the input reaches the output", false)
    }
    if first.min == 0 {
      return (head + ": singular, some direction of the input does not reach the output", false)
    }
    let condition = " (cond \(Format.short(first.max / first.min)))"
    if first.max <= 2 && first.min >= 0.5 {
      return (head + condition + ": all within a factor of 2 of 1, near dynamical isometry", true)
    }
    if first.max < 1 {
      return (head + condition + ": all below 1, the gradient shrinks in every direction towards the input", false)
    }
    if first.min > 1 {
      return (head + condition + ": all above 1, the gradient grows in every direction towards the input", false)
    }
    return (head + condition + ": towards the input the gradient shrinks in some directions, grows in others", false)
  }
}

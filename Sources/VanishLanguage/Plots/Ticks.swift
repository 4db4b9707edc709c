import Foundation

/// Tick values and their labels: steps of 1, 2 or 5 times a power of ten on a linear axis,
/// whole decades on a log axis, so that every label is a number a person would write.
enum Ticks {
  /// The step of 1, 2, 5 or 10 × 10^k closest to span / target.
  static func niceStep(span: Double, target: Int) -> Double {
    let raw = span / Double(max(target, 1))
    guard raw > 0, raw.isFinite else { return 1 }
    let magnitude = pow(10, (log10(raw)).rounded(.down))
    let normalized = raw / magnitude
    let nice: Double = normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10
    return nice * magnitude
  }

  /// Multiples of `step` within [lo, hi].
  static func multiples(of step: Double, from lo: Double, to hi: Double) -> [Double] {
    guard step > 0, step.isFinite else { return [] }
    let first = (lo / step - 1e-9).rounded(.up)
    let last = (hi / step + 1e-9).rounded(.down)
    guard last >= first, last - first < 1000 else { return [] }
    return stride(from: first, through: last, by: 1).map { clean($0 * step) }
  }

  /// Whole decades 10^k within [lo, hi], every `k`-th one when there are more than `target`.
  static func decades(from lo: Double, to hi: Double, target: Int) -> [Double] {
    guard lo > 0, hi.isFinite, lo.isFinite, hi >= lo else { return [] }
    let first = Int((log10(lo) - 1e-9).rounded(.up))
    let last = Int((log10(hi) + 1e-9).rounded(.down))
    guard last >= first else { return [] }
    let every = max(1, Int((Double(last - first + 1) / Double(max(target, 1))).rounded(.up)))
    // Keep the decades that are multiples of the stride, so that 1e0 stays a tick when it is in range.
    let start = first + ((every - first % every) % every)
    return stride(from: start, through: last, by: every).map { pow(10, Double($0)) }
  }

  /// Removes the noise of k × step in binary (0.30000000000000004 → 0.3).
  static func clean(_ v: Double) -> Double {
    if v == 0 { return 0 }
    return Double(String(format: "%.12g", v)) ?? v
  }

  /// Labels for ticks `step` apart: as many decimals as the step needs, or exponents when the
  /// numbers are very large or very small.
  static func labels(_ ticks: [Double], step: Double) -> [String] {
    let largest = ticks.map(abs).max() ?? 0
    if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
      let digits = max(1, Int((log10(largest)).rounded(.down) - (log10(step)).rounded(.down)) + 1)
      return ticks.map { exponential($0, significant: digits) }
    }
    let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down)))
    return ticks.map { v in
      let text = String(format: "%.\(decimals)f", v)
      return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
  }

  /// Labels of decades: 1e-6, 1e-5, ..., 1e0, as the norms table writes its scale.
  static func decadeLabels(_ ticks: [Double]) -> [String] {
    ticks.map { "1e\(Int(log10($0).rounded()))" }
  }

  /// `2.5e-5`, `1e6`: C's %e without its padding.
  static func exponential(_ v: Double, significant: Int) -> String {
    if v == 0 { return "0" }
    let text = String(format: "%.\(max(significant - 1, 0))e", v)
    guard let e = text.firstIndex(of: "e") else { return text }
    var mantissa = String(text[..<e])
    if mantissa.contains(".") {
      while mantissa.hasSuffix("0") { mantissa.removeLast() }
      if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    let exponent = Int(text[text.index(after: e)...]) ?? 0
    return "\(mantissa)e\(exponent)"
  }

  /// A compact label for any single value (bar values, heatmap scales, contour levels): three
  /// significant digits.
  static func compact(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "Inf" }
    if v == 0 { return "0" }
    if abs(v) >= 1e5 || abs(v) < 1e-3 { return exponential(v, significant: 3) }
    var text = String(format: "%.3g", v)
    if text.contains("e") { return exponential(v, significant: 3) }
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }
}

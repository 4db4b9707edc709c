import Foundation

/// An axis made ready to draw: its scale, its range and its ticks, all chosen from the data
/// unless the figure fixed them.
struct ResolvedAxis {
  let scale: Figure.Scale
  let lo: Double
  let hi: Double
  let ticks: [Double]
  let labels: [String]

  /// Where v falls from lo (0) to hi (1); nil when it cannot be drawn (NaN, or v <= 0 on a log axis).
  func fraction(_ v: Double) -> Double? {
    guard v.isFinite else { return nil }
    switch scale {
    case .linear:
      return (v - lo) / (hi - lo)
    case .log:
      guard v > 0 else { return nil }
      return (log10(v) - log10(lo)) / (log10(hi) - log10(lo))
    }
  }

  /// A log scale suits values that are all positive and span more than two decades.
  static func wantsLog(_ values: [Double]) -> Bool {
    let finite = values.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max(), lo > 0 else { return false }
    return hi / lo > 100
  }

  /// - Parameters:
  ///   - target: about how many ticks fit.
  ///   - widen: extend the data's range out to the nearest ticks (a y axis), or keep it (an x axis).
  ///   - autoLog: whether an automatic scale may be a log scale.
  ///   - includingZero: bars start at zero on a linear axis.
  static func resolve(
    _ axis: Figure.Axis, data: [Double], target: Int, widen: Bool, autoLog: Bool = true, includingZero: Bool = false
  ) -> ResolvedAxis {
    let scale = axis.scale ?? (autoLog && wantsLog(data) ? .log : .linear)
    switch scale {
    case .log: return log(axis, data: data, target: target)
    case .linear: return linear(axis, data: data, target: target, widen: widen, includingZero: includingZero)
    }
  }

  private static func linear(_ axis: Figure.Axis, data: [Double], target: Int, widen: Bool, includingZero: Bool) -> ResolvedAxis {
    var lo: Double
    var hi: Double
    var fixed = false
    if let range = axis.range, range.lowerBound.isFinite, range.upperBound.isFinite {
      (lo, hi) = (range.lowerBound, range.upperBound)
      fixed = true
    } else {
      let finite = data.filter(\.isFinite)
      (lo, hi) = (finite.min() ?? 0, finite.max() ?? 1)
      if includingZero { (lo, hi) = (min(lo, 0), max(hi, 0)) }
    }
    if lo == hi {
      let pad = lo == 0 ? 1 : abs(lo) / 2
      (lo, hi) = (lo - pad, hi + pad)
    }
    var step = Ticks.niceStep(span: hi - lo, target: target)
    if axis.wholeNumbers { step = max(1, step.rounded(.up)) }
    if widen && !fixed {
      // The tolerance keeps a value already on a tick (25 with steps of 5) from adding a step.
      lo = Ticks.clean((lo / step + 1e-9).rounded(.down) * step)
      hi = Ticks.clean((hi / step - 1e-9).rounded(.up) * step)
    }
    let ticks = Ticks.multiples(of: step, from: lo, to: hi)
    return ResolvedAxis(scale: .linear, lo: lo, hi: hi, ticks: ticks, labels: Ticks.labels(ticks, step: step))
  }

  private static func log(_ axis: Figure.Axis, data: [Double], target: Int) -> ResolvedAxis {
    var lo: Double
    var hi: Double
    if let range = axis.range, range.lowerBound > 0, range.upperBound.isFinite {
      (lo, hi) = (range.lowerBound, range.upperBound)
    } else {
      let positive = data.filter { $0 > 0 && $0.isFinite }
      lo = pow(10, log10(positive.min() ?? 1).rounded(.down))
      hi = pow(10, log10(positive.max() ?? 10).rounded(.up))
    }
    // Decades beyond the normal Doubles (1e-308 to 1e308) are 0 or infinite as numbers.
    lo = min(max(lo, 1e-308), 1e307)
    hi = min(max(hi, lo), 1e308)
    if lo >= hi { hi = lo * 10 }
    var ticks = Ticks.decades(from: lo, to: hi, target: target)
    if ticks.count >= 2 {
      return ResolvedAxis(scale: .log, lo: lo, hi: hi, ticks: ticks, labels: Ticks.decadeLabels(ticks))
    }
    // Less than a decade fixed by the user: label the ends instead.
    ticks = [lo, hi]
    return ResolvedAxis(scale: .log, lo: lo, hi: hi, ticks: ticks, labels: ticks.map(Ticks.compact))
  }
}

import Foundation

/// Which values of f get a level line. Evenly spaced levels crowd the steep walls of an
/// ill-conditioned valley (0.001*w1^2 + w2^2) and leave its floor empty; when f is positive
/// and spans decades the levels are spaced evenly in log10 f instead, so the floor shows too.
enum ContourLevels {
  static func choose(_ values: [Double], count: Int) -> (levels: [Double], log: Bool) {
    let finite = values.filter(\.isFinite).sorted()
    guard count > 0, let lo = finite.first, let hi = finite.last, lo < hi else { return ([], false) }
    if lo >= 0 {
      let positive = finite.filter { $0 > 0 }
      // The 2% quantile, not the minimum: a grid point that lands on the minimum (f = 1e-12)
      // would otherwise spend most levels on decades no one can see.
      if !positive.isEmpty {
        let floor = positive[positive.count / 50]
        if hi / floor > 100 {
          let ratio = hi / floor
          let levels = (0..<count).map { floor * pow(ratio, Double($0) / Double(count)) }
          return (levels, true)
        }
      }
    }
    let levels = (1...count).map { lo + (hi - lo) * Double($0) / Double(count + 1) }
    return (levels, false)
  }
}

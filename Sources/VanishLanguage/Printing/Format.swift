import Foundation
import VanishCore

/// How values print, as the session decides: `:digits` (nil prints numbers exactly) and the
/// width lines wrap at (nil never wraps; the session gives the terminal's).
public struct PrintSettings: Equatable, Sendable {
  public var digits: Int?
  public var width: Int?

  public init(digits: Int? = nil, width: Int? = nil) {
    self.digits = digits
    self.width = width
  }

  /// The range `:digits` accepts: a Double has at most 17 significant digits.
  public static let digitRange = 1...17
}

/// How numbers are written.
public enum Format {
  /// Exactly: the shortest text that reads back as the same Double (as Python's repr and
  /// Julia do), and whole numbers without a fraction: `1`, `0.5`, `3.6348242049048527e-06`.
  public static func number(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "Inf" }
    if v == v.rounded() && abs(v) < 1e16 {
      return v == 0 ? (v.sign == .minus ? "-0" : "0") : String(Int64(v))
    }
    return "\(v)"
  }

  /// Six significant digits, as tables show them (C's %g): `3.63482e-06`, `0.148091`.
  public static func short(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "Inf" }
    return String(format: "%.6g", v)
  }

  /// With `digits` significant digits (C's %g), or exactly when nil.
  public static func number(_ v: Double, digits: Int?) -> String {
    guard let digits else { return number(v) }
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Inf" : "Inf" }
    return String(format: "%.\(digits)g", v)
  }

  /// numpy's rule: an array of more than this many numbers prints only its corners.
  public static let summaryThreshold = 1000
  /// The numbers shown at each end of a summarised dimension (numpy's edgeitems).
  public static let edgeItems = 3
  /// The significant digits of a summary, unless `:digits` says otherwise.
  public static let summaryDigits = 6

  /// The indices shown of a dimension of `count`, nil standing for the ones left out.
  private static func shown(_ count: Int, summarised: Bool) -> [Int?] {
    guard summarised, count > 2 * edgeItems else { return Array(0..<count) }
    return Array(0..<edgeItems) + [nil] + Array((count - edgeItems)..<count)
  }

  /// `[1, 0.5, 2]`; wrapped at `settings.width`, continuation lines under the first number.
  /// `lead` is how many columns the first line already holds (`a[1] = `).
  public static func vector(_ v: [Double], _ settings: PrintSettings = PrintSettings(), lead: Int = 0) -> String {
    let summarised = v.count > summaryThreshold
    let digits = summarised ? settings.digits ?? summaryDigits : settings.digits
    let items = shown(v.count, summarised: summarised).map { i in i.map { number(v[$0], digits: digits) } ?? "…" }
    var text = wrap(items, open: "[", close: "]", indent: lead + 1, firstWidth: lead, width: settings.width)
    if summarised { text += "  (\(v.count) elements)" }
    return text
  }

  /// Items separated by ", " between `open` and `close`, on as many lines as `width` needs
  /// (one line when it is nil); a continuation line starts with `indent` spaces.
  private static func wrap(_ items: [String], open: String, close: String, indent: Int, firstWidth: Int, width: Int?) -> String {
    let whole = open + items.joined(separator: ", ") + close
    guard let width, firstWidth + whole.count > width, !items.isEmpty else { return whole }
    var lines: [String] = []
    var line = open
    var used = firstWidth + open.count
    var lineHasItem = false
    for (i, item) in items.enumerated() {
      let piece = item + (i == items.count - 1 ? close : ",")
      if lineHasItem && used + 1 + piece.count > width {
        lines.append(line)
        line = String(repeating: " ", count: indent)
        used = indent
        lineHasItem = false
      }
      if lineHasItem {
        line += " "
        used += 1
      }
      line += piece
      used += piece.count
      lineHasItem = true
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }

  /// A matrix as rows of aligned numbers, numpy's way: more than 1000 numbers print their
  /// corners (3 rows and columns at each end) with fewer digits; a row wider than
  /// `settings.width` continues on the next lines, wrapped at the same columns in every row.
  public static func matrix(_ m: Matrix, _ settings: PrintSettings = PrintSettings()) -> String {
    if m.rows == 0 || m.cols == 0 { return "[]  (\(m.rows)×\(m.cols) matrix)" }
    let summarised = m.count > summaryThreshold
    let digits = summarised ? settings.digits ?? summaryDigits : settings.digits
    let rowIndices = shown(m.rows, summarised: summarised)
    let colIndices = shown(m.cols, summarised: summarised)
    let cells: [[String]] = rowIndices.map { r in
      colIndices.map { c in
        guard let r, let c else { return "…" }
        return number(m[r, c], digits: digits)
      }
    }
    var widths = [Int](repeating: 0, count: colIndices.count)
    for row in cells {
      for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) }
    }
    // The columns each line of a row holds: as many as fit, the same for every row.
    var chunks: [Range<Int>] = []
    var first = 0
    var used = 2
    for j in widths.indices {
      let cell = widths[j] + (j == widths.count - 1 ? 2 : 1)  // "]," or ","
      if let width = settings.width, j > first, used + 1 + cell > width {
        chunks.append(first..<j)
        first = j
        used = 2
      }
      used += (j > first ? 1 : 0) + cell
    }
    chunks.append(first..<widths.count)
    var lines: [String] = []
    for (i, row) in cells.enumerated() {
      let padded = row.enumerated().map { j, cell in String(repeating: " ", count: widths[j] - cell.count) + cell }
      for (k, chunk) in chunks.enumerated() {
        let open = k > 0 ? "  " : i == 0 ? "[[" : " ["
        let close = k < chunks.count - 1 ? "," : i == cells.count - 1 ? "]]" : "],"
        lines.append(open + padded[chunk].joined(separator: ", ") + close)
      }
    }
    var text = lines.joined(separator: "\n")
    if summarised { text += "\n(\(m.rows)×\(m.cols) matrix)" }
    return text
  }

  /// Right-aligns columns of a table; the first row is the header.
  public static func table(_ rows: [[String]], leftAligned: Set<Int> = []) -> String {
    guard let first = rows.first else { return "" }
    var widths = [Int](repeating: 0, count: first.count)
    for row in rows {
      for (j, cell) in row.enumerated() where j < widths.count { widths[j] = max(widths[j], cell.count) }
    }
    return rows.map { row in
      row.enumerated().map { j, cell in
        let pad = String(repeating: " ", count: max(0, widths[j] - cell.count))
        return leftAligned.contains(j) ? cell + pad : pad + cell
      }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }.joined(separator: "\n")
  }
}

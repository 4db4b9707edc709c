import Foundation
import VanishCore

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

  public static func vector(_ v: [Double], limit: Int = 12) -> String {
    if v.count > limit {
      let head = v.prefix(5).map(number).joined(separator: ", ")
      let tail = v.suffix(5).map(number).joined(separator: ", ")
      return "[\(head), …, \(tail)]  (\(v.count) elements)"
    }
    return "[" + v.map(number).joined(separator: ", ") + "]"
  }

  /// A matrix as rows of aligned numbers, numpy's way; large ones are summarised.
  public static func matrix(_ m: Matrix, limit: Int = 12) -> String {
    if m.rows == 0 || m.cols == 0 { return "[]  (\(m.rows)×\(m.cols) matrix)" }
    let rowIndices: [Int?] = m.rows > limit ? Array(0..<5).map { $0 } + [nil] + Array((m.rows - 5)..<m.rows) : Array(0..<m.rows)
    let colIndices: [Int?] = m.cols > limit ? Array(0..<5).map { $0 } + [nil] + Array((m.cols - 5)..<m.cols) : Array(0..<m.cols)
    let cells: [[String]] = rowIndices.map { r in
      colIndices.map { c in
        guard let r, let c else { return "…" }
        return number(m[r, c])
      }
    }
    var widths = [Int](repeating: 0, count: colIndices.count)
    for row in cells {
      for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) }
    }
    var lines: [String] = []
    for (i, row) in cells.enumerated() {
      let body = row.enumerated().map { j, cell in
        String(repeating: " ", count: widths[j] - cell.count) + cell
      }.joined(separator: ", ")
      let open = i == 0 ? "[[" : " ["
      let close = i == cells.count - 1 ? "]]" : "],"
      lines.append(open + body + close)
    }
    var text = lines.joined(separator: "\n")
    if m.rows > limit || m.cols > limit { text += "\n(\(m.rows)×\(m.cols) matrix)" }
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

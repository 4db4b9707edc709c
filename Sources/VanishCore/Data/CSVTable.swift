import Foundation
import SwiftCSV

/// A user's own table as a dataset.
///
/// One example per row. The separator (comma, semicolon or tab) is guessed from the first line.
/// The first row is a header when any of its cells is not a number. One column is the target
/// (the last, unless `target` names another); every other column is an input, used as it is
/// (not rescaled). The target becomes a one-hot vector when `oneHot` says so, or by default when
/// its values are whole numbers from 0 to K-1 for K = 3 to 100 classes (the largest is K-1);
/// otherwise it is one output holding the value itself (0/1 labels stay one output, as for `xor`
/// and `circles`; `oneHot: false` keeps a count as a number).
extension Dataset {
  public enum CSVColumn: Sendable, Equatable {
    case last
    case named(String)
    /// 1-based, as columns are counted in the language.
    case number(Int)
  }

  public static let maxDefaultClasses = 100

  public static func csv(_ path: String, target: CSVColumn = .last, oneHot: Bool? = nil) throws(CoreError) -> Dataset {
    let bytes = try DataFile.contents(path)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw .invalidFile("cannot read \(path): it is not UTF-8 text")
    }
    return try csv(text: text, name: path, target: target, oneHot: oneHot)
  }

  /// The same from the text of a file; `name` is the file's for error messages.
  public static func csv(text: String, name: String, target: CSVColumn = .last, oneHot: Bool? = nil)
    throws(CoreError) -> Dataset
  {
    let table: EnumeratedCSV
    do {
      table = try EnumeratedCSV(string: text, loadColumns: false)
    } catch {
      let detail: String
      switch error as? CSVParseError {
      case .quotation(let message)?, .generic(let message)?:
        let prefix = "Can't have non-quote here: "
        detail = message.hasPrefix(prefix)
          ? "a closing quote is followed by '\(message.dropFirst(prefix.count))' (quotes must enclose a whole cell)"
          : message
      case nil: detail = "\(error)"
      }
      throw .invalidFile("\(name) is not valid CSV: \(detail)")
    }
    var rows = table.rows.filter { !($0.count == 1 && $0[0].trimmingCharacters(in: .whitespaces).isEmpty) }
    var header = table.header
    var firstLine = 2  // the line of rows[0] in the file, for error messages
    if !header.isEmpty && header.allSatisfy({ number($0) != nil }) {
      rows.insert(header, at: 0)
      header = (1...header.count).map { "column \($0)" }
      firstLine = 1
    }
    let columns = header.count
    if rows.isEmpty { throw .invalidFile("\(name) has no rows of numbers") }
    if columns < 2 {
      throw .invalidFile("\(name) has \(columns) column: it needs at least one input column and a target column")
    }
    let t: Int
    switch target {
    case .last: t = columns - 1
    case .number(let k):
      guard (1...columns).contains(k) else {
        throw .invalidArgument("\(name) has \(columns) columns: there is no column \(k)")
      }
      t = k - 1
    case .named(let n):
      guard let k = header.firstIndex(of: n) else {
        throw .invalidArgument("\(name) has no column '\(n)'; its columns: \(header.joined(separator: ", "))")
      }
      t = k
    }

    var inputs: [Double] = []
    var values: [Double] = []
    inputs.reserveCapacity(rows.count * (columns - 1))
    for (r, row) in rows.enumerated() {
      if row.count > columns {
        throw .invalidFile("\(name), line \(r + firstLine): \(row.count) cells but the header has \(columns)")
      }
      for c in 0..<columns {
        let cell = c < row.count ? row[c] : ""
        guard let v = number(cell) else {
          let what = cell.trimmingCharacters(in: .whitespaces).isEmpty ? "is empty" : "holds '\(cell)', not a finite number"
          throw .invalidFile("\(name), line \(r + firstLine), column '\(header[c])' \(what)")
        }
        if c == t { values.append(v) } else { inputs.append(v) }
      }
    }

    let whole = values.allSatisfy { $0 >= 0 && $0 == $0.rounded() && $0 < 1e6 }
    let classes = whole ? Int(values.max() ?? 0) + 1 : 0
    let useClasses: Bool
    switch oneHot {
    case true?:
      guard whole else {
        throw .invalidArgument("the target column '\(header[t])' must hold class numbers 0, 1, 2, ... to be made one-hot")
      }
      useClasses = true
    case false?: useClasses = false
    case nil: useClasses = whole && classes >= 3 && classes <= maxDefaultClasses
    }
    if useClasses {
      return try Dataset(
        inputs: .values(inputs), inputSize: columns - 1,
        targets: .classes(values.map { Int32($0) }), outputSize: max(classes, 2))
    }
    return try Dataset(inputs: .values(inputs), inputSize: columns - 1, targets: .values(values), outputSize: 1)
  }

  private static func number(_ cell: String) -> Double? {
    guard let v = Double(cell.trimmingCharacters(in: .whitespaces)), v.isFinite else { return nil }
    return v
  }
}

extension Dataset {
  /// The examples as a CSV table that `csv` reads back as the same dataset: a header
  /// `x1,...,xn,target`, then one row per example with the class number (for one-hot classes)
  /// or the single target value last. Numbers are written so they read back exactly.
  public func csvText() throws(CoreError) -> String {
    if case .values = targetStorage, outputSize != 1 {
      throw .invalidArgument(
        "a CSV file holds one target column, but these examples have \(outputSize) targets each and are not one-hot classes")
    }
    func text(_ v: Double) -> String {
      v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
    var lines = [((1...inputSize).map { "x\($0)" } + ["target"]).joined(separator: ",")]
    lines.reserveCapacity(size + 1)
    var x = Matrix(rows: 1, cols: inputSize)
    for i in 0..<size {
      fillInputRows(.range(i..<(i + 1)), into: &x)
      let target: Double
      switch targetStorage {
      case .classes(let c): target = Double(c[i])
      case .values(let v): target = v[i]
      }
      lines.append((x.storage + [target]).map(text).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

import Foundation
import VanishCore

/// `hist(v, bins=20)`: the counts of a vector's (or a matrix's) values in equal bins, drawn as
/// bars; `hist(list)`: one histogram per element on one set of bins (Glorot and Bengio 2010,
/// figure 6: each layer's activations), drawn as a panel per element of the fraction of its
/// values in each bin (all on the same bins and the same y range), with a table of each
/// element's count, mean and spread.
public struct HistogramValue: CustomValue, Plottable {
  public let histograms: [Histogram]
  /// "layer 1", ...; one empty name for a single histogram.
  public let names: [String]
  /// Each element's finite values' mean, standard deviation (divided by n), smallest and largest.
  public let summaries: [(mean: Double, sd: Double, min: Double, max: Double)]
  public let title: String?
  public let width: Int?
  public let height: Int?

  public init(_ values: [[Double]], names: [String], bins: Int, title: String? = nil, width: Int? = nil, height: Int? = nil) {
    let range = Histogram.range(of: values.flatMap { $0.filter(\.isFinite) })
    histograms = values.map { Histogram($0, bins: bins, range: range) }
    self.names = names
    summaries = values.map { v in
      let f = v.filter(\.isFinite)
      let n = Double(max(f.count, 1))
      let mean = f.reduce(0, +) / n
      let sd = (f.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
      return (mean, sd, f.min() ?? .nan, f.max() ?? .nan)
    }
    self.title = title
    self.width = width
    self.height = height
  }

  var single: Bool { histograms.count == 1 && names == [""] }
  var edges: [Double] { histograms[0].edges }

  public var kindName: String { "histogram" }
  public var kindWithShape: String {
    "histogram(\(single ? "" : "\(histograms.count)×")\(histograms[0].counts.count) bins)"
  }
  public var fieldNames: [String] { ["counts", "edges", "svg"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "counts":
      let counts = histograms.map { $0.counts.map(Double.init) }
      return single ? .vector(counts[0]) : .matrix(Matrix(rowArrays: counts))
    case "edges": return .vector(edges)
    case "svg": return .string(SVG.document(figure()))
    default: return nil
    }
  }

  /// Edge labels with one digit more than the bin width needs: [-2.74, -2.47).
  var binLabels: [String] {
    let width = edges[1] - edges[0]
    let whole = edges.allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 }
    let decimals = whole ? 0 : min(max(0, 1 - Int(log10(width).rounded(.down))), 12)
    func label(_ v: Double) -> String {
      let text = String(format: "%.\(decimals)f", v)
      return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
    let count = edges.count - 1
    return (0..<count).map { i in "[\(label(edges[i])), \(label(edges[i + 1]))\(i == count - 1 ? "]" : ")")" }
  }

  public func figure() -> Figure {
    let bins = edges.count - 1
    let range = "\(bins) bin\(bins == 1 ? "" : "s") from \(Ticks.compact(edges[0])) to \(Ticks.compact(edges[bins]))"
    if single {
      let h = histograms[0]
      let s = summaries[0]
      let bars = Figure.Bars(categories: binLabels, series: [.init("count", h.counts.map(Double.init), wholeNumbers: true)])
      return Figure(
        title: title ?? "\(h.total) values in \(range) (mean \(Ticks.compact(s.mean)), sd \(Ticks.compact(s.sd)))",
        x: Figure.Axis("count", scale: .linear, wholeNumbers: true), y: Figure.Axis("bin"), marks: [.bars(bars)])
    }
    // One panel per element, one above the other on the same bins and the same y range: each
    // bin's fraction of the element's values as a flat step across the bin.
    let lines = histograms.map { h -> Figure.Line in
      var x: [Double] = []
      var y: [Double] = []
      let total = Double(max(h.total, 1))
      for i in 0..<bins {
        x += [h.edges[i], h.edges[i + 1]]
        y += [Double(h.counts[i]) / total, Double(h.counts[i]) / total]
      }
      return Figure.Line(x: x, y: y)
    }
    let top = max(lines.flatMap(\.y).max() ?? 1, 1e-300)
    let panels = zip(names, lines).map { name, line in
      Figure.Panel(y: Figure.Axis("\(name): fraction of its values", scale: .linear, range: 0...top), lines: [line])
    }
    return Figure(
      title: title ?? "\(histograms.count) histograms on one scale, \(range)",
      x: Figure.Axis("value", range: edges[0]...edges[bins]), y: panels[0].y, marks: [.line(lines[0])],
      below: Array(panels.dropFirst()))
  }

  public var rendered: String {
    var text = PlotValue(figure(), width: width, height: height).rendered
    let left = histograms.map(\.nonFinite)
    if single {
      if left[0] > 0 { text += "\n(\(left[0]) NaN or infinite value\(left[0] == 1 ? "" : "s") left out)" }
      return text
    }
    var rows = [["", "values", "mean", "sd", "min", "max"] + (left.contains { $0 > 0 } ? ["NaN or Inf"] : [])]
    for (k, h) in histograms.enumerated() {
      let s = summaries[k]
      rows.append(
        [names[k], "\(h.total)", Format.short(s.mean), Format.short(s.sd), Format.short(s.min), Format.short(s.max)]
          + (left.contains { $0 > 0 } ? ["\(left[k])"] : []))
    }
    return text + "\n" + TextStyle().withBoldHeader(Format.table(rows, leftAligned: [0]))
  }

  public func savedText(path: String) throws(Diagnostic) -> String? { try PlotValue(figure()).savedText(path: path) }
}

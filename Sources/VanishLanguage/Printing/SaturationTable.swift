import Foundation
import VanishCore

/// `saturation(net, data)` or `saturation(trace(net, X))`: per layer, the fraction of its units
/// (over every example) whose g'(z) is below 1% of its largest value (saturated; for relu,
/// dead), with the count, the mean |z| and a bar. The rule is the core's
/// (`Activation.isSaturated`), the one `norms(g)` states its notes by.
public struct SaturationTable: CustomValue, Plottable {
  /// Per layer: its kind or activation ("sigmoid", "layernorm").
  public let kinds: [String]
  public let activations: [Activation?]
  public let units: [Int]
  /// Saturated (unit, example) pairs, and all of them; nil for a normalization layer.
  public let saturatedCounts: [Int?]
  public let totals: [Int]
  public let meanAbsZ: [Double]
  public let examples: Int

  public init(_ trace: Trace, network: Network) {
    var kinds: [String] = []
    var activations: [Activation?] = []
    var units: [Int] = []
    var counts: [Int?] = []
    var totals: [Int] = []
    var means: [Double] = []
    for (i, layer) in network.layers.enumerated() {
      let z = trace.z[i + 1].storage
      units.append(layer.outputs)
      totals.append(z.count)
      means.append(z.reduce(0) { $0 + abs($1) } / Double(max(z.count, 1)))
      if layer.isNormalization {
        kinds.append(layer.kindName)
        activations.append(nil)
        counts.append(nil)
      } else {
        let g = layer.activation
        kinds.append(g.name)
        activations.append(g)
        counts.append(z.reduce(0) { $0 + (g.isSaturated($1) ? 1 : 0) })
      }
    }
    self.kinds = kinds
    self.activations = activations
    self.units = units
    saturatedCounts = counts
    self.totals = totals
    meanAbsZ = means
    examples = trace.examples
  }

  /// The saturated fraction per layer (NaN for a normalization layer).
  public var fractions: [Double] {
    zip(saturatedCounts, totals).map { c, t in c.map { Double($0) / Double(max(t, 1)) } ?? .nan }
  }

  public var kindName: String { "saturation" }
  public var kindWithShape: String { "saturation(\(kinds.count) layers, \(examples) example\(examples == 1 ? "" : "s"))" }
  public var fieldNames: [String] { ["saturated", "count", "mean_abs_z", "examples"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "saturated": return .list(ValueList(fractions.map { .number($0) }, elementName: "layer"))
    case "count": return .list(ValueList(saturatedCounts.map { .number($0.map(Double.init) ?? .nan) }, elementName: "layer"))
    case "mean_abs_z": return .vector(meanAbsZ)
    case "examples": return .number(Double(examples))
    default: return nil
    }
  }

  /// Where each activation saturates, for the legend: tanh |z| > 2.99 (sech^2 z < 0.01).
  static func onset(_ g: Activation) -> String? {
    let t = Activation.saturationThreshold
    switch g {
    case .sigmoid:
      // sigma (1 - sigma) < t/4 beyond sigma = (1 + sqrt(1 - t)) / 2.
      let s = (1 + (1 - t).squareRoot()) / 2
      return "sigmoid |z| > \(Self.two(log(s / (1 - s))))"
    case .tanh: return "tanh |z| > \(Self.two(acosh(1 / t.squareRoot())))"
    case .relu: return "relu z <= 0 (dead)"
    case .elu: return "elu z < \(Self.two(log(t)))"
    case .softplus: return "softplus z < \(Self.two(log(t / (1 - t))))"
    case .leakyRelu: return "leaky_relu never (its slope 0.01 is 1%, not below)"
    case .linear: return "linear never"
    case .softmax: return "softmax never (g' taken as 1)"
    }
  }

  static func two(_ v: Double) -> String { String(format: "%.2f", v) }

  public var rendered: String { rendered(colour: OutputStyle.colour) }

  public func rendered(colour: Bool) -> String {
    let style = TextStyle(colour: colour)
    var rows = [["layer", "act", "units", "saturated", "count", "mean |z|", "saturated fraction, 0..1"]]
    for i in kinds.indices {
      guard let count = saturatedCounts[i] else {
        rows.append(["\(i + 1)", kinds[i], "\(units[i])", "-", "-", Format.short(meanAbsZ[i]), ""])
        continue
      }
      let dead = activations[i] == .relu ? " dead" : ""
      rows.append([
        "\(i + 1)", kinds[i], "\(units[i])", Self.percent(fractions[i]) + dead, "\(count) of \(totals[i])",
        Format.short(meanAbsZ[i]), style.colour("|" + Bars.linear(fractions[i], width: 24), TextStyle.blue),
      ])
    }
    var text = style.withBoldHeader(Format.table(rows, leftAligned: [1, 6]))
    let present = Set(activations.compactMap { $0 })
    let onsets = Activation.allCases.filter(present.contains).compactMap(Self.onset)
    text += "\nsaturated: g'(z) below 1% of its largest value: " + onsets.joined(separator: "; ")
    text += "\n(counts are of units times examples, over \(examples) example\(examples == 1 ? "" : "s"))"
    return text
  }

  static func percent(_ f: Double) -> String {
    if f == 0 { return "0%" }
    if f == 1 { return "100%" }
    let p = f * 100
    return p < 0.1 ? "<0.1%" : p > 99.9 ? ">99.9%" : String(format: "%.1f%%", p)
  }

  /// `plot(saturation(...))`: a bar per layer of the saturated fraction.
  public func figure() -> Figure {
    let bars = Figure.Bars(
      categories: kinds.indices.map { "\($0 + 1) \(kinds[$0])" },
      series: [.init("saturated fraction", fractions.map { $0.isNaN ? 0 : $0 })])
    return Figure(
      title: "saturated units per layer (g'(z) below 1% of its largest value)",
      x: Figure.Axis("fraction of units over \(examples) example\(examples == 1 ? "" : "s")", scale: .linear, range: 0...1),
      y: Figure.Axis("layer"), marks: [.bars(bars)])
  }
}

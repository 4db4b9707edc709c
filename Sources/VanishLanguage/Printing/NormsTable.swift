import Foundation
import VanishCore

/// `norms(g)`: per layer ||delta||, ||dC/dw||_F, ||dC/dw||_2 and both bounds, with a bar on
/// a log scale so that a fall of six decades shows at a glance.
public struct NormsTable {
  public let delta: [Double]
  public let dwFrobenius: [Double]
  public let dwSpectral: [Double]
  public let bound: [Double]
  public let boundTight: [Double]
  public let examples: Int
  public let cost: Cost

  public init(_ g: Gradient) {
    let layers = 1...g.depth
    delta = layers.map(g.normDelta)
    dwFrobenius = layers.map(g.normDwFrobenius)
    dwSpectral = layers.map(g.normDwSpectral)
    bound = layers.map { g.bound[$0] }
    boundTight = layers.map { g.boundTight[$0] }
    examples = g.examples
    cost = g.cost
  }

  /// ||delta[1]|| / ||delta[L]||: below 1 the gradient vanishes towards the input.
  public var ratio: Double { delta[0] / delta[delta.count - 1] }

  public var rendered: String { rendered(colour: OutputStyle.colour) }

  public func rendered(colour: Bool) -> String {
    let style = TextStyle(colour: colour)
    let logs = delta.filter { $0 > 0 && $0.isFinite }.map(log10)
    let lo = (logs.min() ?? 0).rounded(.down)
    let hi = max((logs.max() ?? 0).rounded(.up), lo + 1)
    var rows = [["layer", "||delta||", "||dC/dw||_F", "||dC/dw||_2", "gamma bound", "tight bound", "||delta||, log scale 1e\(Int(lo))..1e\(Int(hi))"]]
    for i in delta.indices {
      rows.append([
        "\(i + 1)", Format.short(delta[i]), Format.short(dwFrobenius[i]), Format.short(dwSpectral[i]),
        Format.short(bound[i]), Format.short(boundTight[i]),
        // The bars are the last column, so colour codes cannot upset the alignment.
        style.colour(Bars.log(delta[i], from: lo, to: hi, width: 24), TextStyle.blue),
      ])
    }
    var text = style.withBoldHeader(Format.table(rows, leftAligned: [6]))
    if examples > 1 { text += "\n(means over \(examples) examples)" }
    let decades = ratio > 0 && ratio.isFinite ? abs(log10(ratio)) : .infinity
    text += "\n" + style.colour(verdict, decades >= 2 ? TextStyle.red : decades >= 1 ? TextStyle.yellow : TextStyle.green)
    return text
  }

  /// One sentence on what happens from the last layer to the first.
  public var verdict: String {
    let L = delta.count
    guard L > 1 else { return "one layer: nothing to vanish through" }
    let r = ratio
    if !r.isFinite || r == 0 {
      return "||delta[1]|| / ||delta[\(L)]|| = \(Format.short(r))"
    }
    let decades = abs(log10(r))
    let head = "||delta[1]|| / ||delta[\(L)]|| = \(Format.short(r))"
    if decades < 1 { return head + ": within a decade from layer \(L) to layer 1" }
    let verb = r < 1 ? "vanishes" : "explodes"
    return head + String(format: ": the gradient %@ by %.1f decades from layer %d to layer 1", verb, decades, L)
  }
}

/// Horizontal bars drawn with Unicode eighth blocks.
public enum Bars {
  static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// A bar whose length is the position of log10(v) between the decades `from` and `to`.
  public static func log(_ v: Double, from lo: Double, to hi: Double, width: Int) -> String {
    guard v > 0, v.isFinite else { return "" }
    let t = min(max((log10(v) - lo) / (hi - lo), 0), 1)
    return linear(t, width: width)
  }

  /// A bar of t (0...1) times `width` cells, at least a sliver when t > 0.
  public static func linear(_ t: Double, width: Int) -> String {
    let units = max(Int((t * Double(width * 8)).rounded()), t > 0 ? 1 : 0)
    return String(repeating: "█", count: units / 8) + eighths[units % 8]
  }
}

import Foundation
import VanishCore

/// `norms(g)`: per layer ||delta|| (= ||dC/db||) beside its two bounds, and ||dC/dw||
/// (Frobenius and spectral) beside its own bound ||delta|| ||a[l-1]||, with a bar on a log scale
/// so that a fall of six decades shows at a glance. Below the table: which bound bounds what,
/// which layers are saturated or dead, and the verdict.
public struct NormsTable {
  public let delta: [Double]
  public let dwFrobenius: [Double]
  public let dwSpectral: [Double]
  public let bound: [Double]
  public let boundTight: [Double]
  /// The seed's second inequality, ||dC/dw[l]|| <= ||dC/db[l]|| ||a[l-1]||: for one example
  /// ||delta[l]|| ||a[l-1]|| (dC/dw = delta a^T, so it is an equality); over a batch the mean
  /// of the examples' ||delta[l]|| ||a[l-1]||, which bounds the norm of the mean.
  public let dwBound: [Double]
  /// Per layer, the fraction of units (over every example) whose g'(z) is below 1% of its
  /// largest value: saturated, or for relu dead.
  public let saturated: [Double]
  public let activations: [Activation]
  /// Each layer's kind, with the skip that ends there: "dense", "layernorm", "dense + a[0]".
  public let kinds: [String]
  public let examples: Int
  public let cost: Cost

  /// g'(z) below this fraction of gamma = sup g' counts as saturated (dead, for relu): the
  /// core's one definition, which `saturation(net, data)` shares.
  public static let saturationThreshold = Activation.saturationThreshold

  public init(_ g: Gradient) {
    let layers = 1...g.depth
    delta = layers.map(g.normDelta)
    // A normalization layer has no w: its columns are NaN, printed `-`.
    dwFrobenius = layers.map { g.network.layers[$0 - 1].isNormalization ? .nan : g.normDwFrobenius($0) }
    dwSpectral = layers.map { g.network.layers[$0 - 1].isNormalization ? .nan : g.normDwSpectral($0) }
    bound = layers.map { g.bound[$0] }
    boundTight = layers.map { g.boundTight[$0] }
    dwBound = layers.map { l in
      if g.network.layers[l - 1].isNormalization { return .nan }
      let d = g.delta[l]
      let a = g.trace.a[l - 1]
      var sum = 0.0
      for i in 0..<d.cols { sum += d.column(i).euclideanNorm * a.column(i).euclideanNorm }
      return sum / Double(max(d.cols, 1))
    }
    activations = g.network.layers.map(\.activation)
    let net = g.network
    kinds = net.layers.indices.map { i in
      net.layers[i].kindName + net.skips(endingAt: i + 1).map { " + a[\($0.from - 1)]" }.joined()
    }
    saturated = layers.map { l in
      if g.network.layers[l - 1].isNormalization { return 0 }
      return g.network.layers[l - 1].activation.saturatedFraction(g.trace.z[l].storage.array)
    }
    examples = g.examples
    cost = g.cost
  }

  /// ||delta[1]|| / ||delta[L]||: below 1 the gradient vanishes towards the input. NaN when
  /// ||delta[L]|| = 0 (no gradient reaches the network at all).
  public var ratio: Double { delta[0] / delta[delta.count - 1] }

  public var rendered: String { rendered(colour: OutputStyle.colour) }

  public func rendered(colour: Bool) -> String {
    let style = TextStyle(colour: colour)
    let logs = delta.filter { $0 > 0 && $0.isFinite }.map(log10)
    let lo = (logs.min() ?? 0).rounded(.down)
    let hi = max((logs.max() ?? 0).rounded(.up), lo + 1)
    let scale = logs.isEmpty ? "||delta||: every one is 0" : "||delta||, log scale 1e\(Int(lo))..1e\(Int(hi))"
    let product = examples > 1 ? "mean ||delta|| ||a[l-1]||" : "||delta|| ||a[l-1]||"
    let showKinds = kinds.contains { $0 != "dense" }
    var rows = [(showKinds ? ["layer", "kind"] : ["layer"]) + ["||delta||", "gamma bound", "tight bound", "||dC/dw||_F", "||dC/dw||_2", product, scale]]
    for i in delta.indices {
      rows.append((showKinds ? ["\(i + 1)", kinds[i]] : ["\(i + 1)"]) + [
        Format.short(delta[i]), Self.cell(bound[i]), Self.cell(boundTight[i]),
        Self.cell(dwFrobenius[i]), Self.cell(dwSpectral[i]), Self.cell(dwBound[i]),
        // The bars are the last column, so colour codes cannot upset the alignment.
        style.colour(Bars.log(delta[i], from: lo, to: hi, width: 24), TextStyle.blue),
      ])
    }
    var text = style.withBoldHeader(Format.table(rows, leftAligned: showKinds ? [1, 8] : [7]))
    text += "\n" + legend
    if examples > 1 { text += "\n(means over \(examples) examples)" }
    for note in notes { text += "\n" + style.colour(note, TextStyle.yellow) }
    let decades = ratio > 0 && ratio.isFinite ? abs(log10(ratio)) : .infinity
    text += "\n" + style.colour(verdict, decades >= 2 ? TextStyle.red : decades >= 1 ? TextStyle.yellow : TextStyle.green)
    return text
  }

  /// A number, or `-` where there is none (NaN: a bound the theory does not give, a w that a
  /// normalization layer does not have).
  static func cell(_ v: Double) -> String { v.isNaN ? "-" : Format.short(v) }

  /// Which column bounds which.
  var legend: String {
    let equal = examples > 1 ? "" : " (all three equal for one example)"
    return "bounds: ||delta|| = ||dC/db|| <= tight bound <= gamma bound; ||dC/dw||_2 <= ||dC/dw||_F <= \(examples > 1 ? "mean " : "")||delta|| ||a[l-1]||\(equal)"
  }

  /// What the numbers alone do not say: layers whose units are saturated or dead, and deltas
  /// that are exactly 0.
  var notes: [String] {
    var notes: [String] = []
    for (kind, layers) in saturationGroups() {
      notes.append("\(Self.layerList(layers)): \(kind)")
    }
    let zero = delta.indices.filter { delta[$0] == 0 }.map { $0 + 1 }
    if !zero.isEmpty, zero.count < delta.count {
      notes.append("||delta|| is exactly 0 in \(Self.layerList(zero)): \(zeroCause(zero))")
    }
    return notes
  }

  /// Layers whose units are all saturated or dead, grouped by what happened to them.
  private func saturationGroups() -> [(String, [Int])] {
    var groups: [(String, [Int])] = []
    for i in saturated.indices where saturated[i] == 1 {
      let act = activations[i]
      let kind: String
      switch act {
      case .relu: kind = "every unit is dead (relu with z <= 0 has g' = 0)"
      case .leakyRelu: kind = "every unit is on the leaky side (z <= 0, g' = 0.01)"
      case .elu: kind = "every unit is saturated (elu with z below -4.6 has g' below 0.01)"
      default:
        kind = "every unit is saturated (\(act.name)'s g'(z) below 1% of its largest value, \(Format.short(act.gamma)))"
      }
      if let last = groups.last, last.0 == kind, last.1.last == i {
        groups[groups.count - 1].1.append(i + 1)
      } else {
        groups.append((kind, [i + 1]))
      }
    }
    return groups
  }

  private func zeroCause(_ layers: [Int]) -> String {
    let dead = layers.contains { activations[$0 - 1] == .relu && saturated[$0 - 1] == 1 }
    return dead ? "no gradient passes a layer of dead units" : "the product of factors underflowed (below 4.9e-324, the smallest Double)"
  }

  static func layerList(_ layers: [Int]) -> String {
    if layers.count == 1 { return "layer \(layers[0])" }
    if layers.last! - layers.first! == layers.count - 1 { return "layers \(layers.first!)-\(layers.last!)" }
    return "layers " + layers.map(String.init).joined(separator: ", ")
  }

  /// One sentence on what happens from the last layer to the first.
  public var verdict: String {
    let L = delta.count
    guard L > 1 else { return "one layer: nothing to vanish through" }
    let r = ratio
    if delta[L - 1] == 0 {
      return "||delta[1]|| / ||delta[\(L)]|| is undefined: ||delta[\(L)]|| = 0, so no gradient reaches any layer"
    }
    if r == 0 {
      return "||delta[1]|| / ||delta[\(L)]|| = 0: the gradient vanishes completely from layer \(L) to layer 1"
    }
    if !r.isFinite {
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

import VanishCore

/// `explain(g, l)` in a network with skips or normalization layers: the gradient that reaches
/// each layer's output, G[k] = dC/da[k], from the output down to layer l, one row per step,
/// then delta[l] = G[l] g'(z[l]). Through a skip a one-neuron step is (1 + w g'(z)): the
/// product that kept shrinking in a plain chain stays near 1.
public struct GradientChainTable: CustomValue {
  public let chain: GradientChain
  public let example: Int?
  /// (1 + w[l] g'(z[l])) when layer l is a one-neuron layer with a skip of its own.
  public let ownSkip: Double?

  public var kindName: String { "explanation" }
  public var fieldNames: [String] { ["factors", "product", "delta", "output_gradient", "exact"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "factors": return .vector(chain.steps.reversed().map(\.value))
    case "product": return .number(chain.product)
    case "delta": return .number(chain.delta)
    case "output_gradient": return .number(chain.gradients[chain.gradients.count - 1])
    case "exact": return .bool(chain.exact)
    default: return nil
    }
  }

  private func factorName(_ s: GradientChain.Step) -> String {
    if s.kind != "dense" { return "\(s.kind)[\(s.layer)]" }
    let product = chain.exact ? "w[\(s.layer)]*g'(z[\(s.layer)])" : "||w[\(s.layer)]||_2*max g'(z[\(s.layer)])"
    return s.skip ? "(1 + \(product))" : product
  }

  public var rendered: String {
    let l = chain.layer
    let L = chain.depth
    var lines: [String] = []
    if let example { lines.append("example \(example) of the batch") }
    let g = chain.exact ? "dC/da" : "||dC/da||"
    let names = chain.steps.reversed().map(factorName)
    let shown = names.count > 5 ? [names[0], names[1], "...", names[names.count - 1]] : names
    let slope = chain.exact ? "g'(z[\(l)])" : "max g'(z[\(l)])"
    if chain.exact {
      lines.append("delta[\(l)] = \(slope) * " + (shown.isEmpty ? "" : shown.joined(separator: " * ") + " * ") + "dC/da[\(L)]   (through skips: G[k-1] = (1 + w[k] g'(z[k])) G[k])")
    } else {
      lines.append("||delta[\(l)]|| <= \(slope) * " + (shown.isEmpty ? "" : shown.joined(separator: " * ") + " * ") + "||dC/da[\(L)]||   (in norms: a bound)")
    }
    var rows = [["layer k", "kind", chain.exact ? "w[k]" : "||w[k]||_2", chain.exact ? "g'(z[k])" : "max g'(z[k])", "skip", "step", "\(g)[k-1]", "bound"]]
    rows.append(["\(L)", "", "", "", "", "", Format.short(chain.gradients[L - l]) + " (at a[\(L)])", ""])
    for s in chain.steps {
      let isNorm = s.kind != "dense"
      let blocks = s.blockEnds.map { " + G[\($0)]" }.joined()
      rows.append([
        "\(s.layer)", s.kind, isNorm ? "-" : Format.short(s.weight), isNorm ? "-" : Format.short(s.slope),
        (s.skip ? "+1" : "") + blocks, isNorm ? "-" : Format.short(s.value),
        Format.short(chain.gradients[s.layer - 1 - l]), chain.exact ? "" : NormsTable.cell(chain.bounds[s.layer - 1 - l]),
      ])
    }
    lines.append(Format.table(rows, leftAligned: [1, 4]))
    let n = chain.steps.count
    let product = Format.short(chain.product)
    if chain.exact {
      lines.append(
        "the \(n) step\(n == 1 ? "" : "s") multiply to \(product), so delta[\(l)] = \(Format.short(chain.slope)) * \(product) * \(Format.short(chain.gradients[L - l])) = \(Format.short(chain.delta))")
      if let own = ownSkip {
        lines.append(
          "and through layer \(l)'s own skip, dC/da[\(l - 1)] = (1 + w[\(l)]*g'(z[\(l)])) * dC/da[\(l)] = \(Format.short(own)) * \(Format.short(chain.gradients[0])): the gradient reaches the block's input undiminished")
      }
      let skips = chain.steps.filter(\.skip)
      if !skips.isEmpty {
        lines.append(
          "through each skip the step is 1 + w g'(z): \(skips.count) of them, from \(Format.short(skips.map(\.value).min() ?? 1)) to \(Format.short(skips.map(\.value).max() ?? 1)), where w g'(z) alone would shrink the product")
      }
    } else {
      let bound = chain.slope * chain.bounds[0]
      if bound.isNaN {
        lines.append("no bound reaches ||delta[\(l)]|| (it is \(Format.short(chain.delta))): a normalization layer stands between it and the output")
      } else {
        lines.append(
          "the steps bound ||dC/da[\(l)]|| by \(Format.short(chain.bounds[0])), so ||delta[\(l)]|| <= \(Format.short(bound)); it is \(Format.short(chain.delta))")
      }
      if chain.steps.contains(where: { $0.kind != "dense" }) {
        lines.append("(a normalization layer's step has no bound here: its Jacobian depends on the whole layer, and the bound is NaN below it)")
      }
    }
    return lines.joined(separator: "\n")
  }
}

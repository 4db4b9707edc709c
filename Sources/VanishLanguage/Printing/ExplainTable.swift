import VanishCore

/// `explain(g, l)`: delta[l] as the chain of BP2 factors from the output layer back to
/// layer l, one row per layer with the factor and the delta it produces, and the factor that
/// shrinks (or grows) the gradient most.
public struct ExplainTable: CustomValue {
  public let chain: DeltaChain
  /// Which example of the batch (1-based), or nil for a single example.
  public let example: Int?
  /// The activation of each layer 1...L (index l-1), for the closing remark.
  let activations: [Activation]

  public var kindName: String { "explanation" }
  public var fieldNames: [String] { ["factors", "product", "delta", "output_delta", "bound", "exact"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "factors": return .vector(chain.factors.map(\.value))
    case "product": return .number(chain.product)
    case "delta": return .number(chain.delta)
    case "output_delta": return .number(chain.output)
    case "bound": return .number(chain.bound)
    case "exact": return .bool(chain.exact)
    default: return nil
    }
  }

  public var rendered: String {
    let l = chain.layer
    let L = chain.depth
    var lines: [String] = []
    if let example { lines.append("example \(example) of the batch") }
    if l == L {
      lines.append("delta[\(L)] is the output layer's own: (a[\(L)] - y) * g'(z[\(L)]), no factor of BP2 between")
      lines.append("delta[\(L)] = \(Format.short(chain.delta))\(chain.exact ? "" : " (norm)")")
      return lines.joined(separator: "\n")
    }
    lines.append(equation)
    lines.append(Format.table(rows, leftAligned: []))
    lines += summary
    return lines.joined(separator: "\n")
  }

  /// delta[1] = w[2]*g'(z[1]) * ... * w[8]*g'(z[7]) * delta[8], elided past four factors.
  private var equation: String {
    let l = chain.layer
    let L = chain.depth
    let names = chain.factors.map { f in
      chain.exact ? "w[\(f.layer + 1)]*g'(z[\(f.layer)])" : "||w[\(f.layer + 1)]||_2*max g'(z[\(f.layer)])"
    }
    let shown = names.count > 5 ? [names[0], names[1], "...", names[names.count - 1]] : names
    if chain.exact {
      return "delta[\(l)] = " + shown.joined(separator: " * ") + " * delta[\(L)]   (BP2, one neuron per layer)"
    }
    return "||delta[\(l)]|| <= " + shown.joined(separator: " * ") + " * ||delta[\(L)]||   (BP2 in norms: a bound)"
  }

  /// From the output back: each row's factor times the delta of the row above is its delta.
  private var rows: [[String]] {
    let l = chain.layer
    let L = chain.depth
    var rows: [[String]]
    if chain.exact {
      rows = [["layer k", "w[k+1]", "g'(z[k])", "w[k+1]*g'(z[k])", "running product", "delta[k]"]]
      rows.append(["\(L)", "", "", "", "", Format.short(chain.output)])
    } else {
      rows = [["layer k", "||w[k+1]||_2", "max g'(z[k])", "factor", "running product", "bound", "||delta[k]||"]]
      rows.append(["\(L)", "", "", "", "", Format.short(chain.output), Format.short(chain.output)])
    }
    var running = 1.0
    for f in chain.factors.reversed() {
      running *= f.value
      var row = ["\(f.layer)", Format.short(f.weight), Format.short(f.slope), Format.short(f.value), Format.short(running)]
      if !chain.exact { row.append(Format.short(running * chain.output)) }
      row.append(Format.short(chain.deltas[f.layer - l]))
      rows.append(row)
    }
    return rows
  }

  private var summary: [String] {
    let l = chain.layer
    let L = chain.depth
    let n = chain.factors.count
    var lines: [String] = []
    let product = Format.short(chain.product)
    let multiply = n == 1 ? "the factor is" : "the \(n) factors multiply to"
    if chain.exact {
      lines.append("\(multiply) \(product), so delta[\(l)] = \(product) * \(Format.short(chain.output)) = \(Format.short(chain.bound))")
    } else {
      lines.append(
        "\(multiply) \(product), so ||delta[\(l)]|| <= \(product) * \(Format.short(chain.output)) = \(Format.short(chain.bound)); it is \(Format.short(chain.delta))")
      lines.append("(a bound, not an equality: w[k+1]^T delta[k+1] seldom lies along w[k+1]'s largest singular direction)")
    }
    if n > 1, let f = chain.strongest, f.value != 1 {
      let verb = Swift.abs(f.value) < 1 ? "shrinks" : "grows"
      let name = chain.exact ? "w[\(f.layer + 1)]*g'(z[\(f.layer)])" : "||w[\(f.layer + 1)]||_2*max g'(z[\(f.layer)])"
      lines.append("\(name) = \(Format.short(f.value)) \(verb) it most")
    }
    let between = Set(activations[(l - 1)..<(L - 1)])
    if between.count == 1, let g = between.first {
      let w = chain.exact ? "|w|" : "||w||_2"
      if g.gamma < 1 {
        lines.append(
          "\(g.name)' is at most \(Format.number(g.gamma)), so each factor is at most \(Format.number(g.gamma))*\(w): it shrinks unless \(w) > \(Format.number(1 / g.gamma))")
      } else {
        lines.append("\(g.name)' is at most \(Format.number(g.gamma)), so each factor is at most \(w): the weights decide")
      }
    }
    return lines
  }
}

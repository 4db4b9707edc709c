import VanishCore

/// How values print at the prompt and in scripts.
extension Value {
  /// Exactly and on unwrapped lines (what a value looks like in messages and help).
  public var rendered: String { rendered(PrintSettings()) }

  /// As the session prints it: `settings` gives `:digits` to numbers, vectors and matrices
  /// (also in lists and traces) and the width their lines wrap at.
  public func rendered(_ settings: PrintSettings) -> String {
    switch self {
    case .number(let v): return Format.number(v, digits: settings.digits)
    case .bool(let b): return b ? "true" : "false"
    case .string(let s): return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    case .vector(let v): return Format.vector(v, settings)
    case .matrix(let m): return Format.matrix(m, settings)
    case .list(let l):
      return l.items.enumerated().map { i, item in
        let label = "[\(i + l.base)]"
        // A vector stays beside its label; its wrapped lines go under its first number.
        if case .vector(let v) = item { return label + " " + Format.vector(v, settings, lead: label.count + 1) }
        let text = item.rendered(settings)
        return text.contains("\n")
          ? label + "\n" + text
          : label + " " + text
      }.joined(separator: "\n")
    case .activation(let a): return "\(a.name) (activation, gamma = \(Format.number(a.gamma)))"
    case .derivative(let a): return "d(\(a.name)) (derivative of an activation)"
    case .network(let box): return box.network.summary
    case .gradient(let g): return g.summary
    case .trace(let t): return t.rendered(settings)
    case .dataset(let d): return d.summary
    case .initializer(let i): return "\(i) (initialiser)"
    case .cost(let c): return "\(c.name) (cost)"
    case .builtin(let b): return "\(b.signature)  (builtin: \(b.summary))"
    case .function(let f): return f.source
    case .norms(let t): return t.rendered
    case .custom(let c): return c.rendered
    case .nothing: return ""
    }
  }
}

extension Network {
  /// The summary table a network prints as: one row per layer and the total. A network of
  /// several kinds or with skips gets a kind column, and each skip shows on the row where it
  /// lands (`+ a[2]`: layer 4's output plus a[2]).
  public var summary: String {
    let plain = isPlainDense
    var rows = [plain ? ["layer", "shape", "activation", "gamma", "parameters"] : ["layer", "kind", "shape", "activation", "gamma", "parameters", "skip"]]
    for (i, layer) in layers.enumerated() {
      let normalization = layer.isNormalization
      var row = [
        "\(i + 1)", "\(layer.inputs)→\(layer.outputs)", normalization ? "-" : layer.activation.name,
        normalization || layer.activation == .softmax ? "-" : Format.number(layer.activation.gamma), "\(layer.parameterCount)",
      ]
      if !plain {
        var kind = layer.kindName
        if case .batchNorm = layer.kindTag {
          kind += "(eps=\(Format.number(layer.normalization.eps)), momentum=\(Format.number(layer.normalization.momentum)))"
        } else if case .layerNorm = layer.kindTag {
          kind += "(eps=\(Format.number(layer.normalization.eps)))"
        }
        row.insert(kind, at: 1)
        row.append(skips(endingAt: i + 1).map { "+ a[\($0.from - 1)]" }.joined(separator: " "))
      }
      rows.append(row)
    }
    rows.append(plain ? ["total", "", "", "", "\(parameterCount)"] : ["total", "", "", "", "", "\(parameterCount)", ""])
    let skipText = skips.isEmpty ? "" : ", \(skips.count) skip\(skips.count == 1 ? "" : "s")"
    let head = "network \(sizesDescription): \(depth) layer\(depth == 1 ? "" : "s")\(skipText), \(parameterCount) parameters"
    let style = TextStyle()
    return style.bold(head) + "\n" + style.withBoldHeader(Format.table(rows, leftAligned: plain ? [1, 2] : [1, 2, 3, 6]))
  }
}

extension Dataset {
  /// `dataset: 60000 examples, 784 inputs → 10 outputs (one-hot classes); test part: 10000 examples`
  public var summary: String {
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    var text = "dataset: \(plural(size, "example")), \(plural(inputSize, "input")) → \(plural(outputSize, "output"))"
    if case .classes = targetStorage { text += " (one-hot classes)" }
    if let test { text += "; test part: \(plural(test.size, "example"))" }
    return text
  }
}

extension GradientValue {
  public var summary: String {
    let g = gradient
    let n = g.examples
    let head = "gradient of the \(g.cost.name) cost over \(n) example\(n == 1 ? "" : "s"): C = \(Format.number(g.C))"
    return head + "\n" + NormsTable(g).rendered
  }
}

extension TraceValue {
  public func rendered(_ settings: PrintSettings = PrintSettings()) -> String {
    var lines: [String] = []
    func line(_ name: String, _ v: [Double]) -> String {
      let head = "\(name) = "
      return head + Format.vector(v, settings, lead: head.count)
    }
    lines.append(single ? line("a[0]", trace.a[0].storage.array) : "a[0] = \(trace.a[0].cols) examples")
    for l in 1...trace.depth {
      if single {
        lines.append(line("z[\(l)]", trace.z[l].storage.array))
        lines.append(line("a[\(l)]", trace.a[l].storage.array))
      } else {
        lines.append("z[\(l)], a[\(l)]: \(trace.z[l].rows)×\(trace.z[l].cols)")
      }
    }
    return lines.joined(separator: "\n")
  }
}

import VanishCore

/// Reading and writing fields (`net.w`, `g.delta`) and indices (`v[1]`, `net.w[2:4]`).
/// Indices start at 1, except for the activations `a`, where a[0] is the input x.
enum Fields {
  /// The fields each kind of value has, for `.` completion and error hints.
  static func names(of value: Value) -> [String] {
    switch value {
    case .network(let box):
      let normalization = box.network.layers.contains(where: \.isNormalization)
      return ["w", "b", "layers", "depth", "sizes", "activations", "kinds", "skips", "parameters"]
        + (normalization ? ["gain", "shift", "running_mean", "running_var"] : [])
    case .gradient(let g):
      let normalization = g.gradient.network.layers.contains(where: \.isNormalization)
      return ["delta", "dw", "db", "z", "a", "cost", "C", "examples", "bound", "bound_tight", "norms"]
        + (normalization ? ["dgain", "dshift"] : [])
    case .trace: return ["z", "a", "output"]
    case .dataset: return ["size", "inputs", "targets", "train", "test"]
    case .norms: return ["delta", "dw_fro", "dw_2", "bound", "bound_tight", "dw_bound", "saturated", "ratio"]
    case .vector, .matrix: return ["shape"]
    case .list: return ["count"]
    case .custom(let c): return c.fieldNames
    default: return []
    }
  }

  static func field(_ value: Value, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
    if let v = try lookupField(value, name, at: range) { return v }
    let known = names(of: value)
    if known.isEmpty {
      throw Diagnostic("\(value.aKind) has no fields", at: range)
    }
    let suggestion = Suggest.closest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
    throw Diagnostic(
      "\(value.aKind) has no field '\(name)'\(suggestion)", at: range,
      hint: suggestion.isEmpty ? "its fields: " + known.joined(separator: ", ") : nil)
  }

  private static func lookupField(_ value: Value, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value? {
    switch value {
    case .network(let box):
      let net = box.network
      switch name {
      case "w": return denseList(net, "w") { .matrix($0.w) }
      case "b": return denseList(net, "b") { .vector($0.b) }
      case "gain": return normalizationList(net, "gain") { .vector($0.normalization.gain) }
      case "shift": return normalizationList(net, "shift") { .vector($0.normalization.shift) }
      case "running_mean": return normalizationList(net, "running_mean", batchOnly: true) { .vector($0.normalization.runningMean) }
      case "running_var": return normalizationList(net, "running_var", batchOnly: true) { .vector($0.normalization.runningVariance) }
      case "kinds": return .list(ValueList(net.layers.map { .string($0.kindName) }, elementName: "layer"))
      case "skips": return .matrix(Matrix(rows: net.skips.count, cols: 2, storage: net.skips.flatMap { [Double($0.from), Double($0.to)] }))
      case "layers":
        return .list(ValueList(net.layers.indices.map { layerNetwork(box, $0..<($0 + 1)) }, elementName: "layer"))
      case "depth": return .number(Double(net.depth))
      case "sizes":
        return .vector(net.layers.isEmpty ? [] : ([net.inputSize] + net.layers.map(\.outputs)).map(Double.init))
      case "activations": return .list(ValueList(net.layers.map { .activation($0.activation) }, elementName: "layer"))
      case "parameters": return .number(Double(net.parameterCount))
      default: return nil
      }
    case .gradient(let gv):
      let g = gv.gradient
      let single = g.examples == 1
      func perExample(_ m: Matrix) -> Value { single ? .vector(m.storage.array) : .matrix(m.transposed) }
      let layers = 1...g.depth
      switch name {
      case "delta": return .list(ValueList(layers.map { .vector(g.meanDelta[$0]) }, elementName: "layer"))
      case "dw": return denseList(g.network, "dw") { l, _ in .matrix(g.dw[l]) }
      case "db": return denseList(g.network, "db") { l, _ in .vector(g.db[l]) }
      case "dgain": return normalizationList(g.network, "dgain") { l, _ in .vector(g.dgain[l]) }
      case "dshift": return normalizationList(g.network, "dshift") { l, _ in .vector(g.dshift[l]) }
      case "z": return .list(ValueList(layers.map { perExample(g.trace.z[$0]) }, elementName: "layer"))
      case "a": return .list(ValueList((0...g.depth).map { perExample(g.trace.a[$0]) }, base: 0, elementName: "layer"))
      case "cost", "C": return .number(g.C)
      case "examples": return .number(Double(g.examples))
      case "bound": return .vector(layers.map { g.bound[$0] })
      case "bound_tight": return .vector(layers.map { g.boundTight[$0] })
      case "norms": return .norms(NormsTable(g))
      default: return nil
      }
    case .trace(let tv):
      let t = tv.trace
      func show(_ m: Matrix) -> Value { tv.single ? .vector(m.storage.array) : .matrix(m.transposed) }
      switch name {
      case "z": return .list(ValueList((1...t.depth).map { show(t.z[$0]) }, elementName: "layer"))
      case "a": return .list(ValueList((0...t.depth).map { show(t.a[$0]) }, base: 0, elementName: "layer"))
      case "output": return show(t.output)
      default: return nil
      }
    case .dataset(let d):
      switch name {
      case "size": return .number(Double(d.size))
      case "inputs": return .matrix(d.inputRows)
      case "targets": return .matrix(d.targets.transposed)
      case "train": return .dataset(d.withoutTest)
      case "test":
        guard let test = d.test else {
          throw Diagnostic("this dataset has no test part", at: range,
            hint: "fashion_mnist() and idx() with four files have one; take(data, n) keeps it")
        }
        return .dataset(test)
      default: return nil
      }
    case .norms(let n):
      switch name {
      case "delta": return .vector(n.delta)
      case "dw_fro": return .vector(n.dwFrobenius)
      case "dw_2": return .vector(n.dwSpectral)
      case "bound": return .vector(n.bound)
      case "bound_tight": return .vector(n.boundTight)
      case "dw_bound": return .vector(n.dwBound)
      case "saturated": return .vector(n.saturated)
      case "ratio": return .number(n.ratio)
      default: return nil
      }
    case .vector(let v):
      return name == "shape" ? .vector([Double(v.count)]) : nil
    case .matrix(let m):
      return name == "shape" ? .vector([Double(m.rows), Double(m.cols)]) : nil
    case .list(let l):
      return name == "count" ? .number(Double(l.items.count)) : nil
    case .custom(let c):
      return c.field(name)
    default:
      return nil
    }
  }

  /// A list with one element per dense layer (l is 1-based) and a gap where a normalization
  /// layer stands.
  static func denseList(_ net: Network, _ field: String, _ element: (Int, Layer) -> Value) -> Value {
    var gaps: [Int: String] = [:]
    let items = net.layers.enumerated().map { i, layer -> Value in
      if layer.isNormalization {
        gaps[i] = "layer \(i + 1) is a \(layer.kindName): it has gain and shift, no \(field)"
        return .nothing
      }
      return element(i + 1, layer)
    }
    return .list(ValueList(items, elementName: "layer", gaps: gaps))
  }

  static func denseList(_ net: Network, _ field: String, _ element: (Layer) -> Value) -> Value {
    denseList(net, field) { _, layer in element(layer) }
  }

  /// The same for the normalization layers (`batchOnly`: batchnorm layers only).
  static func normalizationList(_ net: Network, _ field: String, batchOnly: Bool = false, _ element: (Int, Layer) -> Value) -> Value {
    var gaps: [Int: String] = [:]
    let items = net.layers.enumerated().map { i, layer -> Value in
      if !layer.isNormalization || (batchOnly && layer.kindTag != .batchNorm) {
        gaps[i] = "layer \(i + 1) is a \(layer.kindName) layer: it has no \(field)"
        return .nothing
      }
      return element(i + 1, layer)
    }
    return .list(ValueList(items, elementName: "layer", gaps: gaps))
  }

  static func normalizationList(_ net: Network, _ field: String, batchOnly: Bool = false, _ element: (Layer) -> Value) -> Value {
    normalizationList(net, field, batchOnly: batchOnly) { _, layer in element(layer) }
  }

  /// Layers `range` (0-based) of a network as a new network of their own, with the skips that
  /// lie inside it.
  static func layerNetwork(_ box: NetworkBox, _ range: Range<Int>) -> Value {
    let layers = Array(box.network.layers[range])
    let skips = box.network.skips.filter { $0.from - 1 >= range.lowerBound && $0.to <= range.upperBound }
      .map { Skip(from: $0.from - range.lowerBound, to: $0.to - range.lowerBound) }
    // Consecutive layers of a valid network always chain.
    let net = (try? Network(layers: layers, skips: skips)) ?? box.network
    return .network(NetworkBox(net, recipes: Array(box.recipes[range])))
  }

  // MARK: - Indices

  enum Position {
    case one(Int)
    case span(Int, Int)
  }

  static func index(_ value: Value, by indexExpr: Expr, baseRange: SourceRange, in interpreter: Interpreter, at range: SourceRange)
    throws(Diagnostic) -> Value
  {
    let position = try resolve(indexExpr, in: interpreter)
    return try index(value, position, indexRange: indexExpr.range, baseRange: baseRange)
  }

  static func resolve(_ indexExpr: Expr, in interpreter: Interpreter) throws(Diagnostic) -> Position {
    func whole(_ e: Expr) throws(Diagnostic) -> Int {
      let v = try interpreter.evaluate(e)
      guard case .number(let x) = v else {
        throw Diagnostic("an index must be a whole number, not \(v.aKind)", at: e.range)
      }
      guard x == x.rounded(), abs(x) < 1e15 else {
        throw Diagnostic("an index must be a whole number, not \(Format.number(x))", at: e.range)
      }
      return Int(x)
    }
    if case .range(let lo, let hi) = indexExpr.kind {
      return .span(try whole(lo), try whole(hi))
    }
    return .one(try whole(indexExpr))
  }

  /// Checks `position` against `base..<(base+count)` and returns 0-based offsets.
  static func offsets(_ position: Position, count: Int, base: Int, what: String, at range: SourceRange) throws(Diagnostic) -> Range<Int> {
    let last = base + count - 1
    func check(_ i: Int) throws(Diagnostic) {
      if i < base || i > last {
        let valid = count == 0 ? "it is empty" : "valid indices are \(base) to \(last)"
        throw Diagnostic("index \(i) is out of range for \(what): \(valid)", at: range,
          hint: base == 1 && i == 0 ? "indices start at 1" : nil)
      }
    }
    switch position {
    case .one(let i):
      try check(i)
      return (i - base)..<(i - base + 1)
    case .span(let lo, let hi):
      try check(lo)
      try check(hi)
      if hi < lo { throw Diagnostic("the range \(lo):\(hi) is empty", at: range) }
      return (lo - base)..<(hi - base + 1)
    }
  }

  static func index(_ value: Value, _ position: Position, indexRange: SourceRange, baseRange: SourceRange) throws(Diagnostic) -> Value {
    let value = value.numeric
    let single: Bool
    if case .one = position { single = true } else { single = false }
    switch value {
    case .vector(let v):
      let r = try offsets(position, count: v.count, base: 1, what: "a vector of length \(v.count)", at: indexRange)
      return single ? .number(v[r.lowerBound]) : .vector(Array(v[r]))
    case .matrix(let m):
      let r = try offsets(position, count: m.rows, base: 1, what: "a matrix of \(m.rows) rows", at: indexRange)
      if single { return .vector(m.row(r.lowerBound)) }
      return .matrix(Matrix(rowArrays: r.map { m.row($0) }))
    case .list(let l):
      let r = try offsets(position, count: l.items.count, base: l.base, what: "a list of \(l.items.count) \(l.elementName)s", at: indexRange)
      if single {
        if let gap = l.gaps[r.lowerBound] { throw Diagnostic(gap, at: indexRange) }
        return l.items[r.lowerBound]
      }
      let gaps = Dictionary(uniqueKeysWithValues: l.gaps.filter { r.contains($0.key) }.map { ($0.key - r.lowerBound, $0.value) })
      return .list(ValueList(Array(l.items[r]), base: r.lowerBound + l.base, elementName: l.elementName, gaps: gaps))
    case .network(let box):
      let r = try offsets(position, count: box.network.depth, base: 1, what: "a network of \(box.network.depth) layers", at: indexRange)
      return layerNetwork(box, r)
    default:
      throw Diagnostic("\(value.aKind) cannot be indexed", at: baseRange)
    }
  }

  // MARK: - Assignment

  /// `container` with the element at `path` replaced by `value`.
  static func setting(_ value: Value, in container: Value, path: ArraySlice<Expr>, interpreter: Interpreter)
    throws(Diagnostic) -> Value
  {
    guard let accessor = path.first else { return value }
    switch accessor.kind {
    case .field(_, let name):
      let child = try field(container, name, at: accessor.range)
      let newChild = try setting(value, in: child, path: path.dropFirst(), interpreter: interpreter)
      return try replacingField(container, name, with: newChild, at: accessor.range, valueRange: accessor.range)
    case .index(let base, let indexExpr):
      let position = try resolve(indexExpr, in: interpreter)
      guard case .one(let i) = position else {
        throw Diagnostic("assign to one element at a time, not to a range", at: indexExpr.range)
      }
      let child = try index(container, position, indexRange: indexExpr.range, baseRange: base.range)
      let newChild = try setting(value, in: child, path: path.dropFirst(), interpreter: interpreter)
      return try replacingElement(container, i, with: newChild, at: accessor.range)
    default:
      throw Diagnostic("cannot assign to this expression", at: accessor.range)
    }
  }

  private static func replacingElement(_ container: Value, _ i: Int, with new: Value, at range: SourceRange) throws(Diagnostic) -> Value {
    switch container {
    case .vector(var v):
      guard case .number(let x) = new else {
        throw Diagnostic("an element of a vector must be a number, not \(new.aKind)", at: range)
      }
      v[i - 1] = x
      return .vector(v)
    case .matrix(var m):
      guard case .vector(let row) = new, row.count == m.cols else {
        throw Diagnostic("a row of a \(m.rows)×\(m.cols) matrix must be a vector of length \(m.cols), not a \(new.kindWithShape)", at: range)
      }
      for j in 0..<m.cols { m[i - 1, j] = row[j] }
      return .matrix(m)
    case .list(var l):
      l.items[i - l.base] = new
      return .list(l)
    default:
      throw Diagnostic("cannot assign into an element of \(container.aKind)", at: range)
    }
  }

  private static func replacingField(_ container: Value, _ name: String, with new: Value, at range: SourceRange, valueRange: SourceRange)
    throws(Diagnostic) -> Value
  {
    guard case .network(let box) = container, ["w", "b", "gain", "shift"].contains(name) else {
      throw Diagnostic("the field '\(name)' of \(container.aKind) cannot be assigned", at: range,
        hint: container.kindName == "network" ? "assign weights and biases: net.w[2] = ..., net.b[2] = ... (gain and shift of a normalization layer)" : nil)
    }
    guard case .list(let list) = new, list.items.count == box.network.depth else {
      throw Diagnostic("assign one layer at a time: net.\(name)[l] = ...", at: range)
    }
    var net = box.network
    for (i, item) in list.items.enumerated() {
      if case .nothing = item { continue }  // a gap: a layer of the other kind
      let layer = net.layers[i]
      if layer.isNormalization != (name == "gain" || name == "shift") {
        throw Diagnostic(
          layer.isNormalization ? "layer \(i + 1) is a \(layer.kindName): it has gain and shift, no \(name)" : "layer \(i + 1) is a dense layer: it has w and b, no \(name)",
          at: range)
      }
      switch name {
      case "w": net.layers[i].w = try weightMatrix(item, layer: i + 1, rows: layer.outputs, cols: layer.inputs, at: range)
      case "b": net.layers[i].b = try biasVector(item, layer: i + 1, count: layer.outputs, at: range)
      case "gain": net.layers[i].normalization.gain = try biasVector(item, layer: i + 1, count: layer.outputs, at: range, name: "gain")
      default: net.layers[i].normalization.shift = try biasVector(item, layer: i + 1, count: layer.outputs, at: range, name: "shift")
      }
    }
    box.network = net
    return container
  }

  private static func weightMatrix(_ v: Value, layer: Int, rows: Int, cols: Int, at range: SourceRange) throws(Diagnostic) -> Matrix {
    switch v {
    case .matrix(let m) where m.rows == rows && m.cols == cols: return m
    case .number(let x) where rows == 1 && cols == 1: return Matrix(rows: 1, cols: 1, storage: [x])
    case .vector(let x) where rows == 1 && x.count == cols: return Matrix(rows: 1, cols: cols, storage: x)
    default:
      throw Diagnostic(
        "w[\(layer)] must be a \(rows)×\(cols) matrix (layer \(layer) has \(rows) neuron\(rows == 1 ? "" : "s") and \(cols) input\(cols == 1 ? "" : "s")), not a \(v.kindWithShape)",
        at: range)
    }
  }

  private static func biasVector(_ v: Value, layer: Int, count: Int, at range: SourceRange, name: String = "b") throws(Diagnostic) -> [Double] {
    switch v {
    case .vector(let x) where x.count == count: return x
    case .number(let x) where count == 1: return [x]
    default:
      throw Diagnostic(
        "\(name)[\(layer)] must be a vector of length \(count) (layer \(layer) has \(count) neuron\(count == 1 ? "" : "s")), not a \(v.kindWithShape)",
        at: range)
    }
  }
}

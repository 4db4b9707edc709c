import VanishCore

/// `save` of the values that are numbers in rows and columns (vectors, matrices, descent paths,
/// norms tables) as CSV or JSON by the file's extension, and of traces as JSON.
///
/// CSV is what numpy's `savetxt` writes and `loadtxt(f, delimiter=",")` reads back: a vector
/// one number a line (one column), a matrix one row a line, no header; a path and a norms table
/// have a header line of column names (`loadtxt(..., skiprows=1)`, pandas' `read_csv`, and
/// vanish's `csv`). Numbers are written in the shortest form that reads back as the same Double
/// (whole numbers without a fraction), NaN and infinities as numpy writes them: `nan`, `inf`,
/// `-inf`. JSON writes numbers as the network and gradient files do (`JSONFiles.number`).
enum ValueFiles {
  enum Format {
    case csv, json
  }

  /// The format the file's name asks for. `kind` names the value in the error ("a vector");
  /// `csv: false` for kinds that have no CSV form, with `why` saying so.
  static func format(of path: String, for kind: String, csv: Bool = true, why: String = "", hint: String)
    throws(Diagnostic) -> Format
  {
    let lower = path.lowercased()
    if lower.hasSuffix(".json") { return .json }
    if lower.hasSuffix(".csv") {
      if csv { return .csv }
      throw Diagnostic("\(kind) is saved as .json, not .csv\(why)", hint: hint)
    }
    let formats = csv ? ".csv or .json" : ".json"
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = name.lastIndex(of: "."), name.index(after: dot) != name.endIndex {
      throw Diagnostic("save writes \(kind) as \(formats), not \(name[dot...])", hint: hint)
    }
    throw Diagnostic("save writes \(kind) as \(formats): end the file name with \(formats)", hint: hint)
  }

  // MARK: - Vectors and matrices

  static func vector(_ v: [Double], path: String) throws(Diagnostic) -> String {
    switch try format(of: path, for: "a vector", hint: "save(v, \"v.csv\") writes one number a line") {
    case .csv: return v.map { csvNumber($0) + "\n" }.joined()
    case .json: return JSONFiles.vector(v) + "\n"
    }
  }

  static func matrix(_ m: Matrix, path: String) throws(Diagnostic) -> String {
    switch try format(of: path, for: "a matrix", hint: "save(m, \"m.csv\") writes one row a line") {
    case .csv: return (0..<m.rows).map { csvRow(m.row($0)) + "\n" }.joined()
    case .json: return JSONFiles.matrix(m, indent: "") + "\n"
    }
  }

  // MARK: - Paths

  /// One row per kept point: the step it is the result of, each parameter, and f there.
  static func path(_ p: PathValue, path: String) throws(Diagnostic) -> String {
    switch try format(of: path, for: "a path", hint: "save(p, \"p.csv\") writes a row per point: step, \(p.parameters.joined(separator: ", ")), \(valueColumn(p))") {
    case .csv:
      var text = (["step"] + p.parameters + [valueColumn(p)]).joined(separator: ",") + "\n"
      for i in p.points.indices {
        text += String(p.stepNumbers[i]) + "," + csvRow(p.points[i] + [p.values[i]]) + "\n"
      }
      return text
    case .json:
      let points = p.points.map { "    " + JSONFiles.vector($0) }.joined(separator: ",\n")
      return """
        {
          "format": \(JSONFiles.string(pathFormat)),
          "function": \(JSONFiles.string(p.function)),
          "parameters": [\(p.parameters.map(JSONFiles.string).joined(separator: ", "))],
          "method": \(JSONFiles.string(p.method.name)),
          "lr": \(JSONFiles.number(p.lr)),
          "steps": \(p.steps),
          "stopped": \(JSONFiles.string(p.stopReason)),
          "step": [\(p.stepNumbers.map(String.init).joined(separator: ", "))],
          "points": [
        \(points)
          ],
          "values": \(JSONFiles.vector(p.values))
        }

        """
    }
  }

  static let pathFormat = "vanish.path/1"
  static let normsFormat = "vanish.norms/1"
  static let traceFormat = "vanish.trace/1"

  /// f's column is named after f, unless a parameter (or the step) already has that name.
  static func valueColumn(_ p: PathValue) -> String {
    p.parameters.contains(p.function) || p.function == "step" ? "value" : p.function
  }

  // MARK: - Norms tables

  /// The table's columns as its fields are (`n.delta`, `n.dw_fro`, ...): every field that
  /// holds one number per layer, in the order the fields are listed; the fields that are one
  /// number (`ratio`) go in the JSON file only.
  static func columns(of n: NormsTable) -> (columns: [(name: String, values: [Double])], scalars: [(name: String, value: Double)]) {
    let value = Value.norms(n)
    let nowhere = SourceRange(SourceLocation(line: 0, column: 0, offset: 0), SourceLocation(line: 0, column: 0, offset: 0))
    var columns: [(name: String, values: [Double])] = []
    var scalars: [(name: String, value: Double)] = []
    for name in Fields.names(of: value) {
      switch try? Fields.field(value, name, at: nowhere) {
      case .vector(let v)?: columns.append((name, v))
      case .number(let x)?: scalars.append((name, x))
      default: break
      }
    }
    return (columns, scalars)
  }

  static func norms(_ n: NormsTable, path: String) throws(Diagnostic) -> String {
    let (columns, scalars) = columns(of: n)
    let layers = n.delta.count
    switch try format(of: path, for: "a norms table", hint: "save(norms(g), \"norms.csv\") writes a row per layer") {
    case .csv:
      var text = (["layer"] + columns.map(\.name)).joined(separator: ",") + "\n"
      for l in 0..<layers {
        text += String(l + 1) + "," + csvRow(columns.map { l < $0.values.count ? $0.values[l] : .nan }) + "\n"
      }
      return text
    case .json:
      var fields = [
        "\"format\": \(JSONFiles.string(normsFormat))",
        "\"cost\": \(JSONFiles.string(n.cost.name))",
        "\"examples\": \(n.examples)",
        "\"layer\": [\((0..<layers).map { String($0 + 1) }.joined(separator: ", "))]",
      ]
      fields += columns.map { "\(JSONFiles.string($0.name)): \(JSONFiles.vector($0.values))" }
      fields += scalars.map { "\(JSONFiles.string($0.name)): \(JSONFiles.number($0.value))" }
      return "{\n" + fields.map { "  " + $0 }.joined(separator: ",\n") + "\n}\n"
    }
  }

  // MARK: - Traces

  /// A forward pass: the input, and each layer's z and a, shaped as the fields `t.z[l]` and
  /// `t.a[l]` are (a vector for one example, else a matrix with a row per example).
  static func trace(_ t: TraceValue, path: String) throws(Diagnostic) -> String {
    _ = try format(
      of: path, for: "a trace", csv: false, why: ": it holds a z and an a for every layer",
      hint: "save(t, \"t.json\") writes every layer; save(t.a[2], \"a2.csv\") writes one layer's a as CSV")
    let trace = t.trace
    func shaped(_ m: Matrix, indent: String) -> String {
      t.single ? JSONFiles.vector(m.storage.array) : JSONFiles.matrix(m.transposed, indent: indent)
    }
    let layers = (0..<trace.depth).map { $0 + 1 }.map { l -> String in
      let activation = l <= t.network.layers.count ? t.network.layers[l - 1].activation.name : ""
      return """
            {
              "layer": \(l),
              "activation": \(JSONFiles.string(activation)),
              "z": \(shaped(trace.z[l], indent: "      ")),
              "a": \(shaped(trace.a[l], indent: "      "))
            }
        """
    }
    return """
      {
        "format": \(JSONFiles.string(traceFormat)),
        "examples": \(trace.examples),
        "input": \(shaped(trace.a[0], indent: "  ")),
        "layers": [
      \(layers.joined(separator: ",\n"))
        ]
      }

      """
  }

  // MARK: - CSV numbers

  /// The shortest text that reads back as the same Double; whole numbers without a fraction
  /// (`3`, `-0`), NaN and infinities as numpy writes them.
  static func csvNumber(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v < 0 ? "-inf" : "inf" }
    if v == v.rounded() && abs(v) < 1e15 { return v == 0 && v.sign == .minus ? "-0" : String(Int64(v)) }
    return "\(v)"
  }

  static func csvRow(_ v: [Double]) -> String { v.map(csvNumber).joined(separator: ",") }
}

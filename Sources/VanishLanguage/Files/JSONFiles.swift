import Foundation
import VanishCore

/// The JSON interchange formats, readable from numpy or PyTorch in a few lines:
/// `vanish.network/1` (dense layers only), `vanish.network/2` (every kind of layer, and the
/// skips) and `vanish.gradient/1`. Numbers are written in the shortest form that reads back as
/// the same Double; NaN and infinities as Python's json writes them. `save` writes /1 when a
/// network is all dense without skips, /2 otherwise; `load` reads both.
enum JSONFiles {
  static let networkFormat = "vanish.network/1"
  static let networkFormat2 = "vanish.network/2"
  static let gradientFormat = "vanish.gradient/1"

  // MARK: - Writing

  static func number(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
    return "\(v)"
  }

  static func vector(_ v: [Double]) -> String { "[" + v.map(number).joined(separator: ", ") + "]" }

  static func matrix(_ m: Matrix, indent: String) -> String {
    if m.rows == 0 { return "[]" }
    return "[\n" + (0..<m.rows).map { indent + "  " + vector(m.row($0)) }.joined(separator: ",\n") + "\n" + indent + "]"
  }

  static func string(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
      switch ch {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default:
        if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
      }
    }
    return out + "\""
  }

  static func network(_ net: Network) -> String {
    let v2 = !net.isPlainDense
    let layers = net.layers.map { layer -> String in
      var fields: [String]
      if layer.isNormalization {
        let n = layer.normalization
        fields = [
          "\"kind\": \(string(layer.kindName))", "\"n\": \(n.n)", "\"eps\": \(number(n.eps))",
        ]
        if layer.kindTag == .batchNorm { fields.append("\"momentum\": \(number(n.momentum))") }
        fields += ["\"gain\": \(vector(n.gain))", "\"shift\": \(vector(n.shift))"]
        if layer.kindTag == .batchNorm {
          fields += ["\"running_mean\": \(vector(n.runningMean))", "\"running_var\": \(vector(n.runningVariance))"]
        }
      } else {
        fields = [
          "\"in\": \(layer.inputs)", "\"out\": \(layer.outputs)", "\"activation\": \(string(layer.activation.name))",
          "\"w\": \(matrix(layer.w, indent: "      "))", "\"b\": \(vector(layer.b))",
        ]
        if v2 { fields.insert("\"kind\": \"dense\"", at: 0) }
      }
      return "    {\n" + fields.map { "      " + $0 }.joined(separator: ",\n") + "\n    }"
    }
    let skips = net.skips.map { "{\"from\": \($0.from), \"to\": \($0.to)}" }.joined(separator: ", ")
    return """
      {
        "format": \(string(v2 ? networkFormat2 : networkFormat)),
        "layers": [
      \(layers.joined(separator: ",\n"))
        ]\(v2 ? ",\n  \"skips\": [\(skips)]" : "")
      }

      """
  }

  static func gradient(_ g: Gradient) -> String {
    let single = g.examples == 1
    let layers = (1...g.depth).map { l -> String in
      let normalization = g.network.layers[l - 1].isNormalization
      var fields = ["\"layer\": \(l)", "\"delta\": \(vector(g.meanDelta[l]))"]
      if normalization {
        // A normalization layer: kind, dgain and dshift in place of dw and db; no bounds.
        fields.insert("\"kind\": \(string(g.network.layers[l - 1].kindName))", at: 1)
        fields += ["\"dgain\": \(vector(g.dgain[l]))", "\"dshift\": \(vector(g.dshift[l]))", "\"norm_delta\": \(number(g.normDelta(l)))"]
      } else {
        fields += [
          "\"dw\": \(matrix(g.dw[l], indent: "      "))",
          "\"db\": \(vector(g.db[l]))",
          "\"norm_delta\": \(number(g.normDelta(l)))",
          "\"norm_dw_fro\": \(number(g.normDwFrobenius(l)))",
          "\"norm_dw_2\": \(number(g.normDwSpectral(l)))",
          "\"bound\": \(number(g.bound[l]))",
          "\"bound_tight\": \(number(g.boundTight[l]))",
        ]
      }
      if single {
        fields.append("\"z\": \(vector(g.trace.z[l].storage.array))")
        fields.append("\"a\": \(vector(g.trace.a[l].storage.array))")
      }
      return "    {\n" + fields.map { "      " + $0 }.joined(separator: ",\n") + "\n    }"
    }
    return """
      {
        "format": \(string(gradientFormat)),
        "cost": \(string(g.cost.name)),
        "C": \(number(g.C)),
        "examples": \(g.examples),
        "layers": [
      \(layers.joined(separator: ",\n"))
        ]
      }

      """
  }

  // MARK: - Reading

  private struct FormatOnly: Decodable { let format: String? }

  private struct NetworkFile: Decodable {
    struct LayerFile: Decodable {
      let kind: String?
      let `in`: Int?
      let out: Int?
      let activation: String?
      let w: [[Double]]?
      let b: [Double]?
      let n: Int?
      let eps: Double?
      let momentum: Double?
      let gain: [Double]?
      let shift: [Double]?
      let running_mean: [Double]?
      let running_var: [Double]?
    }
    struct SkipFile: Decodable {
      let from: Int
      let to: Int
    }
    let format: String
    let layers: [LayerFile]
    let skips: [SkipFile]?
  }

  static func readNetwork(_ raw: Data, file: String) throws(Diagnostic) -> Network {
    let data = quotingNonFinite(raw)
    let decoder = JSONDecoder()
    decoder.allowsJSON5 = false
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    let format: String?
    do {
      format = try decoder.decode(FormatOnly.self, from: data).format
    } catch {
      throw Diagnostic("\(file) is not valid JSON: \(syntaxProblem(data) ?? describe(error))")
    }
    guard let format else {
      throw Diagnostic("\(file) has no \"format\" field", hint: "a network file starts {\"format\": \"\(networkFormat)\", ...")
    }
    guard format == networkFormat || format == networkFormat2 else {
      if format == gradientFormat {
        throw Diagnostic("\(file) holds a gradient (\(format)); load reads networks (\(networkFormat) and /2)")
      }
      throw Diagnostic("\(file) has format \"\(format)\"; load reads \"\(networkFormat)\" and \"\(networkFormat2)\"")
    }
    let parsed: NetworkFile
    do {
      parsed = try decoder.decode(NetworkFile.self, from: data)
    } catch {
      throw Diagnostic("\(file): \(describe(error))")
    }
    if parsed.layers.isEmpty { throw Diagnostic("\(file): the network has no layers") }
    var layers: [Layer] = []
    for (i, l) in parsed.layers.enumerated() {
      let n = i + 1
      let kind = l.kind ?? "dense"
      if format == networkFormat && l.kind != nil && kind != "dense" {
        throw Diagnostic("\(file): layer \(n) is a \(kind) layer, which \(networkFormat) cannot hold", hint: "write \"format\": \"\(networkFormat2)\"")
      }
      switch kind {
      case "dense":
        let present: [(String, Bool)] = [("in", l.in != nil), ("out", l.out != nil), ("activation", l.activation != nil), ("w", l.w != nil), ("b", l.b != nil)]
        if let missing = present.first(where: { !$0.1 }) {
          throw Diagnostic("\(file): missing \"\(missing.0)\" in layers[\(n)]")
        }
        let (inputs, outputs, name, w, b) = (l.in!, l.out!, l.activation!, l.w!, l.b!)
        guard let act = Activation(name: name) else {
          throw Diagnostic("\(file): layer \(n) has unknown activation \"\(name)\"",
            hint: "one of " + Activation.allCases.map(\.name).joined(separator: ", "))
        }
        guard inputs >= 1, outputs >= 1 else { throw Diagnostic("\(file): layer \(n) has sizes \(inputs)→\(outputs)") }
        guard w.count == outputs, w.allSatisfy({ $0.count == inputs }) else {
          throw Diagnostic("\(file): layer \(n) says \(inputs)→\(outputs) but its w is not \(outputs)×\(inputs)")
        }
        guard b.count == outputs else {
          throw Diagnostic("\(file): layer \(n) has \(outputs) neurons but \(b.count) biases")
        }
        layers.append(Layer(w: Matrix(rowArrays: w), b: b, activation: act))
      case "layernorm", "batchnorm":
        let present: [(String, Bool)] = [("n", l.n != nil), ("gain", l.gain != nil), ("shift", l.shift != nil)]
        if let missing = present.first(where: { !$0.1 }) {
          throw Diagnostic("\(file): missing \"\(missing.0)\" in layers[\(n)] (a \(kind) layer)")
        }
        let (units, gain, shift) = (l.n!, l.gain!, l.shift!)
        guard units >= 1 else { throw Diagnostic("\(file): layer \(n) has \(units) units") }
        guard gain.count == units, shift.count == units else {
          throw Diagnostic("\(file): layer \(n) has \(units) units but \(gain.count) gains and \(shift.count) shifts")
        }
        let eps = l.eps ?? 1e-5
        guard eps > 0 else { throw Diagnostic("\(file): layer \(n) has eps \(Format.number(eps)); it must be above 0") }
        if kind == "layernorm" {
          layers.append(.layerNorm(LayerNorm(Normalization(n: units, eps: eps, gain: gain, shift: shift, runningMean: [], runningVariance: []))))
        } else {
          let mean = l.running_mean ?? [Double](repeating: 0, count: units)
          let variance = l.running_var ?? [Double](repeating: 1, count: units)
          guard mean.count == units, variance.count == units else {
            throw Diagnostic("\(file): layer \(n) has \(units) units but running statistics of \(mean.count) and \(variance.count)")
          }
          layers.append(.batchNorm(BatchNorm(Normalization(
            n: units, eps: eps, momentum: l.momentum ?? 0.1, gain: gain, shift: shift, runningMean: mean, runningVariance: variance))))
        }
      default:
        throw Diagnostic("\(file): layer \(n) has unknown kind \"\(kind)\"", hint: "one of dense, layernorm, batchnorm")
      }
    }
    do {
      return try Network(layers: layers, skips: (parsed.skips ?? []).map { Skip(from: $0.from, to: $0.to) })
    } catch {
      throw Diagnostic("\(file): \(error.description)")
    }
  }

  /// Python's json (and `save`) writes NaN, Infinity and -Infinity as bare words, which strict
  /// JSON does not allow; they are put in quotes, where the decoder's strategy reads them.
  static func quotingNonFinite(_ data: Data) -> Data {
    let bytes = [UInt8](data)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 16)
    var inString = false
    var escaped = false
    var i = 0
    let words: [[UInt8]] = [Array("-Infinity".utf8), Array("Infinity".utf8), Array("NaN".utf8)]
    outer: while i < bytes.count {
      let byte = bytes[i]
      if inString {
        if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
        out.append(byte)
        i += 1
        continue
      }
      if byte == 0x22 { inString = true }
      if byte == 0x2D || byte == 0x49 || byte == 0x4E {  // '-', 'I', 'N'
        for word in words where i + word.count <= bytes.count && Array(bytes[i..<(i + word.count)]) == word {
          out.append(0x22)
          out.append(contentsOf: word)
          out.append(0x22)
          i += word.count
          continue outer
        }
      }
      out.append(byte)
      i += 1
    }
    return Data(out)
  }

  /// What is wrong with text that does not parse as JSON, when it can be told simply: an empty
  /// file, one that ends inside a string or with brackets still open (cut short), a stray
  /// closing bracket, or bytes that are not UTF-8.
  static func syntaxProblem(_ data: Data) -> String? {
    if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return "the file is empty" }
    if String(data: data, encoding: .utf8) == nil { return "it is not UTF-8 text" }
    var open: [UInt8] = []
    var inString = false
    var escaped = false
    var line = 1
    for byte in data {
      if byte == 0x0A { line += 1 }
      if inString {
        if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
        continue
      }
      switch byte {
      case 0x22: inString = true
      case 0x5B, 0x7B: open.append(byte)
      case 0x5D, 0x7D:
        guard let last = open.popLast(), last == (byte == 0x5D ? 0x5B : 0x7B) else {
          return "line \(line) has a '\(Character(UnicodeScalar(byte)))' that closes nothing open"
        }
      default: break
      }
    }
    if let first = data.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first != 0x7B,
      first >= 0x21, first < 0x7F
    {
      return "it starts with '\(Character(UnicodeScalar(first)))', not with '{'"
    }
    if inString { return "it ends inside a string: the file is cut short" }
    if !open.isEmpty {
      return "it ends with \(open.count) bracket\(open.count == 1 ? "" : "s") still open: the file is cut short"
    }
    return nil
  }

  /// DecodingError as one line that names the place in the file.
  static func describe(_ error: Error) -> String {
    func path(_ keys: [CodingKey]) -> String {
      keys.map { $0.intValue.map { "[\($0 + 1)]" } ?? ".\($0.stringValue)" }.joined()
        .replacingOccurrences(of: "^\\.", with: "", options: .regularExpression)
    }
    guard let e = error as? DecodingError else { return error.localizedDescription }
    switch e {
    case .keyNotFound(let key, let ctx):
      let at = path(ctx.codingPath)
      return "missing \"\(key.stringValue)\"" + (at.isEmpty ? "" : " in \(at)")
    case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
      return "\(path(ctx.codingPath)) has the wrong type (\(ctx.debugDescription))"
    case .dataCorrupted(let ctx):
      let at = path(ctx.codingPath)
      let detail = (ctx.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? ctx.debugDescription
      return (at.isEmpty ? "" : "\(at): ") + detail
    @unknown default:
      return "\(e)"
    }
  }
}

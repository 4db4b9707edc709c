import Foundation
import VanishCore

/// The two JSON interchange formats, readable from numpy or PyTorch in a few lines:
/// `vanish.network/1` and `vanish.gradient/1`. Numbers are written in the shortest form that
/// reads back as the same Double; NaN and infinities as Python's json writes them.
enum JSONFiles {
  static let networkFormat = "vanish.network/1"
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
    let layers = net.layers.map { layer in
      """
          {
            "in": \(layer.inputs),
            "out": \(layer.outputs),
            "activation": \(string(layer.activation.name)),
            "w": \(matrix(layer.w, indent: "      ")),
            "b": \(vector(layer.b))
          }
      """
    }
    return """
      {
        "format": \(string(networkFormat)),
        "layers": [
      \(layers.joined(separator: ",\n"))
        ]
      }

      """
  }

  static func gradient(_ g: Gradient) -> String {
    let single = g.examples == 1
    let layers = (1...g.depth).map { l -> String in
      var fields = [
        "\"layer\": \(l)",
        "\"delta\": \(vector(g.meanDelta[l]))",
        "\"dw\": \(matrix(g.dw[l], indent: "      "))",
        "\"db\": \(vector(g.db[l]))",
        "\"norm_delta\": \(number(g.normDelta(l)))",
        "\"norm_dw_fro\": \(number(g.normDwFrobenius(l)))",
        "\"norm_dw_2\": \(number(g.normDwSpectral(l)))",
        "\"bound\": \(number(g.bound[l]))",
        "\"bound_tight\": \(number(g.boundTight[l]))",
      ]
      if single {
        fields.append("\"z\": \(vector(g.trace.z[l].storage))")
        fields.append("\"a\": \(vector(g.trace.a[l].storage))")
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
      let `in`: Int
      let out: Int
      let activation: String
      let w: [[Double]]
      let b: [Double]
    }
    let format: String
    let layers: [LayerFile]
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
    guard format == networkFormat else {
      if format == gradientFormat {
        throw Diagnostic("\(file) holds a gradient (\(format)); load reads networks (\(networkFormat))")
      }
      throw Diagnostic("\(file) has format \"\(format)\"; load reads \"\(networkFormat)\"")
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
      guard let act = Activation(name: l.activation) else {
        throw Diagnostic("\(file): layer \(n) has unknown activation \"\(l.activation)\"",
          hint: "one of " + Activation.allCases.map(\.name).joined(separator: ", "))
      }
      guard l.in >= 1, l.out >= 1 else { throw Diagnostic("\(file): layer \(n) has sizes \(l.in)→\(l.out)") }
      guard l.w.count == l.out, l.w.allSatisfy({ $0.count == l.in }) else {
        throw Diagnostic("\(file): layer \(n) says \(l.in)→\(l.out) but its w is not \(l.out)×\(l.in)")
      }
      guard l.b.count == l.out else {
        throw Diagnostic("\(file): layer \(n) has \(l.out) neurons but \(l.b.count) biases")
      }
      layers.append(Layer(w: Matrix(rowArrays: l.w), b: l.b, activation: act))
    }
    do {
      return try Network(layers: layers)
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

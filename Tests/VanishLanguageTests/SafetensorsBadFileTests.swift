import Foundation
import Testing
@testable import VanishLanguage

/// Broken and foreign .safetensors files: each `load` is an error at the file name that names
/// the file and says what is wrong, and the session goes on with its variables.
@Suite struct SafetensorsBadFileTests {
  /// A file of a header (padded to 8 bytes as the format does) and `data` zero bytes.
  static func file(_ header: String, data: Int) -> Data {
    var bytes = Array(header.utf8)
    bytes += [UInt8](repeating: 0x20, count: (8 - bytes.count % 8) % 8)
    var length = UInt64(bytes.count)
    var out: [UInt8] = []
    for _ in 0..<8 {
      out.append(UInt8(length & 0xff))
      length >>= 8
    }
    return Data(out + bytes + [UInt8](repeating: 0, count: data))
  }

  static let description =
    #"{"format": "vanish.safetensors/1", "layers": [{"kind": "dense", "in": 2, "out": 2, "activation": "linear"}], "skips": []}"#

  /// The header of `dense(2, 2, linear)` with these tensors' entries.
  static func header(_ tensors: String, description: String = description) -> String {
    let quoted = description.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return #"{"__metadata__": {"vanish": ""# + quoted + #""}, "# + tensors + "}"
  }

  static let weight = #""0.weight": {"dtype": "F64", "shape": [2, 2], "data_offsets": [0, 32]}"#
  static let bias = #""0.bias": {"dtype": "F64", "shape": [2], "data_offsets": [32, 48]}"#

  /// Changes the good file n.safetensors with numpy and safetensors' save_file.
  static let breaker = #"""
    import sys, numpy as np
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file
    path = sys.argv[1]
    meta = safe_open(path + "/n.safetensors", "np").metadata()
    def variant(name, change, metadata=meta):
        t = load_file(path + "/n.safetensors")
        change(t)
        save_file(t, path + "/" + name, metadata=metadata)
    variant("f16.safetensors", lambda t: t.update({"0.weight": t["0.weight"].astype(np.float16)}))
    variant("missing.safetensors", lambda t: t.pop("0.bias"))
    variant("shape.safetensors", lambda t: t.update({"0.weight": t["0.weight"].reshape(1, 4)}))
    variant("extra.safetensors", lambda t: t.update({"9.weight": np.zeros(3)}))
    variant("nometa.safetensors", lambda t: None, metadata=None)
    """#

  @Test func eachBrokenFileIsAnErrorThatSaysWhatIsWrong() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let s = Session()
    s.interpreter.workingDirectory = dir.path
    #expect(run("keep = 42; seed(1); n = dense(2, 2, linear); save(n, \"n.safetensors\"); save(n, \"n.json\")", session: s).err == "")
    let good = try Data(contentsOf: dir.appendingPathComponent("n.safetensors"))
    let headerLength = good.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
    #expect(headerLength % 8 == 0 && good.count == 8 + headerLength + 48)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", Self.breaker, dir.path]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 with numpy and safetensors (scripts/setup) is needed")

    let files: [String: Data] = [
      "empty.safetensors": Data(),
      "seven.safetensors": Data([1, 2, 3, 4, 5, 6, 7]),
      "text.safetensors": Data("layer 1: dense\n".utf8),
      "json.safetensors": try Data(contentsOf: dir.appendingPathComponent("n.json")),
      "cut.safetensors": good.prefix(good.count - 8),
      "cutmore.safetensors": good.prefix(8 + headerLength + 20),
      "cuthead.safetensors": good.prefix(20),
      "huge.safetensors": Data([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7b, 0x7d]),
      "notjson.safetensors": Self.file("{abc", data: 0),
      "list.safetensors": Self.file("[1, 2]", data: 0),
      "gap.safetensors": Self.file(Self.header(Self.weight + ", " + Self.bias.replacingOccurrences(of: "[32, 48]", with: "[40, 56]")), data: 56),
      "overlap.safetensors": Self.file(Self.header(Self.weight + ", " + Self.bias.replacingOccurrences(of: "[32, 48]", with: "[16, 32]")), data: 32),
      "count.safetensors": Self.file(Self.header(Self.weight.replacingOccurrences(of: "[0, 32]", with: "[0, 16]")), data: 16),
      "longer.safetensors": Self.file(Self.header(Self.weight + ", " + Self.bias), data: 56),
      "dtype.safetensors": Self.file(Self.header(Self.weight.replacingOccurrences(of: "F64", with: "X9")), data: 32),
      "negative.safetensors": Self.file(Self.header(Self.weight.replacingOccurrences(of: "[2, 2]", with: "[-2, 2]")), data: 32),
      "fraction.safetensors": Self.file(Self.header(Self.weight.replacingOccurrences(of: "[0, 32]", with: "[0, 32.5]")), data: 32),
      "metastring.safetensors": Self.file(#"{"__metadata__": {"vanish": 3}}"#, data: 0),
      "activation.safetensors": Self.file(
        Self.header(Self.weight + ", " + Self.bias, description: Self.description.replacingOccurrences(of: "linear", with: "sigmod")), data: 48),
      "format.safetensors": Self.file(
        Self.header(Self.weight + ", " + Self.bias, description: Self.description.replacingOccurrences(of: "/1", with: "/9")), data: 48),
      "description.safetensors": Self.file(Self.header(Self.weight + ", " + Self.bias, description: "{\"format\": "), data: 48),
    ]
    for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }

    let cases: [(String, String, hint: String?)] = [
      ("empty", "empty.safetensors is cut short: a safetensors file starts with the 8-byte length of its header, and it has 0 bytes", nil),
      ("seven", "seven.safetensors is cut short: a safetensors file starts with the 8-byte length of its header, and it has 7 bytes", nil),
      ("json", "json.safetensors is not a safetensors file: it starts as JSON text does, not with the length of a header",
        "a vanish.network JSON file is loaded by a name ending in .json"),
      ("text", "text.safetensors is not a safetensors file: it starts as text does, not with the length of a header", nil),
      ("cut", "cut.safetensors is cut short: tensor \"0.bias\" ends at byte 48 of the data, but only 40 bytes follow the header", nil),
      ("cutmore", "cutmore.safetensors is cut short: tensor \"0.weight\" ends at byte 32 of the data, but only 20 bytes follow the header", nil),
      ("cuthead", "cuthead.safetensors is cut short: its header is \(headerLength) bytes long but only 12 follow the length", nil),
      ("huge", "huge.safetensors is not a safetensors file: its first 8 bytes give a header of 18446744073709551615 bytes, and the file has 10", nil),
      ("notjson", "notjson.safetensors: the safetensors header is not a JSON object: it ends with 1 bracket still open: the file is cut short", nil),
      ("list", "list.safetensors is not a safetensors file: its header does not start with '{'", nil),
      ("gap", "gap.safetensors: no tensor holds bytes 32 to 40 of the data", nil),
      ("overlap", "overlap.safetensors: tensor \"0.bias\"'s data (bytes 16 to 32) overlaps the tensor before it", nil),
      ("count", "count.safetensors: tensor \"0.weight\" of shape [2, 2] and dtype F64 needs 32 bytes, but its data_offsets [0, 16] give 16", nil),
      ("longer", "longer.safetensors: its tensors hold 48 bytes of data, but 56 follow the header", nil),
      ("dtype", "dtype.safetensors: tensor \"0.weight\" has unknown dtype \"X9\"", nil),
      ("negative", "negative.safetensors: tensor \"0.weight\" has no \"shape\" (a list of whole numbers from 0)", nil),
      ("fraction", "fraction.safetensors: tensor \"0.weight\" has no \"data_offsets\" [begin, end] with begin <= end", nil),
      ("metastring", "metastring.safetensors: the header's __metadata__ holds \"vanish\", which is not a string", nil),
      ("activation", "activation.safetensors: layer 1 has unknown activation \"sigmod\"",
        "one of sigmoid, tanh, relu, leaky_relu, elu, softplus, linear, softmax"),
      ("format", "format.safetensors: the metadata's \"vanish\" entry has format \"vanish.safetensors/9\"; load reads \"vanish.safetensors/1\"", nil),
      ("description", "description.safetensors: the metadata's \"vanish\" entry is not a network description: it ends with 1 bracket still open: the file is cut short", nil),
      ("f16", "f16.safetensors: tensor \"0.weight\" (w[1]) is F16; load reads F64, and F32 widened to Double",
        "convert it before saving: numpy's astype(np.float64), PyTorch's .double()"),
      ("missing", "missing.safetensors has no tensor \"0.bias\" (b[1], shape [2])", nil),
      ("shape", "shape.safetensors: tensor \"0.weight\" (w[1]) has shape [1, 4], not [2, 2]", nil),
      ("extra", "extra.safetensors holds tensor \"9.weight\", which no layer of its description has", nil),
      ("nometa", "nometa.safetensors has no \"vanish\" entry in its metadata: load needs it for the layers' kinds, activations and skips",
        "save_file(tensors, f, metadata=m) with the metadata of the file vanish wrote (safe_open(f, \"np\").metadata())"),
    ]
    for (name, message, hint) in cases {
      let r = run("bad = load(\"\(name).safetensors\")", session: s)
      #expect(r.outcome == .failed, "\(name)")
      let lines = r.err.split(separator: "\n").map(String.init)
      #expect(lines.first == "error: 1:12: " + message, "\(name)")
      if let hint { #expect(lines.last == "  hint: " + hint, "\(name)") }
    }
    #expect(cases.count == files.count + 5)
    let saved = run("g = grad(n, [1, 2], [0, 1]); save(g, \"g.safetensors\")", session: s)
    #expect(saved.err.hasPrefix("error: 1:38: save writes only networks as .safetensors, not a gradient"), "\(saved.err)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("g.safetensors").path))
    // The session is alive, with its variables, and no `bad` was made.
    #expect(run("keep", session: s).out == "42")
    #expect(s.interpreter.lookup("bad") == nil)
    #expect(run("m = load(\"n.safetensors\")", session: s).err == "")
    guard case .network(let m)? = s.interpreter.lookup("m"), case .network(let n)? = s.interpreter.lookup("n") else {
      Issue.record("m and n are networks")
      return
    }
    #expect(m.network == n.network)
  }
}

import Foundation

/// The safetensors container (huggingface/safetensors): an 8-byte little-endian u64 N, N bytes
/// of a JSON header, then the tensors' bytes. The header maps each tensor's name to its
/// `dtype`, `shape` and `data_offsets` (begin and end in the bytes after the header) and may
/// hold `__metadata__`, a map of strings to strings. Writing pads the header with spaces to a
/// multiple of 8 bytes, as the reference implementation does; reading checks what it checks:
/// the header's length against the file, that the header is a JSON object, each tensor's byte
/// count against its shape and dtype, and that the tensors cover the data exactly, without
/// overlaps or gaps.
struct Safetensors {
  struct Tensor {
    let name: String
    let dtype: String
    let shape: [Int]
    /// Little-endian bytes of the elements in row-major order.
    let bytes: ArraySlice<UInt8>
  }

  var tensors: [Tensor]
  var metadata: [String: String]?

  /// The reference implementation refuses headers longer than this.
  static let maxHeader = 100_000_000

  /// Bytes per element of each dtype the format names.
  static let elementSize: [String: Int] = [
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
    "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8,
  ]

  // MARK: - Writing

  /// The file: tensors in the given order, each one's data after the one before; `metadata` in
  /// the header in the given order, before the tensors.
  static func encode(_ tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])], metadata: [(String, String)])
    -> [UInt8]
  {
    var entries: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.map { JSONFiles.string($0.0) + ":" + JSONFiles.string($0.1) }
      entries.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
    }
    var offset = 0
    for t in tensors {
      let shape = t.shape.map(String.init).joined(separator: ",")
      entries.append(
        JSONFiles.string(t.name) + ":{\"dtype\":\(JSONFiles.string(t.dtype)),\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + t.bytes.count)]}")
      offset += t.bytes.count
    }
    var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
    header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
    var out: [UInt8] = []
    out.reserveCapacity(8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { out += $0 }
    out += header
    for t in tensors { out += t.bytes }
    return out
  }

  /// Doubles as F64 bytes, little-endian, every bit kept (NaN payloads too).
  static func bytes(_ values: [Double]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: values.count * 8)
    out.withUnsafeMutableBytes { buffer in
      for (i, v) in values.enumerated() {
        buffer.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 8, as: UInt64.self)
      }
    }
    return out
  }

  // MARK: - Reading

  /// Reads and checks a whole file; `file` names it in the errors.
  static func decode(_ bytes: [UInt8], file: String) throws(Diagnostic) -> Safetensors {
    if bytes.count < 8 {
      throw Diagnostic(
        "\(file) is cut short: a safetensors file starts with the 8-byte length of its header, and it has \(bytes.count) byte\(bytes.count == 1 ? "" : "s")")
    }
    let length = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    let available = bytes.count - 8
    if length > UInt64(available) {
      // Text read as a length is astronomically long: say what the file is instead.
      let space: Set<UInt8> = [0x09, 0x0A, 0x0D, 0x20]
      if bytes[0..<8].allSatisfy({ space.contains($0) || (0x21...0x7E).contains($0) }) {
        let json = bytes.first { !space.contains($0) } == UInt8(ascii: "{")
        throw Diagnostic(
          "\(file) is not a safetensors file: it starts as \(json ? "JSON " : "")text does, not with the length of a header",
          hint: json ? "a vanish.network JSON file is loaded by a name ending in .json" : nil)
      }
      if length > UInt64(maxHeader) {
        throw Diagnostic("\(file) is not a safetensors file: its first 8 bytes give a header of \(length) bytes, and the file has \(bytes.count)")
      }
      throw Diagnostic("\(file) is cut short: its header is \(length) bytes long but only \(available) follow the length")
    }
    if length > UInt64(maxHeader) {
      throw Diagnostic("\(file): its header of \(length) bytes is longer than safetensors allows (\(maxHeader))")
    }
    let headerEnd = 8 + Int(length)
    let headerBytes = bytes[8..<headerEnd]
    guard headerBytes.first == UInt8(ascii: "{") else {
      throw Diagnostic("\(file) is not a safetensors file: its header does not start with '{'")
    }
    let header: [String: JSONValue]
    do {
      header = try JSONDecoder().decode([String: JSONValue].self, from: Data(headerBytes))
    } catch {
      let problem = JSONFiles.syntaxProblem(Data(headerBytes)) ?? JSONFiles.describe(error)
      throw Diagnostic("\(file): the safetensors header is not a JSON object: \(problem)")
    }
    var metadata: [String: String]?
    if let raw = header["__metadata__"] {
      guard case .object(let map) = raw else {
        throw Diagnostic("\(file): the header's __metadata__ is not a map of strings to strings")
      }
      var strings: [String: String] = [:]
      for (key, value) in map {
        guard case .string(let s) = value else {
          throw Diagnostic("\(file): the header's __metadata__ holds \(JSONFiles.string(key)), which is not a string")
        }
        strings[key] = s
      }
      metadata = strings
    }
    let data = bytes[headerEnd...]
    // The entries in the order of their names, then the data in the order of the offsets, so
    // that a file with several faults always names the same one.
    var entries: [(name: String, dtype: String, shape: [Int], begin: Int, end: Int)] = []
    for (name, raw) in header.sorted(by: { $0.key < $1.key }) where name != "__metadata__" {
      let quoted = JSONFiles.string(name)
      guard case .object(let info) = raw else { throw Diagnostic("\(file): the header's entry \(quoted) is not an object") }
      guard case .string(let dtype)? = info["dtype"] else { throw Diagnostic("\(file): tensor \(quoted) has no \"dtype\" string") }
      guard let size = elementSize[dtype] else { throw Diagnostic("\(file): tensor \(quoted) has unknown dtype \(JSONFiles.string(dtype))") }
      guard let shape = integers(info["shape"]) else {
        throw Diagnostic("\(file): tensor \(quoted) has no \"shape\" (a list of whole numbers from 0)")
      }
      guard let offsets = integers(info["data_offsets"]), offsets.count == 2, offsets[0] <= offsets[1] else {
        throw Diagnostic("\(file): tensor \(quoted) has no \"data_offsets\" [begin, end] with begin <= end")
      }
      var count = size
      for n in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: n)
        guard !overflow else { throw Diagnostic("\(file): tensor \(quoted) has a shape too large to hold: \(shape)") }
        count = product
      }
      if count != offsets[1] - offsets[0] {
        throw Diagnostic(
          "\(file): tensor \(quoted) of shape \(shape) and dtype \(dtype) needs \(count) bytes, but its data_offsets \(offsets) give \(offsets[1] - offsets[0])")
      }
      entries.append((name, dtype, shape, offsets[0], offsets[1]))
    }
    entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
    var tensors: [Tensor] = []
    var covered = 0
    for t in entries {
      let quoted = JSONFiles.string(t.name)
      if t.begin < covered {
        throw Diagnostic("\(file): tensor \(quoted)'s data (bytes \(t.begin) to \(t.end)) overlaps the tensor before it")
      }
      if t.begin > covered {
        throw Diagnostic("\(file): no tensor holds bytes \(covered) to \(t.begin) of the data")
      }
      if t.end > data.count {
        throw Diagnostic("\(file) is cut short: tensor \(quoted) ends at byte \(t.end) of the data, but only \(data.count) bytes follow the header")
      }
      let start = data.startIndex + t.begin
      tensors.append(Tensor(name: t.name, dtype: t.dtype, shape: t.shape, bytes: data[start..<(data.startIndex + t.end)]))
      covered = t.end
    }
    if covered != data.count {
      throw Diagnostic("\(file): its tensors hold \(covered) bytes of data, but \(data.count) follow the header")
    }
    return Safetensors(tensors: tensors, metadata: metadata)
  }

  /// A JSON list of whole numbers from 0.
  private static func integers(_ raw: JSONValue?) -> [Int]? {
    guard case .array(let list)? = raw else { return nil }
    var out: [Int] = []
    for item in list {
      guard case .integer(let n) = item, n >= 0 else { return nil }
      out.append(n)
    }
    return out
  }

  /// The elements of an F64 or F32 tensor as Doubles (F32 widened, which is exact); nil for
  /// any other dtype.
  static func doubles(_ t: Tensor) -> [Double]? {
    switch t.dtype {
    case "F64":
      return t.bytes.withUnsafeBytes { buffer in
        (0..<(buffer.count / 8)).map { Double(bitPattern: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
      }
    case "F32":
      return t.bytes.withUnsafeBytes { buffer in
        (0..<(buffer.count / 4)).map { Double(Float(bitPattern: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))) }
      }
    default:
      return nil
    }
  }
}

/// Any JSON value, for a header whose entries are of two kinds (tensors and metadata). Whole
/// numbers that fit an Int are `.integer`; other numbers `.number`.
enum JSONValue: Decodable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let n = try? c.decode(Int.self) {
      self = .integer(n)
    } else if let x = try? c.decode(Double.self) {
      self = .number(x)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let a = try? c.decode([JSONValue].self) {
      self = .array(a)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }
}

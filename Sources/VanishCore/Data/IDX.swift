/// The IDX format of MNIST's files (LeCun et al.): a 4-byte magic number `00 00 TT DD`, where
/// TT is the element type (08 for unsigned bytes) and DD the number of dimensions, then DD sizes
/// as big-endian 32-bit integers, then the elements in row-major order. An images file is
/// (count, rows, cols), a labels file is (count).
public struct IDXArray: Sendable {
  public var dimensions: [Int]
  /// The elements, one unsigned byte each.
  public var bytes: [UInt8]

  public var count: Int { dimensions.first ?? 0 }
  /// The size of one item: rows * cols for an image, 1 for a label.
  public var itemSize: Int { dimensions.dropFirst().reduce(1, *) }
}

public enum IDX {
  /// Reads an IDX file, gzip-compressed or not.
  public static func read(_ path: String) throws(CoreError) -> IDXArray {
    try parse(try DataFile.contents(path), name: path)
  }

  /// Checks the header against the data and returns the array; `name` is the file for errors.
  public static func parse(_ data: consuming [UInt8], name: String) throws(CoreError) -> IDXArray {
    func fail(_ problem: String) -> CoreError { .invalidFile("\(name) is not a valid IDX file: \(problem)") }
    guard data.count >= 4 else {
      throw fail("it has \(data.count) bytes, fewer than the 4 of the magic number")
    }
    let magic = data[0..<4].reduce(0) { $0 << 8 | Int($1) }
    let typeNames: [UInt8: String] = [0x09: "signed bytes", 0x0B: "16-bit integers", 0x0C: "32-bit integers", 0x0D: "floats", 0x0E: "doubles"]
    guard data[0] == 0, data[1] == 0 else {
      throw fail("the magic number is \(hex(magic)), not 0x000008DD (unsigned bytes, DD dimensions)")
    }
    if data[2] != 0x08 {
      let type = typeNames[data[2]].map { "\($0), type \(hex(Int(data[2]), digits: 2))" } ?? "unknown type \(hex(Int(data[2]), digits: 2))"
      throw fail("the magic number \(hex(magic)) says \(type); vanish reads unsigned bytes (0x08), as MNIST's files hold")
    }
    let rank = Int(data[3])
    guard rank >= 1 else { throw fail("the magic number \(hex(magic)) says 0 dimensions") }
    let headerSize = 4 + 4 * rank
    guard data.count >= headerSize else {
      throw fail("truncated: the header needs \(headerSize) bytes for \(rank) dimensions but the file has \(data.count)")
    }
    var dimensions: [Int] = []
    for d in 0..<rank {
      let at = 4 + 4 * d
      dimensions.append(data[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) })
    }
    // Sizes from a damaged header can overflow when multiplied: then no file is that large.
    let expected = dimensions.reduce(1) { product, d in
      let (p, overflow) = product.multipliedReportingOverflow(by: d)
      return overflow ? Int.max : p
    }
    let actual = data.count - headerSize
    let shape = dimensions.map(String.init).joined(separator: "×")
    if actual < expected {
      throw fail("truncated: its header says \(shape) = \(expected) bytes of data but only \(actual) follow")
    }
    if actual > expected {
      throw fail("its header says \(shape) = \(expected) bytes of data but \(actual) follow")
    }
    var bytes = consume data
    bytes.removeFirst(headerSize)  // in place: no second copy of a 47 MB file
    return IDXArray(dimensions: dimensions, bytes: bytes)
  }

  private static func hex(_ v: Int, digits: Int = 8) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, digits - s.count)) + s
  }
}

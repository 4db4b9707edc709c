import Foundation
import Testing
@testable import VanishCore

/// IDX files, plain and gzip-compressed, and every way they can be broken.
@Suite struct DataFileTests {
  /// An IDX file of unsigned bytes with the given dimensions; `extra` bytes are appended or,
  /// when negative, removed from the end.
  static func idxBytes(_ dimensions: [Int], data: [UInt8], extra: Int = 0) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
    for d in dimensions { bytes += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)] }
    bytes += data
    if extra > 0 { bytes += [UInt8](repeating: 7, count: extra) }
    if extra < 0 { bytes.removeLast(-extra) }
    return bytes
  }

  static func write(_ bytes: [UInt8], _ name: String, in dir: URL) throws -> String {
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  /// Compresses a file with the system's gzip, as MNIST's files were made.
  static func gzip(_ path: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/gzip")
    p.arguments = ["-kf", path]
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    return path + ".gz"
  }

  static func directory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanish-data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Two 2×3 images with labels 2 and 0.
  static let pixels: [UInt8] = [0, 51, 255, 102, 153, 204, 255, 0, 1, 2, 3, 4]

  @Test func plainAndGzipPairsReadTheSame() throws {
    let dir = try DataFileTests.directory()
    let images = try DataFileTests.write(DataFileTests.idxBytes([2, 2, 3], data: DataFileTests.pixels), "img.idx", in: dir)
    let labels = try DataFileTests.write(DataFileTests.idxBytes([2], data: [2, 0]), "lab.idx", in: dir)
    let plain = try Dataset.idx(images: images, labels: labels)
    let zipped = try Dataset.idx(images: try DataFileTests.gzip(images), labels: try DataFileTests.gzip(labels))
    for data in [plain, zipped] {
      #expect(data.size == 2)
      #expect(data.inputSize == 6)
      #expect(data.outputSize == 3)  // the largest label is 2
      let x = data.inputs
      #expect(x.column(0) == [0, 0.2, 1, 0.4, 0.6, 0.8])
      let second: [Double] = [255, 0, 1, 2, 3, 4].map { $0 / 255 }
      #expect(x.column(1) == second)
      #expect(data.targets.rowArrays == [[0, 1], [0, 0], [1, 0]])
    }
  }

  @Test func wrongMagicNumberIsNamed() throws {
    var bytes = DataFileTests.idxBytes([2], data: [1, 2])
    bytes[2] = 0x0D
    #expect(throws: CoreError.invalidFile(
      "lab.idx is not a valid IDX file: the magic number 0x00000D01 says floats, type 0x0D; vanish reads unsigned bytes (0x08), as MNIST's files hold")
    ) { try IDX.parse(bytes, name: "lab.idx") }
    bytes[0] = 0x1F
    #expect(throws: CoreError.invalidFile(
      "x is not a valid IDX file: the magic number is 0x1F000D01, not 0x000008DD (unsigned bytes, DD dimensions)")
    ) { try IDX.parse(bytes, name: "x") }
  }

  @Test func truncatedAndOverlongDataAreNamed() throws {
    let short = DataFileTests.idxBytes([2, 2, 3], data: DataFileTests.pixels, extra: -5)
    #expect(throws: CoreError.invalidFile(
      "img is not a valid IDX file: truncated: its header says 2×2×3 = 12 bytes of data but only 7 follow")
    ) { try IDX.parse(short, name: "img") }
    let long = DataFileTests.idxBytes([2, 2, 3], data: DataFileTests.pixels, extra: 3)
    #expect(throws: CoreError.invalidFile(
      "img is not a valid IDX file: its header says 2×2×3 = 12 bytes of data but 15 follow")
    ) { try IDX.parse(long, name: "img") }
    #expect(throws: CoreError.invalidFile(
      "img is not a valid IDX file: truncated: the header needs 16 bytes for 3 dimensions but the file has 9")
    ) { try IDX.parse(Array(short.prefix(9)), name: "img") }
    #expect(throws: CoreError.invalidFile("e is not a valid IDX file: it has 0 bytes, fewer than the 4 of the magic number")) {
      try IDX.parse([], name: "e")
    }
  }

  @Test func pairsMustMatch() throws {
    let dir = try DataFileTests.directory()
    let images = try DataFileTests.write(DataFileTests.idxBytes([2, 2, 3], data: DataFileTests.pixels), "img", in: dir)
    let labels = try DataFileTests.write(DataFileTests.idxBytes([3], data: [0, 1, 2]), "lab", in: dir)
    #expect(throws: CoreError.invalidFile("\(images) has 2 images but \(labels) has 3 labels")) {
      try Dataset.idx(images: images, labels: labels)
    }
    #expect(throws: CoreError.invalidFile(
      "\(labels) holds 1 dimension: it looks like a labels file, not images (count × rows × cols)")
    ) { try Dataset.idx(images: labels, labels: images) }
  }

  @Test func brokenGzipIsNamed() throws {
    let dir = try DataFileTests.directory()
    let plain = try DataFileTests.write(
      DataFileTests.idxBytes([1000], data: (0..<1000).map { UInt8($0 % 7) }), "lab", in: dir)
    let zipped = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try DataFileTests.gzip(plain))))
    let cut = try DataFileTests.write(Array(zipped.prefix(zipped.count - 12)), "cut.gz", in: dir)
    #expect(throws: CoreError.invalidFile(
      "cannot read \(cut): the gzip data is truncated: the file ends before the end of the compressed stream")
    ) { try IDX.read(cut) }
    var damaged = zipped
    damaged[damaged.count - 6] ^= 0xFF  // the CRC-32 of the data
    let bad = try DataFileTests.write(damaged, "bad.gz", in: dir)
    #expect(throws: CoreError.invalidFile("cannot read \(bad): the gzip data is corrupt (incorrect data check)")) {
      try IDX.read(bad)
    }
  }

  @Test func absentFilesAreNamed() throws {
    #expect(throws: CoreError.invalidFile("cannot read /nonexistent/x.gz: no such file")) { try IDX.read("/nonexistent/x.gz") }
    #expect(throws: CoreError.invalidFile("cannot read /tmp: it is a directory")) { try IDX.read("/tmp") }
    #expect(throws: CoreError.invalidFile(
      "Fashion-MNIST is not installed: /nonexistent/train-images-idx3-ubyte.gz is missing")
    ) { try FashionMNIST.load(from: "/nonexistent") }
  }

  /// The real files: sizes, scaling, labels, and the memory they take.
  @Test func fashionMNISTIsCompact() throws {
    let data = try FashionMNIST.load()
    #expect(data.size == 60_000)
    #expect(data.test?.size == 10_000)
    #expect(data.inputSize == 784)
    #expect(data.outputSize == 10)
    // The first training image is an ankle boot (class 9), the first test image too.
    #expect(data.label(0) == 9)
    #expect(data.test?.label(0) == 9)
    var x = Matrix(rows: 2, cols: 784)
    data.fillInputRows([0, 59_999], into: &x)
    #expect(x.storage.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(x.storage.max() == 1)
    // 70,000 images of 784 bytes and their labels: about 55 MB, not the 439 MB of Doubles.
    #expect(data.memoryBytes == 70_000 * 784 + 70_000 * 4)
  }
}

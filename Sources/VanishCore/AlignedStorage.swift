/// The Doubles of a `Matrix`: one contiguous buffer, as `[Double]` would be, but starting at a
/// multiple of 64 bytes, a cache line, with value semantics (copied on write, as Array is).
///
/// The alignment is for OpenBLAS's kernels: their AVX-512 loads are 64 bytes, and a load that
/// straddles two cache lines costs two. A `[Double]`'s elements start 32 bytes into a block
/// that malloc aligns to 16 (and a large one, which malloc maps on its own pages, always 48
/// bytes past a line), so a weight matrix of `[784, 30, 10]` and a batch's inputs were both
/// misaligned, and the forward product of a batch of 10 ran at half the speed it has aligned
/// (36 against 74 GFLOP/s on an Intel Xeon with AVX-512; its update 54 against 71). Rows of
/// 784 Doubles are whole lines, so in such a matrix every row is aligned.
public struct AlignedStorage: Sendable {
  /// The memory, owned: freed with the last storage that shares it.
  final class Buffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    let count: Int

    init(uninitializedCount count: Int) {
      self.count = count
      base = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<Double>.stride, alignment: 64)
        .bindMemory(to: Double.self, capacity: Swift.max(count, 1))
    }

    deinit { base.deallocate() }

    static let empty = Buffer(uninitializedCount: 0)

    /// A buffer of its own holding source's elements.
    static func copy(_ source: UnsafeBufferPointer<Double>) -> Buffer {
      guard let from = source.baseAddress, !source.isEmpty else { return .empty }
      let buffer = Buffer(uninitializedCount: source.count)
      buffer.base.initialize(from: from, count: source.count)
      return buffer
    }
  }

  private var buffer: Buffer

  /// The number of elements.
  public var count: Int { buffer.count }

  /// count copies of value.
  public init(repeating value: Double, count: Int) {
    precondition(count >= 0, "a storage cannot have a negative count")
    buffer = count == 0 ? .empty : Buffer(uninitializedCount: count)
    buffer.base.initialize(repeating: value, count: count)
  }

  /// The elements of a sequence, in order.
  public init<S: Sequence>(_ elements: S) where S.Element == Double {
    buffer = elements.withContiguousStorageIfAvailable(Buffer.copy) ?? Array(elements).withUnsafeBufferPointer(Buffer.copy)
  }

  public init() { buffer = .empty }

  /// count elements written by `initializer`, which gets the uninitialized buffer and sets how
  /// many of them it initialized, from the start (as Array's
  /// `init(unsafeUninitializedCapacity:initializingWith:)`, for products and weight matrices too
  /// large to fill with zeros first). When it initializes fewer than count (it was stopped),
  /// the storage is empty.
  public init(
    unsafeUninitializedCount count: Int,
    initializingWith initializer: (_ buffer: UnsafeMutableBufferPointer<Double>, _ initializedCount: inout Int) -> Void
  ) {
    let buffer = count == 0 ? Buffer.empty : Buffer(uninitializedCount: count)
    var initialized = 0
    initializer(UnsafeMutableBufferPointer(start: buffer.base, count: count), &initialized)
    // Doubles need no deinitialization: a buffer initialized in part is simply dropped.
    self.buffer = initialized == count ? buffer : .empty
  }

  /// The elements as an Array (a copy).
  public var array: [Double] { Array(UnsafeBufferPointer(start: buffer.base, count: count)) }

  /// Calls body with the elements, read-only.
  public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Double>) throws(E) -> R) throws(E) -> R {
    try body(UnsafeBufferPointer(start: buffer.base, count: count))
  }

  /// Calls body with the elements, to change them in place (the buffer is first made this
  /// storage's own).
  public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws(E) -> R
  ) throws(E) -> R {
    makeUnique()
    var pointer = UnsafeMutableBufferPointer(start: buffer.base, count: count)
    return try body(&pointer)
  }

  private mutating func makeUnique() {
    if isKnownUniquelyReferenced(&buffer) { return }
    let copy = Buffer(uninitializedCount: buffer.count)
    copy.base.initialize(from: buffer.base, count: buffer.count)
    buffer = copy
  }
}

extension AlignedStorage: RandomAccessCollection, MutableCollection {
  public typealias Index = Int
  public typealias Indices = Range<Int>
  public var startIndex: Int { 0 }
  public var endIndex: Int { buffer.count }
  public var indices: Range<Int> { 0..<buffer.count }
  public func index(after i: Int) -> Int { i + 1 }
  public func index(before i: Int) -> Int { i - 1 }

  /// The elements in order, read straight from the buffer (which the iterator keeps alive).
  public struct Iterator: IteratorProtocol {
    let buffer: Buffer
    var i = 0
    public mutating func next() -> Double? {
      guard i < buffer.count else { return nil }
      defer { i += 1 }
      return buffer.base[i]
    }
  }

  public func makeIterator() -> Iterator { Iterator(buffer: buffer) }

  public subscript(i: Int) -> Double {
    get {
      precondition(i >= 0 && i < buffer.count, "index out of range")
      return buffer.base[i]
    }
    set {
      precondition(i >= 0 && i < buffer.count, "index out of range")
      makeUnique()
      buffer.base[i] = newValue
    }
  }

  public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R? {
    try body(UnsafeBufferPointer(start: buffer.base, count: count))
  }

  public mutating func withContiguousMutableStorageIfAvailable<R>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
  ) rethrows -> R? {
    makeUnique()
    var pointer = UnsafeMutableBufferPointer(start: buffer.base, count: count)
    return try body(&pointer)
  }
}

// Scans of whole matrices, as loops over the buffer (Sequence's generic algorithms would do
// the same, but a debug build runs them through the protocols element by element). The
// Euclidean norm is `Sequence.euclideanNorm`, which reads a contiguous buffer the same way.
extension AlignedStorage {
  /// The largest absolute element (0 when empty; NaN is passed over, as max does).
  public var maxAbs: Double {
    withUnsafeBufferPointer { p in
      var m = 0.0
      for i in 0..<p.count { m = Swift.max(m, abs(p[i])) }
      return m
    }
  }

  /// Whether no element is NaN or infinite.
  public var allFinite: Bool {
    withUnsafeBufferPointer { p in
      for i in 0..<p.count where !p[i].isFinite { return false }
      return true
    }
  }

  /// Whether some element is NaN.
  public var containsNaN: Bool {
    withUnsafeBufferPointer { p in
      for i in 0..<p.count where p[i].isNaN { return true }
      return false
    }
  }

  /// The sum of the squares of the elements, in order.
  public var sumOfSquares: Double {
    withUnsafeBufferPointer { p in
      var sum = 0.0
      for i in 0..<p.count { sum += p[i] * p[i] }
      return sum
    }
  }
}

extension AlignedStorage: Equatable {
  /// Element by element, as `[Double]`'s ==: 0 equals -0, and NaN equals nothing, except that
  /// a storage equals itself (and a copy sharing its buffer), as Arrays sharing one do.
  public static func == (lhs: AlignedStorage, rhs: AlignedStorage) -> Bool {
    if lhs.buffer === rhs.buffer { return true }
    guard lhs.count == rhs.count else { return false }
    for i in 0..<lhs.count where lhs.buffer.base[i] != rhs.buffer.base[i] { return false }
    return true
  }
}

extension AlignedStorage: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: Double...) { self.init(elements) }
}

extension AlignedStorage: CustomStringConvertible {
  public var description: String { array.description }
}

/// A contiguous buffer of Doubles, Array's or a matrix's, for code that works on either
/// through its pointer.
protocol ContiguousDoubles {
  var count: Int { get }
  func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Double>) throws(E) -> R) throws(E) -> R
  mutating func withUnsafeMutableBufferPointer<R, E: Error>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws(E) -> R
  ) throws(E) -> R
}

extension Array: ContiguousDoubles where Element == Double {}
extension AlignedStorage: ContiguousDoubles {}

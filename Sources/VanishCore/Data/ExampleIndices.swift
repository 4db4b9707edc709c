/// Which examples a batch holds: consecutive ones, or any in a given order (a shuffled epoch).
/// A concrete type rather than a generic collection, so that even an unoptimised build copies
/// batches without allocating.
public enum ExampleIndices: Sendable, ExpressibleByArrayLiteral {
  case range(Range<Int>)
  case list(ArraySlice<Int>)

  public init(arrayLiteral elements: Int...) { self = .list(elements[...]) }

  public var count: Int {
    switch self {
    case .range(let r): return r.count
    case .list(let l): return l.count
    }
  }

  /// The index of the c-th example of the batch.
  @inline(__always) public subscript(c: Int) -> Int {
    switch self {
    case .range(let r): return r.lowerBound + c
    case .list(let l): return l[l.startIndex + c]
    }
  }
}

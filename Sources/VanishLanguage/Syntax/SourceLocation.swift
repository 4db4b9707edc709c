/// A place in the source text: 1-based line and column (columns count characters).
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  /// Index into the source's characters.
  public var offset: Int

  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  public var description: String { "\(line):\(column)" }
}

/// The text an expression or token spans, from `start` up to (not including) `end`.
public struct SourceRange: Equatable, Hashable, Sendable {
  public var start: SourceLocation
  public var end: SourceLocation

  public init(_ start: SourceLocation, _ end: SourceLocation) {
    self.start = start
    self.end = end
  }

  /// The range that covers both.
  public func to(_ other: SourceRange) -> SourceRange { SourceRange(start, other.end) }
}

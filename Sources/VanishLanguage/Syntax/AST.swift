/// The syntax tree. Every node carries the range of source text it came from, so that any
/// error, even one found while running, can point a caret at the text.
public struct Expr: Equatable, Sendable {
  public indirect enum Kind: Equatable, Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case identifier(String)
    /// `[a, b, c]`: a vector, or a matrix when the elements are vectors (rows).
    case array([Expr])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case call(Expr, [CallArgument])
    case index(Expr, Expr)
    /// `a:b`: the vector a, a+1, ..., b (inside an index, the indices a to b).
    case range(Expr, Expr)
    /// `a:s:b`: a, a+s, ... up to b.
    case steppedRange(Expr, Expr, Expr)
    /// `[body for name in values]`
    case comprehension(Expr, String, Expr)
    case field(Expr, String)
    case transpose(Expr)
    /// `layer x 8`
    case repetition(Expr, Int)
  }

  public var kind: Kind
  public var range: SourceRange
  /// The height of the tree below this node (1 for a leaf); the parser refuses trees so
  /// deep that walking them could exhaust the stack.
  public let depth: Int

  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
    self.depth = 1 + kind.children.reduce(0) { max($0, $1.depth) }
  }
}

extension Expr.Kind {
  var children: [Expr] {
    switch self {
    case .number, .string, .bool, .identifier: return []
    case .array(let items): return items
    case .unary(_, let e), .field(let e, _), .transpose(let e), .repetition(let e, _): return [e]
    case .binary(_, let a, let b), .index(let a, let b), .range(let a, let b), .comprehension(let a, _, let b): return [a, b]
    case .steppedRange(let a, let b, let c): return [a, b, c]
    case .call(let f, let args): return [f] + args.map(\.value)
    }
  }
}

/// A call argument: positional (`name` nil) or named (`init=xavier`).
public struct CallArgument: Equatable, Sendable {
  public var name: String?
  public var nameRange: SourceRange?
  public var value: Expr
}

public enum UnaryOperator: String, Sendable {
  case negate = "-"
}

public enum BinaryOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case power = "^"
  case matmul = "@"
  case compose = "->"
}

public struct Statement: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    /// `name = expr`
    case assign(name: String, value: Expr)
    /// `target.field[i] = expr`, `v[i] = expr`: the target is a chain of fields and indices.
    case assignInto(target: Expr, value: Expr)
    /// `f(w1, w2) = expr`
    case define(name: String, parameters: [String], body: Expr)
    /// `expr`: evaluated and printed
    case expression(Expr)
    /// `:name argument`
    case command(name: String, argument: String)
  }

  public var kind: Kind
  public var range: SourceRange
}

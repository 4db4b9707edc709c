/// Errors the core reports about its inputs. The language turns them into diagnostics.
public enum CoreError: Error, Equatable, Sendable, CustomStringConvertible {
  case shapeMismatch(String)
  case invalidArgument(String)
  case interrupted

  public var description: String {
    switch self {
    case .shapeMismatch(let m), .invalidArgument(let m): return m
    case .interrupted: return "interrupted"
    }
  }
}

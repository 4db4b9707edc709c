/// Errors the core reports about its inputs. The language turns them into diagnostics.
public enum CoreError: Error, Equatable, Sendable, CustomStringConvertible {
  case shapeMismatch(String)
  case invalidArgument(String)
  /// A data file that is absent, unreadable or malformed; the message names the file and what is wrong.
  case invalidFile(String)
  /// Training met a cost that is NaN or infinite (batch counts from 1 within its epoch).
  case diverged(epoch: Int, batch: Int, batches: Int, cost: Double)
  case interrupted
  /// A caller's budget of steps ran out at a safe point; the message says which.
  case budgetExceeded(String)

  public var description: String {
    switch self {
    case .shapeMismatch(let m), .invalidArgument(let m), .invalidFile(let m), .budgetExceeded(let m): return m
    case .diverged(let epoch, let batch, let batches, let cost):
      let value = cost.isNaN ? "NaN" : (cost < 0 ? "-Inf" : "Inf")
      return "training diverged: the cost became \(value) in epoch \(epoch), batch \(batch) of \(batches)"
    case .interrupted: return "interrupted"
    }
  }
}

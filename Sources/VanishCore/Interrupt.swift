import Synchronization

/// The process-wide "stop at the next safe point" flag. A SIGINT handler sets it; long
/// computations (training, descent, big gradients) poll it between steps and stop cleanly,
/// leaving every value as it was at that point.
public enum Interrupt {
  private static let flag = Atomic<Bool>(false)

  /// Async-signal-safe: only an atomic store.
  public static func request() { flag.store(true, ordering: .relaxed) }
  public static var isRequested: Bool { flag.load(ordering: .relaxed) }
  public static func clear() { flag.store(false, ordering: .relaxed) }

  /// True (and the flag cleared) when an interrupt is pending: for loops that stop cleanly
  /// instead of throwing, such as training.
  public static func take() -> Bool { flag.exchange(false, ordering: .relaxed) }

  /// Throws `.interrupted` (and clears the flag) when an interrupt is pending.
  public static func check() throws(CoreError) {
    if flag.exchange(false, ordering: .relaxed) { throw .interrupted }
  }
}

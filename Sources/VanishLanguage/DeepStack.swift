import Foundation

/// Runs work on a thread with a deep stack. The interpreter walks the syntax tree recursively,
/// and an expression the parser accepts (up to `Parser.maxDepth` operations deep) can, inside
/// functions that call each other, nest up to `Interpreter.maxEvaluationDepth` evaluations;
/// a debug or sanitizer build spends several kilobytes of stack on each, more than the 8 MB of
/// the main thread. The stack is only reserved: pages are used as deep as the work goes.
enum DeepStack {
  static let size = 1 << 30

  /// Runs `body` on a new thread with a `size` stack and waits for it: the caller is blocked
  /// all the while, so nothing runs at the same time as `body`.
  static func run<T>(_ body: () -> T) -> T {
    withoutActuallyEscaping(body) { body in
      let work = Work(body)
      let thread = Thread { work.run() }
      thread.stackSize = size
      thread.start()
      work.done.wait()
      return work.result!
    }
  }

  /// The work and its result, handed to the other thread; the semaphore orders the accesses.
  private final class Work<T>: @unchecked Sendable {
    /// Dropped as soon as it has run: the closure must not outlive the call to `run`.
    var body: (() -> T)?
    var result: T?
    let done = DispatchSemaphore(value: 0)
    init(_ body: @escaping () -> T) { self.body = body }
    func run() {
      result = body?()
      body = nil
      done.signal()
    }
  }
}

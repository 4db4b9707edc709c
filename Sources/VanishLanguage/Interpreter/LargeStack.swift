import Foundation

/// A thread with a large stack on which a session runs its statements.
///
/// The parser, the interpreter, symbolic differentiation and printing are recursive, and a
/// debug build spends several kilobytes of stack per level: the 8 MB of a main thread (less on
/// other threads) ends near 1,500 levels, below what the limits allow (expressions 2000
/// operations deep, evaluation 10,000 levels deep). Running on a thread whose stack is
/// `stackSize` makes those limits, not the stack, what stops a deep program. The stack is
/// reserved address space: only the pages a deep program touches take memory.
///
/// The calling thread waits while the worker runs, so the work is sequential as if it ran in
/// place; a call made from the worker itself (`:load` inside a script) runs in place.
final class LargeStackWorker: Sendable {
  static let stackSize = 1 << 30

  /// What the caller and the worker thread share; the thread holds only this, so that the
  /// worker is released with its session and its deinit can end the thread.
  private final class State: @unchecked Sendable {
    let condition = NSCondition()
    var job: (() -> Void)?
    var finished = false
    var stopping = false
    var started = false
    var workerThread: pthread_t?
  }

  private let state = State()

  init() {}

  deinit {
    state.condition.lock()
    state.stopping = true
    state.condition.broadcast()
    state.condition.unlock()
  }

  /// Runs `body` on the worker's stack and returns its result.
  func run<T>(_ body: () -> T) -> T {
    if let worker = state.workerThread, pthread_equal(worker, pthread_self()) != 0 { return body() }
    return withoutActuallyEscaping(body) { escapable -> T in
      var result: T?
      let work = UncheckedBox { result = escapable() }
      startIfNeeded()
      state.condition.lock()
      state.job = work.value
      state.finished = false
      state.condition.broadcast()
      while !state.finished { state.condition.wait() }
      state.condition.unlock()
      return result!
    }
  }

  private func startIfNeeded() {
    if state.started { return }
    state.started = true
    let ready = DispatchSemaphore(value: 0)
    let shared = state
    let t = Thread {
      shared.workerThread = pthread_self()
      ready.signal()
      shared.condition.lock()
      while true {
        while shared.job == nil && !shared.stopping { shared.condition.wait() }
        if shared.stopping { break }
        let work = shared.job!
        shared.job = nil
        shared.condition.unlock()
        work()
        shared.condition.lock()
        shared.finished = true
        shared.condition.broadcast()
      }
      shared.condition.unlock()
    }
    t.stackSize = LargeStackWorker.stackSize
    t.name = "vanish-interpreter"
    t.start()
    ready.wait()
  }
}

/// Carries a value across threads where the caller guarantees the accesses never overlap.
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

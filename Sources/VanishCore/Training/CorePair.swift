import CBLAS
import Foundation
import Synchronization

/// A second thread that takes half of each large product of a training step, so that a batch
/// of 10 through `[784, 30, 10]` uses both cores of the machine: the products of one batch are
/// too small for OpenBLAS's own threads (they wait for each other longer than they work) but
/// each is 5-50 microseconds of work, so two threads that meet at every product through
/// atomics, not locks, do them in a little over half the time.
///
/// `split(n, body)` runs body(cut..<n) on the helper and body(0..<cut) on the caller, and returns
/// when both are done. The two halves write disjoint rows of the result; without a pair the
/// same two halves are computed one after the other (`halves`), so the numbers do not depend on
/// whether the second thread took part (`CorePairTests` checks a run bit for bit).
///
/// Between jobs the helper spins for a while (the next product comes within microseconds while
/// an epoch runs), then sleeps on a semaphore; `stop` ends the thread. On a busy machine a half
/// may wait for a descheduled helper: the caller then yields its core instead of spinning.
final class CorePair: @unchecked Sendable {
  /// The cores vanish's own threads use: the machine's, or VANISH_THREADS when it is set to a
  /// number from 1 up (VANISH_THREADS=1 keeps training and measuring on one core; OpenBLAS's
  /// own threads are OPENBLAS_NUM_THREADS's, as before).
  static let cores: Int = {
    let machine = max(1, ProcessInfo.processInfo.activeProcessorCount)
    guard let text = ProcessInfo.processInfo.environment["VANISH_THREADS"], let n = Int(text), n >= 1 else { return machine }
    return n
  }()
  /// Whether a pair is worth making here: a second core.
  static var available: Bool { cores >= 2 }
  /// Products below this many multiply-adds are done in one piece: below it, the meeting costs
  /// more than the half it saves.
  static let threshold = 40_000

  private let posted = Atomic<Int>(0)
  private let finished = Atomic<Int>(0)
  private let sleeping = Atomic<Bool>(false)
  private let stopping = Atomic<Bool>(false)
  private let wake = DispatchSemaphore(value: 0)
  private let exited = DispatchSemaphore(value: 0)
  /// The helper's job and half, written before `posted` moves and read after it has.
  private var job: ((Range<Int>) -> Void)?
  private var half: Range<Int> = 0..<0

  init() {
    let thread = Thread { [self] in loop() }
    thread.stackSize = 1 << 20
    thread.start()
  }

  /// Runs body on two halves of 0..<n, the upper one on the helper; `cut` divides them (by
  /// default a multiple of 8 near n/2, so that both halves keep the kernels' blocks whole).
  func split(_ n: Int, cut: Int? = nil, _ body: @escaping (Range<Int>) -> Void) {
    let cut = cut ?? CorePair.cut(n)
    if cut == 0 || cut == n {
      body(0..<n)
      return
    }
    job = body
    half = cut..<n
    let ticket = posted.add(1, ordering: .sequentiallyConsistent).newValue
    if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
    body(0..<cut)
    // A half takes microseconds: spin that long, then give the core away between looks (the
    // helper may be waiting for this very core, when the system put both threads on one).
    var spins = 0
    while finished.load(ordering: .acquiring) != ticket {
      spins += 1
      if spins > 512 { sched_yield() } else { cpu_relax() }
    }
    job = nil
  }

  /// body(0..<cut) and body(cut..<n): on the two threads of `pair`, or one after the other on
  /// this one. A training step cuts its products the same way with or without a pair, because
  /// OpenBLAS does not promise the same bits for a block of rows as for the whole (its AVX-512
  /// kernels for a batch of 16 or 32 do not give them), and a run must not depend on which
  /// batches the pair took.
  static func halves(_ n: Int, cut: Int? = nil, pair: CorePair?, _ body: @escaping (Range<Int>) -> Void) {
    if let pair { return pair.split(n, cut: cut, body) }
    let cut = cut ?? CorePair.cut(n)
    if cut > 0 { body(0..<cut) }
    if cut < n { body(cut..<n) }
  }

  /// Where n rows are cut: a multiple of 8 near n/2 (0 or n for fewer than 16).
  static func cut(_ n: Int) -> Int {
    n < 16 ? n : (n / 2 + 4) / 8 * 8
  }

  private func loop() {
    var seen = 0
    while true {
      var spins = 0
      while posted.load(ordering: .acquiring) == seen {
        if stopping.load(ordering: .acquiring) {
          exited.signal()
          return
        }
        spins += 1
        // Spin for the next product (microseconds away while an epoch runs), yielding the core
        // now and then in case the caller waits for it; after a few thousand looks, sleep.
        if spins & 255 == 0 { sched_yield() } else { cpu_relax() }
        if spins > 50_000 {
          // Nothing for a while (well over a batch): sleep until the next job.
          sleeping.store(true, ordering: .sequentiallyConsistent)
          if posted.load(ordering: .sequentiallyConsistent) == seen && !stopping.load(ordering: .sequentiallyConsistent) {
            wake.wait()
          }
          sleeping.store(false, ordering: .sequentiallyConsistent)
          spins = 0
        }
      }
      seen += 1
      if let job { job(half) }
      finished.store(seen, ordering: .releasing)
    }
  }

  /// Ends the helper and waits for it.
  func stop() {
    stopping.store(true, ordering: .sequentiallyConsistent)
    wake.signal()
    exited.wait()
  }
}

/// Which batches of an epoch share their products with the pair. The pair pays while the
/// second core is free and loses on a busy machine, where each half waits for the other's
/// thread to be scheduled again: so every 256 batches, 8 are timed alone and 8 with the pair,
/// and the other 240 go the faster way; while they go with the pair, every 16 of them are
/// timed again, and a pair that has become slower than alone is left for the rest of the
/// cycle. The numbers are the same bits either way. Two lost trials in a row end the pair for
/// the rest of the epoch (`givesUp`).
struct PairSchedule {
  static let cycle = 256
  static let trial = 8
  static let check = 16
  private var alone: UInt64 = 0
  private var paired: UInt64 = 0
  private var since: UInt64 = 0
  private var sinceCount = 0
  private var pairs = true
  /// Trials in a row the pair lost.
  private var lost = 0
  private var started: UInt64 = 0
  /// The epoch's batch the cycles count from: the first that had the pair.
  private let first: Int

  init(first: Int) { self.first = first }

  /// Whether batch b (of the epoch) uses the pair; starts its clock.
  mutating func begin(_ b: Int) -> Bool {
    let k = (b - first) % PairSchedule.cycle
    if k == 0 { (alone, paired, since, sinceCount) = (0, 0, 0, 0) }
    started = DispatchTime.now().uptimeNanoseconds
    if k < PairSchedule.trial { return false }
    if k < 2 * PairSchedule.trial { return true }
    return pairs
  }

  /// Whether the pair has lost two trials in a row (512 batches): the rest of the epoch is
  /// better off without it, its inputs converted ahead by an `InputPrefetcher`, which keeps
  /// several batches in flight instead of meeting the helper at every batch (on the
  /// benchmark's Xeon W1 went at 428,000 examples a second as the schedule kept it, alone with
  /// the helper converting the next batch, and at 462,000 with the prefetcher alone).
  var givesUp: Bool { lost >= 2 }

  /// Batch b is done.
  mutating func end(_ b: Int) {
    let k = (b - first) % PairSchedule.cycle
    let t = DispatchTime.now().uptimeNanoseconds &- started
    if k < PairSchedule.trial {
      alone &+= t
    } else if k < 2 * PairSchedule.trial {
      paired &+= t
      if k == 2 * PairSchedule.trial - 1 {
        pairs = paired < alone
        lost = pairs ? 0 : lost + 1
      }
    } else if pairs {
      since &+= t
      sinceCount += 1
      if sinceCount == PairSchedule.check {
        // Slower than the trial's batches alone, by a tenth: alone for the rest of the cycle.
        if Double(since) / Double(PairSchedule.check) > 1.1 * Double(alone) / Double(PairSchedule.trial) { pairs = false }
        (since, sinceCount) = (0, 0)
      }
    }
  }
}

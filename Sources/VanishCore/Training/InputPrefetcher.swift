import Foundation
import Synchronization

/// Converts the inputs of the batches ahead (bytes to Doubles, one example per row) on a second
/// thread while training works on the current ones: that conversion is a quarter of an epoch of
/// `[784, 30, 10]` in batches of 10, and needs nothing from the training.
///
/// The batches go through in blocks of about 1024 examples, two blocks in flight: the helper
/// fills a block while training takes the other, and they meet once per block (a semaphore
/// each way), not once per batch. A batch's inputs were written a hundred batches or so before
/// it is taken, more than the converting core's L2 holds, so training reads them from the
/// shared L3 rather than from the other core's cache: on the benchmark's Xeon W1 on one core
/// went at 450,000-468,000 examples a second with blocks of 1024, 410,000-441,000 with 256 and
/// 360,000-415,000 with 4096 (alternating). Two blocks of W1's Doubles are 12.8 MB.
/// Taking a batch swaps the filled matrix into the pass (no copy);
/// the pass's old matrix goes back into the slot to be filled again. Only full batches (m
/// examples) come from here. The numbers are the same as loading on the training thread.
final class InputPrefetcher: @unchecked Sendable {
  /// A batch's inputs; each is touched by one thread at a time, as the semaphores hand it over.
  private final class Slot: @unchecked Sendable {
    var x: Matrix
    init(_ x: Matrix) { self.x = x }
  }

  /// Worth a second thread: enough batches, so that the blocks overlap.
  static func isWorthwhile(examples n: Int, batch m: Int) -> Bool { n >= 4096 && n / m >= 8 }

  private let data: Dataset
  private let order: [Int]
  private let m: Int
  private let batches: Int
  private let perBlock: Int
  private let slots: [Slot]
  /// filled[k]: block k (mod 2) is ready; free[k]: it may be filled again.
  private let filled = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
  private let free = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
  private let finished = DispatchSemaphore(value: 0)
  /// Set by `stop` before it signals `free`; read by the helper after it waits on `free`.
  private let cancelled = Atomic<Bool>(false)

  /// The first batch converted.
  private let first: Int

  /// Starts converting the full batches of `order` (batch b is order[b*m ..< (b+1)*m]) from
  /// batch `first` on.
  init(data: Dataset, order: [Int], batch m: Int, from first: Int = 0) {
    self.data = data
    self.order = order
    self.m = m
    self.first = first
    batches = order.count / m
    perBlock = max(1, 1024 / m)
    slots = (0..<(2 * perBlock)).map { _ in Slot(Matrix(rows: m, cols: data.inputSize)) }
    free[0].signal()
    free[1].signal()
    let thread = Thread { [self] in fill() }
    thread.stackSize = 1 << 20
    thread.start()
  }

  private func fill() {
    var b = first
    while b < batches {
      let block = ((b - first) / perBlock) % 2
      free[block].wait()
      if cancelled.load(ordering: .acquiring) { break }
      let end = min(b + perBlock, batches)
      for c in b..<end {
        data.fillInputRows(.list(order[(c * m)..<((c + 1) * m)]), into: &slots[(c - first) % slots.count].x)
      }
      filled[block].signal()
      b = end
    }
    finished.signal()
  }

  /// Swaps the inputs of full batch b into x. Batches must be taken in order, first, first + 1, ...
  func take(_ b: Int, into x: inout Matrix) {
    let k = b - first
    let block = (k / perBlock) % 2
    if k % perBlock == 0 { filled[block].wait() }
    swap(&x, &slots[k % slots.count].x)
    if k % perBlock == perBlock - 1 || b == batches - 1 { free[block].signal() }
  }

  /// Stops the helper and waits for it (whether it is done, waiting, or filling).
  func stop() {
    cancelled.store(true, ordering: .releasing)
    free[0].signal()
    free[1].signal()
    finished.wait()
  }
}

import Foundation
import VanishCore

/// Sizes checked before any work starts, so that an absurd request is refused with the
/// memory it would need instead of being attempted.
public enum Limits {
  /// The largest layer width.
  public static let maxLayerSize = 100_000_000

  /// Physical memory, as the system reports it.
  public static var physicalMemory: UInt64 { ProcessInfo.processInfo.physicalMemory }

  /// The memory a new value may take: what the system reports as available now
  /// (`MemAvailable` in /proc/meminfo), and never more than half of the physical memory.
  public static var availableMemory: Double {
    let half = Double(physicalMemory) / 2
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
      let kB = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
    else { return half }
    return min(half, kB * 1024)
  }

  /// Refuses a network of this many parameters when they (8 bytes each) would not fit in
  /// the memory available.
  public static func checkParameters(_ count: Double, at range: SourceRange) throws(Diagnostic) {
    let bytes = count * 8
    if bytes <= 1e8 { return }  // 100 MB always goes ahead
    let available = availableMemory
    if bytes > available {
      let shown = count < 9e18 ? String(Int(count)) : Format.number(count)
      throw Diagnostic(
        "this network has \(shown) parameters, which need \(Self.bytes(bytes)) of memory; this machine has \(Self.bytes(available)) available",
        at: range, hint: "use fewer or smaller layers")
    }
  }

  public static func bytes(_ b: Double) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB", "PB"]
    var v = b
    var i = 0
    while v >= 1000 && i < units.count - 1 {
      v /= 1000
      i += 1
    }
    return i == 0 ? "\(Int(v)) bytes" : String(format: "%.1f %@", v, units[i])
  }
}

extension Limits {
  /// Refuses a training run whose batch buffers would not fit in half of the machine's memory.
  static func checkTrainingMemory(_ net: Network, batch m: Int, at range: SourceRange) throws(Diagnostic) {
    let perExample = net.inputSize + 3 * net.layers.reduce(0) { $0 + $1.outputs } + net.outputSize
    let bytes = 8 * Double(perExample) * Double(m) + 8 * 4 * Double(net.parameterCount)
    if bytes > 1e8, bytes > availableMemory {
      throw Diagnostic(
        "training with batches of \(m) needs \(Limits.bytes(bytes)) of memory; this machine has \(Limits.bytes(availableMemory)) available",
        at: range, hint: "use a smaller batch=")
    }
  }
}

extension Interpreter {
  /// Refuses, before it is drawn, a network (or layer) of this many parameters that is larger
  /// than the budget allows (when there is one) or than the machine's memory.
  func checkNetworkSize(_ parameters: Double, _ what: String, at range: SourceRange) throws(Diagnostic) {
    try checkElements(parameters, what, at: range)
    try Limits.checkParameters(parameters, at: range)
  }
}

import Foundation
import VanishCore

/// Sizes checked before any work starts, so that an absurd request is refused with the
/// memory it would need instead of being attempted.
public enum Limits {
  /// The largest layer width.
  public static let maxLayerSize = 100_000_000

  /// Physical memory, as the system reports it.
  public static var physicalMemory: UInt64 { ProcessInfo.processInfo.physicalMemory }

  /// Refuses a network of this many parameters when they (8 bytes each) would not fit in
  /// half of the machine's memory.
  public static func checkParameters(_ count: Int, at range: SourceRange) throws(Diagnostic) {
    let bytes = Double(count) * 8
    let available = Double(physicalMemory) / 2
    if bytes > available {
      throw Diagnostic(
        "this network has \(count) parameters, which need \(Self.bytes(bytes)) of memory; this machine allows \(Self.bytes(available))",
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
    if bytes > Double(physicalMemory) / 2 {
      throw Diagnostic(
        "training with batches of \(m) needs \(Limits.bytes(bytes)) of memory; this machine allows \(Limits.bytes(Double(physicalMemory) / 2))",
        at: range, hint: "use a smaller batch=")
    }
  }
}

import Foundation

/// The CPU as /proc/cpuinfo names it, and which of the flags that decide OpenBLAS's kernel
/// (AVX-512: SkylakeX; AVX2 and FMA: Haswell) it has.
struct CPU {
  static let kernelFlags = ["avx2", "fma", "avx512f"]
  var model = "unknown CPU"
  var flags: Set<String> = []

  /// From the text of /proc/cpuinfo: its first processor's `model name` and `flags`.
  init(cpuinfo: String) {
    func value(_ key: String) -> String? {
      cpuinfo.split(separator: "\n").first { $0.hasPrefix(key) }?
        .split(separator: ":", maxSplits: 1).dropFirst().first?.trimmingCharacters(in: .whitespaces)
    }
    if let model = value("model name") { self.model = model }
    flags = Set((value("flags") ?? "").split(separator: " ").map(String.init))
  }

  static var current: CPU { CPU(cpuinfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "") }

  /// `Intel(R) Xeon(R) Processor (avx2, fma, avx512f)`, or `(avx2, fma, no avx512f)`.
  var summary: String {
    "\(model) (" + CPU.kernelFlags.map { flags.contains($0) ? $0 : "no \($0)" }.joined(separator: ", ") + ")"
  }
}

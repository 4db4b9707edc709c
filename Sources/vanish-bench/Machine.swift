import Foundation

/// The CPU as /proc/cpuinfo names it, its family and model numbers (a VM's model name may be
/// only "Intel(R) Xeon(R) Processor": family 6 model 207 tells an Emerald Rapids), and which of
/// the flags that decide OpenBLAS's kernel (AVX-512: SkylakeX; AVX2 and FMA: Haswell) it has.
struct CPU {
  static let kernelFlags = ["avx2", "fma", "avx512f"]
  var model = "unknown CPU"
  var family: String?
  var number: String?
  var flags: Set<String> = []

  /// From the text of /proc/cpuinfo: its first processor's `model name`, `cpu family`, `model`
  /// and `flags`.
  init(cpuinfo: String) {
    func value(_ key: String) -> String? {
      for line in cpuinfo.split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 1)
        if parts.first?.trimmingCharacters(in: .whitespaces) == key {
          return parts.dropFirst().first?.trimmingCharacters(in: .whitespaces) ?? ""
        }
      }
      return nil
    }
    if let model = value("model name") { self.model = model }
    family = value("cpu family")
    number = value("model")
    flags = Set((value("flags") ?? "").split(separator: " ").map(String.init))
  }

  static var current: CPU { CPU(cpuinfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "") }

  /// `Intel(R) Xeon(R) Processor (family 6 model 207; avx2, fma, avx512f)`, or
  /// `(...; avx2, fma, no avx512f)`.
  var summary: String {
    let numbers = family.map { f in "family \(f)" + (number.map { " model \($0)" } ?? "") + "; " } ?? ""
    return "\(model) (" + numbers + CPU.kernelFlags.map { flags.contains($0) ? $0 : "no \($0)" }.joined(separator: ", ") + ")"
  }
}

import Foundation
import VanishLanguage

// The libFuzzer target over the whole pipeline. `scripts/fuzz` builds it with
// `-sanitize=fuzzer,address -D FUZZING`: `main` then hands over to libFuzzer's driver, which
// calls `LLVMFuzzerTestOneInput` with each input. (SwiftPM links an executable's `main` to
// its `@main` type's, so the driver is started from there rather than by libFuzzer's own
// `main`.) In an ordinary build (no FUZZING) it is a small tool that replays input files
// through the same pipeline: `swift run VanishFuzz crash-1234 ...`.

/// Where fuzzed sessions may save and load files; emptied after every input.
let directory = FuzzPipeline.makeDirectory()

@_cdecl("LLVMFuzzerTestOneInput")
public func vanishFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzPipeline.run(UnsafeBufferPointer(start: data, count: size), directory: directory)
  return 0
}

#if FUZZING
/// libFuzzer's entry point for a program that has its own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct Fuzz {
  static func main() {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in vanishFuzzTestOneInput(data, size) })
  }
}
#else
@main
struct Replay {
  static func main() {
    let files = CommandLine.arguments.dropFirst()
    if files.isEmpty {
      print("usage: VanishFuzz FILE...   replays fuzzer inputs through the fuzzed pipeline (scripts/fuzz fuzzes)")
      exit(2)
    }
    for file in files {
      guard let data = FileManager.default.contents(atPath: file) else {
        print("\(file): cannot read")
        exit(1)
      }
      let start = Date()
      let run = FuzzPipeline.run([UInt8](data), directory: directory, keepOutput: true)
      print("\(file): \(run.outcome) in \(String(format: "%.3f", Date().timeIntervalSince(start))) s")
      for line in run.errors { print(line) }
    }
  }
}
#endif

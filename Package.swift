// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "vanish",
  products: [
    .executable(name: "vanish", targets: ["vanish"]),
    .executable(name: "vanish-bench", targets: ["vanish-bench"]),
    .library(name: "VanishCore", targets: ["VanishCore"]),
    .library(name: "VanishLanguage", targets: ["VanishLanguage"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
  ],
  targets: [
    // OpenBLAS (matrix products), loaded at run time so that its kernel can be chosen first
    // (Sources/CBLAS/blas.c says why); Debian's libopenblas-dev installs it.
    .target(name: "CBLAS", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
    // The logistic sigmoid over a buffer in the CPU's widest vectors, the same bits on every CPU
    // (Sources/CSigmoid/sigmoid.c).
    .target(name: "CSigmoid"),
    // System libraries: zlib (gzip data files), libedit (line editing).
    .systemLibrary(
      name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]),

    // The backprop core: knows nothing of the language.
    .target(name: "VanishCore", dependencies: ["CBLAS", "CSigmoid", "CZlib", "SwiftCSV"]),
    // The language: lexer, parser, AST, interpreter, values, printing.
    .target(name: "VanishLanguage", dependencies: ["VanishCore"]),
    // The only code that touches libedit.
    .target(name: "LineEditing", dependencies: ["CEditLine"]),
    // The executable: argument parsing and wiring.
    .executableTarget(
      name: "vanish",
      dependencies: [
        "VanishLanguage", "LineEditing",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // The benchmark of issues 7 and 15 (scripts/bench runs it in release mode); the language
    // for timing a whole `train` call with its history, as a user's script makes it.
    .executableTarget(name: "vanish-bench", dependencies: ["VanishCore", "VanishLanguage"]),

    // The libFuzzer target over lexer, parser and interpreter; scripts/fuzz builds it with
    // -sanitize=fuzzer,address -D FUZZING. An ordinary build makes a tool that replays inputs.
    .executableTarget(name: "VanishFuzz", dependencies: ["VanishLanguage"]),

    .testTarget(name: "VanishCoreTests", dependencies: ["VanishCore", "CSigmoid"]),
    .testTarget(
      name: "VanishLanguageTests", dependencies: ["VanishLanguage", "LineEditing"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "LineEditingTests", dependencies: ["LineEditing"]),
    // Reference/ holds the numpy helper a test runs, not Swift sources.
    .testTarget(name: "VanishEndToEndTests", dependencies: ["VanishLanguage"], exclude: ["Reference"]),
  ],
  swiftLanguageModes: [.v6]
)

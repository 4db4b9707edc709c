import Foundation
import Testing
@testable import VanishCore

/// The OpenBLAS that vanish loads has the kernel and the threads Sources/CBLAS chose.
@Suite struct BLASTests {
  static let flags: Set<Substring> = {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let line = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
    return Set(line.split(separator: " "))
  }()

  @Test func kernelFollowsTheCPU() {
    let avx512 = ["avx512f", "avx512vl", "avx512bw", "avx512dq"].allSatisfy { BLASTests.flags.contains($0[...]) }
    let avx2 = BLASTests.flags.contains("avx2") && BLASTests.flags.contains("fma")
    let expected = avx512 ? "SkylakeX" : avx2 ? "Haswell" : nil
    #expect(BLAS.kernelForCPU == expected)
    let environment = ProcessInfo.processInfo.environment
    if let chosen = environment["OPENBLAS_CORETYPE"] {  // the user chose the kernel
      #expect(BLAS.kernel.lowercased() == chosen.lowercased())
    } else if let expected {
      #expect(BLAS.kernel == expected)
    }
    if environment["OPENBLAS_NUM_THREADS"] == nil && environment["OMP_NUM_THREADS"] == nil {
      #expect(BLAS.threads == 1)
    }
  }

  @Test func productsAreRight() {
    let a = Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]])
    let b = Matrix(rowArrays: [[1, 0], [0, 1], [1, 1]])
    #expect(a.matmul(b) == Matrix(rowArrays: [[4, 5], [10, 11]]))
    #expect(a.matmul(Matrix(column: [1, 1, 1])) == Matrix(column: [6, 15]))
  }
}

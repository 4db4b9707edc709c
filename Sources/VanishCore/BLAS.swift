import CBLAS
import Foundation

/// What the OpenBLAS that does vanish's products chose (Sources/CBLAS/blas.c loads it).
public enum BLAS {
  /// The kernel family: "SkylakeX" on a CPU with AVX-512, "Haswell" with AVX2 and FMA, unless
  /// OPENBLAS_CORETYPE said otherwise.
  public static var kernel: String { String(cString: blas_core_name()) }
  /// The kernel family vanish asks for on this CPU when OPENBLAS_CORETYPE does not choose one
  /// (nil: OpenBLAS's own choice).
  public static var kernelForCPU: String? { blas_cpu_core_type().map { String(cString: $0) } }
  /// The threads it uses: 1 unless OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) said otherwise.
  public static var threads: Int { Int(blas_threads()) }
  /// Whether the kernel has OpenBLAS's small-matrix path for dgemm (SkylakeX's does, in 0.3.21),
  /// which multiplies small products without copying them into blocks first.
  static let hasSmallMatrixKernels = kernel == "SkylakeX"
  /// Whether OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) chose the threads; `withThreads` then
  /// leaves them as they are.
  static var userChoseThreads: Bool { blas_user_chose_threads() }

  /// Runs `body` with OpenBLAS on `n` threads (unless the user chose with OPENBLAS_NUM_THREADS),
  /// then puts the number back. Products big enough to share, a layer of 100 x 784 times a batch
  /// of 128, run a quarter faster on two threads; small ones slower (the threads wait for each
  /// other longer than they work), hence one thread everywhere else.
  /// The threads for a product of this many multiply-adds: two from 4 million on (when the
  /// machine has two cores), else one.
  static func threads(forProduct multiplyAdds: Double) -> Int {
    multiplyAdds >= 4_000_000 && CorePair.cores >= 2 ? 2 : 1
  }

  static func withThreads<R, E: Error>(_ n: Int, _ body: () throws(E) -> R) throws(E) -> R {
    let before = blas_set_threads(Int32(n))
    defer { blas_set_threads(before) }
    return try body()
  }
}

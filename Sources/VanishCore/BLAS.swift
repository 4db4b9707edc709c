import CBLAS

/// What the OpenBLAS that does vanish's products chose (Sources/CBLAS/blas.c loads it).
public enum BLAS {
  /// The kernel family: "SkylakeX" on a CPU with AVX-512, "Haswell" with AVX2 and FMA, unless
  /// OPENBLAS_CORETYPE said otherwise.
  public static var kernel: String { String(cString: blas_core_name()) }
  /// The threads it uses: 1 unless OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) said otherwise.
  public static var threads: Int { Int(blas_threads()) }
}

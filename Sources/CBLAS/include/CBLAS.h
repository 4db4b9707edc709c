#ifndef VANISH_CBLAS_H
#define VANISH_CBLAS_H

#include <stdbool.h>

// The two BLAS products and the two LAPACK routines vanish uses, on row-major Double matrices,
// with OpenBLAS's 32-bit sizes. They call the system's OpenBLAS, which is loaded before main
// (see blas.c for why it is not linked directly).

/// C = alpha op(A) op(B) + beta C  (cblas_dgemm, row-major)
void blas_dgemm(bool transA, bool transB, int m, int n, int k, double alpha, const double *a,
                int lda, const double *b, int ldb, double beta, double *c, int ldc);

/// y = alpha op(A) x + beta y  (cblas_dgemv, row-major; A is m x n before op)
void blas_dgemv(bool transA, int m, int n, double alpha, const double *a, int lda,
                const double *x, int incx, double beta, double *y, int incy);

/// A hint to the CPU inside a spin-wait (x86's pause, arm's yield): the waiting thread leaves
/// the core's resources to the one it waits for, which may share the core (a VM's two vCPUs
/// can be one core's two hyperthreads).
static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/// Asks the CPU to bring the `bytes` bytes from p into its caches ahead of their reading, a
/// cache line (64 bytes) at a time: for data whose next address the hardware cannot guess, as
/// the shuffled examples of a batch are (each 784 contiguous bytes at a random place).
static inline void prefetch_for_reading(const void *p, long bytes) {
  for (long offset = 0; offset < bytes; offset += 64) __builtin_prefetch((const char *)p + offset, 0, 3);
}

/// The kernel family OpenBLAS chose ("SkylakeX", "Haswell", ...), loading it if needed.
const char *blas_core_name(void);

/// The kernel family vanish asks for from the CPU's feature flags ("SkylakeX", "Haswell"), or
/// NULL (OpenBLAS's own choice), whatever OPENBLAS_CORETYPE says.
const char *blas_cpu_core_type(void);

/// The number of threads OpenBLAS uses.
int blas_threads(void);

/// Whether OPENBLAS_NUM_THREADS or OMP_NUM_THREADS chose the number of threads (then
/// blas_set_threads changes nothing).
bool blas_user_chose_threads(void);

/// Asks OpenBLAS for n threads, unless OPENBLAS_NUM_THREADS or OMP_NUM_THREADS chose; returns
/// the number it had, for putting back. Not while another thread is in a product.
int blas_set_threads(int n);

// Two LAPACK routines, from OpenBLAS's own LAPACK (dgesdd_ and dsyevd_, loaded with the BLAS).
// Both copy the matrix (row-major, as vanish stores it) and leave it as it is; both return
// LAPACK's info: 0 on success, > 0 when the iteration did not converge, -1000 when memory for
// the workspace could not be had. The caller keeps the numbers finite: LAPACK refuses NaN.

/// The min(m, n) singular values of the m x n matrix a, largest first, into s (dgesdd, no
/// singular vectors).
int lapack_singular_values(int m, int n, const double *a, double *s);

/// The n eigenvalues of the symmetric n x n matrix a, smallest first, into w (dsyevd, no
/// eigenvectors; it reads one triangle, a's upper one as stored here).
int lapack_symmetric_eigenvalues(int n, const double *a, double *w);

#endif

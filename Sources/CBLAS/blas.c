// Loads the system's OpenBLAS before main instead of linking it.
//
// Debian's OpenBLAS 0.3.21 is a DYNAMIC_ARCH build that picks its kernels for the CPU when the
// library initialises. On the machines we measured it does not recognise the CPU and falls back
// to a generic kernel many times slower (an Intel Xeon with AVX-512, family 6 model 207, gets
// "Prescott": 13 GFLOP/s in dgemm instead of 69). The only way to choose is the environment
// variable OPENBLAS_CORETYPE, read once, by the library's constructor; a linked library runs
// that constructor before any of our code. So the library is dlopen'ed here, after the core
// type is set from the CPU's own feature flags (AVX-512 -> SkylakeX, AVX2 + FMA -> Haswell),
// and with one thread: vanish's products are mostly small (30x784 by 784x10), and a second
// thread costs more in synchronisation than it gives (training with products big enough to
// share asks for two, through blas_set_threads). Variables the user set are left as they are;
// the ones set here are removed again once the library has read them, so that programs vanish
// starts (numpy in the tests and the benchmark) do not inherit them.
// This happens in a constructor, before main, while the process has one thread: setenv and
// unsetenv are not safe while another thread may read the environment. It costs about 3.5 ms
// of start-up. OpenBLAS also carries LAPACK (Debian's libopenblas0 exports dgesdd_, dsyevd_
// and the rest); the two routines vanish needs come from the same library, found the same way.

#include "CBLAS.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// CBLAS's constants (cblas.h), so that building needs no OpenBLAS header.
enum { RowMajor = 101, NoTrans = 111, Trans = 112 };

typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int,
                         const double *, int, double, double *, int);
typedef void (*dgemv_fn)(int, int, int, int, double, const double *, int, const double *, int,
                         double, double *, int);
typedef char *(*corename_fn)(void);
typedef int (*threads_fn)(void);
typedef void (*set_threads_fn)(int);
// LAPACK's Fortran routines as OpenBLAS exports them (dgesdd_, dsyevd_): every argument by
// reference, column-major, and after the arguments the lengths of the character ones (gfortran's
// convention; a routine that does not read them ignores them).
typedef void (*dgesdd_fn)(const char *jobz, const int *m, const int *n, double *a, const int *lda,
                          double *s, double *u, const int *ldu, double *vt, const int *ldvt,
                          double *work, const int *lwork, int *iwork, int *info, size_t jobz_len);
typedef void (*dsyevd_fn)(const char *jobz, const char *uplo, const int *n, double *a,
                          const int *lda, double *w, double *work, const int *lwork, int *iwork,
                          const int *liwork, int *info, size_t jobz_len, size_t uplo_len);

static dgemm_fn dgemm;
static dgemv_fn dgemv;
static corename_fn corename;
static threads_fn threads;
static set_threads_fn set_threads;
static dgesdd_fn dgesdd;
static dsyevd_fn dsyevd;
static int user_chose_threads;
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static const char *core_type(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq"))
    return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return NULL;
}

static void *symbol(void *library, const char *name) {
  void *s = dlsym(library, name);
  if (!s) {
    fprintf(stderr, "vanish: the OpenBLAS library has no %s\n", name);
    exit(1);
  }
  return s;
}

static void load(void) {
  const char *core = core_type();
  int setCore = core && !getenv("OPENBLAS_CORETYPE");
  int setThreads = !getenv("OPENBLAS_NUM_THREADS") && !getenv("OMP_NUM_THREADS");
  user_chose_threads = !setThreads;
  if (setCore) setenv("OPENBLAS_CORETYPE", core, 1);
  if (setThreads) setenv("OPENBLAS_NUM_THREADS", "1", 1);

  const char *names[] = {"libopenblas.so.0", "libopenblas.so"};
  void *library = NULL;
  for (unsigned i = 0; i < sizeof names / sizeof *names && !library; i++)
    library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  if (setCore) unsetenv("OPENBLAS_CORETYPE");
  if (setThreads) unsetenv("OPENBLAS_NUM_THREADS");
  if (!library) {
    fprintf(stderr,
            "vanish: OpenBLAS could not be loaded (%s); install it with "
            "`apt-get install libopenblas-dev`\n",
            dlerror());
    exit(1);
  }
  dgemm = (dgemm_fn)symbol(library, "cblas_dgemm");
  dgemv = (dgemv_fn)symbol(library, "cblas_dgemv");
  dgesdd = (dgesdd_fn)symbol(library, "dgesdd_");
  dsyevd = (dsyevd_fn)symbol(library, "dsyevd_");
  corename = (corename_fn)dlsym(library, "openblas_get_corename");
  threads = (threads_fn)dlsym(library, "openblas_get_num_threads");
  set_threads = (set_threads_fn)dlsym(library, "openblas_set_num_threads");
}

// pthread_once after the first call is one atomic load.
static inline void ensure_loaded(void) { pthread_once(&loaded, load); }

__attribute__((constructor)) static void load_before_main(void) { ensure_loaded(); }

void blas_dgemm(bool transA, bool transB, int m, int n, int k, double alpha, const double *a,
                int lda, const double *b, int ldb, double beta, double *c, int ldc) {
  ensure_loaded();
  dgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a, lda, b,
        ldb, beta, c, ldc);
}

void blas_dgemv(bool transA, int m, int n, double alpha, const double *a, int lda,
                const double *x, int incx, double beta, double *y, int incy) {
  ensure_loaded();
  dgemv(RowMajor, transA ? Trans : NoTrans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

const char *blas_cpu_core_type(void) { return core_type(); }

const char *blas_core_name(void) {
  ensure_loaded();
  return corename ? corename() : "unknown";
}

int blas_threads(void) {
  ensure_loaded();
  return threads ? threads() : 1;
}

bool blas_user_chose_threads(void) {
  ensure_loaded();
  return user_chose_threads;
}

int blas_set_threads(int n) {
  ensure_loaded();
  int before = threads ? threads() : 1;
  if (!user_chose_threads && set_threads && threads && n != before) set_threads(n);
  return before;
}

// The workspace sizes come from LAPACK's own query (lwork = -1), which reports them as doubles.
static int workspace_size(double w) { return w < 1 ? 1 : (int)w + 1; }

int lapack_singular_values(int m, int n, const double *a, double *s) {
  ensure_loaded();
  // Row-major a is column-major a^T (n x m), whose singular values are a's.
  int rows = n, cols = m, lda = n > 1 ? n : 1, one = 1, info = 0, query = -1;
  int k = m < n ? m : n;
  if (k == 0) return 0;
  double *copy = malloc(sizeof(double) * (size_t)m * (size_t)n);
  int *iwork = malloc(sizeof(int) * 8 * (size_t)k);
  if (!copy || !iwork) {
    free(copy);
    free(iwork);
    return -1000;
  }
  memcpy(copy, a, sizeof(double) * (size_t)m * (size_t)n);
  double size = 0, unused = 0;
  dgesdd("N", &rows, &cols, copy, &lda, s, &unused, &one, &unused, &one, &size, &query, iwork, &info, 1);
  if (info == 0) {
    int lwork = workspace_size(size);
    double *work = malloc(sizeof(double) * (size_t)lwork);
    if (!work) {
      info = -1000;
    } else {
      dgesdd("N", &rows, &cols, copy, &lda, s, &unused, &one, &unused, &one, work, &lwork, iwork, &info,
             1);
      free(work);
    }
  }
  free(copy);
  free(iwork);
  return info;
}

int lapack_symmetric_eigenvalues(int n, const double *a, double *w) {
  ensure_loaded();
  if (n == 0) return 0;
  int lda = n, info = 0, query = -1, isize = 0;
  double *copy = malloc(sizeof(double) * (size_t)n * (size_t)n);
  if (!copy) return -1000;
  memcpy(copy, a, sizeof(double) * (size_t)n * (size_t)n);
  double size = 0;
  dsyevd("N", "L", &n, copy, &lda, w, &size, &query, &isize, &query, &info, 1, 1);
  if (info == 0) {
    int lwork = workspace_size(size), liwork = isize < 1 ? 1 : isize;
    double *work = malloc(sizeof(double) * (size_t)lwork);
    int *iwork = malloc(sizeof(int) * (size_t)liwork);
    if (!work || !iwork) {
      info = -1000;
    } else {
      dsyevd("N", "L", &n, copy, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1);
    }
    free(work);
    free(iwork);
  }
  free(copy);
  return info;
}

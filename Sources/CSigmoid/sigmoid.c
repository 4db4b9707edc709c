// The logistic sigmoid over a buffer, in the CPU's widest vectors.
//
// A layer's forward pass takes one exponential per unit and example, and glibc's exp takes one
// value at a time: in a loop on the benchmark's Xeon 9 ns a sigmoid, against 1.5 ns for the
// loop below, and a tenth of a training step of [784, 100, 100, 100, 10] at batch 10 (W2 went
// from 97,000-100,000 examples a second to 112,000-116,000). Here the same formula as
// Activation.sigmoid,
//   e = e^-|z|,  a = (z >= 0 ? 1 : e) / (1 + e),
// runs eight values at a time with AVX-512, four with AVX2 and FMA, or one at a time, chosen
// once from the CPU. Each loop is the same C, one inline function compiled for three targets,
// with every multiply-add written as fma() and contraction off: so every CPU computes the same
// operations with the same single roundings, and the bits do not depend on the CPU or on
// glibc's version.
//
// e^x for x <= 0 (all the sigmoid needs) is computed as 2^n e^r, n = round(x / ln 2),
// r = x - n ln 2 in two steps (Cody and Waite: n ln2_hi is exact, and so is x - n ln2_hi), and
// e^r for |r| <= 0.35 from its Taylor series to r^13 (the first term left out is below 4e-18
// relative) by Horner's rule. 2^n is applied as 2^(n + 1000) and then 2^-1000, so that results
// below 2^-1022 become subnormals with a single rounding, down to e^-745.13; below that e^x
// rounds to 0. The error is within an ulp or so (the tests measure it against mpmath); glibc's
// exp is within about half of one.

#include "CSigmoid.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#pragma clang fp contract(off)

static inline double exp_nonpositive(double x) {
  const double log2e = 0x1.71547652b82fep0;
  const double shifter = 0x1.8p52;  // adding it rounds to an integer, kept in the low bits
  const double ln2_hi = 0x1.62e42fee00000p-1;  // 33 significant bits: n ln2_hi is exact
  const double ln2_lo = 0x1.a39ef35793c76p-33;
  x = x < -746.0 ? -746.0 : x;  // e^-746 rounds to 0 as e^-inf does; NaN stays NaN
  double t = fma(x, log2e, shifter);
  double n = t - shifter;
  double r = fma(-n, ln2_hi, x);
  r = fma(-n, ln2_lo, r);
  double p = 0x1.6124613a86d09p-33;  // 1/13!
  p = fma(p, r, 0x1.1eed8eff8d898p-29);  // 1/12!
  p = fma(p, r, 0x1.ae64567f544e4p-26);  // 1/11!
  p = fma(p, r, 0x1.27e4fb7789f5cp-22);  // 1/10!
  p = fma(p, r, 0x1.71de3a556c734p-19);  // 1/9!
  p = fma(p, r, 0x1.a01a01a01a01ap-16);  // 1/8!
  p = fma(p, r, 0x1.a01a01a01a01ap-13);  // 1/7!
  p = fma(p, r, 0x1.6c16c16c16c17p-10);  // 1/6!
  p = fma(p, r, 0x1.1111111111111p-7);  // 1/5!
  p = fma(p, r, 0x1.5555555555555p-5);  // 1/4!
  p = fma(p, r, 0x1.5555555555555p-3);  // 1/3!
  p = fma(p, r, 0.5);
  p = fma(p, r, 1.0);
  p = fma(p, r, 1.0);
  // 2^(n + 1000): n + 1000 + 1023 in the exponent's field. t's low bits hold n (t = 1.5 2^52 + n).
  uint64_t bits;
  memcpy(&bits, &t, sizeof bits);
  bits = (bits + 2023) << 52;
  double scale;
  memcpy(&scale, &bits, sizeof scale);
  return p * scale * 0x1p-1000;
}

static inline double sigmoid(double z) {
  double e = exp_nonpositive(-fabs(z));
  return (z >= 0 ? 1.0 : e) / (1.0 + e);
}

#define LOOPS(suffix, attributes)                                                            \
  attributes static void sigmoid_##suffix(const double *z, double *a, long count) {         \
    for (long i = 0; i < count; i++) a[i] = sigmoid(z[i]);                                   \
  }                                                                                          \
  attributes static void exp_##suffix(const double *x, double *e, long count) {             \
    for (long i = 0; i < count; i++) e[i] = exp_nonpositive(x[i]);                           \
  }

LOOPS(avx512, __attribute__((target("avx512f,avx512dq,avx2,fma"))))
LOOPS(avx2, __attribute__((target("avx2,fma"))))
LOOPS(scalar, )

enum { unknown, avx512, avx2, scalar };
static int kernel = unknown;

// Chosen once, before main (and so before any thread of ours), from the CPU's feature flags
// (which also say whether the system saves the vector registers).
__attribute__((constructor)) static void choose(void) {
  __builtin_cpu_init();
  int k = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") ? avx512
          : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")       ? avx2
                                                                                  : scalar;
  __atomic_store_n(&kernel, k, __ATOMIC_RELAXED);
}

static int chosen(void) {
  int k = __atomic_load_n(&kernel, __ATOMIC_RELAXED);
  if (k == unknown) {
    choose();  // a constructor that ran before this one called in
    k = __atomic_load_n(&kernel, __ATOMIC_RELAXED);
  }
  return k;
}

void vanish_sigmoid(const double *z, double *a, long count) {
  switch (chosen()) {
    case avx512: sigmoid_avx512(z, a, count); break;
    case avx2: sigmoid_avx2(z, a, count); break;
    default: sigmoid_scalar(z, a, count); break;
  }
}

void vanish_exp_nonpositive(const double *x, double *e, long count) {
  switch (chosen()) {
    case avx512: exp_avx512(x, e, count); break;
    case avx2: exp_avx2(x, e, count); break;
    default: exp_scalar(x, e, count); break;
  }
}

bool vanish_sigmoid_using(const char *name, bool exponential, const double *x, double *y, long count) {
  int kernel = chosen();
  if (strcmp(name, "avx512f") == 0 && kernel == avx512) {
    (exponential ? exp_avx512 : sigmoid_avx512)(x, y, count);
  } else if (strcmp(name, "avx2+fma") == 0 && kernel != scalar) {
    (exponential ? exp_avx2 : sigmoid_avx2)(x, y, count);
  } else if (strcmp(name, "scalar") == 0) {
    (exponential ? exp_scalar : sigmoid_scalar)(x, y, count);
  } else {
    return false;
  }
  return true;
}

const char *vanish_sigmoid_kernel(void) {
  switch (chosen()) {
    case avx512: return "avx512f";
    case avx2: return "avx2+fma";
    default: return "scalar";
  }
}

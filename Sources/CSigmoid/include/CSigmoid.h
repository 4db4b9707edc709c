#ifndef VANISH_CSIGMOID_H
#define VANISH_CSIGMOID_H

#include <stdbool.h>

// The logistic sigmoid over a buffer, a[i] = 1 / (1 + e^-z[i]), with the CPU's widest vectors
// (sigmoid.c says how, and why the numbers are the same bits on every CPU).
void vanish_sigmoid(const double *z, double *a, long count);

// The exponential it uses, e^x for x <= 0 (and NaN), over a buffer: for tests.
void vanish_exp_nonpositive(const double *x, double *e, long count);

// The loop named ("avx512f", "avx2+fma", "scalar") on x, the exponential's or the sigmoid's;
// false when this CPU cannot run it. For tests: every loop gives the same bits.
bool vanish_sigmoid_using(const char *name, bool exponential, const double *x, double *y, long count);

// Which loop runs here: "avx512f", "avx2+fma" or "scalar".
const char *vanish_sigmoid_kernel(void);

#endif

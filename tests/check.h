/* check.h: the tiny test harness every tests/test_*.c uses. A failed CHECK prints where
 * and why and marks the test failed; CHECK_DONE() prints the summary and returns non-zero
 * if anything failed, so CTest sees it. */
#ifndef GS_CHECK_H
#define GS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures = 0;
static int check_count = 0;

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        check_count++;                                                                    \
        if (!(cond)) {                                                                    \
            check_failures++;                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);      \
        }                                                                                 \
    } while (0)

#define CHECK_MSG(cond, ...)                                                              \
    do {                                                                                  \
        check_count++;                                                                    \
        if (!(cond)) {                                                                    \
            check_failures++;                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);      \
            fprintf(stderr, __VA_ARGS__);                                                 \
            fputc('\n', stderr);                                                          \
        }                                                                                 \
    } while (0)

/* |a-b| <= atol + rtol*|b| */
#define CHECK_CLOSE(a, b, atol, rtol)                                                     \
    do {                                                                                  \
        double ca_ = (double)(a), cb_ = (double)(b);                                      \
        CHECK_MSG(fabs(ca_ - cb_) <= (atol) + (rtol) * fabs(cb_), "%s = %.9g, %s = %.9g",  \
                  #a, ca_, #b, cb_);                                                      \
    } while (0)

#define CHECK_DONE()                                                                      \
    do {                                                                                  \
        printf("%s: %d checks, %d failed\n", __FILE__, check_count, check_failures);     \
        return check_failures ? 1 : 0;                                                    \
    } while (0)

/* Largest |a[i] - b[i]| relative to the largest |b[i]|: for results that must agree up to
 * float rounding whatever order the sums were taken in. */
static inline double check_rel_diff(const float *a, const float *b, size_t n) {
    double d = 0, m = 1e-30;
    for (size_t i = 0; i < n; i++) {
        double e = fabs((double)a[i] - b[i]);
        if (e > d) d = e;
        if (fabs(b[i]) > m) m = fabs(b[i]);
    }
    return d / m;
}

/* A scratch directory for files a test writes (set by CTest; /tmp otherwise). */
static inline const char *check_tmpdir(void) {
    const char *d = getenv("GS_TEST_TMP");
    return d && *d ? d : "/tmp";
}

#endif

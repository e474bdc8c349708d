/* view_noise.c: the noise vectors views start from (view.h). */
#include "view.h"

float view_rand_pm1(uint64_t *state) {
    uint64_t x = *state;
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    *state = x;
    return (float)((x >> 40) / (double)(1 << 24)) * 2.0f - 1.0f;
}

void view_noise_vector(uint64_t seed, int k, float *z) {
    /* the k-th vector of one stream: vectors 0..k-1 are drawn and dropped (k <= 100) */
    uint64_t st = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    for (int i = 0; i < k * INFER_MAX_Z; i++) view_rand_pm1(&st);
    for (int i = 0; i < INFER_MAX_Z; i++) z[i] = view_rand_pm1(&st);
}

/* gs_rng.c: seeding (splitmix64) and derived draws; the xoshiro256** step itself
 * (Blackman & Vigna) is inline in gs_rng.h. */
#include "gs_rng.h"

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void gs_rng_seed(GsRng *rng, uint64_t seed) {
    for (int i = 0; i < 4; i++) rng->s[i] = splitmix64(&seed);
}

float gs_rng_uniform(GsRng *rng) { return (float)(gs_rng_u64(rng) >> 40) * (1.0f / 16777216.0f); }

float gs_rng_range(GsRng *rng, float lo, float hi) { return lo + (hi - lo) * gs_rng_uniform(rng); }

uint32_t gs_rng_below(GsRng *rng, uint32_t n) {
    /* Lemire's multiply-shift: bias below 2^-32, irrelevant for batch sampling. */
    return (uint32_t)(((gs_rng_u64(rng) >> 32) * (uint64_t)n) >> 32);
}

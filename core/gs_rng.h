/* gs_rng.h: the one random number generator a trainer owns (xoshiro256**), so that a seed
 * fixes every draw: weight init, batch choice, noise and dropout masks. */
#ifndef GS_RNG_H
#define GS_RNG_H

#include <stdint.h>

typedef struct GsRng {
    uint64_t s[4]; /* full state; saved in checkpoints so a resume continues the stream */
} GsRng;

void gs_rng_seed(GsRng *rng, uint64_t seed);      /* expands seed with splitmix64 */
float gs_rng_uniform(GsRng *rng);                 /* uniform in [0, 1), 24-bit resolution */
float gs_rng_range(GsRng *rng, float lo, float hi); /* uniform in [lo, hi) */
uint32_t gs_rng_below(GsRng *rng, uint32_t n);    /* uniform integer in [0, n), n > 0 */

static inline uint64_t gs_rng_rotl_(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* Next 64 random bits (inline: dropout draws millions per step). */
static inline uint64_t gs_rng_u64(GsRng *rng) {
    uint64_t *s = rng->s;
    uint64_t result = gs_rng_rotl_(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = gs_rng_rotl_(s[3], 45);
    return result;
}

#endif

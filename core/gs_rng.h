/* gs_rng.h: the one random number generator a trainer owns (xoshiro256**), so that a seed
 * fixes every draw: weight init, batch choice, noise and dropout masks. */
#ifndef GS_RNG_H
#define GS_RNG_H

#include <stdint.h>

typedef struct GsRng {
    uint64_t s[4]; /* full state; saved in checkpoints so a resume continues the stream */
} GsRng;

void gs_rng_seed(GsRng *rng, uint64_t seed);      /* expands seed with splitmix64 */
uint64_t gs_rng_u64(GsRng *rng);                  /* next 64 random bits */
float gs_rng_uniform(GsRng *rng);                 /* uniform in [0, 1), 24-bit resolution */
float gs_rng_range(GsRng *rng, float lo, float hi); /* uniform in [lo, hi) */
uint32_t gs_rng_below(GsRng *rng, uint32_t n);    /* uniform integer in [0, n), n > 0 */

#endif

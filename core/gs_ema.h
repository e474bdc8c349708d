/* gs_ema.h: an exponential moving average of a network's weights and batch-norm moving
 * statistics (README, "The generator people see: a moving average"). The trained network
 * keeps training; the average is the steadier generator that samples, scores and the
 * window show. It never feeds back into training. */
#ifndef GS_EMA_H
#define GS_EMA_H

#include <stddef.h>
#include <stdint.h>

#include "gs_net.h"
#include "gs_status.h"

#define GS_EMA_TAG "GEMA" /* its checkpoint section */

typedef struct GsEma {
    float decay;     /* the long-run decay, e.g. 0.999; 0: no average kept */
    size_t n_params, n_state;
    float *params;   /* laid out as the network's params */
    float *state;    /* laid out as its BN state */
} GsEma;

/* Starts an average at the network's current values. */
GsStatus gs_ema_create(GsEma *ema, const GsNet *net, float decay, GsError *err);
void gs_ema_destroy(GsEma *ema);

/* The decay used after `step` steps: min(decay, (1 + step) / (10 + step)), so the first
 * hundred steps' average follows the fast-moving early weights instead of the noise the
 * network started from. */
float gs_ema_decay_at(float decay, int64_t step);
/* avg = d * avg + (1 - d) * net, for params and BN state, d = gs_ema_decay_at(step). */
void gs_ema_update(GsEma *ema, const GsNet *net, int64_t step);

/* Exchanges the network's params and state pointers with the average's, so a forward pass
 * runs the average (layers address params by offset). Call it again to swap back before
 * the net or the average is freed (each frees its own arrays). */
void gs_ema_swap(GsEma *ema, GsNet *net);

/* The checkpoint section: decay (f32), the two counts (u64), params, state (f32, LE).
 * encode allocates *data (free it); decode checks the counts against the network and
 * returns 0 on a damaged or foreign section. */
GsStatus gs_ema_encode(const GsEma *ema, void **data, uint64_t *len, GsError *err);
int gs_ema_decode(GsEma *ema, const GsNet *net, const void *data, uint64_t len);

#endif

/* gs_rmsprop.h: RMSprop exactly as Keras 2 does it, over one flat parameter buffer:
 *   g = clip(g, -clipvalue, clipvalue)
 *   a = rho*a + (1-rho)*g^2
 *   w -= lr_t * g / (sqrt(a) + epsilon),   lr_t = lr / (1 + decay*iterations) */
#ifndef GS_RMSPROP_H
#define GS_RMSPROP_H

#include <stddef.h>
#include <stdint.h>

#include "gs_pool.h"

typedef struct GsRmsprop {
    float lr;           /* base learning rate */
    float rho;          /* accumulator decay, 0.9 */
    float epsilon;      /* 1e-7 */
    float decay;        /* learning-rate decay per update */
    float clipvalue;    /* elementwise gradient clip; <= 0 disables */
    int64_t iterations; /* updates done so far */
} GsRmsprop;

/* The learning rate the next update will use. */
float gs_rmsprop_lr(const GsRmsprop *opt);
/* One update of n parameters with their gradients and accumulators (same layout), shared
 * out over pool's threads when it is long enough (NULL: on the caller). The same bits
 * either way. */
void gs_rmsprop_update(GsRmsprop *opt, GsPool *pool, float *params, const float *grads, float *accum,
                       size_t n);

#endif

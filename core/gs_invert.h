/* gs_invert.h: "draw a digit": the noise vector whose generated image is closest to a given
 * 28x28 image, found by gradient descent on the noise through the generator (inference
 * mode, weights untouched) from several random starts. */
#ifndef GS_INVERT_H
#define GS_INVERT_H

#include <stdint.h>

#include "gs_inspect.h"
#include "gs_model.h"
#include "gs_net.h"
#include "gs_status.h"

typedef struct GsInvertOptions {
    int starts;    /* random starting noise vectors, optimised together as one batch (8) */
    int iters;     /* Adam steps for each start (300) */
    float lr;      /* Adam step size in noise units (0.05) */
    uint64_t seed; /* of the starting points (1) */
} GsInvertOptions;

void gs_invert_defaults(GsInvertOptions *o);

typedef struct GsInvertResult {
    float image[GS_IMG_SIZE]; /* the generator's image for the best noise, in [0,1] */
    float distance;           /* its RMS pixel error against the target, in [0,1] units */
    int iters_done;           /* Adam steps taken (per start) */
    int complete;             /* 0 when cancelled: the result is the best so far (distance
                                 INFINITY and a black image when no pass had finished) */
} GsInvertResult;

/* Minimises mean((G(z) - target)^2) over z in [-1,1]^noise_dim (the range the generator was
 * trained on: each Adam step is clipped back into it). g: a generator the caller owns for
 * the duration (gs_inspect_net_create); batches of up to g->max_batch starts. target: 784
 * pixels in [0,1], row-major. noise: out, noise_dim floats. progress may be NULL. */
GsStatus gs_invert(GsNet *g, const float *target, const GsInvertOptions *opt,
                   const GsProgress *progress, float *noise, GsInvertResult *res, GsError *err);

#endif

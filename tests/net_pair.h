/* net_pair.h: comparing two networks that must compute the same function (fused and plain
 * layers, pooled and serial execution): b gets a's parameters, both see the same input,
 * dropout stream and output gradient, and every result is compared relative to its size. */
#ifndef GS_NET_PAIR_H
#define GS_NET_PAIR_H

#include <string.h>

#include "check.h"
#include "gs_net.h"

typedef struct NetPairDiff {
    double out, din, dparams; /* training forward and backward */
    double din_frozen;        /* b's input gradient without parameter gradients (frozen D) */
    double infer;             /* inference forward (moving statistics, no dropout) */
} NetPairDiff;

static NetPairDiff net_pair_compare(GsNet *a, GsNet *b, int n, uint64_t seed) {
    NetPairDiff d;
    GsRng rng, ra, rb;
    gs_rng_seed(&rng, seed);
    memcpy(b->params, a->params, sizeof(float) * a->n_params);
    memcpy(b->state, a->state, sizeof(float) * a->n_state);
    size_t in_n = (size_t)n * gs_net_in_size(a), out_n = (size_t)n * gs_net_out_size(a);
    float *x = malloc(sizeof(float) * in_n), *r = malloc(sizeof(float) * out_n);
    for (size_t i = 0; i < in_n; i++) x[i] = gs_rng_range(&rng, -1, 1);
    for (size_t i = 0; i < out_n; i++) r[i] = gs_rng_range(&rng, -1, 1);
    gs_rng_seed(&ra, seed + 1), gs_rng_seed(&rb, seed + 1);
    const float *ya = gs_net_forward(a, x, n, 1, &ra), *yb = gs_net_forward(b, x, n, 1, &rb);
    d.out = check_rel_diff(yb, ya, out_n);
    gs_net_zero_grads(a), gs_net_zero_grads(b);
    const float *dxa = gs_net_backward(a, r, 1, 1), *dxb = gs_net_backward(b, r, 1, 1);
    d.din = check_rel_diff(dxb, dxa, in_n);
    d.dparams = check_rel_diff(b->grads, a->grads, a->n_params);
    ya = gs_net_forward(a, x, n, 0, NULL), yb = gs_net_forward(b, x, n, 0, NULL);
    d.infer = check_rel_diff(yb, ya, out_n);
    /* last, since a training forward moves b's BN statistics once more */
    gs_rng_seed(&rb, seed + 1);
    gs_net_forward(b, x, n, 1, &rb);
    d.din_frozen = check_rel_diff(gs_net_backward(b, r, 0, 1), dxa, in_n);
    free(x), free(r);
    return d;
}

#endif

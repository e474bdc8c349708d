/* gs_invert.c: projected Adam on the generator's input, several starts as one batch. */
#include "gs_invert.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs_rng.h"

void gs_invert_defaults(GsInvertOptions *o) {
    o->starts = 8, o->iters = 300, o->lr = 0.05f, o->seed = 1;
}

GsStatus gs_invert(GsNet *g, const float *target, const GsInvertOptions *opt,
                   const GsProgress *progress, float *noise, GsInvertResult *res, GsError *err) {
    const int Z = (int)gs_net_in_size(g), P = GS_IMG_SIZE;
    if (gs_net_out_size(g) != (size_t)P)
        return gs_fail(err, GS_ERR_ARG, "inverting: the network does not make 28x28 images");
    if (opt->starts < 1 || opt->iters < 1 || !(opt->lr > 0.0f))
        return gs_fail(err, GS_ERR_ARG, "inverting: starts, iterations and step size must be positive");
    const int chunk = opt->starts < g->max_batch ? opt->starts : g->max_batch;
    float *z = malloc(sizeof(float) * chunk * Z * 3), *m = z + chunk * Z, *v = m + chunk * Z;
    float *dout = malloc(sizeof(float) * chunk * P);
    if (!z || !dout) {
        free(z), free(dout);
        return gs_fail(err, GS_ERR_NOMEM, "inverting: out of memory for %d starts", chunk);
    }
    GsRng rng;
    gs_rng_seed(&rng, opt->seed);
    memset(res, 0, sizeof *res);
    res->distance = INFINITY;
    res->complete = 1;
    const double total = (double)opt->starts * opt->iters;
    const float b1 = 0.9f, b2 = 0.999f;
    for (int s0 = 0; s0 < opt->starts && res->complete; s0 += chunk) {
        const int n = opt->starts - s0 < chunk ? opt->starts - s0 : chunk;
        for (int i = 0; i < n * Z; i++) z[i] = gs_rng_range(&rng, -1.0f, 1.0f);
        memset(m, 0, sizeof(float) * n * Z * 2);
        for (int it = 0; it <= opt->iters; it++) {
            if (gs_progress_cancelled(progress)) {
                res->complete = 0;
                break;
            }
            const float *img = gs_net_forward(g, z, n, 0, NULL);
            /* keep the best point seen: the last forward of each start is its final one */
            for (int k = 0; k < n; k++) {
                double se = 0.0;
                for (int p = 0; p < P; p++) {
                    float d = img[(size_t)k * P + p] - target[p];
                    dout[(size_t)k * P + p] = 2.0f * d / P;
                    se += (double)d * d;
                }
                float dist = (float)sqrt(se / P);
                if (dist < res->distance) {
                    res->distance = dist;
                    memcpy(res->image, img + (size_t)k * P, sizeof(float) * P);
                    memcpy(noise, z + (size_t)k * Z, sizeof(float) * Z);
                }
            }
            if (it == opt->iters) break;
            const float *dz = gs_net_backward(g, dout, 0, 1);
            /* Adam with bias correction, then back into [-1,1] */
            const float c1 = 1.0f - powf(b1, (float)(it + 1)), c2 = 1.0f - powf(b2, (float)(it + 1));
            for (int i = 0; i < n * Z; i++) {
                m[i] = b1 * m[i] + (1.0f - b1) * dz[i];
                v[i] = b2 * v[i] + (1.0f - b2) * dz[i] * dz[i];
                float step = opt->lr * (m[i] / c1) / (sqrtf(v[i] / c2) + 1e-8f);
                float zi = z[i] - step;
                z[i] = zi < -1.0f ? -1.0f : zi > 1.0f ? 1.0f : zi;
            }
            res->iters_done = it + 1;
            gs_progress_report(progress, ((double)s0 * opt->iters + (double)n * (it + 1)) / total);
        }
    }
    free(z), free(dout);
    return GS_OK;
}

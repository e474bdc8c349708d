/* gs_saliency.c: one inference forward and one input-gradient backward through D. */
#include "gs_saliency.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs_model.h"

GsStatus gs_saliency(GsNet *d, const float *images, int n, float *maps, float *logits, GsError *err) {
    if (gs_net_in_size(d) != GS_IMG_SIZE || gs_net_out_size(d) != 1)
        return gs_fail(err, GS_ERR_ARG, "saliency: the network is not a 28x28 -> 1 discriminator");
    if (n < 1 || n > d->max_batch)
        return gs_fail(err, GS_ERR_ARG, "saliency: %d images, the network takes 1 to %d", n, d->max_batch);
    float *ones = malloc(sizeof(float) * n);
    if (!ones) return gs_fail(err, GS_ERR_NOMEM, "saliency: out of memory");
    for (int i = 0; i < n; i++) ones[i] = 1.0f;
    const float *out = gs_net_forward(d, images, n, 0, NULL);
    if (logits) memcpy(logits, out, sizeof(float) * n);
    memcpy(maps, gs_net_backward(d, ones, 0, 1), sizeof(float) * n * GS_IMG_SIZE);
    free(ones);
    return GS_OK;
}

void gs_saliency_magnitude(const float *map, float *out) {
    float top = 0.0f;
    for (int i = 0; i < GS_IMG_SIZE; i++)
        if (fabsf(map[i]) > top) top = fabsf(map[i]);
    for (int i = 0; i < GS_IMG_SIZE; i++) out[i] = top > 0.0f ? fabsf(map[i]) / top : 0.0f;
}

/* gs_ema.c: the moving average of a generator's weights (see gs_ema.h). */
#include "gs_ema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

GsStatus gs_ema_create(GsEma *ema, const GsNet *net, float decay, GsError *err) {
    memset(ema, 0, sizeof *ema);
    ema->params = malloc(sizeof(float) * (net->n_params ? net->n_params : 1));
    ema->state = malloc(sizeof(float) * (net->n_state ? net->n_state : 1));
    if (!ema->params || !ema->state) {
        gs_ema_destroy(ema);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory for the generator's moving average");
    }
    ema->decay = decay;
    ema->n_params = net->n_params, ema->n_state = net->n_state;
    memcpy(ema->params, net->params, sizeof(float) * net->n_params);
    if (net->n_state) memcpy(ema->state, net->state, sizeof(float) * net->n_state);
    return GS_OK;
}

void gs_ema_destroy(GsEma *ema) {
    free(ema->params);
    free(ema->state);
    memset(ema, 0, sizeof *ema);
}

float gs_ema_decay_at(float decay, int64_t step) {
    float warm = (float)((1.0 + (double)step) / (10.0 + (double)step));
    return warm < decay ? warm : decay;
}

static void blend(float *avg, const float *cur, size_t n, float d) {
    const float e = 1.0f - d;
    for (size_t i = 0; i < n; i++) avg[i] = d * avg[i] + e * cur[i];
}

void gs_ema_update(GsEma *ema, const GsNet *net, int64_t step) {
    if (!ema->params) return;
    const float d = gs_ema_decay_at(ema->decay, step);
    blend(ema->params, net->params, ema->n_params, d);
    blend(ema->state, net->state, ema->n_state, d);
}

void gs_ema_swap(GsEma *ema, GsNet *net) {
    float *p = net->params, *s = net->state;
    net->params = ema->params, net->state = ema->state;
    ema->params = p, ema->state = s;
}

GsStatus gs_ema_encode(const GsEma *ema, void **data, uint64_t *len, GsError *err) {
    const size_t bytes = 4 + 16 + sizeof(float) * (ema->n_params + ema->n_state);
    uint8_t *p = malloc(bytes);
    if (!p) return gs_fail(err, GS_ERR_NOMEM, "out of memory saving the moving average");
    uint64_t np = ema->n_params, ns = ema->n_state;
    memcpy(p, &ema->decay, 4); /* little-endian hosts, like the rest of the format */
    memcpy(p + 4, &np, 8);
    memcpy(p + 12, &ns, 8);
    memcpy(p + 20, ema->params, sizeof(float) * np);
    if (ns) memcpy(p + 20 + sizeof(float) * np, ema->state, sizeof(float) * ns);
    *data = p, *len = bytes;
    return GS_OK;
}

int gs_ema_decode(GsEma *ema, const GsNet *net, const void *data, uint64_t len) {
    const uint8_t *p = data;
    float decay;
    uint64_t np, ns;
    if (len < 20) return 0;
    memcpy(&decay, p, 4);
    memcpy(&np, p + 4, 8);
    memcpy(&ns, p + 12, 8);
    if (!(decay > 0.0f && decay < 1.0f) || np != net->n_params || ns != net->n_state ||
        len != 20 + sizeof(float) * (np + ns))
        return 0;
    GsError err;
    if (gs_ema_create(ema, net, decay, &err) != GS_OK) return 0;
    memcpy(ema->params, p + 20, sizeof(float) * np);
    if (ns) memcpy(ema->state, p + 20 + sizeof(float) * np, sizeof(float) * ns);
    for (size_t i = 0; i < np + ns; i++)
        if (!isfinite(i < np ? ema->params[i] : ema->state[i - np])) return gs_ema_destroy(ema), 0;
    return 1;
}

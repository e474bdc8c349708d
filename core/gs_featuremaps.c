/* gs_featuremaps.c: reading the generator's per-layer buffers after an inference forward.
 * Activations work in place, so each stage's values are still in its buffer afterwards:
 * later layers write only buffers of their own. */
#include "gs_featuremaps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_activation(GsLayerKind k) {
    return k == GS_LAYER_RELU || k == GS_LAYER_LRELU || k == GS_LAYER_SIGMOID;
}

GsStatus gs_featuremaps_create(GsFeatureMaps *fm, const GsNet *g, GsError *err) {
    memset(fm, 0, sizeof *fm);
    size_t total = 0;
    for (int i = 0; i < g->n_layers && fm->n_stages < GS_FEATUREMAPS_STAGES; i++) {
        if (!is_activation(g->layers[i].spec.kind)) continue;
        int j = i; /* the last of the reshapes and dropouts that follow: same values, final shape */
        while (j + 1 < g->n_layers && (g->layers[j + 1].spec.kind == GS_LAYER_RESHAPE ||
                                       g->layers[j + 1].spec.kind == GS_LAYER_DROPOUT))
            j++;
        const GsLayer *L = &g->layers[j];
        GsFeatureStage *s = &fm->stage[fm->n_stages++];
        s->layer = j;
        s->h = L->out_h, s->w = L->out_w, s->c = L->out_c;
        s->shown = s->c < GS_FEATUREMAPS_SHOWN ? s->c : GS_FEATUREMAPS_SHOWN;
        int p = i - 1; /* the layer that made these values, before its batch norm */
        while (p > 0 && g->layers[p].spec.kind == GS_LAYER_BATCHNORM) p--;
        char made[64];
        gs_net_layer_name(g, p < 0 ? i : p, made, sizeof made);
        char *arrow = strstr(made, " -> ");
        if (arrow) *arrow = '\0';
        snprintf(s->name, sizeof s->name, "%s: %dx%dx%d", made, s->h, s->w, s->c);
        total += (size_t)s->shown * s->h * s->w;
    }
    if (fm->n_stages == 0) return gs_fail(err, GS_ERR_ARG, "feature maps: the network has no activations");
    if (!(fm->buf = malloc(sizeof(float) * total))) return gs_fail(err, GS_ERR_NOMEM, "feature maps: out of memory");
    float *p = fm->buf;
    for (int k = 0; k < fm->n_stages; k++) {
        fm->stage[k].maps = p;
        p += (size_t)fm->stage[k].shown * fm->stage[k].h * fm->stage[k].w;
    }
    return GS_OK;
}

void gs_featuremaps_destroy(GsFeatureMaps *fm) {
    free(fm->buf);
    memset(fm, 0, sizeof *fm);
}

void gs_featuremaps_compute(GsFeatureMaps *fm, GsNet *g, const float *noise) {
    gs_net_forward(g, noise, 1, 0, NULL);
    for (int k = 0; k < fm->n_stages; k++) {
        GsFeatureStage *s = &fm->stage[k];
        const float *src = g->layers[s->layer].out; /* image 0, NHWC */
        const int hw = s->h * s->w;
        for (int ch = 0; ch < s->shown; ch++) {
            float *dst = s->maps + (size_t)ch * hw, lo = src[ch], hi = src[ch];
            for (int p = 0; p < hw; p++) {
                float v = src[(size_t)p * s->c + ch];
                dst[p] = v;
                lo = v < lo ? v : lo, hi = v > hi ? v : hi;
            }
            s->lo[ch] = lo, s->hi[ch] = hi;
        }
    }
}

void gs_featuremaps_tile(const GsFeatureStage *s, int k, uint8_t *out) {
    const float *m = s->maps + (size_t)k * s->h * s->w, lo = s->lo[k], span = s->hi[k] - s->lo[k];
    for (int p = 0; p < s->h * s->w; p++)
        out[p] = span > 0.0f ? (uint8_t)((m[p] - lo) / span * 255.0f + 0.5f) : 0;
}

/* gs_inspect.c: the progress hook and private network copies the inspection modules share. */
#include "gs_inspect.h"

#include <string.h>

int gs_progress_cancelled(const GsProgress *p) {
    return p && p->cancel && atomic_load_explicit(p->cancel, memory_order_relaxed);
}

void gs_progress_report(const GsProgress *p, double fraction) {
    if (!p || !p->permille) return;
    int v = (int)(fraction * 1000.0 + 0.5);
    atomic_store_explicit(p->permille, v < 0 ? 0 : v > 1000 ? 1000 : v, memory_order_relaxed);
}

GsStatus gs_inspect_net_create(GsNet *net, const GsConfig *cfg, int generator, int max_batch,
                               const float *params, size_t n_params, const float *state,
                               size_t n_state, GsError *err) {
    GsStatus st = gs_config_validate(cfg, err);
    if (st != GS_OK) return st;
    GsLayerSpec specs[GS_NET_MAX_LAYERS];
    int n = generator ? gs_model_generator(cfg, specs) : gs_model_discriminator(cfg, specs);
    st = generator ? gs_net_create(net, specs, n, 1, 1, cfg->noise_dim, max_batch, err)
                   : gs_net_create(net, specs, n, GS_IMG_SIDE, GS_IMG_SIDE, 1, max_batch, err);
    if (st != GS_OK) return st;
    if ((st = gs_inspect_net_load(net, params, n_params, state, n_state, err)) != GS_OK) gs_net_destroy(net);
    return st;
}

GsStatus gs_inspect_net_load(GsNet *net, const float *params, size_t n_params, const float *state,
                             size_t n_state, GsError *err) {
    if (n_params != net->n_params || n_state != net->n_state)
        return gs_fail(err, GS_ERR_ARG, "network weights: %zu values and %zu statistics given, the network "
                       "has %zu and %zu", n_params, n_state, net->n_params, net->n_state);
    /* a network without batch norm has no state (and may be given a NULL pointer for it) */
    if (n_params) memcpy(net->params, params, sizeof(float) * n_params);
    if (n_state) memcpy(net->state, state, sizeof(float) * n_state);
    return GS_OK;
}

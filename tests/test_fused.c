/* test_fused.c: the fused upsample+convolution (GS_LAYER_UPCONV) computes exactly what the
 * plain UpSampling2D + Conv2DTranspose pair does, forward and backward, alone and inside
 * the tutorial's generator, at the real sizes. */
#include <string.h>

#include "check.h"
#include "net_pair.h"
#include "gs_model.h"
#include "gs_net.h"

/* Builds both nets with the same parameters, runs forward (training) and backward on the
 * same input and output gradient, and compares outputs, input and parameter gradients. */
static void compare(const char *what, const GsLayerSpec *fused, int nf, int h, int w, int c, int n) {
    GsLayerSpec plain[GS_NET_MAX_LAYERS];
    int np = gs_model_unfuse(fused, nf, plain);
    GsNet a, b;
    GsError err;
    GsRng rng;
    gs_rng_seed(&rng, 99);
    CHECK(gs_net_create(&a, fused, nf, h, w, c, n, &err) == GS_OK);
    CHECK(gs_net_create(&b, plain, np, h, w, c, n, &err) == GS_OK);
    CHECK(a.n_params == b.n_params && a.n_state == b.n_state);
    gs_net_init(&a, &rng);
    for (size_t i = 0; i < a.n_params; i++) a.params[i] += gs_rng_range(&rng, -0.1f, 0.1f);
    CHECK(gs_net_out_size(&a) == gs_net_out_size(&b));
    NetPairDiff d = net_pair_compare(&a, &b, n, 5);
    printf("%-28s output %.2g, input grad %.2g, param grads %.2g (relative)\n", what, d.out, d.din, d.dparams);
    CHECK_MSG(d.out < 1e-5 && d.din < 1e-5 && d.din_frozen < 1e-5 && d.dparams < 1e-5, "%s: fused and plain paths differ", what);
    CHECK(d.infer < 1e-5);
    gs_net_destroy(&a), gs_net_destroy(&b);
}

int main(void) {
    GsLayerSpec one;
    memset(&one, 0, sizeof one);
    one.kind = GS_LAYER_UPCONV, one.units = 5, one.k = 5, one.stride = 1;
    compare("one layer 7x7x6 -> 14x14x5", &one, 1, 7, 7, 6, 3);
    compare("one layer 1x2x3 (edges only)", &one, 1, 1, 2, 3, 2);
    GsConfig cfg;
    GsError err;
    GsLayerSpec specs[GS_NET_MAX_LAYERS];
    const char *presets[] = {"fast", "keras"};
    for (int p = 0; p < 2; p++) {
        CHECK(gs_config_preset(&cfg, presets[p], &err) == GS_OK);
        int n = gs_model_generator(&cfg, specs);
        compare(presets[p], specs, n, 1, 1, cfg.noise_dim, 4);
    }
    CHECK_DONE();
}

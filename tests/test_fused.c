/* test_fused.c: the fused upsample+convolution (GS_LAYER_UPCONV) computes exactly what the
 * plain UpSampling2D + Conv2DTranspose pair does, forward and backward, alone and inside
 * the tutorial's generator, at the real sizes. */
#include <string.h>

#include "check.h"
#include "gs_model.h"
#include "gs_net.h"

/* Largest |a-b| relative to the largest |b|. */
static double rel_diff(const float *a, const float *b, size_t n) {
    double d = 0, m = 1e-30;
    for (size_t i = 0; i < n; i++) {
        double e = fabs((double)a[i] - b[i]);
        if (e > d) d = e;
        if (fabs(b[i]) > m) m = fabs(b[i]);
    }
    return d / m;
}

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
    memcpy(b.params, a.params, sizeof(float) * a.n_params);
    memcpy(b.state, a.state, sizeof(float) * a.n_state);
    size_t in_n = (size_t)n * gs_net_in_size(&a), out_n = (size_t)n * gs_net_out_size(&a);
    CHECK(gs_net_out_size(&a) == gs_net_out_size(&b));
    float *x = malloc(sizeof(float) * in_n), *r = malloc(sizeof(float) * out_n);
    for (size_t i = 0; i < in_n; i++) x[i] = gs_rng_range(&rng, -1, 1);
    for (size_t i = 0; i < out_n; i++) r[i] = gs_rng_range(&rng, -1, 1);
    GsRng ra, rb;
    gs_rng_seed(&ra, 5), gs_rng_seed(&rb, 5);
    const float *ya = gs_net_forward(&a, x, n, 1, &ra), *yb = gs_net_forward(&b, x, n, 1, &rb);
    double dy = rel_diff(ya, yb, out_n);
    gs_net_zero_grads(&a), gs_net_zero_grads(&b);
    const float *dxa = gs_net_backward(&a, r, 1, 1), *dxb = gs_net_backward(&b, r, 1, 1);
    double dx = rel_diff(dxa, dxb, in_n), dp = rel_diff(a.grads, b.grads, a.n_params);
    printf("%-28s output %.2g, input grad %.2g, param grads %.2g (relative)\n", what, dy, dx, dp);
    CHECK_MSG(dy < 1e-5 && dx < 1e-5 && dp < 1e-5, "%s: fused and plain paths differ", what);
    /* inference mode too (moving statistics) */
    ya = gs_net_forward(&a, x, n, 0, NULL), yb = gs_net_forward(&b, x, n, 0, NULL);
    CHECK(rel_diff(ya, yb, out_n) < 1e-5);
    free(x), free(r);
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

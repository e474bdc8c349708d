/* test_split.c: a network spread over a thread pool (each thread a share of the images,
 * its own workspace and gradient accumulators) computes what the serial network does,
 * forward and backward, for both presets' generator and discriminator. */
#include <string.h>

#include "check.h"
#include "gs_model.h"
#include "gs_net.h"
#include "gs_pool.h"

static double rel_diff(const float *a, const float *b, size_t n) {
    double d = 0, m = 1e-30;
    for (size_t i = 0; i < n; i++) {
        double e = fabs((double)a[i] - b[i]);
        if (e > d) d = e;
        if (fabs(b[i]) > m) m = fabs(b[i]);
    }
    return d / m;
}

static void compare(const char *what, const GsLayerSpec *specs, int n_specs, int h, int w, int c,
                    int n, GsPool *pool) {
    GsNet a, b;
    GsError err;
    GsRng rng;
    gs_rng_seed(&rng, 21);
    CHECK(gs_net_create(&a, specs, n_specs, h, w, c, n, &err) == GS_OK);
    CHECK(gs_net_create(&b, specs, n_specs, h, w, c, n, &err) == GS_OK);
    CHECK(gs_net_set_pool(&b, pool, &err) == GS_OK);
    gs_net_init(&a, &rng);
    memcpy(b.params, a.params, sizeof(float) * a.n_params);
    memcpy(b.state, a.state, sizeof(float) * a.n_state);
    size_t in_n = (size_t)n * gs_net_in_size(&a), out_n = (size_t)n * gs_net_out_size(&a);
    float *x = malloc(sizeof(float) * in_n), *r = malloc(sizeof(float) * out_n);
    for (size_t i = 0; i < in_n; i++) x[i] = gs_rng_range(&rng, -1, 1);
    for (size_t i = 0; i < out_n; i++) r[i] = gs_rng_range(&rng, -1, 1);
    GsRng ra, rb;
    gs_rng_seed(&ra, 4), gs_rng_seed(&rb, 4);
    const float *ya = gs_net_forward(&a, x, n, 1, &ra), *yb = gs_net_forward(&b, x, n, 1, &rb);
    double dy = rel_diff(yb, ya, out_n);
    gs_net_zero_grads(&a), gs_net_zero_grads(&b);
    const float *dxa = gs_net_backward(&a, r, 1, 1), *dxb = gs_net_backward(&b, r, 1, 1);
    double dx = rel_diff(dxb, dxa, in_n), dp = rel_diff(b.grads, a.grads, a.n_params);
    printf("%-32s output %.2g, input grad %.2g, param grads %.2g\n", what, dy, dx, dp);
    CHECK_MSG(dy < 1e-5 && dx < 1e-5 && dp < 1e-5, "%s: pooled and serial nets differ", what);
    /* a frozen pass (no parameter gradients) gives the same input gradient */
    gs_net_forward(&b, x, n, 1, &rb);
    gs_rng_seed(&rb, 4), gs_net_forward(&b, x, n, 1, &rb);
    CHECK(rel_diff(gs_net_backward(&b, r, 0, 1), dxa, in_n) < 1e-5);
    free(x), free(r);
    gs_net_destroy(&a), gs_net_destroy(&b);
}

int main(void) {
    GsPool *pool;
    GsError err;
    CHECK(gs_pool_create(&pool, 3, &err) == GS_OK);
    const char *presets[] = {"fast", "keras"};
    for (int p = 0; p < 2; p++) {
        GsConfig cfg;
        GsLayerSpec specs[GS_NET_MAX_LAYERS];
        char what[64];
        CHECK(gs_config_preset(&cfg, presets[p], &err) == GS_OK);
        int n = gs_model_generator(&cfg, specs);
        snprintf(what, sizeof what, "%s generator, 3 threads", presets[p]);
        compare(what, specs, n, 1, 1, cfg.noise_dim, 7, pool);
        n = gs_model_discriminator(&cfg, specs);
        snprintf(what, sizeof what, "%s discriminator, 3 threads", presets[p]);
        compare(what, specs, n, 28, 28, 1, 7, pool);
    }
    gs_pool_destroy(pool);
    CHECK_DONE();
}

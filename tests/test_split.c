/* test_split.c: a network spread over a thread pool (each thread a share of the images,
 * its own workspace and gradient accumulators) computes what the serial network does,
 * forward and backward, for both presets' generator and discriminator. */
#include <string.h>

#include "check.h"
#include "net_pair.h"
#include "gs_model.h"
#include "gs_net.h"
#include "gs_pool.h"

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
    NetPairDiff d = net_pair_compare(&a, &b, n, 4);
    printf("%-32s output %.2g, input grad %.2g, param grads %.2g\n", what, d.out, d.din, d.dparams);
    CHECK_MSG(d.out < 1e-5 && d.din < 1e-5 && d.din_frozen < 1e-5 && d.dparams < 1e-5 && d.infer < 1e-5,
              "%s: pooled and serial nets differ", what);
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

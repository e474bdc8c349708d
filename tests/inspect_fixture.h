/* inspect_fixture.h: a small untrained DCGAN (the tutorial's layers at narrow widths) whose
 * networks the inspection tests run on, and the built-in MNIST test digits. Untrained
 * weights are enough: the properties checked (finding the generator's own images, beating
 * random search, orthonormal strongest directions, exact gradients) hold for any weights. */
#ifndef GS_INSPECT_FIXTURE_H
#define GS_INSPECT_FIXTURE_H

#include "check.h"
#include "gs_builtin.h"
#include "gs_gan.h"
#include "gs_inspect.h"

static inline void fixture_config(GsConfig *cfg) {
    GsError err;
    gs_config_preset(cfg, "fast", &err);
    strcpy(cfg->preset, "custom");
    /* tiny, so the tests take seconds under AddressSanitizer too */
    cfg->g_dense_c = 8, cfg->g_c[0] = 4, cfg->g_c[1] = 4, cfg->g_c[2] = 2;
    cfg->d_c[0] = 4, cfg->d_c[1] = 8, cfg->d_c[2] = 8, cfg->d_c[3] = 8;
    cfg->batch = 8, cfg->seed = 7;
}

/* A generator (or discriminator) copy for up to max_batch images, as a view's worker makes. */
static inline int fixture_net(GsNet *net, int generator, int max_batch) {
    GsConfig cfg;
    GsGan gan;
    GsError err;
    fixture_config(&cfg);
    if (gs_gan_create(&gan, &cfg, &err) != GS_OK) {
        fprintf(stderr, "fixture: %s\n", err.msg);
        return 0;
    }
    const GsNet *src = generator ? &gan.g : &gan.d;
    GsStatus st = gs_inspect_net_create(net, &cfg, generator, max_batch, src->params, src->n_params,
                                        src->state, src->n_state, &err);
    gs_gan_destroy(&gan);
    if (st != GS_OK) fprintf(stderr, "fixture: %s\n", err.msg);
    return st == GS_OK;
}

static inline int fixture_digits(GsImages *im) {
    size_t n;
    const unsigned char *p = gs_builtin_images(&n);
    GsError err;
    return gs_idx_read_images_mem(p, n, "built-in MNIST test set", im, &err) == GS_OK;
}

static inline float fixture_rms(const float *a, const float *b, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
    return (float)sqrt(s / n);
}

#endif

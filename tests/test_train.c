/* test_train.c: a short real training run on the built-in MNIST set: the losses stay finite,
 * both networks' parameters move, and the fixed-noise samples change from the initial
 * noise (the generator learns something, the grid is not frozen). */
#include <string.h>

#include "check.h"
#include "gs_builtin.h"
#include "gs_gan.h"

int main(void) {
    GsError err;
    GsImages data;
    size_t size;
    const unsigned char *gz = gs_builtin_images(&size);
    CHECK(gs_idx_read_images_mem(gz, size, "built-in", &data, &err) == GS_OK);
    GsConfig cfg;
    CHECK(gs_config_preset(&cfg, "fast", &err) == GS_OK);
    cfg.batch = 16, cfg.seed = 3;
    GsGan gan;
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK);

    static float before[GS_FIXED_NOISE_COUNT * GS_IMG_SIZE], after[GS_FIXED_NOISE_COUNT * GS_IMG_SIZE];
    gs_gan_generate(&gan, gan.fixed_noise, GS_FIXED_NOISE_COUNT, before);
    float *g0 = malloc(sizeof(float) * gan.g.n_params), *d0 = malloc(sizeof(float) * gan.d.n_params);
    memcpy(g0, gan.g.params, sizeof(float) * gan.g.n_params);
    memcpy(d0, gan.d.params, sizeof(float) * gan.d.n_params);

    GsMetrics m;
    int finite = 1;
    double d_real = 0, d_fake = 0;
    const int steps = 60;
    for (int i = 0; i < steps; i++) {
        gs_gan_step(&gan, &data, &m);
        finite &= isfinite(m.d_loss) && isfinite(m.g_loss) && isfinite(m.d_real) && isfinite(m.d_fake);
        if (i >= steps - 20) d_real += m.d_real / 20, d_fake += m.d_fake / 20;
    }
    CHECK(finite);
    CHECK(!gs_gan_diverged(&gan));
    CHECK(m.step == steps && gan.opt_d.iterations == steps && gan.opt_g.iterations == steps);
    /* The discriminator learns to tell real from fake on average. */
    CHECK_MSG(d_real > d_fake, "mean D(x) %.3f vs D(G(z)) %.3f over the last 20 steps", d_real, d_fake);

    gs_gan_generate(&gan, gan.fixed_noise, GS_FIXED_NOISE_COUNT, after);
    double diff = 0, mean_before = 0, mean_after = 0;
    for (int i = 0; i < GS_FIXED_NOISE_COUNT * GS_IMG_SIZE; i++) {
        diff += fabs(after[i] - before[i]);
        mean_before += before[i], mean_after += after[i];
    }
    diff /= GS_FIXED_NOISE_COUNT * GS_IMG_SIZE;
    mean_before /= GS_FIXED_NOISE_COUNT * GS_IMG_SIZE, mean_after /= GS_FIXED_NOISE_COUNT * GS_IMG_SIZE;
    printf("mean |after - before| = %.3f; mean pixel %.3f -> %.3f (MNIST's is 0.13)\n", diff, mean_before,
           mean_after);
    CHECK_MSG(diff > 0.05, "samples barely changed: %.4f", diff);
    /* Initial outputs are sigmoid(~0) = grey; MNIST is mostly black background. */
    CHECK_MSG(mean_after < mean_before, "samples did not darken towards MNIST's background");
    int g_moved = memcmp(g0, gan.g.params, sizeof(float) * gan.g.n_params) != 0;
    int d_moved = memcmp(d0, gan.d.params, sizeof(float) * gan.d.n_params) != 0;
    CHECK(g_moved && d_moved);
    free(g0), free(d0);
    gs_gan_destroy(&gan);
    gs_images_free(&data);
    CHECK_DONE();
}

/* test_step_phases.c: a step run phase by phase (gs_gan_step_phase, the window's slow
 * motion) is gs_gan_step bit for bit, for both presets at a small batch: weights, batch-norm
 * statistics, RMSprop accumulators and iterations, the RNG, the step count and the metrics
 * all match after several steps, with the overview's watch on. Each phase changes only what
 * it should (D's weights in D_UPDATE only, G's in G_UPDATE only), a phase out of order is
 * refused and changes nothing, and the watch holds sane values. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gs_data.h"
#include "gs_gan.h"

static int same(const float *a, const float *b, size_t n) { return n == 0 || !memcmp(a, b, n * sizeof *a); }

/* Everything a step moves, compared exactly. */
static int gan_equal(const GsGan *a, const GsGan *b) {
    return a->step == b->step && !memcmp(&a->rng, &b->rng, sizeof a->rng) &&
           a->opt_d.iterations == b->opt_d.iterations && a->opt_g.iterations == b->opt_g.iterations &&
           same(a->g.params, b->g.params, a->g.n_params) && same(a->d.params, b->d.params, a->d.n_params) &&
           same(a->g.state, b->g.state, a->g.n_state) && same(a->d.state, b->d.state, a->d.n_state) &&
           same(a->accum_g, b->accum_g, a->g.n_params) && same(a->accum_d, b->accum_d, a->d.n_params);
}

static float *copy(const float *p, size_t n) {
    float *c = malloc(n * sizeof *c);
    memcpy(c, p, n * sizeof *c);
    return c;
}

static void check_watch(const GsStepWatch *w, const GsMetrics *m, int zdim) {
    CHECK(w->phase == GS_PHASE_G_UPDATE && w->noise_dim == zdim);
    CHECK(w->d_loss == m->d_loss && w->g_loss == m->g_loss);
    int ok = 1;
    for (int i = 0; i < zdim; i++) ok &= w->noise[i] >= -1.0f && w->noise[i] <= 1.0f;
    for (int i = 0; i < GS_IMG_SIZE; i++) ok &= w->fake[i] >= 0.0f && w->fake[i] <= 1.0f && w->real[i] >= 0.0f && w->real[i] <= 1.0f;
    for (int i = 0; i < GS_WATCH_VERDICTS; i++) /* probabilities (batches under 4 leave zeros) */
        ok &= w->d_real[i] >= 0.0f && w->d_real[i] <= 1.0f && w->d_fake[i] >= 0.0f && w->d_fake[i] <= 1.0f &&
              w->g_fake[i] >= 0.0f && w->g_fake[i] <= 1.0f;
    ok &= w->d_real[0] > 0.0f || w->d_fake[0] > 0.0f; /* written */
    CHECK_MSG(ok, "the watch holds values out of range");
    float g2 = 0;
    for (int i = 0; i < GS_IMG_SIZE; i++) g2 += w->fake_grad[i] * w->fake_grad[i];
    CHECK_MSG(g2 > 0 && w->d_grad_norm > 0 && w->g_grad_norm > 0, "no gradient in the watch (%g %g %g)", g2,
              w->d_grad_norm, w->g_grad_norm);
}

static void test_preset(const char *preset, int batch, int steps) {
    GsError err;
    GsConfig cfg;
    CHECK(gs_config_preset(&cfg, preset, &err) == GS_OK);
    cfg.batch = batch, cfg.seed = 11;
    GsImages data;
    CHECK(gs_data_load(NULL, GS_DATASET_MNIST, &data, &err) == GS_OK);
    GsGan a, b;
    CHECK(gs_gan_create(&a, &cfg, &err) == GS_OK && gs_gan_create(&b, &cfg, &err) == GS_OK);
    gs_gan_set_threads(&a, 1, &err), gs_gan_set_threads(&b, 1, &err);
    static GsStepWatch w;
    memset(&w, 0, sizeof w);
    w.phase = -1;
    gs_gan_set_watch(&b, &w);
    for (int s = 0; s < steps; s++) {
        GsMetrics ma, mb;
        gs_gan_step(&a, &data, &ma);
        for (int p = 0; p < GS_PHASE_COUNT; p++) {
            float *g0 = copy(b.g.params, b.g.n_params), *d0 = copy(b.d.params, b.d.n_params);
            CHECK(gs_gan_next_phase(&b) == (GsStepPhase)p);
            /* any other phase is refused and runs nothing */
            GsStepPhase wrong = (GsStepPhase)((p + 1) % GS_PHASE_COUNT);
            GsRng rng0 = b.rng;
            CHECK(gs_gan_step_phase(&b, &data, wrong, &mb, &err) == GS_ERR_ARG);
            CHECK_MSG(!memcmp(&rng0, &b.rng, sizeof rng0) && w.phase == (p ? p - 1 : (s ? GS_PHASE_G_UPDATE : -1)),
                      "%s: phase %d out of order ran", preset, (int)wrong);
            CHECK(gs_gan_step_phase(&b, &data, (GsStepPhase)p, &mb, &err) == GS_OK);
            CHECK(w.phase == p && w.step == s + 1);
            int g_moved = !same(g0, b.g.params, b.g.n_params), d_moved = !same(d0, b.d.params, b.d.n_params);
            CHECK_MSG(g_moved == (p == GS_PHASE_G_UPDATE), "%s: phase %d: G's weights %s", preset, p,
                      g_moved ? "moved" : "did not move");
            CHECK_MSG(d_moved == (p == GS_PHASE_D_UPDATE), "%s: phase %d: D's weights %s", preset, p,
                      d_moved ? "moved" : "did not move");
            CHECK(b.step == s + (p == GS_PHASE_G_UPDATE));
            free(g0), free(d0);
        }
        CHECK_MSG(gan_equal(&a, &b), "%s: step %d phase by phase differs from gs_gan_step", preset, s + 1);
        CHECK_MSG(!memcmp(&ma, &mb, sizeof ma), "%s: step %d: the metrics differ (d_loss %.9g %.9g, g_loss %.9g %.9g)",
                  preset, s + 1, ma.d_loss, mb.d_loss, ma.g_loss, mb.g_loss);
        check_watch(&w, &mb, cfg.noise_dim);
    }
    printf("%s: %d steps run phase by phase and compared with gs_gan_step (d_loss %.6f, g_loss %.6f)\n", preset, steps, w.d_loss, w.g_loss);
    /* the check can fail: a step with a phase left out (D's update) ends elsewhere */
    GsMetrics m;
    gs_gan_step(&a, &data, &m);
    for (int p = 0; p < GS_PHASE_COUNT; p++) {
        if (p == GS_PHASE_D_UPDATE) b.phase_next = GS_PHASE_NEW_FAKES; /* skipped, by force */
        else CHECK(gs_gan_step_phase(&b, &data, (GsStepPhase)p, &m, &err) == GS_OK);
    }
    CHECK_MSG(!gan_equal(&a, &b), "%s: a step without D's update went unnoticed", preset);
    gs_gan_destroy(&a), gs_gan_destroy(&b);
    gs_images_free(&data);
}

int main(void) {
    test_preset("fast", 4, 3);
    test_preset("keras", 2, 2);
    CHECK_DONE();
}

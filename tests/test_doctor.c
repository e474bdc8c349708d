/* test_doctor.c: the training doctor as a state machine, fed made-up records: a healthy run
 * raises nothing; each failure raises its own diagnosis, once, no earlier than its limits
 * allow; the measures on real digits, noise, speckled and identical samples; remedies; the
 * texts exist for every diagnosis and scenario. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "gs_builtin.h"
#include "gs_doctor.h"
#include "gs_scenario.h"

static GsImages data;
static float real[16 * GS_IMG_SIZE];

static void digits(float *out, int first) {
    for (int i = 0; i < 16; i++)
        for (int p = 0; p < GS_IMG_SIZE; p++)
            out[i * GS_IMG_SIZE + p] = data.pixels[(size_t)(first + 37 * i) * GS_IMG_SIZE + p] / 255.0f;
}

static GsMetrics metrics(int64_t step, float d_loss, float d_acc, float g_loss) {
    GsMetrics m;
    memset(&m, 0, sizeof m);
    m.step = step, m.d_loss = d_loss, m.d_acc = d_acc, m.g_loss = g_loss, m.g_acc = 0.3f;
    m.lr_d = 8e-4f, m.lr_g = 4e-4f;
    return m;
}

static GsConfig fast(void) {
    GsConfig cfg;
    GsError err;
    gs_config_preset(&cfg, "fast", &err);
    return cfg;
}

/* Feeds steps [from, to] with the given metrics and, every 25 steps, samples; returns the
 * union of what was raised and the first step anything was. */
static unsigned run(GsDoctor *dr, int64_t from, int64_t to, float dl, float da, float gl,
                    const float *samples, int64_t *first) {
    unsigned all = 0;
    *first = -1;
    for (int64_t s = from; s <= to; s++) {
        GsMetrics m = metrics(s, dl, da, gl);
        unsigned r = gs_doctor_feed_metrics(dr, &m, 1.5);
        if (samples && s % 25 == 0) r |= gs_doctor_feed_samples(dr, s, samples, 16);
        if (r && *first < 0) *first = s;
        all |= r;
    }
    return all;
}

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* What the window's trainer thread adds to each step (app/window/trainer_doctor.c): the
 * largest weight and the metrics every step, 16 samples through G every 25 steps; timed
 * against `fast` steps in the same run (medians of 25 rounds). It must stay a few percent. */
static void test_cost(void) {
    GsConfig cfg = fast();
    GsError err;
    GsGan gan;
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK);
    GsDoctor dr;
    gs_doctor_init(&dr, &cfg, real, 16);
    static float img[16 * GS_IMG_SIZE];
    enum { ROUNDS = 25 };
    double step[ROUNDS], doc[ROUNDS];
    GsMetrics m;
    memset(&m, 0, sizeof m);
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now_s();
        gs_gan_step(&gan, &data, &m);
        double t1 = now_s();
        gs_doctor_feed_metrics(&dr, &m, gs_doctor_weight_max(&gan));
        double t2 = now_s();
        gs_gan_generate(&gan, gan.fixed_noise, 16, img); /* once in 25 steps: counted as 1/25 */
        gs_doctor_feed_samples(&dr, gan.step, img, 16);
        double t3 = now_s();
        step[r] = t1 - t0, doc[r] = (t2 - t1) + (t3 - t2) / 25;
    }
    qsort(step, ROUNDS, sizeof *step, cmp_double);
    qsort(doc, ROUNDS, sizeof *doc, cmp_double);
    double share = doc[ROUNDS / 2] / step[ROUNDS / 2];
    printf("doctor cost: %.3f ms a step against a fast step of %.1f ms (batch %d): %.2f%%\n", 1e3 * doc[ROUNDS / 2],
           1e3 * step[ROUNDS / 2], cfg.batch, 100 * share);
    CHECK(share < 0.03);
    /* the largest weight: as a plain loop finds it; an infinite weight gives infinity, a
     * NaN anywhere NaN */
    float want = 0;
    for (size_t i = 0; i < gan.g.n_params; i++) want = fabsf(gan.g.params[i]) > want ? fabsf(gan.g.params[i]) : want;
    for (size_t i = 0; i < gan.d.n_params; i++) want = fabsf(gan.d.params[i]) > want ? fabsf(gan.d.params[i]) : want;
    CHECK(gs_doctor_weight_max(&gan) == want && want > 0);
    float keep = gan.d.params[7];
    gan.d.params[7] = -INFINITY;
    CHECK(isinf(gs_doctor_weight_max(&gan)));
    gan.d.params[7] = NAN;
    CHECK(isnan(gs_doctor_weight_max(&gan)));
    gan.d.params[7] = keep;
    gan.g.params[gan.g.n_params - 1] = -1e30f;
    CHECK(gs_doctor_weight_max(&gan) == 1e30f);
    gs_gan_destroy(&gan);
}

/* memorised: the gap sequences measured every 100 steps on 200 digits (README, "What removing
 * dropout does here"): without dropout (seed 1) it fires at 600; the dropout-0.4 run (seed 3,
 * the widest) never; a big gap before memorise_after does not count. */
static void test_memorised(void) {
    static const double nodrop[] = {-0.08, 0.13, 0.16, 0.40, 0.61, 0.74, 0.71, 0.76, 0.79, 0.58};
    static const double drop[] = {0.02, 0.04, 0.13, 0.13, 0.21, 0.26, 0.37, 0.43, 0.43, 0.48};
    GsConfig cfg = fast();
    GsDoctor dr;
    int64_t first = -1;
    gs_doctor_init(&dr, &cfg, real, 16);
    for (int i = 0; i < 10; i++) {
        unsigned r = gs_doctor_feed_verdicts(&dr, 100 * (i + 1), 0.5 + nodrop[i] / 2, 0.5 - nodrop[i] / 2);
        if (r) {
            CHECK(r == 1u << GS_DX_MEMORISED && first < 0);
            first = 100 * (i + 1);
        }
    }
    CHECK_MSG(first == 600, "memorised raised at %lld", (long long)first);
    char detail[512];
    gs_doctor_detail(&dr, GS_DX_MEMORISED, detail, sizeof detail);
    CHECK_MSG(strstr(detail, "0.79") && strstr(detail, "0.21"), "%s", detail); /* the last verdicts fed */
    GsRemedy rem;
    gs_doctor_remedy(&dr, GS_DX_MEMORISED, &rem);
    CHECK(rem.kind == GS_REMEDY_SET_DROPOUT && rem.value > 0.39f && rem.value < 0.41f);
    gs_doctor_init(&dr, &cfg, real, 16);
    for (int i = 0; i < 10; i++) CHECK(gs_doctor_feed_verdicts(&dr, 100 * (i + 1), 0.5 + drop[i] / 2, 0.5 - drop[i] / 2) == 0);
    gs_doctor_init(&dr, &cfg, real, 16);
    for (int64_t s = 100; s < dr.lim.memorise_after; s += 100) CHECK(gs_doctor_feed_verdicts(&dr, s, 0.99, 0.01) == 0);
    CHECK(gs_doctor_feed_verdicts(&dr, dr.lim.memorise_after, 0.99, 0.01) == 0); /* the first that counts */
    CHECK(gs_doctor_feed_verdicts(&dr, dr.lim.memorise_after + 100, 0.99, 0.01) == 1u << GS_DX_MEMORISED);
    gs_doctor_init(&dr, &cfg, real, 16); /* a gap that drops back starts the count again */
    CHECK(gs_doctor_feed_verdicts(&dr, 500, 0.9, 0.1) == 0 && gs_doctor_feed_verdicts(&dr, 600, 0.6, 0.4) == 0);
    CHECK(gs_doctor_feed_verdicts(&dr, 700, 0.9, 0.1) == 0);

    /* the digits: off without a limit, with one under 64 or without 64 images after it */
    static float seen[GS_DOCTOR_VERDICTS * GS_IMG_SIZE], unseen[GS_DOCTOR_VERDICTS * GS_IMG_SIZE];
    CHECK(!gs_doctor_verdict_digits(&data, 0, seen, unseen));
    CHECK(!gs_doctor_verdict_digits(&data, GS_DOCTOR_VERDICTS - 1, seen, unseen));
    CHECK(!gs_doctor_verdict_digits(&data, data.n - GS_DOCTOR_VERDICTS + 1, seen, unseen));
    CHECK(gs_doctor_verdict_digits(&data, data.n - GS_DOCTOR_VERDICTS, seen, unseen));
    CHECK(gs_doctor_verdict_digits(&data, 200, seen, unseen));
    CHECK(seen[GS_IMG_SIZE * 3 + 400] == data.pixels[GS_IMG_SIZE * 3 + 400] / 255.0f);
    CHECK(unseen[GS_IMG_SIZE * 3 + 400] == data.pixels[GS_IMG_SIZE * 203 + 400] / 255.0f);
    const GsScenario *sc = gs_scenario_find("no-dropout");
    CHECK(sc->expect == GS_DX_MEMORISED && sc->limit == 200);
    GsImages v = gs_scenario_view(sc, &data);
    CHECK(v.n == 200 && v.pixels == data.pixels);
    CHECK(gs_scenario_view(gs_scenario_find("collapse"), &data).n == data.n);
    CHECK(gs_scenario_view(NULL, &data).n == data.n);

    /* D's verdicts leave training alone: a run checked after every step (with dropout, which
     * would draw from the RNG in training mode) ends with the weights, BN statistics and
     * optimiser state of the same run unchecked, bit for bit */
    GsError err;
    CHECK(gs_scenario_config(sc, 3, &cfg, &err) == GS_OK);
    cfg.g_dropout = cfg.d_dropout = 0.4f;
    GsGan a, b;
    CHECK(gs_gan_create(&a, &cfg, &err) == GS_OK && gs_gan_create(&b, &cfg, &err) == GS_OK);
    GsMetrics m;
    double ps = 0, pu = 0;
    for (int i = 0; i < 4; i++) { /* a few steps: seconds under the sanitizers */
        gs_gan_step(&a, &v, &m);
        gs_gan_step(&b, &v, &m);
        gs_doctor_verdicts(&b, seen, unseen, &ps, &pu);
    }
    CHECK(ps > 0 && ps < 1 && pu > 0 && pu < 1);
    CHECK(memcmp(a.g.params, b.g.params, sizeof(float) * a.g.n_params) == 0);
    CHECK(memcmp(a.d.params, b.d.params, sizeof(float) * a.d.n_params) == 0);
    CHECK(memcmp(a.g.state, b.g.state, sizeof(float) * a.g.n_state) == 0);
    CHECK(memcmp(&a.rng, &b.rng, sizeof a.rng) == 0);
    gs_gan_destroy(&a);
    gs_gan_destroy(&b);
}

int main(void) {
    GsError err;
    size_t size;
    const unsigned char *gz = gs_builtin_images(&size);
    CHECK(gs_idx_read_images_mem(gz, size, "built-in", &data, &err) == GS_OK);
    digits(real, 0);
    GsConfig cfg = fast();
    static float other[16 * GS_IMG_SIZE], noise[16 * GS_IMG_SIZE], speckled[16 * GS_IMG_SIZE], same[16 * GS_IMG_SIZE];
    digits(other, 5000);

    /* The measures: real digits are black and white, smooth and varied. */
    GsSampleStats st;
    gs_doctor_measure(real, 16, &st);
    CHECK_MSG(st.grey < 0.1 && st.speckle < 0.5 && st.spread > 0.25, "real: grey %g speckle %g spread %g",
              st.grey, st.speckle, st.spread);
    GsRng rng;
    gs_rng_seed(&rng, 7);
    for (int i = 0; i < 16 * GS_IMG_SIZE; i++) noise[i] = gs_rng_range(&rng, 0.3f, 0.7f);
    gs_doctor_measure(noise, 16, &st);
    CHECK(st.grey > 0.9);
    memcpy(speckled, other, sizeof other);
    for (int i = 0; i < 16; i++)
        for (int k = 0; k < 12; k++) { /* isolated white dots on the black background */
            int y = 1 + (int)gs_rng_below(&rng, 26), x = 1 + (int)gs_rng_below(&rng, 26);
            float *im = speckled + i * GS_IMG_SIZE;
            int dark = 1;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) dark &= im[(y + dy) * 28 + x + dx] < 0.05f;
            if (dark) im[y * 28 + x] = 1.0f;
        }
    gs_doctor_measure(speckled, 16, &st);
    CHECK_MSG(st.speckle > 5, "speckled: %g specks per 1000 pixels", st.speckle);
    /* dark holes in white count as much as white dots on black */
    static float holes[16 * GS_IMG_SIZE];
    for (int i = 0; i < 16 * GS_IMG_SIZE; i++) holes[i] = 1.0f;
    for (int i = 0; i < 16; i++) holes[i * GS_IMG_SIZE + 10 * 28 + 10] = holes[i * GS_IMG_SIZE + 20 * 28 + 5] = 0.0f;
    gs_doctor_measure(holes, 16, &st);
    CHECK_CLOSE(st.speckle, 1000.0 * 2 / GS_IMG_SIZE, 1e-9, 1e-9);
    for (int i = 0; i < 16; i++) memcpy(same + i * GS_IMG_SIZE, other, sizeof(float) * GS_IMG_SIZE);
    gs_doctor_measure(same, 16, &st);
    CHECK(st.spread == 0);

    GsDoctor dr;
    int64_t first;
    /* A healthy run: balanced losses, real-looking varied samples: nothing, for 5000 steps. */
    gs_doctor_init(&dr, &cfg, real, 16);
    CHECK(run(&dr, 1, 5000, 0.62f, 0.68f, 1.1f, other, &first) == 0);
    /* Early on the discriminator may win for a while in any run: not a diagnosis yet. */
    gs_doctor_init(&dr, &cfg, real, 16);
    CHECK(run(&dr, 1, dr.lim.dwins_after, 0.01f, 1.0f, 8.0f, other, &first) == 0);

    /* d-wins: after the early phase, for dwins_hold steps (plus the averages settling). */
    unsigned r = run(&dr, dr.lim.dwins_after + 1, 2000, 0.01f, 1.0f, 8.0f, other, &first);
    CHECK(r == 1u << GS_DX_D_WINS);
    CHECK_MSG(first >= dr.lim.dwins_after + dr.lim.dwins_hold && first <= dr.lim.dwins_after + dr.lim.dwins_hold + 100,
              "d-wins raised at %lld", (long long)first);
    CHECK(dr.raised_step[GS_DX_D_WINS] == first);
    GsRemedy rem;
    gs_doctor_remedy(&dr, GS_DX_D_WINS, &rem);
    CHECK(rem.kind == GS_REMEDY_SET_LR_D && rem.value < 8e-4f && strstr(rem.label, "D's learning rate"));

    /* saturated: the same record with the clipped loss and losses at its ceiling */
    GsConfig clipped = cfg;
    clipped.loss = GS_LOSS_SIGMOID_CLIPPED;
    gs_doctor_init(&dr, &clipped, real, 16);
    r = run(&dr, 1, 1000, 0.0f, 1.0f, 15.94f, other, &first);
    CHECK(r == 1u << GS_DX_SATURATED);
    CHECK(first == dr.lim.sat_hold);
    /* ...and with the logit loss a high loss still pulls: no saturation */
    gs_doctor_init(&dr, &cfg, real, 16);
    CHECK(!(run(&dr, 1, 1000, 0.0f, 1.0f, 15.94f, other, &first) & (1u << GS_DX_SATURATED)));

    /* diverged: a NaN loss, an infinite loss, or weights blown up; at once */
    gs_doctor_init(&dr, &cfg, real, 16);
    GsMetrics m = metrics(10, NAN, 0.5f, 1.0f);
    CHECK(gs_doctor_feed_metrics(&dr, &m, 1.0) == 1u << GS_DX_DIVERGED);
    CHECK(gs_doctor_feed_metrics(&dr, &m, 1.0) == 0); /* once */
    gs_doctor_init(&dr, &cfg, real, 16);
    m = metrics(3, 0.5f, 0.5f, INFINITY);
    CHECK(gs_doctor_feed_metrics(&dr, &m, 1.0) == 1u << GS_DX_DIVERGED);
    gs_doctor_init(&dr, &cfg, real, 16);
    m = metrics(3, 0.5f, 0.5f, 1.0f);
    CHECK(gs_doctor_feed_metrics(&dr, &m, dr.lim.diverge_weight * 0.9) == 0);
    CHECK(gs_doctor_feed_metrics(&dr, &m, dr.lim.diverge_weight * 1.1) == 1u << GS_DX_DIVERGED);
    gs_doctor_init(&dr, &cfg, real, 16);
    CHECK(gs_doctor_feed_metrics(&dr, &m, NAN) == 1u << GS_DX_DIVERGED);

    /* still-noise: grey samples at the preset's digits step, not before */
    gs_doctor_init(&dr, &cfg, real, 16);
    int64_t due = (int64_t)(dr.lim.noise_after * dr.digits_step);
    CHECK(run(&dr, 1, due - 1, 0.6f, 0.7f, 1.0f, noise, &first) == 0);
    r = run(&dr, due, due + 100, 0.6f, 0.7f, 1.0f, noise, &first);
    CHECK(r == 1u << GS_DX_STILL_NOISE);
    CHECK(first >= due && first < due + 25);
    /* ...or a judge's low recognisability */
    gs_doctor_init(&dr, &cfg, real, 16);
    CHECK(gs_doctor_feed_scores(&dr, 100, 0.2, 0.9) == 0);
    CHECK(gs_doctor_feed_scores(&dr, due, 0.2, 0.9) == 1u << GS_DX_STILL_NOISE);
    gs_doctor_init(&dr, &cfg, real, 16);
    CHECK(gs_doctor_feed_scores(&dr, due, 0.9, 0.9) == 0);

    /* speckle: after speckle_after, speckle_hold checks in a row */
    gs_doctor_init(&dr, &cfg, real, 16);
    r = run(&dr, 1, 3000, 0.6f, 0.7f, 1.0f, speckled, &first);
    CHECK(r == 1u << GS_DX_SPECKLE);
    /* on the speckle_hold-th check from the first one at or after speckle_after */
    CHECK_MSG(first == (dr.lim.speckle_after + 24) / 25 * 25 + 25 * (dr.lim.speckle_hold - 1),
              "speckle raised at %lld", (long long)first);
    gs_doctor_remedy(&dr, GS_DX_SPECKLE, &rem);
    CHECK(rem.kind == GS_REMEDY_SET_DROPOUT && rem.value > 0.29f && rem.value < 0.61f);

    /* collapse: identical samples; or a judge's coverage falling */
    gs_doctor_init(&dr, &cfg, real, 16);
    r = run(&dr, 1, 3000, 0.6f, 0.7f, 1.0f, same, &first);
    CHECK(r == 1u << GS_DX_COLLAPSE);
    CHECK_MSG(first == (dr.lim.collapse_after + 24) / 25 * 25 + 25 * (dr.lim.collapse_hold - 1),
              "collapse raised at %lld", (long long)first);
    gs_doctor_init(&dr, &cfg, real, 16);
    CHECK(gs_doctor_feed_scores(&dr, 1000, 0.3, 0.2) == 0); /* unreadable blobs: not collapse */
    CHECK(gs_doctor_feed_scores(&dr, 1000, 0.9, 0.2) == 1u << GS_DX_COLLAPSE);

    /* names for metrics.csv, and every text in place */
    char buf[64];
    gs_doctor_mask_names((1u << GS_DX_D_WINS) | (1u << GS_DX_COLLAPSE), buf, sizeof buf);
    CHECK(strcmp(buf, "d-wins+collapse") == 0);
    gs_doctor_mask_names(0, buf, sizeof buf);
    CHECK(buf[0] == 0);
    for (int id = 1; id < GS_DX_COUNT; id++) {
        const GsDiagnosisText *t = gs_explain_diagnosis((GsDiagnosisId)id);
        CHECK(t && *t->id && *t->title && strlen(t->picture) > 80);
        CHECK((int)gs_explain_diagnosis_find(t->id) == id);
        CHECK(strstr(t->picture, "police") || strstr(t->picture, "counterfeiter"));
    }
    int n;
    const GsScenario *list = gs_scenario_list(&n);
    CHECK(n == 5);
    for (int i = 0; i < n; i++) {
        const char *text = gs_explain_scenario(list[i].name);
        CHECK_MSG(text && strstr(text, "police") && strstr(text, "counterfeiter"), "%s", list[i].name);
        GsConfig sc;
        CHECK(gs_scenario_config(&list[i], 5, &sc, &err) == GS_OK);
        CHECK(strcmp(sc.preset, list[i].name) == 0 && sc.seed == 5);
        /* the widths the scenarios were measured on, whatever `fast` is tuned to */
        CHECK_MSG(sc.g_dense_c == 64 && sc.g_c[0] == 32 && sc.g_c[1] == 16 && sc.g_c[2] == 8 && sc.d_c[0] == 16 &&
                      sc.d_c[1] == 32 && sc.d_c[2] == 64 && sc.d_c[3] == 128,
                  "%s: widths moved (dense %d)", list[i].name, sc.g_dense_c);
        CHECK_MSG(sc.late_from == 0, "%s: took fast's second phase", list[i].name); /* measured without one */
        GsConfig back = sc;
        back.loss = GS_LOSS_LOGITS;
        gs_scenario_restore(&back); /* what a checkpoint brings back */
        CHECK(back.loss == sc.loss);
    }
    CHECK(gs_scenario_find("sigmoid-bce")->loss == GS_LOSS_SIGMOID_CLIPPED);
    /* the window's panel captions, in the same picture */
    static const char *const panels[] = {"grid", "strip", "loss", "accuracy", "d-output", "scores", "digits",
                                         "explorer", "lr"};
    for (size_t i = 0; i < sizeof panels / sizeof *panels; i++) {
        const char *t = gs_explain_panel(panels[i]);
        CHECK_MSG(t && (strstr(t, "police") || strstr(t, "counterfeiter")), "caption %s", panels[i]);
    }
    CHECK(gs_explain_panel("nope") == NULL);
    test_cost();
    test_memorised();
    gs_images_free(&data);
    CHECK_DONE();
}

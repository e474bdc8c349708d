/* train_scores.c: scoring during `ganscope train` (see train_scores.h). */
#define _POSIX_C_SOURCE 200809L
#include "train_scores.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int train_scorer_parse(const char *s, long long *steps, double *seconds) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0 || v > 1e9) return 0;
    *steps = 0, *seconds = 0;
    if (!strcmp(end, "s")) *seconds = v;
    else if (*end == '\0' && v == (long long)v) *steps = (long long)v;
    else return 0;
    return 1;
}

void train_scorer_init(TrainScorer *t, const GsGan *gan, GsDataset ds, long long steps,
                       double seconds, int n, double now) {
    memset(t, 0, sizeof *t);
    if (steps < 0) { /* the defaults: a few percent of the time of either preset's steps */
        if (!strcmp(gan->cfg.preset, "keras")) steps = 20, seconds = 0;
        else steps = 0, seconds = 30;
    }
    t->every_steps = steps, t->every_seconds = seconds, t->ds = ds, t->last_time = now;
    t->n = n > 1 ? n : TRAIN_SCORE_COUNT;
}

/* The judge, the real images' statistics and the fixed noise: built at the first score, so
 * short runs never pay for them. */
static int scorer_setup(TrainScorer *t, GsGan *gan) {
    GsError err;
    GsImages test = {0};
    GsStatus st = gs_judge_load_builtin(&t->judge, t->ds, 256, &err);
    int have_judge = st == GS_OK, have_ref = 0;
    if (st == GS_OK) st = gs_net_set_pool(&t->judge.net, gan->pool, &err);
    /* the built-in judges carry their test set's statistics; computing them costs seconds */
    if (st == GS_OK && t->judge.real.n == 0 && (st = gs_data_load_test(NULL, t->ds, &test, &err)) == GS_OK)
        st = gs_real_stats_compute(&t->judge.real, &t->judge, &test, &err);
    if (st == GS_OK) have_ref = (st = gs_score_ref_create(&t->ref, &t->judge.real, NULL, NULL, 0, 0, &err)) == GS_OK;
    gs_images_free(&test);
    t->noise = malloc(sizeof(float) * t->n * gan->cfg.noise_dim);
    t->images = malloc(sizeof(float) * t->n * GS_IMG_SIZE);
    if (st == GS_OK && (!t->noise || !t->images)) st = gs_fail(&err, GS_ERR_NOMEM, "out of memory");
    if (st != GS_OK) {
        cli_error("warning: scores are off for this run: %s", err.msg);
        if (have_ref) gs_score_ref_destroy(&t->ref);
        if (have_judge) gs_judge_destroy(&t->judge);
        free(t->noise), free(t->images);
        t->noise = t->images = NULL;
        t->failed = 1;
        return 0;
    }
    /* Fixed for the whole run (and across resumes): its own stream from the run's seed. */
    GsRng rng;
    gs_rng_seed(&rng, gan->cfg.seed ^ 0x5c0e5ull);
    gs_gan_noise(gan, &rng, t->noise, t->n);
    t->ready = 1;
    return 1;
}

int train_scorer_maybe(TrainScorer *t, GsGan *gan, double now, GsScores *s) {
    if (t->failed) return 0;
    double gap = t->every_seconds > t->min_gap ? t->every_seconds : t->min_gap;
    int due = (t->every_steps > 0 && gan->step % t->every_steps == 0) ||
              (t->every_seconds > 0 && now - t->last_time >= gap);
    if (!due || (!t->ready && !scorer_setup(t, gan))) return 0;
    t->last_time = now;
    gs_gan_generate(gan, t->noise, t->n, t->images);
    GsError err;
    if (gs_scores_compute(s, &t->judge, &t->ref, t->images, t->n, 0, &err) != GS_OK) {
        cli_error("warning: scores are off for this run: %s", err.msg);
        t->failed = 1;
        return 0;
    }
    t->count++;
    double took = cli_now() - now; /* `now` is when the call began: the setup counts too */
    t->seconds += took;
    t->min_gap = took / TRAIN_SCORE_BUDGET;
    return 1;
}

void train_scorer_free(TrainScorer *t) {
    if (t->ready) {
        gs_judge_destroy(&t->judge);
        gs_score_ref_destroy(&t->ref);
    }
    free(t->noise), free(t->images);
    memset(t, 0, sizeof *t);
}

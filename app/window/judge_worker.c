/* judge_worker.c: the judge's thread for the views (judge_worker.h). One mutex guards the
 * jobs and results; the judge, the generator and the buffers are the thread's alone. */
#define _POSIX_C_SOURCE 200809L
#include "judge_worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gs_model.h"
#include "gs_rng.h"

#define G_CHUNK 50 /* generator batch while scoring */

struct JudgeWorker {
    pthread_t th;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int stop;
    /* jobs (under lock) */
    int label_pending, label_n;
    GsDataset label_ds;
    uint64_t label_tag;
    float label_img[JUDGE_MAX_LABELS * GS_IMG_SIZE];
    int score_pending, score_busy;
    GsDataset score_ds;
    GsConfig cfg;               /* the snapshot's, with its weights below */
    uint64_t run;
    int64_t step;
    float *g_params, *g_state;
    size_t n_params, n_state, cap_params, cap_state;
    /* results (under lock) */
    int labels_new, labels_n;
    uint64_t labels_tag;
    int cls[JUDGE_MAX_LABELS];
    float conf[JUDGE_MAX_LABELS];
    int score_new;
    JudgeScore score;
    char error[600];
    /* the thread's own */
    int have_judge, have_ref;
    GsDataset judge_ds;
    GsJudge judge;
    GsScoreRef ref;
    float work_img[JUDGE_MAX_LABELS * GS_IMG_SIZE], probs[JUDGE_MAX_LABELS * GS_JUDGE_CLASSES];
};

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void fail(JudgeWorker *w, const char *msg) {
    pthread_mutex_lock(&w->lock);
    snprintf(w->error, sizeof w->error, "judge: %s", msg);
    pthread_mutex_unlock(&w->lock);
}

/* The built-in judge of ds and its reference statistics (reloaded when ds changes). */
static int ensure_judge(JudgeWorker *w, GsDataset ds) {
    if (w->have_judge && w->judge_ds == ds) return 1;
    if (w->have_ref) gs_score_ref_destroy(&w->ref);
    if (w->have_judge) gs_judge_destroy(&w->judge);
    w->have_judge = w->have_ref = 0;
    GsError err;
    if (gs_judge_load_builtin(&w->judge, ds, JUDGE_MAX_LABELS, &err) != GS_OK) return fail(w, err.msg), 0;
    w->have_judge = 1, w->judge_ds = ds;
    if (w->judge.real.n > 0) /* the built-in judges carry their test set's statistics */
        w->have_ref = gs_score_ref_create(&w->ref, &w->judge.real, NULL, NULL, 0, 0, &err) == GS_OK;
    return 1;
}

static void do_labels(JudgeWorker *w) {
    pthread_mutex_lock(&w->lock);
    int n = w->label_n;
    GsDataset ds = w->label_ds;
    uint64_t tag = w->label_tag;
    memcpy(w->work_img, w->label_img, sizeof(float) * (size_t)n * GS_IMG_SIZE);
    w->label_pending = 0;
    pthread_mutex_unlock(&w->lock);
    if (!ensure_judge(w, ds)) return;
    gs_judge_classify(&w->judge, w->work_img, n, w->probs, NULL);
    pthread_mutex_lock(&w->lock);
    for (int i = 0; i < n; i++) {
        const float *p = w->probs + (size_t)i * GS_JUDGE_CLASSES;
        int best = 0;
        for (int k = 1; k < GS_JUDGE_CLASSES; k++)
            if (p[k] > p[best]) best = k;
        w->cls[i] = best, w->conf[i] = p[best];
    }
    w->labels_n = n, w->labels_tag = tag, w->labels_new = 1;
    pthread_mutex_unlock(&w->lock);
}

/* The snapshot's generator on the fixed noise (train_scores.c's stream), then the scores. */
static void do_score(JudgeWorker *w) {
    double t0 = now_s();
    pthread_mutex_lock(&w->lock);
    w->score_pending = 0;
    GsDataset ds = w->score_ds;
    GsConfig cfg = w->cfg;
    pthread_mutex_unlock(&w->lock); /* the weights stay put: score_busy blocks new copies */
    int n = JUDGE_SCORE_COUNT;
    float *noise = malloc(sizeof(float) * (size_t)n * cfg.noise_dim);
    float *img = malloc(sizeof(float) * (size_t)n * GS_IMG_SIZE);
    GsNet g;
    GsError err;
    GsLayerSpec specs[GS_NET_MAX_LAYERS];
    int ok = noise && img && ensure_judge(w, ds), have_g = 0;
    if (ok && !w->have_ref) ok = 0, fail(w, "the built-in judge has no real-image statistics");
    if (ok) {
        int ng = gs_model_generator(&cfg, specs);
        have_g = ok = gs_net_create(&g, specs, ng, 1, 1, cfg.noise_dim, G_CHUNK, &err) == GS_OK;
        if (!ok) fail(w, err.msg);
        else if (g.n_params != w->n_params || g.n_state != w->n_state)
            ok = 0, fail(w, "snapshot does not match its configuration");
    }
    GsScores s;
    if (ok) {
        float *own_p = g.params, *own_s = g.state;
        g.params = w->g_params, g.state = w->g_state; /* read in place, as infer.c does */
        GsRng rng;
        gs_rng_seed(&rng, cfg.seed ^ 0x5c0e5ull); /* train --score-every's noise for this seed */
        for (size_t i = 0, e = (size_t)n * cfg.noise_dim; i < e; i++) noise[i] = gs_rng_range(&rng, -1.0f, 1.0f);
        for (int i = 0; i < n; i += G_CHUNK) {
            int k = n - i < G_CHUNK ? n - i : G_CHUNK;
            const float *out = gs_net_forward(&g, noise + (size_t)i * cfg.noise_dim, k, 0, NULL);
            memcpy(img + (size_t)i * GS_IMG_SIZE, out, sizeof(float) * (size_t)k * GS_IMG_SIZE);
        }
        g.params = own_p, g.state = own_s;
        ok = gs_scores_compute(&s, &w->judge, &w->ref, img, n, 0, &err) == GS_OK;
        if (!ok) fail(w, err.msg);
    } else if (!noise || !img) fail(w, "out of memory");
    if (have_g) gs_net_destroy(&g);
    free(noise), free(img);
    pthread_mutex_lock(&w->lock);
    if (ok) w->score = (JudgeScore){s, w->run, w->step, now_s() - t0}, w->score_new = 1;
    w->score_busy = 0;
    pthread_mutex_unlock(&w->lock);
}

static void *worker_main(void *arg) {
    JudgeWorker *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        if (w->label_pending) { /* first: a click on the toggle waits for nothing else */
            pthread_mutex_unlock(&w->lock);
            do_labels(w);
            pthread_mutex_lock(&w->lock);
        } else if (w->score_pending) {
            pthread_mutex_unlock(&w->lock);
            do_score(w);
            pthread_mutex_lock(&w->lock);
        } else {
            pthread_cond_wait(&w->cond, &w->lock);
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

GsStatus judge_worker_create(JudgeWorker **out, GsError *err) {
    *out = NULL;
    JudgeWorker *w = calloc(1, sizeof *w);
    if (!w) return gs_fail(err, GS_ERR_NOMEM, "out of memory");
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    if (pthread_create(&w->th, NULL, worker_main, w) != 0) {
        pthread_mutex_destroy(&w->lock), pthread_cond_destroy(&w->cond);
        free(w);
        return gs_fail(err, GS_ERR_NOMEM, "cannot start the judge's thread");
    }
    *out = w;
    return GS_OK;
}

void judge_worker_free(JudgeWorker *w) {
    if (!w) return;
    pthread_mutex_lock(&w->lock);
    w->stop = 1;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->th, NULL);
    if (w->have_ref) gs_score_ref_destroy(&w->ref);
    if (w->have_judge) gs_judge_destroy(&w->judge);
    free(w->g_params), free(w->g_state);
    pthread_mutex_destroy(&w->lock), pthread_cond_destroy(&w->cond);
    free(w);
}

void judge_worker_label(JudgeWorker *w, GsDataset ds, const float *img, int n, uint64_t tag) {
    n = n < 0 ? 0 : n > JUDGE_MAX_LABELS ? JUDGE_MAX_LABELS : n;
    pthread_mutex_lock(&w->lock);
    memcpy(w->label_img, img, sizeof(float) * (size_t)n * GS_IMG_SIZE);
    w->label_n = n, w->label_ds = ds, w->label_tag = tag, w->label_pending = n > 0;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

int judge_worker_take_labels(JudgeWorker *w, uint64_t *tag, int *cls, float *conf, int cap) {
    pthread_mutex_lock(&w->lock);
    int n = 0;
    if (w->labels_new) {
        n = w->labels_n < cap ? w->labels_n : cap;
        memcpy(cls, w->cls, sizeof(int) * (size_t)n);
        memcpy(conf, w->conf, sizeof(float) * (size_t)n);
        *tag = w->labels_tag, w->labels_new = 0;
    }
    pthread_mutex_unlock(&w->lock);
    return n;
}

/* Grows *p to hold n floats. */
static int fit(float **p, size_t *cap, size_t n) {
    if (n <= *cap) return 1;
    float *q = realloc(*p, sizeof(float) * (n ? n : 1));
    if (!q) return 0;
    *p = q, *cap = n;
    return 1;
}

int judge_worker_score(JudgeWorker *w, GsDataset ds, const GsSnapshot *s) {
    pthread_mutex_lock(&w->lock);
    int ok = !w->score_busy && fit(&w->g_params, &w->cap_params, s->n_g_params) &&
             fit(&w->g_state, &w->cap_state, s->n_g_state);
    if (ok) {
        memcpy(w->g_params, s->g_params, sizeof(float) * s->n_g_params);
        memcpy(w->g_state, s->g_state, sizeof(float) * s->n_g_state);
        w->n_params = s->n_g_params, w->n_state = s->n_g_state;
        w->cfg = s->cfg, w->run = s->run, w->step = s->step, w->score_ds = ds;
        w->score_busy = w->score_pending = 1;
        pthread_cond_signal(&w->cond);
    }
    pthread_mutex_unlock(&w->lock);
    return ok;
}

int judge_worker_take_score(JudgeWorker *w, JudgeScore *out) {
    pthread_mutex_lock(&w->lock);
    int got = w->score_new;
    if (got) *out = w->score, w->score_new = 0;
    pthread_mutex_unlock(&w->lock);
    return got;
}

int judge_worker_error(JudgeWorker *w, char *buf, int size) {
    pthread_mutex_lock(&w->lock);
    int had = w->error[0] != 0;
    if (had) snprintf(buf, size, "%s", w->error), w->error[0] = 0;
    pthread_mutex_unlock(&w->lock);
    return had;
}

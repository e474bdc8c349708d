/* look_worker.c: a look-inside view's own thread and network copies (look_worker.h). */
#define _POSIX_C_SOURCE 200809L
#include "look_worker.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gs_inspect.h"

/* A growable copy of one array of the snapshot. */
typedef struct Arr {
    float *v;
    size_t n, cap;
} Arr;

struct LookWorker {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th;
    int started, quit, poked, fresh; /* fresh: staged weights newer than the nets' */
    _Atomic int active;              /* the view is shown: stage weights */
    int on_weights, stale;                  /* new weights run the job again (at most every period) */
    double last_run;
    LookJob job;
    void *ctx;
    int max_batch;
    Infer *infer;
    /* staged by the inference task, under mu */
    GsConfig cfg;
    int64_t step;
    Arr gp, gs, dp, ds;
    /* the worker's own (only the worker touches them after creation) */
    GsNet g, d;
    int have_nets;
    GsConfig net_cfg;
    _Atomic uint64_t runs;
};

static int arr_set(Arr *a, const float *v, size_t n) {
    if (n > a->cap) {
        float *p = realloc(a->v, n * sizeof *p);
        if (!p) return 0;
        a->v = p, a->cap = n;
    }
    if (n) memcpy(a->v, v, n * sizeof *v);
    a->n = n;
    return 1;
}

/* The inference thread, for each new snapshot: stage its weights. */
static void look_task(void *ctx, const GsSnapshot *s) {
    LookWorker *w = ctx;
    if (!w->active) return; /* hidden: no copies (look_set_active asks for the newest again) */
    pthread_mutex_lock(&w->mu);
    if (arr_set(&w->gp, s->g_params, s->n_g_params) && arr_set(&w->gs, s->g_state, s->n_g_state) &&
        arr_set(&w->dp, s->d_params, s->n_d_params) && arr_set(&w->ds, s->d_state, s->n_d_state)) {
        w->cfg = s->cfg, w->step = s->step, w->fresh = 1;
        pthread_cond_signal(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
}

/* Staged weights into the worker's nets (made again when the model changed). Under mu. */
static int load_nets(LookWorker *w) {
    GsError err;
    if (w->have_nets && memcmp(&w->net_cfg, &w->cfg, sizeof w->cfg) == 0 &&
        gs_inspect_net_load(&w->g, w->gp.v, w->gp.n, w->gs.v, w->gs.n, &err) == GS_OK &&
        gs_inspect_net_load(&w->d, w->dp.v, w->dp.n, w->ds.v, w->ds.n, &err) == GS_OK)
        return 1;
    if (w->have_nets) gs_net_destroy(&w->g), gs_net_destroy(&w->d), w->have_nets = 0;
    if (gs_inspect_net_create(&w->g, &w->cfg, 1, w->max_batch, w->gp.v, w->gp.n, w->gs.v, w->gs.n, &err) != GS_OK)
        return 0;
    if (gs_inspect_net_create(&w->d, &w->cfg, 0, w->max_batch, w->dp.v, w->dp.n, w->ds.v, w->ds.n, &err) != GS_OK) {
        gs_net_destroy(&w->g);
        return 0;
    }
    w->net_cfg = w->cfg, w->have_nets = 1;
    return 1;
}

double look_clock(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

double look_cpu_clock(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* New weights alone run the job at most this often: the trainer keeps the CPU. */
#define LOOK_PERIOD_S 0.5

/* Under mu: whether the job should run now; else *wait_s > 0 to wait at most that long. */
static int due(LookWorker *w, double *wait_s) {
    *wait_s = 0;
    if (w->fresh) {
        w->fresh = 0;
        if (!load_nets(w)) return 0; /* out of memory: try again with the next snapshot */
        w->stale = w->on_weights;
    }
    if (!w->have_nets) return 0; /* a poke waits for the first weights */
    if (w->poked) return 1;
    if (!w->stale) return 0;
    double left = w->last_run + LOOK_PERIOD_S - look_clock();
    if (left <= 0) return 1;
    *wait_s = left;
    return 0;
}

static void *look_main(void *arg) {
    LookWorker *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->quit) {
        double wait_s;
        if (!due(w, &wait_s)) {
            if (w->quit || w->fresh) continue; /* a poke without nets waits for weights */
            if (wait_s > 0) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                long ns = ts.tv_nsec + (long)(wait_s * 1e9);
                ts.tv_sec += ns / 1000000000L, ts.tv_nsec = ns % 1000000000L;
                pthread_cond_timedwait(&w->cv, &w->mu, &ts);
            } else {
                pthread_cond_wait(&w->cv, &w->mu);
            }
            continue;
        }
        w->poked = w->stale = 0;
        w->last_run = look_clock();
        int64_t step = w->step;
        pthread_mutex_unlock(&w->mu); /* the job runs while new weights are staged */
        w->job(w->ctx, &w->g, &w->d, step);
        w->runs++;
        if (w->infer) infer_notify(w->infer); /* the render loop draws the result */
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

LookWorker *look_create(Infer *infer, LookJob job, void *ctx, int max_batch, int on_weights) {
    LookWorker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->job = job, w->ctx = ctx, w->max_batch = max_batch, w->on_weights = on_weights;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (!infer) return w;
    w->infer = infer;
    if (!infer_add_task(infer, look_task, w)) {
        w->infer = NULL;
        look_free(w);
        return NULL;
    }
    if (pthread_create(&w->th, NULL, look_main, w) != 0) {
        look_free(w);
        return NULL;
    }
    w->started = 1;
    return w;
}

void look_free(LookWorker *w) {
    if (!w) return;
    if (w->started) {
        pthread_mutex_lock(&w->mu);
        w->quit = 1;
        pthread_cond_signal(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->th, NULL);
    }
    if (w->infer) infer_remove_task(w->infer, w);
    if (w->have_nets) gs_net_destroy(&w->g), gs_net_destroy(&w->d);
    free(w->gp.v), free(w->gs.v), free(w->dp.v), free(w->ds.v);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
}

void look_poke(LookWorker *w) {
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->poked = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

uint64_t look_runs(LookWorker *w) { return w ? w->runs : 0; }

void look_set_active(LookWorker *w, int on) {
    if (!w || w->active == on) return;
    w->active = on;
    if (on && w->infer) infer_rerun_tasks(w->infer); /* the newest weights, even when paused */
    if (on) look_poke(w);
}

double look_take_z(float *z, const Action *a, double frame_now) {
    memset(z, 0, sizeof(float) * INFER_MAX_Z);
    memcpy(z, a->z, sizeof(float) * (size_t)a->zdim);
    return look_clock() - (frame_now - a->at);
}

void look_apply_z(LookWorker *w, pthread_mutex_t *mu, float *req_z, double *req_at, int page, const Action *a,
                  double frame_now) {
    if (a->kind == ACT_SET_PAGE && a->i != page) look_set_active(w, 0);
    if (a->kind != ACT_SET_Z) return;
    pthread_mutex_lock(mu);
    *req_at = look_take_z(req_z, a, frame_now);
    pthread_mutex_unlock(mu);
    look_poke(w);
}

/* infer.c: the views' inference worker (infer.h): requests in, results out, one lock. */
#define _POSIX_C_SOURCE 200809L
#include "infer.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gs_net.h"

#define CHUNK 8             /* most images per forward pass; previews run between chunks */
#define CHUNK_SECONDS 0.008 /* a chunk's target length: the longest a drag's preview waits */

/* One job's request and result (both under the lock). Vectors are INFER_MAX_Z apart,
 * zero beyond the dim posted, so any snapshot's noise size reads a whole vector. */
typedef struct Job {
    int max_n;               /* its limit: 1, INFER_MAX_INTERP or INFER_MAX_TILES */
    int urgent_request;      /* a new request is answered at once (not budgeted) */
    int urgent_snapshot;     /* so is a new snapshot */
    float *z;                /* request: max_n vectors */
    int n;                   /* vectors requested (0: none) */
    uint64_t seq;            /* request number */
    float *img, *verdict;    /* result: max_n images and verdicts */
    int done_n;
    uint64_t done_seq, done_snap; /* request and snapshot the result answers (0: none) */
    int64_t done_step;
} Job;

struct Infer {
    GsSnapshotBuffer *snapshots; /* borrowed; the worker is one reader */
    InferNotify notify;
    void *notify_ctx;
    /* worker only */
    GsNet g, d;                  /* nets for cfg, batch up to CHUNK; weights: the snapshot's */
    float *own[4];               /* the nets' own params and state arrays, put back to free */
    GsConfig cfg;
    int have_nets;
    double img_cost;             /* seconds one image takes through G and D */
    float *work_img, *work_verdict; /* a job's results while it runs */
    pthread_t thread;
    int started, have_lock;

    pthread_mutex_t lock;        /* guards everything below */
    pthread_cond_t cond;
    int stop;
    Job job[INFER_JOBS];
    double max_share;            /* fraction of wall time budgeted work may use (0.10) */
    double next_budget_at;       /* earliest time for budgeted work */
    uint64_t tasks_snap;         /* snapshot the tasks last ran on */
    InferTask task[INFER_MAX_TASKS];
    void *task_ctx[INFER_MAX_TASKS];
    int n_tasks;
    char error[512];             /* last failure, empty if none */
};

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

GsStatus infer_create(Infer **out, GsSnapshotBuffer *snapshots, InferNotify notify, void *ctx, GsError *err) {
    static const int max_n[INFER_JOBS] = {1, INFER_MAX_INTERP, INFER_MAX_TILES};
    static const int urgent[INFER_JOBS][2] = {{1, 1}, {1, 0}, {0, 0}};
    *out = NULL;
    Infer *in = calloc(1, sizeof *in);
    if (!in) return gs_fail(err, GS_ERR_NOMEM, "out of memory for the view inference");
    in->snapshots = snapshots, in->notify = notify, in->notify_ctx = ctx;
    in->max_share = 0.10;
    int ok = 1;
    for (int j = 0; j < INFER_JOBS; j++) {
        Job *b = &in->job[j];
        b->max_n = max_n[j], b->urgent_request = urgent[j][0], b->urgent_snapshot = urgent[j][1];
        b->z = calloc((size_t)b->max_n * INFER_MAX_Z, sizeof(float));
        b->img = malloc(sizeof(float) * (size_t)b->max_n * GS_IMG_SIZE);
        b->verdict = malloc(sizeof(float) * (size_t)b->max_n);
        ok = ok && b->z && b->img && b->verdict;
    }
    in->work_img = malloc(sizeof(float) * (size_t)INFER_MAX_TILES * GS_IMG_SIZE);
    in->work_verdict = malloc(sizeof(float) * INFER_MAX_TILES);
    if (!ok || !in->work_img || !in->work_verdict) {
        infer_free(in);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory for the view inference");
    }
    pthread_mutex_init(&in->lock, NULL);
    pthread_cond_init(&in->cond, NULL);
    in->have_lock = 1;
    *out = in;
    return GS_OK;
}

/* Same architecture (everything the layer tables depend on)? */
static int same_arch(const GsConfig *a, const GsConfig *b) {
    return a->noise_dim == b->noise_dim && a->g_dense_c == b->g_dense_c &&
           !memcmp(a->g_c, b->g_c, sizeof a->g_c) && !memcmp(a->d_c, b->d_c, sizeof a->d_c) &&
           a->bn_momentum == b->bn_momentum && a->bn_epsilon == b->bn_epsilon &&
           a->lrelu_alpha == b->lrelu_alpha && a->g_dropout == b->g_dropout &&
           a->d_dropout == b->d_dropout && a->unfused == b->unfused;
}

static void set_error(Infer *in, const char *msg) {
    pthread_mutex_lock(&in->lock);
    snprintf(in->error, sizeof in->error, "%s", msg);
    pthread_mutex_unlock(&in->lock);
}

static void free_nets(Infer *in) {
    if (!in->have_nets) return;
    in->g.params = in->own[0], in->g.state = in->own[1]; /* not the snapshot's */
    in->d.params = in->own[2], in->d.state = in->own[3];
    gs_net_destroy(&in->g), gs_net_destroy(&in->d);
    in->have_nets = 0;
}

/* Makes the nets match s's configuration and read its weights where they lie: the
 * snapshot stays pinned while the nets run, so no copy is needed. The nets' own weight
 * arrays stay unused: forward in prediction mode only reads params and state (the fused
 * layer derives its kernels from them on every forward). */
static int load_weights(Infer *in, const GsSnapshot *s) {
    if (s->cfg.noise_dim < 1 || s->cfg.noise_dim > INFER_MAX_Z) { /* gs_config_validate's bound */
        set_error(in, "snapshot's noise size is out of range");
        return 0;
    }
    if (!in->have_nets || !same_arch(&in->cfg, &s->cfg)) {
        free_nets(in);
        GsLayerSpec specs[GS_NET_MAX_LAYERS];
        GsError err;
        int ng = gs_model_generator(&s->cfg, specs);
        if (gs_net_create(&in->g, specs, ng, 1, 1, s->cfg.noise_dim, CHUNK, &err) != GS_OK) {
            set_error(in, err.msg);
            return 0;
        }
        int nd = gs_model_discriminator(&s->cfg, specs);
        if (gs_net_create(&in->d, specs, nd, GS_IMG_SIDE, GS_IMG_SIDE, 1, CHUNK, &err) != GS_OK) {
            gs_net_destroy(&in->g);
            set_error(in, err.msg);
            return 0;
        }
        in->own[0] = in->g.params, in->own[1] = in->g.state, in->own[2] = in->d.params, in->own[3] = in->d.state;
        in->cfg = s->cfg, in->have_nets = 1;
    }
    if (in->g.n_params != s->n_g_params || in->g.n_state != s->n_g_state ||
        in->d.n_params != s->n_d_params || in->d.n_state != s->n_d_state) {
        set_error(in, "snapshot does not match its configuration");
        return 0;
    }
    in->g.params = s->g_params, in->g.state = s->g_state;
    in->d.params = s->d_params, in->d.state = s->d_state;
    return 1;
}

/* n (<= CHUNK) noise vectors (dim apart) -> images (n, 784) and D's probability "real". */
static void run_nets(Infer *in, const float *z, int n, float *img, float *verdict) {
    double t0 = now_s();
    const float *out = gs_net_forward(&in->g, z, n, 0, NULL);
    memcpy(img, out, sizeof(float) * (size_t)n * GS_IMG_SIZE);
    const float *logits = gs_net_forward(&in->d, img, n, 0, NULL);
    for (int i = 0; i < n; i++) verdict[i] = 1.0f / (1.0f + expf(-logits[i]));
    double per_img = (now_s() - t0) / n;
    in->img_cost = in->img_cost > 0 ? 0.8 * in->img_cost + 0.2 * per_img : per_img;
}

/* Images in the next chunk of `left`: as many as take about CHUNK_SECONDS (keras: one,
 * fast: all eight). */
static int chunk(const Infer *in, int left) {
    int n = in->img_cost > 0 ? (int)(CHUNK_SECONDS / in->img_cost) : 1;
    n = n < 1 ? 1 : n > CHUNK ? CHUNK : n;
    return n < left ? n : left;
}

static void notify(Infer *in) {
    if (in->notify) in->notify(in->notify_ctx);
}

/* Work for job b on snapshot `latest`: 2 at once, 1 within the budget, 0 none. (under lock) */
static int due(const Job *b, uint64_t latest) {
    if (!b->n || !latest) return 0;
    if (b->seq != b->done_seq) return b->urgent_request ? 2 : 1;
    if (latest != b->done_snap) return b->urgent_snapshot ? 2 : 1;
    return 0;
}

static int tasks_due(const Infer *in, uint64_t latest) {
    return in->n_tasks && latest && latest != in->tasks_snap;
}

static void run_job(Infer *in, InferJob j, const GsSnapshot *s);

/* The preview, if a newer one is asked for (between the chunks of other jobs). */
static void preview_between(Infer *in, const GsSnapshot *s) {
    pthread_mutex_lock(&in->lock);
    int want = in->job[INFER_PREVIEW].seq != in->job[INFER_PREVIEW].done_seq;
    pthread_mutex_unlock(&in->lock);
    if (want) run_job(in, INFER_PREVIEW, s);
}

/* Runs job j on s (loaded) in chunks, the preview between them; publishes the result. */
static void run_job(Infer *in, InferJob j, const GsSnapshot *s) {
    Job *b = &in->job[j];
    const int dim = s->cfg.noise_dim;
    float z[CHUNK * INFER_MAX_Z];
    float img1[GS_IMG_SIZE], v1[1]; /* the preview's own: it runs between the others' chunks */
    float *img = j == INFER_PREVIEW ? img1 : in->work_img;
    float *verdict = j == INFER_PREVIEW ? v1 : in->work_verdict;
    pthread_mutex_lock(&in->lock);
    int n = b->n;
    uint64_t seq = b->seq;
    pthread_mutex_unlock(&in->lock);
    for (int i = 0, nb; i < n; i += nb) {
        nb = j == INFER_PREVIEW ? 1 : chunk(in, n - i);
        pthread_mutex_lock(&in->lock);
        for (int k = 0; k < nb; k++) /* the request may change meanwhile: its seq says */
            memcpy(z + (size_t)k * dim, b->z + (size_t)(i + k) * INFER_MAX_Z, sizeof(float) * dim);
        pthread_mutex_unlock(&in->lock);
        if (j != INFER_PREVIEW) preview_between(in, s);
        run_nets(in, z, nb, img + (size_t)i * GS_IMG_SIZE, verdict + i);
    }
    pthread_mutex_lock(&in->lock);
    memcpy(b->img, img, sizeof(float) * (size_t)n * GS_IMG_SIZE);
    memcpy(b->verdict, verdict, sizeof(float) * (size_t)n);
    b->done_n = n, b->done_seq = seq, b->done_snap = s->seq, b->done_step = s->step;
    pthread_mutex_unlock(&in->lock);
    notify(in);
}

/* A snapshot the nets cannot run: mark everything answered so it is not retried. */
static void give_up(Infer *in, uint64_t snap) {
    pthread_mutex_lock(&in->lock);
    for (int j = 0; j < INFER_JOBS; j++) in->job[j].done_seq = in->job[j].seq, in->job[j].done_snap = snap;
    in->tasks_snap = snap;
    pthread_mutex_unlock(&in->lock);
    notify(in);
}

int infer_work(Infer *in, int ignore_share) {
    uint64_t latest = gs_snapshot_seq(in->snapshots);
    int want[INFER_JOBS], any = 0, want_tasks;
    pthread_mutex_lock(&in->lock);
    int budget = ignore_share || now_s() >= in->next_budget_at;
    for (int j = 0; j < INFER_JOBS; j++) {
        int d = due(&in->job[j], latest);
        want[j] = d == 2 || (d == 1 && budget);
        any |= want[j];
    }
    want_tasks = budget && tasks_due(in, latest);
    pthread_mutex_unlock(&in->lock);
    if (!any && !want_tasks) return 0;

    const GsSnapshot *s = gs_snapshot_acquire(in->snapshots);
    if (!s) return 0;
    if (!load_weights(in, s)) {
        uint64_t seq = s->seq;
        gs_snapshot_release(in->snapshots, s);
        give_up(in, seq);
        return 1;
    }
    if (want[INFER_PREVIEW]) run_job(in, INFER_PREVIEW, s);
    double t0 = now_s();
    for (int j = INFER_PREVIEW + 1; j < INFER_JOBS; j++)
        if (want[j]) run_job(in, (InferJob)j, s);
    if (want_tasks) {
        pthread_mutex_lock(&in->lock);
        int nt = in->n_tasks;
        in->tasks_snap = s->seq;
        pthread_mutex_unlock(&in->lock);
        for (int t = 0; t < nt; t++) in->task[t](in->task_ctx[t], s); /* set before start */
    }
    if (want_tasks || want[INFER_STRIP] || want[INFER_GRID]) { /* budgeted work shares the time */
        double cost = now_s() - t0;
        pthread_mutex_lock(&in->lock);
        double gap = cost * (1.0 / in->max_share - 1.0);
        in->next_budget_at = now_s() + (gap > 0.1 ? gap : 0.1);
        pthread_mutex_unlock(&in->lock);
    }
    in->g.params = in->own[0], in->g.state = in->own[1]; /* the snapshot is released below */
    in->d.params = in->own[2], in->d.state = in->own[3];
    gs_snapshot_release(in->snapshots, s);
    return 1;
}

/* Seconds until the next work is due (0: now, < 0: nothing; wait for a signal). (under lock) */
static double wait_for(const Infer *in) {
    uint64_t latest = gs_snapshot_seq(in->snapshots);
    int budgeted = tasks_due(in, latest);
    for (int j = 0; j < INFER_JOBS; j++) {
        int d = due(&in->job[j], latest);
        if (d == 2) return 0;
        budgeted |= d == 1;
    }
    if (!budgeted) return -1;
    double w = in->next_budget_at - now_s();
    return w > 0 ? w : 0;
}

static void *infer_main(void *arg) {
    Infer *in = arg;
    pthread_mutex_lock(&in->lock);
    while (!in->stop) {
        double wait = wait_for(in);
        if (wait == 0) {
            pthread_mutex_unlock(&in->lock);
            infer_work(in, 0);
            pthread_mutex_lock(&in->lock);
        } else if (wait < 0) {
            pthread_cond_wait(&in->cond, &in->lock);
        } else {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            double t = ts.tv_sec + ts.tv_nsec * 1e-9 + wait;
            ts.tv_sec = (time_t)t, ts.tv_nsec = (long)((t - (double)(time_t)t) * 1e9);
            pthread_cond_timedwait(&in->cond, &in->lock, &ts);
        }
    }
    pthread_mutex_unlock(&in->lock);
    return NULL;
}

GsStatus infer_start(Infer *in, GsError *err) {
    if (pthread_create(&in->thread, NULL, infer_main, in) != 0)
        return gs_fail(err, GS_ERR_INTERNAL, "cannot start the inference thread");
    in->started = 1;
    return GS_OK;
}

void infer_stop(Infer *in) {
    if (!in || !in->started) return;
    pthread_mutex_lock(&in->lock);
    in->stop = 1;
    pthread_cond_signal(&in->cond);
    pthread_mutex_unlock(&in->lock);
    pthread_join(in->thread, NULL);
    in->started = 0;
}

void infer_free(Infer *in) {
    if (!in) return;
    infer_stop(in);
    free_nets(in);
    for (int j = 0; j < INFER_JOBS; j++) free(in->job[j].z), free(in->job[j].img), free(in->job[j].verdict);
    free(in->work_img), free(in->work_verdict);
    if (in->have_lock) {
        pthread_mutex_destroy(&in->lock);
        pthread_cond_destroy(&in->cond);
    }
    free(in);
}

uint64_t infer_post(Infer *in, InferJob job, const float *z, int n, int dim) {
    Job *b = &in->job[job];
    if (n > b->max_n) n = b->max_n;
    if (n < 0) n = 0;
    if (dim > INFER_MAX_Z) dim = INFER_MAX_Z;
    pthread_mutex_lock(&in->lock);
    for (int i = 0; i < n; i++) {
        float *dst = b->z + (size_t)i * INFER_MAX_Z;
        memcpy(dst, z + (size_t)i * dim, sizeof(float) * (size_t)dim);
        memset(dst + dim, 0, sizeof(float) * (size_t)(INFER_MAX_Z - dim));
    }
    b->n = n;
    uint64_t seq = ++b->seq;
    if (!b->urgent_request) in->next_budget_at = 0; /* a new grid size is shown at once */
    pthread_cond_signal(&in->cond);
    pthread_mutex_unlock(&in->lock);
    return seq;
}

int infer_take(Infer *in, InferJob job, InferResult *r) {
    Job *b = &in->job[job];
    int fresh = 0;
    pthread_mutex_lock(&in->lock);
    if (b->done_n > 0 && (b->done_seq != r->req_seq || b->done_snap != r->snap_seq)) {
        int n = b->done_n < r->cap ? b->done_n : r->cap;
        memcpy(r->img, b->img, sizeof(float) * (size_t)n * GS_IMG_SIZE);
        memcpy(r->verdict, b->verdict, sizeof(float) * (size_t)n);
        r->n = n, r->req_seq = b->done_seq, r->snap_seq = b->done_snap, r->step = b->done_step;
        fresh = 1;
    }
    pthread_mutex_unlock(&in->lock);
    return fresh;
}

int infer_error(Infer *in, char *buf, int size) {
    pthread_mutex_lock(&in->lock);
    int had = in->error[0] != 0;
    if (had) snprintf(buf, (size_t)size, "%s", in->error), in->error[0] = 0;
    pthread_mutex_unlock(&in->lock);
    return had;
}

int infer_add_task(Infer *in, InferTask fn, void *ctx) {
    pthread_mutex_lock(&in->lock);
    int ok = in->n_tasks < INFER_MAX_TASKS;
    if (ok) in->task[in->n_tasks] = fn, in->task_ctx[in->n_tasks] = ctx, in->n_tasks++;
    pthread_cond_signal(&in->cond);
    pthread_mutex_unlock(&in->lock);
    return ok;
}

void infer_set_share(Infer *in, double max_share) {
    pthread_mutex_lock(&in->lock);
    in->max_share = max_share;
    pthread_mutex_unlock(&in->lock);
}

void infer_wake(Infer *in) {
    pthread_mutex_lock(&in->lock);
    pthread_cond_signal(&in->cond);
    pthread_mutex_unlock(&in->lock);
}

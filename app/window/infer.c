/* infer.c: the views' inference worker (infer.h). */
#define _POSIX_C_SOURCE 200809L
#include "infer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define CHUNK 8         /* most grid images per forward pass; previews run between chunks */
#define CHUNK_SECONDS 0.008 /* a chunk's target length: the longest a drag's preview waits */

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void infer_init(Infer *in, GsSnapshotBuffer *snapshots, InferNotify notify, void *ctx) {
    memset(in, 0, sizeof *in);
    in->snapshots = snapshots, in->notify = notify, in->notify_ctx = ctx;
    in->max_share = 0.10;
    pthread_mutex_init(&in->lock, NULL);
    pthread_cond_init(&in->cond, NULL);
}

/* Same architecture (everything the layer tables depend on)? */
static int same_arch(const GsConfig *a, const GsConfig *b) {
    return a->noise_dim == b->noise_dim && a->g_dense_c == b->g_dense_c &&
           !memcmp(a->g_c, b->g_c, sizeof a->g_c) && !memcmp(a->d_c, b->d_c, sizeof a->d_c) &&
           a->bn_momentum == b->bn_momentum && a->bn_epsilon == b->bn_epsilon &&
           a->lrelu_alpha == b->lrelu_alpha && a->g_dropout == b->g_dropout &&
           a->d_dropout == b->d_dropout && a->unfused == b->unfused;
}

/* Makes the nets match s's configuration and hold its weights. */
static int load_weights(Infer *in, const GsSnapshot *s) {
    if (!in->have_nets || !same_arch(&in->cfg, &s->cfg)) {
        if (in->have_nets) gs_net_destroy(&in->g), gs_net_destroy(&in->d);
        in->have_nets = 0;
        GsLayerSpec specs[GS_NET_MAX_LAYERS];
        GsError err;
        int ng = gs_model_generator(&s->cfg, specs);
        if (gs_net_create(&in->g, specs, ng, 1, 1, s->cfg.noise_dim, CHUNK, &err) != GS_OK) {
            snprintf(in->error, sizeof in->error, "%s", err.msg);
            return 0;
        }
        int nd = gs_model_discriminator(&s->cfg, specs);
        if (gs_net_create(&in->d, specs, nd, GS_IMG_SIDE, GS_IMG_SIDE, 1, CHUNK, &err) != GS_OK) {
            gs_net_destroy(&in->g);
            snprintf(in->error, sizeof in->error, "%s", err.msg);
            return 0;
        }
        in->cfg = s->cfg, in->have_nets = 1, in->weights_seq = 0;
    }
    if (in->weights_seq == s->seq) return 1;
    if (in->g.n_params != s->n_g_params || in->g.n_state != s->n_g_state ||
        in->d.n_params != s->n_d_params || in->d.n_state != s->n_d_state) {
        snprintf(in->error, sizeof in->error, "snapshot does not match its configuration");
        return 0;
    }
    /* a net without batch norm has no state: n 0 and a NULL pointer, which memcpy may not take */
    if (s->n_g_params) memcpy(in->g.params, s->g_params, s->n_g_params * sizeof(float));
    if (s->n_g_state) memcpy(in->g.state, s->g_state, s->n_g_state * sizeof(float));
    if (s->n_d_params) memcpy(in->d.params, s->d_params, s->n_d_params * sizeof(float));
    if (s->n_d_state) memcpy(in->d.state, s->d_state, s->n_d_state * sizeof(float));
    in->weights_seq = s->seq;
    return 1;
}

/* n (<= CHUNK) noise vectors -> images (n, 784) and D's probability "real" for each. */
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

/* Preview pending for the snapshot seq `latest`? (under lock) */
static int preview_due(const Infer *in, uint64_t latest) {
    return in->z_seq && latest && (in->z_seq != in->preview_z_seq || latest != in->preview_snap_seq);
}

static int grid_due(const Infer *in, uint64_t latest) {
    return in->grid_n > 0 && latest &&
           (latest != in->grid_snap_seq || in->grid_noise_seq != in->grid_done_noise_seq);
}

/* The strip's vectors changed: answered at once, like a preview. (under lock) */
static int interp_changed(const Infer *in, uint64_t latest) {
    return in->interp_n > 0 && latest && in->interp_seq != in->interp_done_seq;
}

/* A newer snapshot than the strip's: answered within the grid's time budget. (under lock) */
static int interp_due(const Infer *in, uint64_t latest) {
    return interp_changed(in, latest) || (in->interp_n > 0 && latest && latest != in->interp_snap_seq);
}

/* Runs the preview on s (already loaded); takes and drops the lock itself. */
static void do_preview(Infer *in, const GsSnapshot *s) {
    float z[INFER_MAX_Z] = {0}, img[GS_IMG_SIZE], v;
    pthread_mutex_lock(&in->lock);
    memcpy(z, in->z, sizeof(float) * (size_t)s->cfg.noise_dim);
    uint64_t zs = in->z_seq;
    pthread_mutex_unlock(&in->lock);
    run_nets(in, z, 1, img, &v);
    pthread_mutex_lock(&in->lock);
    memcpy(in->preview, img, sizeof img);
    in->preview_verdict = v;
    in->preview_z_seq = zs, in->preview_snap_seq = s->seq;
    pthread_mutex_unlock(&in->lock);
    notify(in);
}

/* Runs the strip on s (already loaded) in chunks, previews between them. */
static void do_interp(Infer *in, const GsSnapshot *s) {
    float z[INFER_MAX_INTERP * INFER_MAX_Z], img[INFER_MAX_INTERP * GS_IMG_SIZE], verdict[INFER_MAX_INTERP];
    const int dim = s->cfg.noise_dim;
    pthread_mutex_lock(&in->lock);
    int n = in->interp_n;
    uint64_t seq = in->interp_seq;
    for (int j = 0; j < n; j++)
        memcpy(z + (size_t)j * dim, in->interp_z + (size_t)j * INFER_MAX_Z, sizeof(float) * dim);
    pthread_mutex_unlock(&in->lock);
    for (int i = 0, nb; i < n; i += nb) {
        nb = chunk(in, n - i);
        pthread_mutex_lock(&in->lock);
        int between = in->z_seq != in->preview_z_seq;
        pthread_mutex_unlock(&in->lock);
        if (between && i > 0) do_preview(in, s);
        run_nets(in, z + (size_t)i * dim, nb, img + (size_t)i * GS_IMG_SIZE, verdict + i);
    }
    pthread_mutex_lock(&in->lock);
    memcpy(in->interp, img, sizeof(float) * (size_t)n * GS_IMG_SIZE);
    memcpy(in->interp_verdict, verdict, sizeof(float) * (size_t)n);
    in->interp_done_n = n;
    in->interp_snap_seq = s->seq, in->interp_done_seq = seq;
    pthread_mutex_unlock(&in->lock);
    notify(in);
}

int infer_work(Infer *in, int ignore_share) {
    uint64_t latest = gs_snapshot_seq(in->snapshots);
    pthread_mutex_lock(&in->lock);
    int want_preview = preview_due(in, latest);
    int budget = ignore_share || now_s() >= in->next_grid_at;
    int want_grid = grid_due(in, latest) && budget;
    int want_interp = interp_changed(in, latest) || (interp_due(in, latest) && budget);
    pthread_mutex_unlock(&in->lock);
    if (!want_preview && !want_grid && !want_interp) return 0;

    const GsSnapshot *s = gs_snapshot_acquire(in->snapshots);
    if (!s) return 0;
    if (!load_weights(in, s)) {
        gs_snapshot_release(in->snapshots, s);
        pthread_mutex_lock(&in->lock);
        in->preview_snap_seq = in->grid_snap_seq = s->seq; /* do not retry this snapshot */
        in->preview_z_seq = in->z_seq, in->grid_done_noise_seq = in->grid_noise_seq;
        in->interp_snap_seq = s->seq, in->interp_done_seq = in->interp_seq;
        pthread_mutex_unlock(&in->lock);
        notify(in);
        return 1;
    }
    if (want_preview) do_preview(in, s);
    double t0 = now_s();
    if (want_interp) do_interp(in, s);
    if (want_grid) {
        const int dim = s->cfg.noise_dim;
        static const int zmax = INFER_MAX_Z;
        float z[CHUNK * INFER_MAX_Z];
        pthread_mutex_lock(&in->lock);
        int n = in->grid_n;
        uint64_t noise_seq = in->grid_noise_seq;
        pthread_mutex_unlock(&in->lock);
        float verdict[INFER_MAX_TILES];
        for (int i = 0, nb; i < n; i += nb) {
            nb = chunk(in, n - i);
            pthread_mutex_lock(&in->lock);
            for (int j = 0; j < nb; j++)
                memcpy(z + (size_t)j * dim, in->grid_noise + (size_t)(i + j) * zmax, sizeof(float) * dim);
            int between = in->z_seq != in->preview_z_seq;
            pthread_mutex_unlock(&in->lock);
            if (between) do_preview(in, s); /* a drag never waits for a whole grid */
            run_nets(in, z, nb, in->work_img + (size_t)i * GS_IMG_SIZE, verdict + i);
        }
        pthread_mutex_lock(&in->lock);
        memcpy(in->grid, in->work_img, sizeof(float) * (size_t)n * GS_IMG_SIZE);
        memcpy(in->verdict, verdict, sizeof(float) * (size_t)n);
        in->grid_done_n = n;
        in->grid_snap_seq = s->seq, in->grid_done_noise_seq = noise_seq;
        in->grid_step = s->step;
        pthread_mutex_unlock(&in->lock);
        notify(in);
    }
    if (want_grid || want_interp) { /* the strip and the grid share the time budget */
        pthread_mutex_lock(&in->lock);
        double cost = now_s() - t0;
        in->grid_cost = cost;
        double gap = cost * (1.0 / in->max_share - 1.0);
        in->next_grid_at = now_s() + (gap > 0.1 ? gap : 0.1);
        pthread_mutex_unlock(&in->lock);
    }
    gs_snapshot_release(in->snapshots, s);
    return 1;
}

static void *infer_main(void *arg) {
    Infer *in = arg;
    for (;;) {
        pthread_mutex_lock(&in->lock);
        for (;;) {
            if (in->stop) {
                pthread_mutex_unlock(&in->lock);
                return NULL;
            }
            uint64_t latest = gs_snapshot_seq(in->snapshots);
            if (preview_due(in, latest) || interp_changed(in, latest)) break;
            if (grid_due(in, latest) || interp_due(in, latest)) {
                double wait = in->next_grid_at - now_s();
                if (wait <= 0) break;
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                double t = ts.tv_sec + ts.tv_nsec * 1e-9 + wait;
                ts.tv_sec = (time_t)t, ts.tv_nsec = (long)((t - (double)(time_t)t) * 1e9);
                pthread_cond_timedwait(&in->cond, &in->lock, &ts);
            } else {
                pthread_cond_wait(&in->cond, &in->lock);
            }
        }
        pthread_mutex_unlock(&in->lock);
        infer_work(in, 0);
    }
}

GsStatus infer_start(Infer *in, GsError *err) {
    if (pthread_create(&in->thread, NULL, infer_main, in) != 0)
        return gs_fail(err, GS_ERR_INTERNAL, "cannot start the inference thread");
    in->started = 1;
    return GS_OK;
}

void infer_stop(Infer *in) {
    if (in->started) {
        pthread_mutex_lock(&in->lock);
        in->stop = 1;
        pthread_cond_signal(&in->cond);
        pthread_mutex_unlock(&in->lock);
        pthread_join(in->thread, NULL);
        in->started = 0;
    }
    if (in->have_nets) gs_net_destroy(&in->g), gs_net_destroy(&in->d);
    in->have_nets = 0;
    pthread_mutex_destroy(&in->lock);
    pthread_cond_destroy(&in->cond);
}

void infer_set_z(Infer *in, const float *z, int n) {
    pthread_mutex_lock(&in->lock);
    memcpy(in->z, z, sizeof(float) * (size_t)(n < INFER_MAX_Z ? n : INFER_MAX_Z));
    in->z_seq++;
    pthread_cond_signal(&in->cond);
    pthread_mutex_unlock(&in->lock);
}

void infer_set_grid(Infer *in, const float *noise, int n, int dim) {
    if (n > INFER_MAX_TILES) n = INFER_MAX_TILES;
    if (dim > INFER_MAX_Z) dim = INFER_MAX_Z;
    pthread_mutex_lock(&in->lock);
    for (int i = 0; i < n; i++)
        memcpy(in->grid_noise + (size_t)i * INFER_MAX_Z, noise + (size_t)i * dim, sizeof(float) * dim);
    in->grid_n = n;
    in->grid_noise_seq++;
    in->next_grid_at = 0;
    pthread_cond_signal(&in->cond);
    pthread_mutex_unlock(&in->lock);
}

void infer_set_interp(Infer *in, const float *z, int n, int dim) {
    if (n > INFER_MAX_INTERP) n = INFER_MAX_INTERP;
    if (dim > INFER_MAX_Z) dim = INFER_MAX_Z;
    pthread_mutex_lock(&in->lock);
    for (int i = 0; i < n; i++)
        memcpy(in->interp_z + (size_t)i * INFER_MAX_Z, z + (size_t)i * dim, sizeof(float) * dim);
    in->interp_n = n;
    in->interp_seq++;
    pthread_cond_signal(&in->cond);
    pthread_mutex_unlock(&in->lock);
}

void infer_wake(Infer *in) {
    pthread_mutex_lock(&in->lock);
    pthread_cond_signal(&in->cond);
    pthread_mutex_unlock(&in->lock);
}

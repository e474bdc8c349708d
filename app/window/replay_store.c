/* replay_store.c: the window's replay in memory (replay_store.h): the bytes as replay.gsr
 * holds them, plus each moment's fields and where its pixels lie in them. */
#include "replay_store.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gs_model.h"
#include "view.h"

typedef struct Moment {
    GsReplayFrame f; /* f.pixels unused: pix is the offset into buf (buf moves as it grows) */
    size_t pix;
} Moment;

struct ReplayStore {
    pthread_mutex_t lock;
    float noise[REPLAY_IMAGES * INFER_MAX_Z];
    uint64_t run;
    GsReplayBuf buf;
    Moment *m;
    int n, cap;
    float rec, cov, fd; /* the judge's latest scores of run (NaN: none) */
    int64_t every;      /* steps between moments (-1: the preset's) */
};

GsStatus replay_store_create(ReplayStore **out, uint64_t view_seed, GsError *err) {
    ReplayStore *s = calloc(1, sizeof *s);
    if (!s) return gs_fail(err, GS_ERR_NOMEM, "out of memory for the replay");
    pthread_mutex_init(&s->lock, NULL);
    for (int k = 0; k < REPLAY_IMAGES; k++) view_noise_vector(view_seed, k, s->noise + (size_t)k * INFER_MAX_Z);
    s->rec = s->cov = s->fd = NAN;
    s->every = -1;
    *out = s;
    return GS_OK;
}

void replay_store_free(ReplayStore *s) {
    if (!s) return;
    gs_replay_buf_free(&s->buf);
    free(s->m);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

int64_t replay_store_every(ReplayStore *s, const GsConfig *cfg) {
    pthread_mutex_lock(&s->lock);
    int64_t n = s->every;
    pthread_mutex_unlock(&s->lock);
    return n >= 0 ? n : strcmp(cfg->preset, "keras") == 0 ? 10 : 50;
}

void replay_store_set_every(ReplayStore *s, int64_t n) {
    pthread_mutex_lock(&s->lock);
    s->every = n;
    pthread_mutex_unlock(&s->lock);
}

/* A new run: nothing kept. (locked) */
static void start_run(ReplayStore *s, uint64_t run) {
    s->run = run, s->n = 0;
    s->buf.len = 0, s->buf.n = 0;
    s->rec = s->cov = s->fd = NAN;
}

int replay_store_due(ReplayStore *s, uint64_t run, int64_t step, int64_t every) {
    if (every <= 0 || step % every != 0) return 0;
    pthread_mutex_lock(&s->lock);
    int due = run != s->run || s->n == 0 || s->m[s->n - 1].f.step < step;
    pthread_mutex_unlock(&s->lock);
    return due;
}

void replay_store_noise(const ReplayStore *s, int zdim, float *out) {
    for (int k = 0; k < REPLAY_IMAGES; k++) memcpy(out + (size_t)k * zdim, s->noise + (size_t)k * INFER_MAX_Z, sizeof(float) * zdim);
}

/* Appends frame f (its pixels anywhere). (locked) */
static GsStatus append(ReplayStore *s, const GsReplayFrame *f, GsError *err) {
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 256;
        Moment *m = realloc(s->m, sizeof *m * (size_t)cap);
        if (!m) return gs_fail(err, GS_ERR_NOMEM, "out of memory for the replay");
        s->m = m, s->cap = cap;
    }
    GsStatus st = gs_replay_buf_append(&s->buf, f, err);
    if (st != GS_OK) return st;
    /* a record ends with its pixels, then a 4-byte CRC (gs_replay.h) */
    s->m[s->n] = (Moment){*f, s->buf.len - 4 - (size_t)f->count * GS_IMG_SIZE};
    s->m[s->n].f.pixels = NULL;
    s->n++;
    return GS_OK;
}

GsStatus replay_store_add(ReplayStore *s, uint64_t run, const GsMetrics *m, double seconds, const float *img,
                          unsigned doctor, GsError *err) {
    uint8_t px[REPLAY_IMAGES * GS_IMG_SIZE];
    gs_replay_quantize(px, img, REPLAY_IMAGES * GS_IMG_SIZE);
    pthread_mutex_lock(&s->lock);
    if (run != s->run) start_run(s, run);
    GsReplayFrame f = {m->step, (float)seconds, m->d_loss, m->g_loss, s->rec, s->cov, s->fd, doctor, REPLAY_IMAGES, px};
    GsStatus st = append(s, &f, err);
    pthread_mutex_unlock(&s->lock);
    return st;
}

void replay_store_note_score(ReplayStore *s, uint64_t run, int64_t step, float rec, float cov, float fd) {
    (void)step; /* the next moments carry it: a score is made from a snapshot a little behind */
    pthread_mutex_lock(&s->lock);
    if (run == s->run) s->rec = rec, s->cov = cov, s->fd = fd;
    pthread_mutex_unlock(&s->lock);
}

GsStatus replay_store_restore(ReplayStore *s, uint64_t run, const void *data, size_t len, int64_t step,
                              const char *name, GsError *err) {
    GsReplay r;
    GsStatus st = gs_replay_from_bytes(data, len, name, &r, err);
    if (st != GS_OK) return st;
    pthread_mutex_lock(&s->lock);
    start_run(s, run);
    int n = gs_replay_count_until(&r, step);
    for (int i = 0; i < n && st == GS_OK; i++)
        if (r.frames[i].count == REPLAY_IMAGES) st = append(s, &r.frames[i], err); /* the window shows 16 */
    if (n > 0) s->rec = r.frames[n - 1].recognisability, s->cov = r.frames[n - 1].coverage, s->fd = r.frames[n - 1].fd;
    pthread_mutex_unlock(&s->lock);
    gs_replay_free(&r);
    return st;
}

void replay_store_reset(ReplayStore *s, uint64_t run) {
    pthread_mutex_lock(&s->lock);
    start_run(s, run);
    pthread_mutex_unlock(&s->lock);
}

GsStatus replay_store_bytes(ReplayStore *s, uint8_t **data, size_t *len, GsError *err) {
    pthread_mutex_lock(&s->lock);
    size_t n = s->n ? s->buf.len : 0;
    uint8_t *p = n ? malloc(n) : NULL;
    if (p) memcpy(p, s->buf.data, n);
    pthread_mutex_unlock(&s->lock);
    *data = p, *len = p ? n : 0;
    return n && !p ? gs_fail(err, GS_ERR_NOMEM, "out of memory for the replay's %zu bytes", n) : GS_OK;
}

int replay_store_count(ReplayStore *s, uint64_t *run) {
    pthread_mutex_lock(&s->lock);
    int n = s->n;
    if (run) *run = s->run;
    pthread_mutex_unlock(&s->lock);
    return n;
}

int64_t replay_store_step(ReplayStore *s, int i) {
    pthread_mutex_lock(&s->lock);
    int64_t step = i >= 0 && i < s->n ? s->m[i].f.step : -1;
    pthread_mutex_unlock(&s->lock);
    return step;
}

int replay_store_get(ReplayStore *s, int i, GsReplayFrame *f, uint8_t *pixels) {
    pthread_mutex_lock(&s->lock);
    int ok = i >= 0 && i < s->n;
    if (ok) {
        *f = s->m[i].f;
        memcpy(pixels, s->buf.data + s->m[i].pix, (size_t)f->count * GS_IMG_SIZE);
        f->pixels = pixels;
    }
    pthread_mutex_unlock(&s->lock);
    return ok;
}

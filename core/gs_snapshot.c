/* gs_snapshot.c: the slot pool behind gs_snapshot.h: one mutex guards which slot is the
 * back buffer, which is the latest and how many readers pin each. */
#include "gs_snapshot.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct GsSnapshotBuffer {
    pthread_mutex_t lock;
    int n_slots;
    GsSnapshot *slots; /* (n_slots) */
    int *refs;         /* (n_slots) readers pinning each slot; under lock */
    int back;          /* slot the writer fills; under lock */
    int latest;        /* slot last published, -1 before the first; under lock */
    uint64_t next_seq; /* writer only */
    _Atomic uint64_t seq; /* seq of `latest`, for lock-free polling */
};

GsStatus gs_snapshot_create(GsSnapshotBuffer **out, int max_readers, GsError *err) {
    *out = NULL;
    if (max_readers < 1 || max_readers > 64)
        return gs_fail(err, GS_ERR_ARG, "snapshot readers %d out of range (1 to 64)", max_readers);
    GsSnapshotBuffer *sb = calloc(1, sizeof *sb);
    if (!sb) return gs_fail(err, GS_ERR_NOMEM, "out of memory for the snapshot buffer");
    sb->n_slots = max_readers + 2;
    sb->slots = calloc((size_t)sb->n_slots, sizeof *sb->slots);
    sb->refs = calloc((size_t)sb->n_slots, sizeof *sb->refs);
    if (!sb->slots || !sb->refs || pthread_mutex_init(&sb->lock, NULL) != 0) {
        free(sb->slots), free(sb->refs), free(sb);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory for the snapshot buffer");
    }
    sb->back = 0, sb->latest = -1, sb->next_seq = 1;
    atomic_init(&sb->seq, 0);
    *out = sb;
    return GS_OK;
}

void gs_snapshot_destroy(GsSnapshotBuffer *sb) {
    if (!sb) return;
    for (int i = 0; i < sb->n_slots; i++) {
        GsSnapshot *s = &sb->slots[i];
        free(s->g_params), free(s->g_state), free(s->d_params), free(s->d_state);
    }
    pthread_mutex_destroy(&sb->lock);
    free(sb->slots), free(sb->refs), free(sb);
}

GsSnapshot *gs_snapshot_begin(GsSnapshotBuffer *sb) {
    pthread_mutex_lock(&sb->lock);
    GsSnapshot *s = &sb->slots[sb->back];
    pthread_mutex_unlock(&sb->lock);
    return s;
}

/* Grows *p to hold n floats (never shrinks). */
static int reserve(float **p, size_t *cap, size_t n) {
    if (n <= *cap) return 1;
    float *q = realloc(*p, (n ? n : 1) * sizeof(float));
    if (!q) return 0;
    *p = q, *cap = n;
    return 1;
}

GsStatus gs_snapshot_copy_gan(GsSnapshot *s, const GsGan *gan, GsError *err) {
    return gs_snapshot_copy_gan_as(s, gan, 0, err);
}

GsStatus gs_snapshot_copy_gan_as(GsSnapshot *s, const GsGan *gan, int trained, GsError *err) {
    if (!reserve(&s->g_params, &s->cap_g_params, gan->g.n_params) ||
        !reserve(&s->g_state, &s->cap_g_state, gan->g.n_state) ||
        !reserve(&s->d_params, &s->cap_d_params, gan->d.n_params) ||
        !reserve(&s->d_state, &s->cap_d_state, gan->d.n_state))
        return gs_fail(err, GS_ERR_NOMEM, "out of memory copying the networks into a snapshot");
    s->cfg = gan->cfg;
    s->step = gan->step;
    s->images_seen = gs_config_images_seen(&gan->cfg, gan->step);
    s->n_g_params = gan->g.n_params, s->n_g_state = gan->g.n_state;
    s->n_d_params = gan->d.n_params, s->n_d_state = gan->d.n_state;
    /* The views show the generator people see: the moving average when the run keeps one,
     * unless the trained G is asked for. */
    int avg = gan->ema.params && !trained;
    s->g_trained = gan->ema.params && trained;
    const float *gp = avg ? gan->ema.params : gan->g.params;
    const float *gs = avg ? gan->ema.state : gan->g.state;
    memcpy(s->g_params, gp, s->n_g_params * sizeof(float));
    if (s->n_g_state) memcpy(s->g_state, gs, s->n_g_state * sizeof(float));
    memcpy(s->d_params, gan->d.params, s->n_d_params * sizeof(float));
    if (s->n_d_state) memcpy(s->d_state, gan->d.state, s->n_d_state * sizeof(float));
    return GS_OK;
}

uint64_t gs_snapshot_publish(GsSnapshotBuffer *sb) {
    uint64_t seq = sb->next_seq++;
    pthread_mutex_lock(&sb->lock);
    sb->slots[sb->back].seq = seq;
    sb->latest = sb->back;
    /* The next back buffer: any slot neither latest nor pinned (one always exists). */
    int next = -1;
    for (int i = 0; i < sb->n_slots && next < 0; i++)
        if (i != sb->latest && sb->refs[i] == 0) next = i;
    assert(next >= 0 && "more readers than max_readers pin snapshots");
    sb->back = next;
    atomic_store_explicit(&sb->seq, seq, memory_order_release);
    pthread_mutex_unlock(&sb->lock);
    return seq;
}

const GsSnapshot *gs_snapshot_acquire(GsSnapshotBuffer *sb) {
    pthread_mutex_lock(&sb->lock);
    const GsSnapshot *s = NULL;
    if (sb->latest >= 0) {
        sb->refs[sb->latest]++;
        s = &sb->slots[sb->latest];
    }
    pthread_mutex_unlock(&sb->lock);
    return s;
}

void gs_snapshot_release(GsSnapshotBuffer *sb, const GsSnapshot *s) {
    if (!s) return;
    pthread_mutex_lock(&sb->lock);
    sb->refs[s - sb->slots]--;
    pthread_mutex_unlock(&sb->lock);
}

uint64_t gs_snapshot_seq(GsSnapshotBuffer *sb) {
    return atomic_load_explicit(&sb->seq, memory_order_acquire);
}

/* test_snapshot.c: stress test of the snapshot protocol (gs_snapshot.h): one writer
 * publishes snapshots whose every value derives from their sequence number, as fast as it
 * can, while reader threads check that each snapshot they pin is whole (never torn), never
 * older than one seen before, and stays unchanged while pinned. Also run under TSan. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "gs_snapshot.h"

#define N_READERS 3
#define N_FLOATS 4096

typedef struct Shared {
    GsSnapshotBuffer *sb;
    atomic_int stop;
    atomic_long bad;       /* inconsistent snapshots seen by readers */
    atomic_long reads;
    atomic_long published;
} Shared;

static float pattern(uint64_t v, size_t i) { return (float)((v * 2654435761u + i) % 1000003u); }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Every field of a snapshot follows from its seq; returns 1 when they all do. */
static int consistent(const GsSnapshot *s) {
    uint64_t v = s->seq;
    if (s->user != v || s->step != (int64_t)v || s->metrics.step != (int64_t)v) return 0;
    if (s->n_g_params != N_FLOATS - (v % 7) || s->n_recent != (int)(v % GS_SNAPSHOT_RECENT)) return 0;
    for (size_t i = 0; i < s->n_g_params; i++)
        if (s->g_params[i] != pattern(v, i)) return 0;
    for (int i = 0; i < s->n_recent; i++)
        if (s->recent[i].step != (int64_t)v - s->n_recent + 1 + i) return 0;
    return 1;
}

static void *writer(void *arg) {
    Shared *sh = arg;
    uint64_t v = 1; /* the seq the next publish will get */
    while (!atomic_load(&sh->stop)) {
        GsSnapshot *s = gs_snapshot_begin(sh->sb);
        if (s->cap_g_params < N_FLOATS) {
            s->g_params = realloc(s->g_params, N_FLOATS * sizeof(float));
            s->cap_g_params = N_FLOATS;
        }
        s->user = v, s->step = (int64_t)v, s->metrics.step = (int64_t)v;
        s->n_g_params = N_FLOATS - (v % 7);
        for (size_t i = 0; i < s->n_g_params; i++) s->g_params[i] = pattern(v, i);
        s->n_recent = (int)(v % GS_SNAPSHOT_RECENT);
        for (int i = 0; i < s->n_recent; i++) s->recent[i].step = (int64_t)v - s->n_recent + 1 + i;
        uint64_t seq = gs_snapshot_publish(sh->sb);
        if (seq != v) atomic_fetch_add(&sh->bad, 1);
        v++;
        atomic_fetch_add(&sh->published, 1);
    }
    return NULL;
}

static void *reader(void *arg) {
    Shared *sh = arg;
    uint64_t last = 0;
    while (!atomic_load(&sh->stop)) {
        const GsSnapshot *s = gs_snapshot_acquire(sh->sb);
        if (!s) continue;
        int ok = consistent(s) && s->seq >= last;
        last = s->seq;
        /* Hold it a little while the writer keeps publishing: it must not change. */
        for (volatile int spin = 0; spin < 2000; spin++) {}
        ok = ok && consistent(s) && s->seq == last;
        gs_snapshot_release(sh->sb, s);
        if (!ok) atomic_fetch_add(&sh->bad, 1);
        atomic_fetch_add(&sh->reads, 1);
        if (gs_snapshot_seq(sh->sb) < last) atomic_fetch_add(&sh->bad, 1);
    }
    return NULL;
}

int main(void) {
    GsError err;
    Shared sh;
    memset(&sh, 0, sizeof sh);
    CHECK(gs_snapshot_create(&sh.sb, 0, &err) == GS_ERR_ARG);
    CHECK(gs_snapshot_create(&sh.sb, N_READERS, &err) == GS_OK);
    CHECK(gs_snapshot_acquire(sh.sb) == NULL);
    CHECK(gs_snapshot_seq(sh.sb) == 0);

    double seconds = getenv("GS_STRESS_SECONDS") ? atof(getenv("GS_STRESS_SECONDS")) : 1.5;
    pthread_t w, r[N_READERS];
    pthread_create(&w, NULL, writer, &sh);
    for (int i = 0; i < N_READERS; i++) pthread_create(&r[i], NULL, reader, &sh);
    double t0 = now();
    while (now() - t0 < seconds) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    atomic_store(&sh.stop, 1);
    pthread_join(w, NULL);
    for (int i = 0; i < N_READERS; i++) pthread_join(r[i], NULL);

    long bad = atomic_load(&sh.bad), reads = atomic_load(&sh.reads), pub = atomic_load(&sh.published);
    printf("published %ld snapshots, %ld reads, %ld inconsistent\n", pub, reads, bad);
    CHECK_MSG(bad == 0, "%ld torn or stale snapshots", bad);
    CHECK(pub > 100 && reads > 100);
    /* Readers see the newest: after the writer stopped, acquire returns the last publish. */
    const GsSnapshot *s = gs_snapshot_acquire(sh.sb);
    CHECK(s && s->seq == (uint64_t)pub && consistent(s));
    gs_snapshot_release(sh.sb, s);
    gs_snapshot_destroy(sh.sb);
    CHECK_DONE();
}

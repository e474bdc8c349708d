/* export_worker.c: one export at a time on its own thread (export_worker.h). */
#include "export_worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "gs_file.h"
#include "gs_replay.h"
#include "gs_replay_draw.h"

#define EXPORT_MAX_FRAMES 150 /* `ganscope export`'s defaults */
#define EXPORT_DELAY_MS 120
#define EXPORT_SCALE 2

struct ExportWorker {
    pthread_t thread;
    int joinable;
    pthread_mutex_t lock;
    int running, done, error; /* under lock */
    char msg[1400];
    uint8_t *bytes;           /* the thread's while running */
    size_t len;
    char path[1100];
};

static void *export_main(void *arg) {
    ExportWorker *w = arg;
    GsReplay r;
    GsError err;
    uint8_t *png = NULL;
    size_t size = 0;
    char msg[1400];
    GsStatus st = gs_replay_from_bytes(w->bytes, w->len, "the replay", &r, &err);
    if (st == GS_OK) {
        if ((st = gs_replay_check(&r, "the replay", &err)) == GS_OK &&
            (st = gs_replay_apng(&r, EXPORT_MAX_FRAMES, EXPORT_DELAY_MS, EXPORT_SCALE, &png, &size, &err)) == GS_OK &&
            (st = gs_file_write_atomic(w->path, png, size, &err)) == GS_OK)
            snprintf(msg, sizeof msg, "exported %s: %d frames, steps %lld to %lld", w->path,
                     gs_replay_anim_frames(&r, EXPORT_MAX_FRAMES), (long long)r.frames[0].step,
                     (long long)r.frames[r.n - 1].step);
        gs_replay_free(&r);
    }
    if (st != GS_OK) snprintf(msg, sizeof msg, "export failed: %s", err.msg);
    free(png);
    free(w->bytes);
    w->bytes = NULL;
    pthread_mutex_lock(&w->lock);
    snprintf(w->msg, sizeof w->msg, "%s", msg);
    w->error = st != GS_OK, w->done = 1, w->running = 0;
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int export_worker_start(ExportWorker **wp, uint8_t *bytes, size_t len, const char *path) {
    if (!*wp) {
        if (!(*wp = calloc(1, sizeof **wp))) {
            free(bytes);
            return 0;
        }
        pthread_mutex_init(&(*wp)->lock, NULL);
    }
    ExportWorker *w = *wp;
    pthread_mutex_lock(&w->lock);
    int busy = w->running;
    pthread_mutex_unlock(&w->lock);
    if (busy) {
        free(bytes);
        return 0;
    }
    if (w->joinable) pthread_join(w->thread, NULL), w->joinable = 0;
    w->bytes = bytes, w->len = len, w->running = 1, w->done = 0;
    snprintf(w->path, sizeof w->path, "%s", path);
    if (pthread_create(&w->thread, NULL, export_main, w) != 0) {
        free(bytes);
        w->bytes = NULL, w->running = 0;
        return 0;
    }
    w->joinable = 1;
    return 1;
}

int export_worker_take(ExportWorker *w, char *msg, int size, int *error) {
    if (!w) return 0;
    pthread_mutex_lock(&w->lock);
    int done = w->done;
    if (done) snprintf(msg, (size_t)size, "%s", w->msg), *error = w->error, w->done = 0;
    pthread_mutex_unlock(&w->lock);
    return done;
}

void export_worker_free(ExportWorker *w) {
    if (!w) return;
    if (w->joinable) pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

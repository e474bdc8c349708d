/* infer.h: the views' own inference: a worker thread with its own generator and
 * discriminator (not the trainer's) that runs the latest snapshot's weights on what the
 * views ask for. A view posts a request (noise vectors for one of the jobs below) and
 * takes the latest result; nothing else of the worker is visible.
 *
 * Jobs, in the order the worker serves them:
 *   INFER_PREVIEW  one vector (the explorer): answered at once, also between the chunks of
 *                  the others, so a drag never waits for a whole grid;
 *   INFER_STRIP    up to INFER_MAX_INTERP vectors: a new request is answered at once, a new
 *                  snapshot within the time budget;
 *   INFER_GRID     up to INFER_MAX_TILES vectors: within the time budget only.
 * The budget: strip, grid and tasks together use at most max_share (10%) of the wall time
 * for new snapshots, so the trainer keeps the CPU.
 * Tasks (infer_add_task) are a view's own background work on each new snapshot, run on
 * this thread within the same budget (e.g. scoring samples with a classifier).
 * The nets read the pinned snapshot's weights in place: no copy between the trainer's
 * snapshot and a drawn tile. Without the thread, infer_work() does the same synchronously
 * (tests). */
#ifndef GS_INFER_H
#define GS_INFER_H

#include <stdint.h>

#include "gs_model.h"
#include "gs_snapshot.h"

#define INFER_MAX_TILES 100             /* up to a 10x10 grid */
#define INFER_MAX_Z GS_MAX_NOISE_DIM    /* longest noise vector (the model's own bound) */
#define INFER_MAX_INTERP 10             /* frames of the interpolation strip */

typedef enum InferJob { INFER_PREVIEW, INFER_STRIP, INFER_GRID, INFER_JOBS } InferJob;

typedef struct Infer Infer; /* opaque: infer.c */

typedef void (*InferNotify)(void *ctx); /* called from the worker when results are ready */
/* A view's background task: called on the worker for a new snapshot (weights pinned). */
typedef void (*InferTask)(void *ctx, const GsSnapshot *s);

/* A result, copied out by infer_take into the caller's buffers. */
typedef struct InferResult {
    float *img;        /* caller's: cap images of GS_IMG_SIZE */
    float *verdict;    /* caller's: cap values, D's probability "real" per image */
    int cap;
    int n;             /* images in img (0: none yet) */
    uint64_t req_seq;  /* the request it answers (infer_post's return) */
    uint64_t snap_seq; /* the snapshot it used */
    int64_t step;      /* that snapshot's training step */
} InferResult;

GsStatus infer_create(Infer **out, GsSnapshotBuffer *snapshots, InferNotify notify, void *ctx, GsError *err);
GsStatus infer_start(Infer *in, GsError *err); /* starts the worker thread */
/* Stops the worker (if started). Whoever may still call infer_wake (the trainer) must be
 * stopped before infer_free. */
void infer_stop(Infer *in);
void infer_free(Infer *in); /* after infer_stop: frees the nets and the lock (NULL is ignored) */

/* n vectors of dim values for job (n within the job's limit, dim <= INFER_MAX_Z); returns
 * the request's number. n 0 withdraws the job's request. */
uint64_t infer_post(Infer *in, InferJob job, const float *z, int n, int dim);
/* Copies the job's latest result into r when it differs from what r holds (r->req_seq,
 * r->snap_seq); returns 1 then. */
int infer_take(Infer *in, InferJob job, InferResult *r);
/* The worker's last failure (e.g. out of memory) into buf, once; returns 1 if there was one. */
int infer_error(Infer *in, char *buf, int size);
/* Adds a background task (at most INFER_MAX_TASKS); returns 0 when full. */
#define INFER_MAX_TASKS 4
int infer_add_task(Infer *in, InferTask fn, void *ctx);
void infer_wake(Infer *in); /* a new snapshot may be there */
void infer_set_share(Infer *in, double max_share); /* tests: the budget's share of the time */

/* Does whatever is pending once (preview, then the strip, the grid and the tasks); returns 1
 * if it did anything. ignore_share: do budgeted work now. The worker calls it; tests call it
 * directly without starting the thread. */
int infer_work(Infer *in, int ignore_share);

#endif

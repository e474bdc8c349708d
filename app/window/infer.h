/* infer.h: the views' own inference: a worker thread with its own generator and
 * discriminator (not the trainer's) that runs the latest snapshot's weights on the grid's
 * fixed noise (images plus D's verdict per tile), on the latent explorer's vector and on
 * the interpolation strip's vectors. The preview goes first; the strip and the grid are
 * computed in chunks between previews and, for new snapshots, at most a small share of the
 * time, so the trainer keeps the CPU. Without the thread, infer_work() does
 * the same synchronously (tests). */
#ifndef GS_INFER_H
#define GS_INFER_H

#include <pthread.h>
#include <stdint.h>

#include "gs_model.h"
#include "gs_net.h"
#include "gs_snapshot.h"

#define INFER_MAX_TILES 100 /* up to a 10x10 grid */
#define INFER_MAX_Z 256     /* longest noise vector the explorer handles */
#define INFER_MAX_INTERP 10 /* frames of the interpolation strip */

typedef void (*InferNotify)(void *ctx); /* called from the worker when results are ready */

typedef struct Infer {
    GsSnapshotBuffer *snapshots; /* borrowed; the worker is one reader */
    InferNotify notify;
    void *notify_ctx;
    GsNet g, d;                  /* worker only: nets for cfg, batch up to INFER_MAX_TILES */
    GsConfig cfg;
    int have_nets;
    uint64_t weights_seq;        /* snapshot the nets hold (worker only) */
    float work_img[INFER_MAX_TILES * GS_IMG_SIZE]; /* worker only */
    double grid_cost;            /* seconds the last grid took (worker only) */
    double next_grid_at;         /* earliest time for the next grid (worker only) */
    double img_cost;             /* seconds one image takes through G and D (worker only) */
    pthread_t thread;
    int started;

    pthread_mutex_t lock;        /* guards everything below */
    pthread_cond_t cond;
    int stop;
    /* requests */
    float z[INFER_MAX_Z];        /* explorer vector */
    uint64_t z_seq;              /* bumped by infer_set_z */
    float grid_noise[INFER_MAX_TILES * INFER_MAX_Z];
    int grid_n;                  /* tiles wanted */
    uint64_t grid_noise_seq;     /* bumped by infer_set_grid */
    double max_share;            /* fraction of wall time grids may use (0.10) */
    float interp_z[INFER_MAX_INTERP * INFER_MAX_Z]; /* strip vectors, INFER_MAX_Z apart */
    int interp_n;                /* frames wanted (0: no strip) */
    uint64_t interp_seq;         /* bumped by infer_set_interp */
    /* results */
    float preview[GS_IMG_SIZE];  /* generator output for z */
    float preview_verdict;       /* D's probability "real" for it */
    uint64_t preview_z_seq;      /* z_seq the preview answers (0: none yet) */
    uint64_t preview_snap_seq;   /* snapshot it used */
    float grid[INFER_MAX_TILES * GS_IMG_SIZE]; /* tiles, in grid_noise order */
    float verdict[INFER_MAX_TILES]; /* D's probability "real" per tile */
    int grid_done_n;             /* tiles in grid */
    uint64_t grid_snap_seq;      /* snapshot the grid used (0: none yet) */
    uint64_t grid_done_noise_seq;
    int64_t grid_step;           /* training step of that snapshot */
    float interp[INFER_MAX_INTERP * GS_IMG_SIZE]; /* strip frames, in interp_z order */
    float interp_verdict[INFER_MAX_INTERP];
    int interp_done_n;           /* frames in interp */
    uint64_t interp_snap_seq;    /* snapshot the strip used (0: none yet) */
    uint64_t interp_done_seq;    /* interp_seq it answers */
    char error[512];             /* last failure (e.g. out of memory), empty if none */
} Infer;

void infer_init(Infer *in, GsSnapshotBuffer *snapshots, InferNotify notify, void *ctx);
GsStatus infer_start(Infer *in, GsError *err); /* starts the worker thread */
void infer_stop(Infer *in);                    /* stops it (if started) and frees the nets */

void infer_set_z(Infer *in, const float *z, int n);              /* new explorer vector */
void infer_set_grid(Infer *in, const float *noise, int n, int dim); /* n tiles' noise */
/* n (<= INFER_MAX_INTERP) vectors of dim values for the interpolation strip. A change is
 * answered at once (after a pending preview); new snapshots share the grid's time budget. */
void infer_set_interp(Infer *in, const float *z, int n, int dim);
void infer_wake(Infer *in); /* a new snapshot may be there */

/* Does whatever is pending once (preview, then the strip and the grid); returns 1 if it did anything.
 * Called by the worker; tests call it directly without starting the thread. */
int infer_work(Infer *in, int ignore_share);

#endif

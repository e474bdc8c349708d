/* look_worker.h: a background thread of a "look inside" view (inside, police, quiz) with
 * its own copies of the generator and discriminator: the inference thread's task copies the
 * newest snapshot's weights into it (cheap, under its lock), and the worker runs the view's
 * job on them when the weights or the view's request change, off the render thread. */
#ifndef GS_LOOK_WORKER_H
#define GS_LOOK_WORKER_H

#include <pthread.h>
#include <stdint.h>

#include "gs_net.h"
#include "action.h"
#include "infer.h"

typedef struct LookWorker LookWorker; /* opaque: look_worker.c */

/* Runs on the worker with nets it owns for the call: g and d hold the weights of snapshot
 * step `step`, for up to max_batch images. The job reads its view's request and writes its
 * result under the view's own lock. */
typedef void (*LookJob)(void *ctx, GsNet *g, GsNet *d, int64_t step);

/* Registers the weight copy with infer (a task) and starts the thread. NULL on failure
 * (no memory, no task slot, no thread). infer NULL: nothing ever runs. on_weights: new
 * weights run the job again (at most twice a second); else only look_poke does. The worker
 * starts inactive. */
LookWorker *look_create(Infer *infer, LookJob job, void *ctx, int max_batch, int on_weights);
/* The view is shown (on) or hidden: hidden, the snapshots are not even copied. */
void look_set_active(LookWorker *w, int on);
/* Stops the thread and frees everything (NULL is ignored). The inference thread must be
 * stopped first (its task writes here). */
void look_free(LookWorker *w);
/* The view's request changed: run the job again (now, or once weights are there). */
void look_poke(LookWorker *w);
/* Monotonic seconds (the scale of look_take_z's answer). */
double look_clock(void);
/* The calling thread's CPU seconds (a job's cost apart from the machine's load). */
double look_cpu_clock(void);
/* A view's request from ACT_SET_Z: a's vector into z (INFER_MAX_Z, zero-padded); returns
 * when the user asked, in look_clock seconds (frame_now: the frame's clock). */
double look_take_z(float *z, const Action *a, double frame_now);
/* What a look page does with the actions it hears: leaving its page (`page`) idles the
 * worker; a new explorer vector (ACT_SET_Z) becomes the request, under mu, and wakes it. */
void look_apply_z(LookWorker *w, pthread_mutex_t *mu, float *req_z, double *req_at, int page, const Action *a,
                  double frame_now);
/* Jobs run so far (tests wait for it to grow). */
uint64_t look_runs(LookWorker *w);

#endif

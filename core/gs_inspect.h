/* gs_inspect.h: what the "look inside" algorithms (gs_invert, gs_directions, gs_saliency,
 * gs_neighbours, gs_featuremaps) share: a progress and cancel hook for running them on a
 * background thread, and private inference copies of the networks to run them on.
 *
 * The intended use from a view: a worker thread owns a generator and a discriminator made
 * once with gs_inspect_net_create; for each request it refreshes their weights from the
 * latest snapshot (gs_inspect_net_load), runs the algorithm with a GsProgress whose cancel
 * flag the view sets when a newer request supersedes this one, and hands the result back
 * under the view's lock; the view draws the latest result it has. */
#ifndef GS_INSPECT_H
#define GS_INSPECT_H

#include <stdatomic.h>

#include "gs_model.h"
#include "gs_net.h"
#include "gs_status.h"

/* Both pointers are borrowed and may be NULL. A worker thread runs the algorithm; another
 * thread (the view) sets *cancel to abandon it and reads *permille to draw a bar. Like the
 * trainer's stop flag (gs_gan_set_stop), cancelling is checked between passes, so it takes
 * effect within one forward/backward pass; a cancelled call returns GS_OK with its result
 * marked incomplete (still the best found so far). */
typedef struct GsProgress {
    const atomic_int *cancel; /* non-zero: stop early */
    atomic_int *permille;     /* written with the work done so far, 0..1000 */
} GsProgress;

int gs_progress_cancelled(const GsProgress *p);
void gs_progress_report(const GsProgress *p, double fraction);

/* A network of cfg's generator (generator != 0) or discriminator for up to max_batch
 * images, holding copies of params and state (e.g. a gs_snapshot's g_params/g_state or a
 * GsGan's g.params/g.state): the algorithms run forward and backward passes, which use the
 * network's buffers, so a background worker needs its own copy, never the trainer's. Free
 * with gs_net_destroy. */
GsStatus gs_inspect_net_create(GsNet *net, const GsConfig *cfg, int generator, int max_batch,
                               const float *params, size_t n_params, const float *state,
                               size_t n_state, GsError *err);

/* Refreshes a copy's weights (same sizes as at creation; else GS_ERR_ARG, net unchanged). */
GsStatus gs_inspect_net_load(GsNet *net, const float *params, size_t n_params, const float *state,
                             size_t n_state, GsError *err);

#endif

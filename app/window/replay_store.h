/* replay_store.h: the window's replay of the run (issue: watch the digits form again). Every
 * N steps the trainer thread hands in 16 samples of the grid's first 16 noise vectors with
 * the step, the losses and the judge's latest scores; they are kept 8-bit, as replay.gsr
 * keeps them (gs_replay.h), in memory. The render thread reads moments back (timeline, grid,
 * plots, quality panel); the trainer's saves take the bytes for the checkpoint's RPLY
 * section and the run directory's replay.gsr; a load restores them from the section.
 * One mutex guards it; no call holds it longer than one copy. */
#ifndef GS_REPLAY_STORE_H
#define GS_REPLAY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "gs_gan.h"
#include "gs_replay.h"
#include "gs_status.h"

#define REPLAY_IMAGES 16 /* samples a moment: the grid's first 16 noise vectors */

typedef struct ReplayStore ReplayStore; /* opaque: replay_store.c */

/* view_seed: the seed the views' noise vectors come from (view_noise_vector). */
GsStatus replay_store_create(ReplayStore **out, uint64_t view_seed, GsError *err);
void replay_store_free(ReplayStore *s); /* NULL is ignored */

/* Steps between moments for a preset: `ganscope train`'s defaults (keras 10, fast 50),
 * unless replay_store_set_every chose (n > 0; 0: no moments). */
int64_t replay_store_every(ReplayStore *s, const GsConfig *cfg);
void replay_store_set_every(ReplayStore *s, int64_t n);
/* The trainer thread: 1 when a moment of run is due at step (a multiple of every, newer
 * than the last one kept). */
int replay_store_due(ReplayStore *s, uint64_t run, int64_t step, int64_t every);
/* The REPLAY_IMAGES noise vectors of zdim values each, one after another (n x zdim). */
void replay_store_noise(const ReplayStore *s, int zdim, float *out);
/* Adds a moment of run (another run than the kept one starts over): REPLAY_IMAGES images
 * of 784 floats in [0, 1]; the scores are the latest noted ones; doctor: the diagnoses
 * raised so far (bit id), as `train`'s moments carry them, so a replayed moment can say
 * what the doctor had found by then. */
GsStatus replay_store_add(ReplayStore *s, uint64_t run, const GsMetrics *m, double seconds, const float *img,
                          unsigned doctor, GsError *err);
/* The judge scored run's generator at step (the render thread, from the quality panel). */
void replay_store_note_score(ReplayStore *s, uint64_t run, int64_t step, float rec, float cov, float fd);
/* Replaces everything with the moments up to step of a replay's bytes (a checkpoint's RPLY
 * section, name for messages), as run's. */
GsStatus replay_store_restore(ReplayStore *s, uint64_t run, const void *data, size_t len, int64_t step,
                              const char *name, GsError *err);
/* Forgets every moment: run starts with none (a checkpoint loaded without a replay). */
void replay_store_reset(ReplayStore *s, uint64_t run);
/* A malloc'ed copy of the bytes (replay.gsr's format) for a save; *len 0: no moments. */
GsStatus replay_store_bytes(ReplayStore *s, uint8_t **data, size_t *len, GsError *err);

/* The render thread: moments kept, and their run (0: none yet). */
int replay_store_count(ReplayStore *s, uint64_t *run);
/* Moment i's step (-1: no such moment). */
int64_t replay_store_step(ReplayStore *s, int i);
/* Moment i into *f, its pixels copied into pixels (GS_REPLAY_MAX_IMAGES x 784 bytes);
 * returns 0 when there is no such moment. */
int replay_store_get(ReplayStore *s, int i, GsReplayFrame *f, uint8_t *pixels);

#endif

/* gs_snapshot.h: the snapshot the trainer thread publishes and the views read: the
 * configuration, both networks' weights and BN statistics, the latest metrics and the
 * metrics of the most recent steps, so a reader can draw and run inference without ever
 * touching the live trainer.
 *
 * Protocol (one writer, up to max_readers readers, each holding at most one snapshot):
 * - The buffer owns max_readers + 2 slots. A slot is either the writer's back buffer, the
 *   published ("latest") one, held by readers (reference count > 0), or free.
 * - Writer: gs_snapshot_begin() returns the back buffer, which no reader can see; the writer
 *   fills it at leisure, then gs_snapshot_publish() makes it the latest (seq + 1) and picks
 *   a free slot as the next back buffer. Both take one mutex for a few instructions: the
 *   writer never waits for a reader to finish reading.
 * - Reader: gs_snapshot_acquire() returns the latest complete snapshot and pins it (ref + 1)
 *   under the same mutex; it stays unchanged until gs_snapshot_release(). A pinned slot is
 *   never chosen as a back buffer, so a reader never sees a torn snapshot.
 * - With at most max_readers pins, one latest and one back buffer, max_readers + 2 slots
 *   always leave a free slot for the next back buffer.
 * The mutex is the only synchronisation; every shared field is read or written under it,
 * except a slot's contents, which only its current owner (writer or pinning readers)
 * touches. gs_snapshot_seq() is a C11 atomic for "anything new?" checks without the lock. */
#ifndef GS_SNAPSHOT_H
#define GS_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "gs_gan.h"
#include "gs_status.h"

#define GS_SNAPSHOT_RECENT 1024 /* metrics of this many most recent steps travel along */

typedef struct GsSnapshot {
    uint64_t seq;          /* publication number: 1 for the first, +1 per publish */
    uint64_t run;          /* changes when training restarts (reset, load): step counts restart */
    GsConfig cfg;          /* configuration of the networks below */
    int64_t step;          /* steps completed when the weights were copied */
    double seconds;        /* training seconds of this run so far (paused time excluded) */
    int64_t images_seen;   /* real images the discriminator has seen (step * batch) */
    int has_metrics;       /* 0 until the first step of this run */
    GsMetrics metrics;     /* the latest step's */
    int n_recent;          /* metrics of the last n_recent steps, oldest first, ending with */
    GsMetrics recent[GS_SNAPSHOT_RECENT]; /*   `metrics`; readers dedupe by step and run */
    size_t n_g_params, n_g_state, n_d_params, n_d_state; /* float counts of the arrays */
    float *g_params, *g_state; /* generator: trainable values, BN moving statistics */
    float *d_params, *d_state; /* discriminator: the same */
    size_t cap_g_params, cap_g_state, cap_d_params, cap_d_state; /* allocated floats */
    uint64_t user;         /* free for the writer (tests put a pattern id here) */
    int g_trained;         /* 1: g_params/g_state are the trained G although the run keeps a
                              moving average (gs_snapshot_copy_gan_as) */
} GsSnapshot;

typedef struct GsSnapshotBuffer GsSnapshotBuffer;

/* Creates a buffer for one writer and up to max_readers concurrent readers (>= 1). */
GsStatus gs_snapshot_create(GsSnapshotBuffer **sb, int max_readers, GsError *err);
/* Frees every slot. No reader may hold a snapshot and the writer must be done. */
void gs_snapshot_destroy(GsSnapshotBuffer *sb);

/* Writer: the back buffer to fill (its old contents are from an earlier publish). */
GsSnapshot *gs_snapshot_begin(GsSnapshotBuffer *sb);
/* Writer: sizes the back buffer's arrays for gan's networks and copies weights, BN state,
 * config and step from gan (metrics fields are left to the caller). */
GsStatus gs_snapshot_copy_gan(GsSnapshot *s, const GsGan *gan, GsError *err);
/* The same, choosing the generator: trained 0 copies the moving average when gan keeps one
 * (what people see), 1 the trained G (a step made by hand changes it visibly; the average
 * moves by a thousandth of that). */
GsStatus gs_snapshot_copy_gan_as(GsSnapshot *s, const GsGan *gan, int trained, GsError *err);
/* Writer: makes the back buffer the latest snapshot (setting its seq); returns the seq. */
uint64_t gs_snapshot_publish(GsSnapshotBuffer *sb);

/* Reader: pins and returns the latest snapshot, or NULL if none was published yet. Each
 * reader holds at most one at a time. */
const GsSnapshot *gs_snapshot_acquire(GsSnapshotBuffer *sb);
/* Reader: unpins a snapshot from gs_snapshot_acquire (NULL is ignored). */
void gs_snapshot_release(GsSnapshotBuffer *sb, const GsSnapshot *s);
/* Seq of the latest published snapshot, 0 if none (lock-free). */
uint64_t gs_snapshot_seq(GsSnapshotBuffer *sb);

#endif

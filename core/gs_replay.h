/* gs_replay.h: how a run learned, kept for replay: the fixed-noise samples as 8-bit images
 * every N steps, with the step, the losses and (when a judge scored them) the scores at that
 * moment, in an append-only file in the run directory (replay.gsr). Crash-safe: every record
 * carries its length and CRC, and a torn last record (a kill mid-write) is ignored.
 *
 * Format (little-endian): header "GSRP", version (u32, 1), image side (u32, 28), reserved
 * (u32, 0); then records: "GSRF", payload length (u32), payload, CRC-32 of the payload (u32).
 * Payload: step (i64), seconds, d_loss, g_loss, recognisability, coverage, fd (f32 each; NaN
 * when not scored), the doctor's raised diagnoses so far (u32 bit mask, gs_explain.h ids),
 * image count (u32, 1..64), then count x 28 x 28 bytes (0 black .. 255 white). */
#ifndef GS_REPLAY_H
#define GS_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "gs_status.h"

#define GS_REPLAY_VERSION 1
#define GS_REPLAY_MAX_IMAGES 64
#define GS_REPLAY_FILE "replay.gsr"
#define GS_REPLAY_SECTION "RPLY" /* the checkpoint section (gs_ckpt.h) that carries it */

typedef struct GsReplayFrame {
    int64_t step;
    float seconds, d_loss, g_loss;
    float recognisability, coverage, fd; /* NaN: not scored */
    uint32_t doctor;                     /* diagnoses raised so far */
    int count;                           /* images */
    const uint8_t *pixels;               /* count x 784 bytes */
} GsReplayFrame;

/* Bytes one record of count images takes in the file. */
int64_t gs_replay_record_bytes(int count);

/* Opens path for appending. keep_step < 0 starts a new file (replacing any); otherwise the
 * records up to keep_step are kept (a resumed run redoes the rest) and a torn tail is cut. */
typedef struct GsReplayWriter {
    int fd;
    char path[4096];
} GsReplayWriter;
GsStatus gs_replay_open(GsReplayWriter *w, const char *path, int64_t keep_step, GsError *err);
/* Appends one frame (floats in [0,1] converted by the caller: see gs_replay_quantize). */
GsStatus gs_replay_append(GsReplayWriter *w, const GsReplayFrame *f, GsError *err);
GsStatus gs_replay_sync(GsReplayWriter *w, GsError *err);
GsStatus gs_replay_close(GsReplayWriter *w, GsError *err);

/* Floats in [0,1] (NaN as 0) to bytes, rounded. */
void gs_replay_quantize(uint8_t *out, const float *in, int n);

/* A whole replay file in memory: frames in file order, pixels pointing into `data`. */
typedef struct GsReplay {
    int n;
    GsReplayFrame *frames;
    uint8_t *data;
    int torn; /* 1 when a torn last record was ignored */
} GsReplay;
/* Damaged files (wrong magic, version, a bad record before the end) are GS_ERR_FORMAT with
 * one line naming path; a missing file GS_ERR_IO. */
GsStatus gs_replay_load(const char *path, GsReplay *out, GsError *err);
void gs_replay_free(GsReplay *r);

/* The replay as bytes in memory, exactly the file's (header and records): what a
 * checkpoint's RPLY section carries, and what a run keeps to save with each checkpoint.
 * Appending costs one record's copy (no rewrite of the whole). */
typedef struct GsReplayBuf {
    uint8_t *data;
    size_t len, cap;
    int n; /* records */
} GsReplayBuf;
/* Appends frame f (the header first when b is empty). */
GsStatus gs_replay_buf_append(GsReplayBuf *b, const GsReplayFrame *f, GsError *err);
/* to-bytes: frames [0, n) of r into *b (emptied first). */
GsStatus gs_replay_to_bytes(const GsReplay *r, int n, GsReplayBuf *b, GsError *err);
void gs_replay_buf_free(GsReplayBuf *b);
/* from-bytes: parses size bytes (copied) as a replay file would be read; name goes into
 * the error messages (the checkpoint's path). A torn last record is dropped (torn 1). */
GsStatus gs_replay_from_bytes(const void *data, size_t size, const char *name, GsReplay *out, GsError *err);
/* How many of r's frames have a step <= step (a checkpoint's replay ends at its step). */
int gs_replay_count_until(const GsReplay *r, int64_t step);

#endif

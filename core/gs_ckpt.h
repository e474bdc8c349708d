/* gs_ckpt.h: checkpoints: one file with the configuration, both networks, BN statistics,
 * optimizer state, step count and RNG state, so a resumed run continues bit-identically.
 *
 * Layout (little-endian): magic "GSCK" (4 bytes), format version (u32), payload length
 * (u64), payload, CRC-32 (zlib) of everything before it (u32). The payload is the config
 * field by field, then step, optimizer iterations and learning rates, RNG state, the four
 * array lengths, and the arrays: G params, G BN state, G RMSprop accumulators, D params,
 * D BN state, D accumulators. Written to a temporary file and renamed into place.
 *
 * Version 2 adds optional sections after the arrays, each: tag (4 bytes), length (u64),
 * bytes. They carry what is not needed to resume training bit-identically but belongs to
 * the run (the replay of the fixed-noise grid, ...). A reader skips tags it does not
 * know, so adding a section kind needs no new version. Version 1 files (no sections) still
 * load. Version 3 adds the second phase's three settings after the seed (GsConfig.late_from,
 * late_batch, late_d_dropout: u64, i32, f32); version 1 and 2 files load without a second
 * phase, and an older ganscope refuses a version 3 file by name rather than resuming it
 * without one. The generator's moving average ("GEMA", gs_ema.h) is a section that save writes and
 * load reads itself: a run with one keeps it across a resume; a file without one loads
 * without one. Callers never see it among the sections. */
#ifndef GS_CKPT_H
#define GS_CKPT_H

#include "gs_gan.h"
#include "gs_status.h"

#define GS_CKPT_VERSION 3 /* 3: the second phase (GsConfig.late_*); 2: sections; 1: neither */
#define GS_CKPT_MAX_SECTIONS 16

/* One optional section: a four-character tag ("RPLY") and its bytes. */
typedef struct GsCkptSection {
    char tag[4];
    const void *data;
    uint64_t len;
} GsCkptSection;

/* The sections a loaded checkpoint carried; they point into `blob`, which the caller frees
 * with gs_ckpt_sections_free. */
typedef struct GsCkptSections {
    GsCkptSection sec[GS_CKPT_MAX_SECTIONS];
    int n;
    void *blob;
} GsCkptSections;

/* Saves the whole trainer to path (atomically: a crash leaves the previous file intact). */
GsStatus gs_ckpt_save(const GsGan *gan, const char *path, GsError *err);
/* The same with n extra sections (n <= GS_CKPT_MAX_SECTIONS; tags need not be unique). */
GsStatus gs_ckpt_save_with(const GsGan *gan, const GsCkptSection *sec, int n, const char *path,
                           GsError *err);
/* Creates *gan from a checkpoint. Damaged, truncated or foreign files are GS_ERR_FORMAT with
 * a message naming the file; *gan is untouched on failure. */
GsStatus gs_ckpt_load(GsGan *gan, const char *path, GsError *err);
/* The same, also handing back the file's sections (out may be NULL: they are dropped).
 * On failure *out is empty. */
GsStatus gs_ckpt_load_with(GsGan *gan, GsCkptSections *out, const char *path, GsError *err);
/* The first section with this tag, or NULL. */
const GsCkptSection *gs_ckpt_sections_find(const GsCkptSections *s, const char tag[4]);
void gs_ckpt_sections_free(GsCkptSections *s);

#endif

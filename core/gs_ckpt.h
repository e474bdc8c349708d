/* gs_ckpt.h: checkpoints: one file with the configuration, both networks, BN statistics,
 * optimizer state, step count and RNG state, so a resumed run continues bit-identically.
 *
 * Layout (little-endian): magic "GSCK" (4 bytes), format version (u32), payload length
 * (u64), payload, CRC-32 (zlib) of everything before it (u32). The payload is the config
 * field by field, then step, optimizer iterations and learning rates, RNG state, the four
 * array lengths, and the arrays: G params, G BN state, G RMSprop accumulators, D params,
 * D BN state, D accumulators. Written to a temporary file and renamed into place. */
#ifndef GS_CKPT_H
#define GS_CKPT_H

#include "gs_gan.h"
#include "gs_status.h"

#define GS_CKPT_VERSION 1

/* Saves the whole trainer to path (atomically: a crash leaves the previous file intact). */
GsStatus gs_ckpt_save(const GsGan *gan, const char *path, GsError *err);
/* Creates *gan from a checkpoint. Damaged, truncated or foreign files are GS_ERR_FORMAT with
 * a message naming the file; *gan is untouched on failure. */
GsStatus gs_ckpt_load(GsGan *gan, const char *path, GsError *err);

#endif

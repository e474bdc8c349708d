/* gs_frame.h: the framing ganscope's own binary files share: magic (4 bytes), format
 * version (u32), payload length (u64), payload, CRC-32 (zlib) of everything before it
 * (u32), little-endian. Checking a frame turns any damage into a one-line error. */
#ifndef GS_FRAME_H
#define GS_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "gs_status.h"

#define GS_FRAME_HEADER_BYTES 16

/* CRC-32 of size bytes (any size; zlib's crc32 takes a uInt length). */
uint32_t gs_frame_crc(const void *data, size_t size);

/* Checks that data (size bytes, named `name` in messages) is a frame with this magic and
 * version and an intact checksum; *payload and *payload_size then point inside data.
 * `what` names the kind of file ("ganscope checkpoint"). GS_ERR_FORMAT otherwise. */
GsStatus gs_frame_check(const void *data, size_t size, const char *magic, uint32_t version,
                        const char *name, const char *what, const uint8_t **payload,
                        size_t *payload_size, GsError *err);

/* Writes magic, version, payload and CRC to path atomically (gs_file.h). */
GsStatus gs_frame_write(const char *path, const char *magic, uint32_t version,
                        const void *payload, size_t payload_size, GsError *err);

#endif

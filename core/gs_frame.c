/* gs_frame.c: writing and checking framed files (format in gs_frame.h). */
#include "gs_frame.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gs_file.h"

uint32_t gs_frame_crc(const void *data, size_t size) {
    const uint8_t *p = data;
    uint32_t crc = (uint32_t)crc32(0L, Z_NULL, 0);
    for (size_t off = 0; off < size;) {
        size_t n = size - off > (1u << 30) ? (1u << 30) : size - off;
        crc = (uint32_t)crc32(crc, p + off, (uInt)n);
        off += n;
    }
    return crc;
}

GsStatus gs_frame_check(const void *data, size_t size, const char *magic, uint32_t version,
                        const char *name, const char *what, const uint8_t **payload,
                        size_t *payload_size, GsError *err) {
    const uint8_t *p = data;
    if (size < GS_FRAME_HEADER_BYTES + 4 || memcmp(p, magic, 4) != 0)
        return gs_fail(err, GS_ERR_FORMAT, "%s: not a %s (bad magic)", name, what);
    uint32_t ver, stored;
    uint64_t len;
    memcpy(&ver, p + 4, 4);
    memcpy(&len, p + 8, 8);
    if (ver != version)
        return gs_fail(err, GS_ERR_FORMAT, "%s: %s format version %u; this ganscope reads version %u",
                       name, what, ver, version);
    if (len != size - GS_FRAME_HEADER_BYTES - 4)
        return gs_fail(err, GS_ERR_FORMAT, "%s: truncated or padded: header says %llu bytes of data, file has %zu",
                       name, (unsigned long long)len, size - GS_FRAME_HEADER_BYTES - 4);
    memcpy(&stored, p + size - 4, 4);
    uint32_t crc = gs_frame_crc(p, size - 4);
    if (crc != stored)
        return gs_fail(err, GS_ERR_FORMAT, "%s: damaged: checksum mismatch (stored %08x, computed %08x)",
                       name, stored, crc);
    *payload = p + GS_FRAME_HEADER_BYTES;
    *payload_size = size - GS_FRAME_HEADER_BYTES - 4;
    return GS_OK;
}

GsStatus gs_frame_write(const char *path, const char *magic, uint32_t version,
                        const void *payload, size_t payload_size, GsError *err) {
    size_t total = GS_FRAME_HEADER_BYTES + payload_size + 4;
    uint8_t *b = malloc(total);
    if (!b) return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory preparing the file", path);
    uint64_t len = payload_size;
    memcpy(b, magic, 4);
    memcpy(b + 4, &version, 4);
    memcpy(b + 8, &len, 8);
    if (payload_size) memcpy(b + GS_FRAME_HEADER_BYTES, payload, payload_size);
    uint32_t crc = gs_frame_crc(b, total - 4);
    memcpy(b + total - 4, &crc, 4);
    GsStatus st = gs_file_write_atomic(path, b, total, err);
    free(b);
    return st;
}

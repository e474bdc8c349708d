/* gs_replay.c: the replay file (format in gs_replay.h): appending records with one write
 * each, cutting a torn tail, and reading it back. */
#define _POSIX_C_SOURCE 200809L
#include "gs_replay.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "gs_file.h"
#include "gs_model.h"

#define HEADER_BYTES 16
#define PAYLOAD_FIXED 40 /* step 8, six floats 24, doctor mask 4, image count 4 */

static void put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void put_f32(uint8_t *p, float f) {
    uint32_t v;
    memcpy(&v, &f, 4);
    put_u32(p, v);
}
static float get_f32(const uint8_t *p) {
    uint32_t v = get_u32(p);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

int64_t gs_replay_record_bytes(int count) {
    return 8 + PAYLOAD_FIXED + (int64_t)count * GS_IMG_SIZE + 4;
}

void gs_replay_quantize(uint8_t *out, const float *in, int n) {
    for (int i = 0; i < n; i++) {
        float v = in[i];
        v = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f; /* NaN fails v > 0 */
        out[i] = (uint8_t)(v * 255.0f + 0.5f);
    }
}

/* Parses the record at p (avail bytes left). 1: a whole good record, its length in *len;
 * 0: torn (too short for what it declares); -1: damaged. */
static int parse_record(const uint8_t *p, size_t avail, GsReplayFrame *f, size_t *len) {
    if (avail < 8) return 0;
    if (memcmp(p, "GSRF", 4) != 0) return -1;
    uint32_t plen = get_u32(p + 4);
    if (plen < PAYLOAD_FIXED || plen > PAYLOAD_FIXED + GS_REPLAY_MAX_IMAGES * GS_IMG_SIZE) return -1;
    if (avail < 8 + (size_t)plen + 4) return 0;
    const uint8_t *q = p + 8;
    if ((uint32_t)crc32(0L, q, plen) != get_u32(q + plen)) return -1;
    uint64_t step = (uint64_t)get_u32(q) | (uint64_t)get_u32(q + 4) << 32;
    f->step = (int64_t)step;
    f->seconds = get_f32(q + 8), f->d_loss = get_f32(q + 12), f->g_loss = get_f32(q + 16);
    f->recognisability = get_f32(q + 20), f->coverage = get_f32(q + 24), f->fd = get_f32(q + 28);
    f->doctor = get_u32(q + 32);
    uint32_t count = get_u32(q + 36);
    if (count < 1 || count > GS_REPLAY_MAX_IMAGES || plen != PAYLOAD_FIXED + count * GS_IMG_SIZE ||
        f->step < 0)
        return -1;
    f->count = (int)count;
    f->pixels = q + PAYLOAD_FIXED;
    *len = 8 + (size_t)plen + 4;
    return 1;
}

static int header_ok(const uint8_t *p, size_t size) {
    return size >= HEADER_BYTES && memcmp(p, "GSRP", 4) == 0 && get_u32(p + 4) == GS_REPLAY_VERSION &&
           get_u32(p + 8) == GS_IMG_SIDE;
}

static GsStatus write_all(int fd, const uint8_t *p, size_t n, const char *path, GsError *err) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return gs_fail(err, GS_ERR_IO, "%s: cannot write: %s", path, strerror(w < 0 ? errno : ENOSPC));
        p += w, n -= (size_t)w;
    }
    return GS_OK;
}

static void encode_header(uint8_t *h) {
    memcpy(h, "GSRP", 4);
    put_u32(h + 4, GS_REPLAY_VERSION), put_u32(h + 8, GS_IMG_SIDE), put_u32(h + 12, 0);
}

GsStatus gs_replay_open(GsReplayWriter *w, const char *path, int64_t keep_step, GsError *err) {
    w->fd = -1;
    snprintf(w->path, sizeof w->path, "%s", path);
    off_t keep = 0; /* bytes of the existing file to keep */
    if (keep_step >= 0) {
        void *data = NULL;
        size_t size = 0;
        GsError rerr;
        if (gs_file_read_all(path, &data, &size, (size_t)1 << 40, &rerr) == GS_OK) {
            const uint8_t *p = data;
            if (header_ok(p, size)) {
                size_t off = HEADER_BYTES, len;
                GsReplayFrame f;
                while (parse_record(p + off, size - off, &f, &len) == 1 && f.step <= keep_step) off += len;
                keep = (off_t)off;
            }
            free(data);
        }
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return gs_fail(err, GS_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    GsStatus st = GS_OK;
    if (ftruncate(fd, keep) != 0) st = gs_fail(err, GS_ERR_IO, "%s: cannot truncate: %s", path, strerror(errno));
    if (st == GS_OK && lseek(fd, keep, SEEK_SET) < 0)
        st = gs_fail(err, GS_ERR_IO, "%s: cannot seek: %s", path, strerror(errno));
    if (st == GS_OK && keep == 0) {
        uint8_t h[HEADER_BYTES];
        encode_header(h);
        st = write_all(fd, h, sizeof h, path, err);
    }
    if (st != GS_OK) {
        close(fd);
        return st;
    }
    w->fd = fd;
    return GS_OK;
}

/* One record of frame f into rec (gs_replay_record_bytes(f->count) bytes). */
static void encode_record(uint8_t *rec, const GsReplayFrame *f) {
    size_t plen = PAYLOAD_FIXED + (size_t)f->count * GS_IMG_SIZE;
    memcpy(rec, "GSRF", 4);
    put_u32(rec + 4, (uint32_t)plen);
    uint8_t *q = rec + 8;
    put_u32(q, (uint32_t)(uint64_t)f->step), put_u32(q + 4, (uint32_t)((uint64_t)f->step >> 32));
    put_f32(q + 8, f->seconds), put_f32(q + 12, f->d_loss), put_f32(q + 16, f->g_loss);
    put_f32(q + 20, f->recognisability), put_f32(q + 24, f->coverage), put_f32(q + 28, f->fd);
    put_u32(q + 32, f->doctor), put_u32(q + 36, (uint32_t)f->count);
    memcpy(q + PAYLOAD_FIXED, f->pixels, (size_t)f->count * GS_IMG_SIZE);
    put_u32(q + plen, (uint32_t)crc32(0L, q, (uInt)plen));
}

GsStatus gs_replay_append(GsReplayWriter *w, const GsReplayFrame *f, GsError *err) {
    if (f->count < 1 || f->count > GS_REPLAY_MAX_IMAGES)
        return gs_fail(err, GS_ERR_ARG, "%s: %d images in a frame (1 to %d)", w->path, f->count, GS_REPLAY_MAX_IMAGES);
    size_t n = (size_t)gs_replay_record_bytes(f->count);
    uint8_t *rec = malloc(n);
    if (!rec) return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory", w->path);
    encode_record(rec, f);
    /* one write: a kill leaves at most a torn last record, which readers skip */
    GsStatus st = write_all(w->fd, rec, n, w->path, err);
    free(rec);
    return st;
}

GsStatus gs_replay_buf_append(GsReplayBuf *b, const GsReplayFrame *f, GsError *err) {
    if (f->count < 1 || f->count > GS_REPLAY_MAX_IMAGES)
        return gs_fail(err, GS_ERR_ARG, "replay: %d images in a frame (1 to %d)", f->count, GS_REPLAY_MAX_IMAGES);
    size_t n = (size_t)gs_replay_record_bytes(f->count), head = b->len ? 0 : (size_t)HEADER_BYTES;
    if (b->len + head + n > b->cap) { /* doubling: appends stay cheap over an hour's frames */
        size_t cap = b->cap ? b->cap : (size_t)16 * (size_t)gs_replay_record_bytes(16);
        while (cap < b->len + head + n) cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p) return gs_fail(err, GS_ERR_NOMEM, "replay: out of memory for %zu bytes", cap);
        b->data = p, b->cap = cap;
    }
    if (head) encode_header(b->data), b->len = HEADER_BYTES;
    encode_record(b->data + b->len, f);
    b->len += n, b->n++;
    return GS_OK;
}

GsStatus gs_replay_to_bytes(const GsReplay *r, int n, GsReplayBuf *b, GsError *err) {
    b->len = 0, b->n = 0;
    for (int i = 0; i < n && i < r->n; i++) {
        GsStatus st = gs_replay_buf_append(b, &r->frames[i], err);
        if (st != GS_OK) return st;
    }
    return GS_OK;
}

void gs_replay_buf_free(GsReplayBuf *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

int gs_replay_count_until(const GsReplay *r, int64_t step) {
    int n = 0;
    while (n < r->n && r->frames[n].step <= step) n++;
    return n;
}

GsStatus gs_replay_sync(GsReplayWriter *w, GsError *err) {
    if (w->fd >= 0 && fsync(w->fd) != 0) return gs_fail(err, GS_ERR_IO, "%s: cannot sync: %s", w->path, strerror(errno));
    return GS_OK;
}

GsStatus gs_replay_close(GsReplayWriter *w, GsError *err) {
    if (w->fd < 0) return GS_OK;
    GsStatus st = gs_replay_sync(w, err);
    if (close(w->fd) != 0 && st == GS_OK) st = gs_fail(err, GS_ERR_IO, "%s: cannot close: %s", w->path, strerror(errno));
    w->fd = -1;
    return st;
}

/* Parses size bytes at data (taking ownership of the malloc'ed block) into *out. */
static GsStatus parse_all(void *data, size_t size, const char *name, GsReplay *out, GsError *err) {
    const uint8_t *p = data;
    if (!header_ok(p, size)) {
        free(data);
        return gs_fail(err, GS_ERR_FORMAT, "%s: not a ganscope replay file (version %d)", name, GS_REPLAY_VERSION);
    }
    size_t cap = size / (size_t)gs_replay_record_bytes(1) + 1;
    out->frames = malloc(cap * sizeof *out->frames);
    if (!out->frames) {
        free(data);
        return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory", name);
    }
    out->data = data;
    size_t off = HEADER_BYTES, len;
    while (off < size) {
        int r = parse_record(p + off, size - off, &out->frames[out->n], &len);
        if (r == 0) {
            out->torn = 1;
            break;
        }
        if (r < 0) {
            gs_replay_free(out);
            return gs_fail(err, GS_ERR_FORMAT, "%s: damaged record at byte %zu", name, off);
        }
        off += len, out->n++;
    }
    return GS_OK;
}

GsStatus gs_replay_load(const char *path, GsReplay *out, GsError *err) {
    memset(out, 0, sizeof *out);
    void *data;
    size_t size;
    GsStatus st = gs_file_read_all(path, &data, &size, (size_t)1 << 40, err);
    if (st != GS_OK) return st;
    return parse_all(data, size, path, out, err);
}

GsStatus gs_replay_from_bytes(const void *data, size_t size, const char *name, GsReplay *out, GsError *err) {
    memset(out, 0, sizeof *out);
    void *copy = malloc(size ? size : 1);
    if (!copy) return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory for the replay", name);
    if (size) memcpy(copy, data, size);
    return parse_all(copy, size, name, out, err);
}

void gs_replay_free(GsReplay *r) {
    free(r->frames);
    free(r->data);
    memset(r, 0, sizeof *r);
}

/* gs_idx.c: the IDX reader. A file or memory buffer, raw or gzip, is read as one stream;
 * the header is checked, the payload must be exactly as long as the header says, and the
 * stream is drained to its end so gzip's CRC check runs and trailing data is caught. */
#define _POSIX_C_SOURCE 200809L
#include "gs_idx.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "gs_file.h"

#define IDX_MAGIC_LABELS 0x00000801u
#define IDX_MAGIC_IMAGES 0x00000803u
#define IDX_MAX_N 100000000
#define IDX_MAX_SIDE 4096

/* One input stream: a gzFile (reads raw files as-is), or a memory buffer that is either
 * raw or a gzip stream inflated here. */
typedef struct IdxStream {
    const char *name;
    gzFile gz;                /* file source, or NULL */
    const unsigned char *mem; /* memory source */
    size_t mem_size, mem_pos;
    z_stream zs; /* memory gzip source */
    int inflating, ended;
    int gz_cut; /* the gzip data stopped before its end: the file was cut short */
} IdxStream;

static GsStatus stream_open_file(IdxStream *s, const char *path, GsError *err) {
    memset(s, 0, sizeof *s);
    s->name = path;
    /* open() first: gzopen does not reliably leave errno saying why it failed. */
    int fd = open(path, O_RDONLY);
    if (fd < 0) return gs_fail(err, GS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    s->gz = gzdopen(fd, "rb");
    if (!s->gz) {
        close(fd);
        return gs_fail(err, GS_ERR_NOMEM, "%s: cannot open: out of memory", path);
    }
    gzbuffer(s->gz, 1 << 17);
    return GS_OK;
}

static GsStatus stream_open_mem(IdxStream *s, const void *data, size_t size, const char *name,
                                GsError *err) {
    memset(s, 0, sizeof *s);
    s->name = name;
    s->mem = data;
    s->mem_size = size;
    if (size >= 2 && s->mem[0] == 0x1f && s->mem[1] == 0x8b) {
        if (inflateInit2(&s->zs, 15 + 16) != Z_OK)
            return gs_fail(err, GS_ERR_NOMEM, "%s: cannot start gzip decoder", name);
        s->inflating = 1;
        s->zs.next_in = (unsigned char *)s->mem; /* zlib's API is not const-correct */
        s->zs.avail_in = 0;
    }
    return GS_OK;
}

static void stream_close(IdxStream *s) {
    if (s->gz) gzclose(s->gz);
    if (s->inflating) inflateEnd(&s->zs);
    s->gz = NULL;
    s->inflating = 0;
}

/* Inflate from memory into buf; handles inputs over 4 GiB and multi-member gzip. */
static GsStatus inflate_some(IdxStream *s, unsigned char *buf, size_t n, size_t *got,
                             GsError *err) {
    *got = 0;
    while (*got < n && !s->ended) {
        if (s->zs.avail_in == 0) {
            size_t left = s->mem_size - s->mem_pos;
            s->zs.next_in = (unsigned char *)s->mem + s->mem_pos;
            s->zs.avail_in = left < UINT_MAX ? (unsigned)left : UINT_MAX;
            s->mem_pos += s->zs.avail_in;
        }
        size_t want = n - *got;
        s->zs.next_out = buf + *got;
        s->zs.avail_out = want < UINT_MAX ? (unsigned)want : UINT_MAX;
        unsigned before = s->zs.avail_out;
        int ret = inflate(&s->zs, Z_NO_FLUSH);
        *got += before - s->zs.avail_out;
        if (ret == Z_STREAM_END) {
            /* Like gzread: another gzip member may follow; anything else is ignored. */
            size_t pos = s->mem_pos - s->zs.avail_in;
            if (s->mem_size - pos >= 2 && s->mem[pos] == 0x1f && s->mem[pos + 1] == 0x8b) {
                inflateReset(&s->zs);
            } else {
                s->ended = 1;
            }
        } else if (ret == Z_BUF_ERROR) {
            /* No input left, room for output, stream not ended: the data was cut short. */
            s->gz_cut = 1;
            s->ended = 1;
        } else if (ret != Z_OK) {
            return gs_fail(err, GS_ERR_FORMAT, "%s: corrupt gzip data: %s", s->name,
                           s->zs.msg ? s->zs.msg : zError(ret));
        }
    }
    return GS_OK;
}

/* Read up to n bytes; *got < n only at the end of the data. Damage is an error. */
static GsStatus stream_read(IdxStream *s, void *buf, size_t n, size_t *got, GsError *err) {
    unsigned char *p = buf;
    *got = 0;
    if (s->gz) {
        while (*got < n) {
            size_t want = n - *got;
            unsigned chunk = want < (1u << 30) ? (unsigned)want : (1u << 30);
            int r = gzread(s->gz, p + *got, chunk);
            if (r > 0) *got += (size_t)r;
            if (r == (int)chunk) continue;
            int zerr = Z_OK;
            const char *msg = gzerror(s->gz, &zerr);
            if (zerr == Z_BUF_ERROR) {
                s->gz_cut = 1; /* "unexpected end of file" */
            } else if (zerr == Z_ERRNO) {
                return gs_fail(err, GS_ERR_IO, "%s: cannot read: %s", s->name, strerror(errno));
            } else if (zerr != Z_OK) {
                return gs_fail(err, GS_ERR_FORMAT, "%s: corrupt gzip data: %s", s->name, msg);
            }
            break;
        }
        return GS_OK;
    }
    if (s->inflating) return inflate_some(s, p, n, got, err);
    size_t left = s->mem_size - s->mem_pos;
    *got = n < left ? n : left;
    memcpy(p, s->mem + s->mem_pos, *got);
    s->mem_pos += *got;
    return GS_OK;
}

static const char *cut_note(const IdxStream *s) {
    return s->gz_cut ? " (the gzip data ends early)" : "";
}

/* Read exactly n bytes of what, or fail with "truncated: expected ..., found ...". */
static GsStatus read_exact(IdxStream *s, void *buf, size_t n, const char *what, GsError *err) {
    size_t got;
    GsStatus st = stream_read(s, buf, n, &got, err);
    if (st != GS_OK) return st;
    if (got < n)
        return gs_fail(err, GS_ERR_FORMAT, "%s: truncated: expected %zu bytes of %s, found %zu%s",
                       s->name, n, what, got, cut_note(s));
    return GS_OK;
}

/* Read a payload of n bytes into a malloc'ed buffer. The buffer grows as data arrives, so a
 * header that lies about a huge size gives "truncated", not a giant allocation. */
static GsStatus read_payload(IdxStream *s, size_t n, const char *what, uint8_t **out,
                             GsError *err) {
    *out = NULL;
    size_t cap = n < ((size_t)1 << 24) ? n : ((size_t)1 << 24);
    uint8_t *buf = malloc(cap ? cap : 1);
    if (!buf) return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory for %zu bytes", s->name, cap);
    size_t have = 0;
    while (have < n) {
        if (have == cap) {
            size_t ncap = cap <= n / 2 ? cap * 2 : n;
            uint8_t *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory for %zu bytes", s->name,
                               ncap);
            }
            buf = nb;
            cap = ncap;
        }
        size_t want = cap - have, got;
        GsStatus st = stream_read(s, buf + have, want, &got, err);
        if (st != GS_OK) {
            free(buf);
            return st;
        }
        have += got;
        if (got < want) { /* a short read means the data ended */
            free(buf);
            return gs_fail(err, GS_ERR_FORMAT,
                           "%s: truncated: expected %zu bytes of %s, found %zu%s", s->name, n,
                           what, have, cut_note(s));
        }
    }
    *out = buf;
    return GS_OK;
}

/* Drain the stream: gzip verifies its CRC and length at the very end, and bytes after the
 * payload mean the header and the data disagree. */
static GsStatus expect_end(IdxStream *s, size_t payload, const char *what, GsError *err) {
    unsigned char scratch[4096];
    size_t extra = 0, got;
    do {
        GsStatus st = stream_read(s, scratch, sizeof scratch, &got, err);
        if (st != GS_OK) return st;
        extra += got;
    } while (got == sizeof scratch);
    if (s->gz_cut)
        return gs_fail(err, GS_ERR_FORMAT, "%s: truncated: the gzip data ends early", s->name);
    if (extra > 0)
        return gs_fail(err, GS_ERR_FORMAT,
                       "%s: %zu unexpected bytes after the %zu bytes of %s the header announces",
                       s->name, extra, payload, what);
    return GS_OK;
}

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static GsStatus check_magic(IdxStream *s, uint32_t expected, const char *kind, GsError *err) {
    unsigned char m[4];
    size_t got;
    GsStatus st = stream_read(s, m, 4, &got, err);
    if (st != GS_OK) return st;
    if (got == 0) return gs_fail(err, GS_ERR_FORMAT, "%s: file is empty%s", s->name, cut_note(s));
    if (got < 4)
        return gs_fail(err, GS_ERR_FORMAT, "%s: truncated: expected a 4-byte IDX magic, found %zu",
                       s->name, got);
    uint32_t magic = be32(m);
    if (magic == expected) return GS_OK;
    const char *hint = magic == IDX_MAGIC_LABELS   ? " (that is an IDX labels file)"
                       : magic == IDX_MAGIC_IMAGES ? " (that is an IDX images file)"
                                                   : "";
    return gs_fail(err, GS_ERR_FORMAT, "%s: not an IDX %s file: magic is 0x%08x, expected 0x%08x%s",
                   s->name, kind, (unsigned)magic, (unsigned)expected, hint);
}

static GsStatus parse_images(IdxStream *s, GsImages *out, GsError *err) {
    GsStatus st = check_magic(s, IDX_MAGIC_IMAGES, "images", err);
    if (st != GS_OK) return st;
    unsigned char h[12];
    if ((st = read_exact(s, h, sizeof h, "header", err)) != GS_OK) return st;
    uint32_t n = be32(h), rows = be32(h + 4), cols = be32(h + 8);
    if (n == 0 || n > IDX_MAX_N)
        return gs_fail(err, GS_ERR_FORMAT, "%s: bad header: %u images (must be 1..%d)", s->name,
                       (unsigned)n, IDX_MAX_N);
    if (rows == 0 || cols == 0 || rows > IDX_MAX_SIDE || cols > IDX_MAX_SIDE)
        return gs_fail(err, GS_ERR_FORMAT,
                       "%s: bad header: images are %ux%u (each side must be 1..%d)", s->name,
                       (unsigned)rows, (unsigned)cols, IDX_MAX_SIDE);
    /* At most 1e8 * 4096 * 4096 < 2^51: fits in 64 bits, but check for a 32-bit size_t. */
    unsigned long long bytes = (unsigned long long)n * rows * cols;
    if (bytes > SIZE_MAX)
        return gs_fail(err, GS_ERR_FORMAT, "%s: bad header: %llu bytes of pixels is too large",
                       s->name, bytes);
    uint8_t *pixels;
    if ((st = read_payload(s, (size_t)bytes, "pixels", &pixels, err)) != GS_OK) return st;
    if ((st = expect_end(s, (size_t)bytes, "pixels", err)) != GS_OK) {
        free(pixels);
        return st;
    }
    memset(out, 0, sizeof *out);
    out->pixels = pixels;
    out->n = (int)n;
    out->rows = (int)rows;
    out->cols = (int)cols;
    snprintf(out->source, sizeof out->source, "%s", s->name);
    return GS_OK;
}

static GsStatus parse_labels(IdxStream *s, uint8_t **labels, int *n, GsError *err) {
    GsStatus st = check_magic(s, IDX_MAGIC_LABELS, "labels", err);
    if (st != GS_OK) return st;
    unsigned char h[4];
    if ((st = read_exact(s, h, sizeof h, "header", err)) != GS_OK) return st;
    uint32_t count = be32(h);
    if (count == 0 || count > IDX_MAX_N)
        return gs_fail(err, GS_ERR_FORMAT, "%s: bad header: %u labels (must be 1..%d)", s->name,
                       (unsigned)count, IDX_MAX_N);
    uint8_t *buf;
    if ((st = read_payload(s, count, "labels", &buf, err)) != GS_OK) return st;
    if ((st = expect_end(s, count, "labels", err)) != GS_OK) {
        free(buf);
        return st;
    }
    *labels = buf;
    *n = (int)count;
    return GS_OK;
}

GsStatus gs_idx_read_images(const char *path, GsImages *out, GsError *err) {
    IdxStream s;
    GsStatus st = stream_open_file(&s, path, err);
    if (st == GS_OK) st = parse_images(&s, out, err);
    stream_close(&s);
    return st;
}

GsStatus gs_idx_read_labels(const char *path, uint8_t **labels, int *n, GsError *err) {
    IdxStream s;
    GsStatus st = stream_open_file(&s, path, err);
    if (st == GS_OK) st = parse_labels(&s, labels, n, err);
    stream_close(&s);
    return st;
}

GsStatus gs_idx_read_images_mem(const void *data, size_t size, const char *name, GsImages *out,
                                GsError *err) {
    IdxStream s;
    GsStatus st = stream_open_mem(&s, data, size, name, err);
    if (st == GS_OK) st = parse_images(&s, out, err);
    stream_close(&s);
    return st;
}

GsStatus gs_idx_read_labels_mem(const void *data, size_t size, const char *name,
                                uint8_t **labels, int *n, GsError *err) {
    IdxStream s;
    GsStatus st = stream_open_mem(&s, data, size, name, err);
    if (st == GS_OK) st = parse_labels(&s, labels, n, err);
    stream_close(&s);
    return st;
}

static void put_be32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

GsStatus gs_idx_write_images(const char *path, const uint8_t *pixels, int n, int rows, int cols,
                             GsError *err) {
    if (!pixels || n <= 0 || n > IDX_MAX_N || rows <= 0 || cols <= 0 || rows > IDX_MAX_SIDE ||
        cols > IDX_MAX_SIDE)
        return gs_fail(err, GS_ERR_ARG, "%s: cannot write %d images of %dx%d", path, n, rows,
                       cols);
    unsigned long long bytes = (unsigned long long)n * (unsigned)rows * (unsigned)cols;
    if (bytes > SIZE_MAX - 16)
        return gs_fail(err, GS_ERR_ARG, "%s: %llu bytes of pixels is too large", path, bytes);
    unsigned char *buf = malloc((size_t)bytes + 16);
    if (!buf) return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory for %llu bytes", path, bytes);
    put_be32(buf, IDX_MAGIC_IMAGES);
    put_be32(buf + 4, (uint32_t)n);
    put_be32(buf + 8, (uint32_t)rows);
    put_be32(buf + 12, (uint32_t)cols);
    memcpy(buf + 16, pixels, (size_t)bytes);
    GsStatus st = gs_file_write_atomic(path, buf, (size_t)bytes + 16, err);
    free(buf);
    return st;
}

void gs_images_free(GsImages *im) {
    if (!im) return;
    free(im->pixels);
    free(im->labels);
    memset(im, 0, sizeof *im);
}

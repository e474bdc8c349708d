/* gs_png.c: a minimal PNG encoder (IHDR, one IDAT compressed with zlib's compress2, IEND;
 * filter 0 on every row), its building blocks (shared with gs_apng.c) and the grid that lays
 * generated samples out for saving. */
#include "gs_png.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gs_file.h"

static void put_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Write one chunk (length, type, data, CRC over type and data) at p; returns bytes written. */
static size_t put_chunk(uint8_t *p, const char type[4], const uint8_t *data, uint32_t len) {
    put_be32(p, len);
    memcpy(p + 4, type, 4);
    if (len) memcpy(p + 8, data, len);
    uLong crc = crc32(0L, p + 4, 4 + len);
    put_be32(p + 8 + len, (uint32_t)crc);
    return 12 + (size_t)len;
}

size_t gs_png_chunk(uint8_t *p, const char type[4], const uint8_t *data, uint32_t len) {
    return put_chunk(p, type, data, len);
}

GsStatus gs_png_deflate(const char *name, const uint8_t *pixels, int w, int h, int channels,
                        uint8_t **z, size_t *zlen, GsError *err) {
    *z = NULL;
    *zlen = 0;
    if (!pixels || w <= 0 || h <= 0 || (channels != 1 && channels != 3 && channels != 4))
        return gs_fail(err, GS_ERR_ARG, "%s: cannot encode %dx%d with %d channels", name, w,
                       h, channels);
    /* One filter byte per row, then the row. Keep it well inside uLong and a chunk's 2^31. */
    unsigned long long row = 1 + (unsigned long long)w * (unsigned)channels;
    unsigned long long raw_size = row * (unsigned)h;
    if (raw_size > (1ull << 30))
        return gs_fail(err, GS_ERR_ARG, "%s: %dx%d image is too large", name, w, h);
    uint8_t *raw = malloc((size_t)raw_size);
    uLongf cap = compressBound((uLong)raw_size);
    uint8_t *out = malloc((size_t)cap);
    if (!raw || !out) {
        free(raw);
        free(out);
        return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory for a %dx%d image", name, w, h);
    }
    size_t stride = (size_t)w * (size_t)channels;
    for (size_t y = 0; y < (size_t)h; y++) {
        raw[y * row] = 0; /* filter type 0: none */
        memcpy(raw + y * row + 1, pixels + y * stride, stride);
    }
    int zr = compress2(out, &cap, raw, (uLong)raw_size, Z_DEFAULT_COMPRESSION);
    free(raw);
    if (zr != Z_OK) {
        free(out);
        return gs_fail(err, zr == Z_MEM_ERROR ? GS_ERR_NOMEM : GS_ERR_INTERNAL,
                       "%s: compression failed: %s", name, zError(zr));
    }
    *z = out;
    *zlen = cap;
    return GS_OK;
}

void gs_png_ihdr(uint8_t ihdr[13], int w, int h, int channels) {
    put_be32(ihdr, (uint32_t)w);
    put_be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;                                            /* bit depth */
    ihdr[9] = channels == 1 ? 0 : channels == 3 ? 2 : 6;    /* gray, RGB, RGBA */
    ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filtering, no interlace */
}

const uint8_t gs_png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

/* name is what messages call the image: the output path, or "png" for in-memory use. */
static GsStatus encode(const char *name, const uint8_t *pixels, int w, int h, int channels,
                       uint8_t **png, size_t *size, GsError *err) {
    *png = NULL;
    *size = 0;
    uint8_t *z;
    size_t zlen;
    GsStatus st = gs_png_deflate(name, pixels, w, h, channels, &z, &zlen, err);
    if (st != GS_OK) return st;
    uint8_t *out = malloc(8 + 25 + 12 + zlen + 12);
    if (!out) {
        free(z);
        return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory for a %dx%d image", name, w, h);
    }
    memcpy(out, gs_png_signature, 8);
    uint8_t ihdr[13];
    gs_png_ihdr(ihdr, w, h, channels);
    size_t n = 8 + put_chunk(out + 8, "IHDR", ihdr, sizeof ihdr);
    n += put_chunk(out + n, "IDAT", z, (uint32_t)zlen);
    free(z);
    n += put_chunk(out + n, "IEND", NULL, 0);
    *png = out;
    *size = n;
    return GS_OK;
}

GsStatus gs_png_encode(const uint8_t *pixels, int w, int h, int channels, uint8_t **png,
                       size_t *size, GsError *err) {
    return encode("png", pixels, w, h, channels, png, size, err);
}

GsStatus gs_png_write(const char *path, const uint8_t *pixels, int w, int h, int channels,
                      GsError *err) {
    uint8_t *png;
    size_t size;
    GsStatus st = encode(path, pixels, w, h, channels, &png, &size, err);
    if (st != GS_OK) return st;
    st = gs_file_write_atomic(path, png, size, err);
    free(png);
    return st;
}

void gs_grid_size(int rows, int cols, int img_h, int img_w, int pad, int *w, int *h) {
    *w = cols * img_w + (cols + 1) * pad;
    *h = rows * img_h + (rows + 1) * pad;
}

void gs_grid_compose(uint8_t *dst, const float *images, int count, int rows, int cols, int img_h,
                     int img_w, int pad, uint8_t pad_value) {
    int gw, gh;
    gs_grid_size(rows, cols, img_h, img_w, pad, &gw, &gh);
    assert(gw > 0 && gh > 0 && img_h > 0 && img_w > 0 && pad >= 0);
    memset(dst, pad_value, (size_t)gw * (size_t)gh);
    int tiles = count < rows * cols ? count : rows * cols;
    for (int t = 0; t < tiles; t++) {
        const float *img = images + (size_t)t * (size_t)img_h * (size_t)img_w;
        size_t x0 = (size_t)pad + (size_t)(t % cols) * (size_t)(img_w + pad);
        size_t y0 = (size_t)pad + (size_t)(t / cols) * (size_t)(img_h + pad);
        for (int y = 0; y < img_h; y++) {
            uint8_t *out = dst + (y0 + (size_t)y) * (size_t)gw + x0;
            for (int x = 0; x < img_w; x++) {
                float v = img[(size_t)y * (size_t)img_w + (size_t)x];
                v = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f; /* NaN fails v > 0: becomes 0 */
                out[x] = (uint8_t)(v * 255.0f + 0.5f);
            }
        }
    }
}

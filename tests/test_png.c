/* test_png.c: PNGs from gs_png are decoded here (chunks, CRCs, IHDR, zlib inflate, filter
 * bytes) and must give back the exact pixels; the sample grid puts tiles and padding where
 * they belong. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <zlib.h>

#include "check.h"
#include "gs_file.h"
#include "gs_png.h"

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A decoder for exactly what gs_png writes: 8-bit, no interlace, filter type 0. Checks every
 * chunk's CRC and the chunk order; returns malloc'ed pixels or NULL. */
static uint8_t *decode(const uint8_t *png, size_t size, int *w, int *h, int *channels) {
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    CHECK(size > 8 && memcmp(png, sig, 8) == 0);
    uint8_t *idat = NULL, *pixels = NULL;
    size_t idat_len = 0, pos = 8;
    int chunk = 0, saw_end = 0;
    *w = *h = *channels = 0;
    while (pos + 12 <= size && !saw_end) {
        uint32_t len = be32(png + pos);
        const uint8_t *type = png + pos + 4, *data = png + pos + 8;
        CHECK(pos + 12 + len <= size);
        if (pos + 12 + len > size) break;
        uint32_t crc = (uint32_t)crc32(0L, type, 4 + len);
        CHECK_MSG(crc == be32(data + len), "bad CRC in chunk %.4s", (const char *)type);
        if (chunk == 0) {
            CHECK(memcmp(type, "IHDR", 4) == 0 && len == 13);
            *w = (int)be32(data);
            *h = (int)be32(data + 4);
            CHECK(data[8] == 8);                                 /* bit depth */
            CHECK(data[9] == 0 || data[9] == 2 || data[9] == 6); /* gray, RGB, RGBA */
            CHECK(data[10] == 0 && data[11] == 0 && data[12] == 0); /* deflate, no interlace */
            *channels = data[9] == 0 ? 1 : data[9] == 2 ? 3 : 4;
        } else if (memcmp(type, "IDAT", 4) == 0) {
            idat = realloc(idat, idat_len + len + 1);
            memcpy(idat + idat_len, data, len);
            idat_len += len;
        } else {
            CHECK(memcmp(type, "IEND", 4) == 0 && len == 0);
            saw_end = 1;
        }
        pos += 12 + (size_t)len;
        chunk++;
    }
    CHECK(saw_end && pos == size);
    size_t row = 1 + (size_t)*w * (size_t)*channels;
    uLongf raw_len = (uLongf)(row * (size_t)*h);
    uint8_t *raw = malloc(raw_len + 1);
    int zr = idat ? uncompress(raw, &raw_len, idat, (uLong)idat_len) : Z_DATA_ERROR;
    CHECK_MSG(zr == Z_OK, "uncompress: %d", zr);
    if (zr == Z_OK && raw_len == row * (size_t)*h) {
        pixels = malloc(row * (size_t)*h);
        for (int y = 0; y < *h; y++) {
            CHECK(raw[(size_t)y * row] == 0); /* filter type 0 on every row */
            memcpy(pixels + (size_t)y * (row - 1), raw + (size_t)y * row + 1, row - 1);
        }
    }
    free(raw);
    free(idat);
    return pixels;
}

static void round_trip(const uint8_t *pixels, int w, int h, int channels) {
    uint8_t *png = NULL;
    size_t size = 0;
    GsError err = {{0}};
    CHECK_MSG(gs_png_encode(pixels, w, h, channels, &png, &size, &err) == GS_OK, "%s", err.msg);
    if (!png) return;
    int dw, dh, dc;
    uint8_t *back = decode(png, size, &dw, &dh, &dc);
    CHECK_MSG(dw == w && dh == h && dc == channels, "%dx%dx%d, want %dx%dx%d", dw, dh, dc, w, h,
              channels);
    CHECK(back && memcmp(back, pixels, (size_t)w * h * channels) == 0);
    free(back);
    free(png);
}

int main(void) {
    GsError err = {{0}};
    char dir[1024], path[1200];

    /* Gray 5x3 (odd sizes catch row-stride mistakes), RGB 4x2, RGBA 3x3, a large gray one. */
    uint8_t gray[15], rgb[24], rgba[36];
    for (int i = 0; i < 15; i++) gray[i] = (uint8_t)(i * 17);
    for (int i = 0; i < 24; i++) rgb[i] = (uint8_t)(255 - i * 9);
    for (int i = 0; i < 36; i++) rgba[i] = (uint8_t)(i * 7 + 3);
    round_trip(gray, 5, 3, 1);
    round_trip(rgb, 4, 2, 3);
    round_trip(rgba, 3, 3, 4);
    round_trip(gray, 1, 1, 1);
    static uint8_t noise[300 * 200 * 3];
    uint32_t s = 12345;
    for (size_t i = 0; i < sizeof noise; i++) {
        s = s * 1103515245u + 12345u;
        noise[i] = (uint8_t)(s >> 24);
    }
    round_trip(noise, 300, 200, 3);

    /* IHDR of the gray image, byte by byte. */
    uint8_t *png = NULL;
    size_t size = 0;
    CHECK(gs_png_encode(gray, 5, 3, 1, &png, &size, &err) == GS_OK);
    if (png) {
        CHECK(be32(png + 8) == 13 && memcmp(png + 12, "IHDR", 4) == 0);
        CHECK(be32(png + 16) == 5 && be32(png + 20) == 3);
        CHECK(png[24] == 8 && png[25] == 0);
    }

    /* Bad arguments. */
    uint8_t *none = NULL;
    size_t none_size = 1;
    CHECK(gs_png_encode(gray, 5, 3, 2, &none, &none_size, &err) == GS_ERR_ARG && none == NULL);
    CHECK(none_size == 0);
    CHECK(gs_png_encode(gray, 0, 3, 1, &none, &none_size, &err) == GS_ERR_ARG);
    CHECK(gs_png_encode(gray, 5, -1, 1, &none, &none_size, &err) == GS_ERR_ARG);

    /* gs_png_write writes what gs_png_encode makes, and names the path when it fails. */
    snprintf(dir, sizeof dir, "%s/test_png", check_tmpdir());
    CHECK(gs_file_mkdirs(dir, &err) == GS_OK);
    CHECK(snprintf(path, sizeof path, "%s/gray.png", dir) < (int)sizeof path);
    CHECK_MSG(gs_png_write(path, gray, 5, 3, 1, &err) == GS_OK, "%s", err.msg);
    void *file = NULL;
    size_t fsize = 0;
    CHECK(gs_file_read_all(path, &file, &fsize, 1 << 20, &err) == GS_OK);
    CHECK(png && file && fsize == size && memcmp(file, png, size) == 0);
    free(file);
    free(png);
    CHECK(snprintf(path, sizeof path, "%s/missing/x.png", dir) < (int)sizeof path);
    CHECK(gs_png_write(path, gray, 5, 3, 1, &err) == GS_ERR_IO);
    CHECK_MSG(strstr(err.msg, path) && strstr(err.msg, "cannot write"), "%s", err.msg);
    CHECK(gs_png_write(path, gray, 5, 3, 7, &err) == GS_ERR_ARG);
    CHECK_MSG(strstr(err.msg, path) != NULL, "%s", err.msg);

    /* Grid: 2 rows x 3 cols of 4x5 (h x w) tiles, pad 2, only 4 images: the last two tiles
     * and all padding stay at pad_value. */
    int gw = 0, gh = 0;
    gs_grid_size(2, 3, 4, 5, 2, &gw, &gh);
    CHECK(gw == 3 * 5 + 4 * 2 && gh == 2 * 4 + 3 * 2);
    enum { TILE = 4 * 5 };
    float imgs[4 * TILE];
    for (int t = 0; t < 4; t++)
        for (int i = 0; i < TILE; i++) imgs[t * TILE + i] = (float)(t * TILE + i) / (4 * TILE);
    imgs[0] = -3.0f;           /* clamped to 0 */
    imgs[1] = 7.0f;            /* clamped to 255 */
    imgs[2] = 0.5f;            /* 127.5 rounds to 128 */
    imgs[3] = NAN;             /* NaN becomes 0 */
    uint8_t *grid = malloc((size_t)gw * gh);
    gs_grid_compose(grid, imgs, 4, 2, 3, 4, 5, 2, 77);
    int pad_ok = 1, tile_ok = 1;
    for (int y = 0; y < gh; y++) {
        for (int x = 0; x < gw; x++) {
            int tx = (x - 2) / 7, ty = (y - 2) / 6, ix = (x - 2) % 7, iy = (y - 2) % 6;
            int in_tile = x >= 2 && y >= 2 && ix < 5 && iy < 4 && tx < 3 && ty < 2;
            int t = ty * 3 + tx;
            uint8_t v = grid[y * gw + x];
            if (!in_tile || t >= 4) {
                if (v != 77) pad_ok = 0;
            } else {
                float f = imgs[t * TILE + iy * 5 + ix];
                f = f > 0 ? (f < 1 ? f : 1) : 0;
                if (v != (uint8_t)(f * 255.0f + 0.5f)) tile_ok = 0;
            }
        }
    }
    CHECK(pad_ok);
    CHECK(tile_ok);
    /* Spot checks by hand: tile 0's first row, and tile 4 (row 1, col 1) at its corner. */
    CHECK(grid[2 * gw + 2] == 0 && grid[2 * gw + 3] == 255 && grid[2 * gw + 4] == 128 &&
          grid[2 * gw + 5] == 0);
    int t3 = 3; /* row 1, col 0: starts at x = 2, y = 2 + 4 + 2 = 8 */
    CHECK(grid[8 * gw + 2] == (uint8_t)((float)(t3 * TILE) / (4 * TILE) * 255.0f + 0.5f));
    CHECK(grid[8 * gw + 2 + 7] == 77); /* tile 4 is unused */
    CHECK(grid[0] == 77 && grid[gw - 1] == 77 && grid[(gh - 1) * gw] == 77);
    /* More images than tiles: the extras are ignored, nothing is written out of bounds. */
    float many[8 * TILE];
    for (int i = 0; i < 8 * TILE; i++) many[i] = 1.0f;
    uint8_t *small = malloc((size_t)gw * gh);
    gs_grid_compose(small, many, 8, 2, 3, 4, 5, 2, 0);
    CHECK(small[8 * gw + 2 + 7] == 255 && small[0] == 0);
    free(small);
    free(grid);
    CHECK_DONE();
}

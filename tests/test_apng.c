/* test_apng.c: the animated PNG, read back chunk by chunk as a decoder would: signature,
 * IHDR, acTL (frame count, loop forever), then fcTL + IDAT for the first frame and fcTL +
 * fdAT for the rest with sequence numbers 0, 1, 2, ... without gaps, every CRC right, each
 * frame's delay, and every frame's pixels inflated back equal to what went in. Also the
 * bitmap font's glyphs. */
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "check.h"
#include "gs_apng.h"
#include "gs_font.h"

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Inflates a frame's zlib stream and compares its filter-0 rows with want (w x h). */
static int same_pixels(const uint8_t *z, size_t zlen, const uint8_t *want, int w, int h) {
    uint8_t raw[4096];
    uLongf n = sizeof raw;
    if (uncompress(raw, &n, z, (uLong)zlen) != Z_OK || n != (uLongf)(h * (w + 1))) return 0;
    for (int y = 0; y < h; y++)
        if (raw[y * (w + 1)] != 0 || memcmp(raw + y * (w + 1) + 1, want + y * w, (size_t)w) != 0) return 0;
    return 1;
}

int main(void) {
    enum { W = 9, H = 7, N = 4 };
    static uint8_t pix[N][W * H];
    const uint8_t *frames[N];
    int delays[N] = {100, 250, 40, 2000};
    for (int f = 0; f < N; f++) {
        for (int i = 0; i < W * H; i++) pix[f][i] = (uint8_t)(i * 3 + f * 50);
        frames[f] = pix[f];
    }
    uint8_t *png;
    size_t size;
    GsError err;
    CHECK(gs_apng_encode(frames, N, W, H, delays, &png, &size, &err) == GS_OK);
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    CHECK(size > 8 && memcmp(png, sig, 8) == 0);

    size_t at = 8;
    int chunk = 0, fctl = 0, fdat = 0, idat = 0, frame = 0, iend = 0;
    uint32_t next_seq = 0;
    int actl_before_idat = 0;
    while (at + 12 <= size && !iend) {
        uint32_t len = be32(png + at);
        CHECK(at + 12 + len <= size);
        const uint8_t *type = png + at + 4, *data = png + at + 8;
        uint32_t crc = (uint32_t)crc32(0L, type, 4 + len);
        CHECK_MSG(crc == be32(data + len), "chunk %d (%.4s): bad CRC", chunk, (const char *)type);
        if (chunk == 0) {
            CHECK(memcmp(type, "IHDR", 4) == 0 && len == 13);
            CHECK(be32(data) == W && be32(data + 4) == H && data[8] == 8 && data[9] == 0);
        } else if (!memcmp(type, "acTL", 4)) {
            CHECK(len == 8 && be32(data) == N && be32(data + 4) == 0);
            actl_before_idat = !idat;
        } else if (!memcmp(type, "fcTL", 4)) {
            CHECK(len == 26);
            CHECK_MSG(be32(data) == next_seq, "fcTL sequence %u, expected %u", be32(data), next_seq);
            next_seq++;
            CHECK(be32(data + 4) == W && be32(data + 8) == H && be32(data + 12) == 0 && be32(data + 16) == 0);
            int num = data[20] << 8 | data[21], den = data[22] << 8 | data[23];
            CHECK(den == 1000 && num == delays[frame]);
            CHECK(data[24] == 0 && data[25] == 0);
            fctl++;
        } else if (!memcmp(type, "IDAT", 4)) {
            CHECK(fctl == 1 && frame == 0); /* the first frame is the default image */
            CHECK(same_pixels(data, len, pix[0], W, H));
            idat++, frame++;
        } else if (!memcmp(type, "fdAT", 4)) {
            CHECK(be32(data) == next_seq);
            next_seq++;
            CHECK(fctl == frame + 1);
            CHECK(frame < N && same_pixels(data + 4, len - 4, pix[frame], W, H));
            fdat++, frame++;
        } else if (!memcmp(type, "IEND", 4)) {
            CHECK(len == 0);
            iend = 1;
        }
        at += 12 + len, chunk++;
    }
    CHECK(iend && at == size);
    CHECK(actl_before_idat && idat == 1 && fctl == N && fdat == N - 1 && frame == N);
    CHECK(next_seq == 2 * N - 1);
    free(png);
    /* bad input: no frames, a delay out of range */
    CHECK(gs_apng_encode(frames, 0, W, H, delays, &png, &size, &err) == GS_ERR_ARG);
    int bad[N] = {100, 0, 100, 100};
    CHECK(gs_apng_encode(frames, N, W, H, bad, &png, &size, &err) == GS_ERR_ARG);

    /* the font: "1" is a column with a foot; digits differ from one another; clipping */
    uint8_t img[8 * 16];
    memset(img, 0, sizeof img);
    CHECK(gs_font_draw(img, 16, 8, 0, 0, 1, "1", 255) == 4);
    CHECK(img[0 * 16 + 1] == 255 && img[4 * 16 + 0] == 255 && img[4 * 16 + 2] == 255 && img[2 * 16 + 0] == 0);
    uint8_t a[5 * 4], b[5 * 4];
    for (char c = '0'; c <= '9'; c++)
        for (char d = (char)(c + 1); d <= '9'; d++) {
            char s1[2] = {c, 0}, s2[2] = {d, 0};
            memset(a, 0, sizeof a), memset(b, 0, sizeof b);
            gs_font_draw(a, 4, 5, 0, 0, 1, s1, 1), gs_font_draw(b, 4, 5, 0, 0, 1, s2, 1);
            CHECK_MSG(memcmp(a, b, sizeof a) != 0, "glyphs %c and %c are the same", c, d);
        }
    gs_font_draw(img, 16, 8, 14, 6, 3, "88", 9); /* mostly outside: must not write outside */
    CHECK_DONE();
}

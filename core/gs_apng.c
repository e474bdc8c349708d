/* gs_apng.c: the APNG encoder (signature, IHDR, acTL, then per frame fcTL + IDAT or fdAT,
 * IEND), built from gs_png.c's chunks. */
#include "gs_apng.h"

#include <stdlib.h>
#include <string.h>

#include "gs_png.h"

static void be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

GsStatus gs_apng_encode(const uint8_t *const *frames, int n, int w, int h, const int *delay_ms,
                        uint8_t **png, size_t *size, GsError *err) {
    *png = NULL;
    *size = 0;
    if (n < 1 || n > 100000) return gs_fail(err, GS_ERR_ARG, "apng: %d frames (1 to 100000)", n);
    for (int i = 0; i < n; i++)
        if (delay_ms[i] < 1 || delay_ms[i] > 65535)
            return gs_fail(err, GS_ERR_ARG, "apng: frame %d delay %d ms (1 to 65535)", i, delay_ms[i]);
    uint8_t **z = calloc((size_t)n, sizeof *z);
    size_t *zlen = calloc((size_t)n, sizeof *zlen), total = 8 + 25 + 20 + 12;
    GsStatus st = z && zlen ? GS_OK : gs_fail(err, GS_ERR_NOMEM, "apng: out of memory");
    for (int i = 0; st == GS_OK && i < n; i++) {
        st = gs_png_deflate("apng", frames[i], w, h, 1, &z[i], &zlen[i], err);
        total += 38 + 12 + 4 + zlen[i]; /* fcTL, then IDAT or fdAT (with its sequence number) */
    }
    uint8_t *out = st == GS_OK ? malloc(total) : NULL;
    if (st == GS_OK && !out) st = gs_fail(err, GS_ERR_NOMEM, "apng: out of memory for %d frames", n);
    if (st == GS_OK) {
        memcpy(out, gs_png_signature, 8);
        uint8_t ihdr[13], actl[8], fctl[26];
        gs_png_ihdr(ihdr, w, h, 1);
        size_t at = 8 + gs_png_chunk(out + 8, "IHDR", ihdr, sizeof ihdr);
        be32(actl, (uint32_t)n), be32(actl + 4, 0); /* 0 plays: loop forever */
        at += gs_png_chunk(out + at, "acTL", actl, sizeof actl);
        uint32_t seq = 0;
        for (int i = 0; i < n; i++) {
            be32(fctl, seq++), be32(fctl + 4, (uint32_t)w), be32(fctl + 8, (uint32_t)h);
            be32(fctl + 12, 0), be32(fctl + 16, 0); /* x, y offsets: full frames */
            fctl[20] = (uint8_t)(delay_ms[i] >> 8), fctl[21] = (uint8_t)delay_ms[i];
            fctl[22] = 1000 >> 8, fctl[23] = 1000 & 0xff; /* delay_num / 1000 seconds */
            fctl[24] = 0, fctl[25] = 0;                    /* dispose none, blend source */
            at += gs_png_chunk(out + at, "fcTL", fctl, sizeof fctl);
            if (i == 0) {
                at += gs_png_chunk(out + at, "IDAT", z[0], (uint32_t)zlen[0]);
            } else {
                /* fdAT: a sequence number, then the frame's zlib stream, as IDAT would hold */
                uint8_t *body = malloc(4 + zlen[i]);
                if (!body) {
                    st = gs_fail(err, GS_ERR_NOMEM, "apng: out of memory");
                    break;
                }
                be32(body, seq++);
                memcpy(body + 4, z[i], zlen[i]);
                at += gs_png_chunk(out + at, "fdAT", body, (uint32_t)(4 + zlen[i]));
                free(body);
            }
        }
        at += gs_png_chunk(out + at, "IEND", NULL, 0);
        if (st == GS_OK) *png = out, *size = at;
        else free(out);
    }
    for (int i = 0; z && i < n; i++) free(z[i]);
    free(z);
    free(zlen);
    return st;
}

/* make_icon.c: draws ganscope's application icon, a 3x3 grid of digits from the built-in
 * MNIST test set framed green to red as the window frames its samples, as an RGBA PNG.
 * Run by the build: make_icon SIZE OUT.png (48, 64, 128 and 256 px go into the package). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs_builtin.h"
#include "gs_idx.h"
#include "gs_png.h"

#define GRID 3
#define SS 4 /* supersamples per pixel side: smooth edges at 48 px */

/* Which digit each tile shows, and how real the window's discriminator "thinks" it is
 * (0 red .. 1 green), for the frame colour. */
static const int kDigits[GRID * GRID] = {3, 8, 5, 0, 7, 2, 6, 4, 9};
static const float kVerdict[GRID * GRID] = {0.95f, 0.7f, 0.9f, 0.45f, 1.0f, 0.8f, 0.85f, 0.2f, 0.6f};

typedef struct {
    float r, g, b, a;
} Rgba;

static Rgba rgba(float r, float g, float b) { return (Rgba){r / 255.f, g / 255.f, b / 255.f, 1.f}; }

/* Inside a rounded square [lo,hi]^2 with corner radius rad? */
static int in_rounded(float x, float y, float lo, float hi, float rad) {
    if (x < lo || x > hi || y < lo || y > hi) return 0;
    float cx = x < lo + rad ? lo + rad : (x > hi - rad ? hi - rad : x);
    float cy = y < lo + rad ? lo + rad : (y > hi - rad ? hi - rad : y);
    return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad;
}

/* Bilinear sample of a 28x28 digit at (x, y) in pixel units; 0..1. */
static float sample_digit(const uint8_t *img, int side, float x, float y) {
    int x0 = (int)floorf(x), y0 = (int)floorf(y);
    float fx = x - (float)x0, fy = y - (float)y0, v = 0.f;
    for (int dy = 0; dy < 2; dy++)
        for (int dx = 0; dx < 2; dx++) {
            int xx = x0 + dx, yy = y0 + dy;
            if (xx < 0 || yy < 0 || xx >= side || yy >= side) continue;
            float w = (dx ? fx : 1.f - fx) * (dy ? fy : 1.f - fy);
            v += w * (float)img[yy * side + xx] / 255.f;
        }
    return v;
}

/* The icon's colour at (u, v) in [0,1]^2. */
static Rgba shade(const GsImages *im, const int *index, float u, float v) {
    const float margin = 0.03f, grid0 = 0.1f, gap = 0.03f, frame = 0.022f;
    const float tile = (1.f - 2.f * grid0 - (GRID - 1) * gap) / GRID;
    Rgba clear = {0, 0, 0, 0};
    if (!in_rounded(u, v, margin, 1.f - margin, 0.14f)) return clear;
    Rgba panel = rgba(0x1e, 0x24, 0x30);
    float gu = (u - grid0) / (tile + gap), gv = (v - grid0) / (tile + gap);
    if (gu < 0 || gv < 0 || gu >= GRID || gv >= GRID) return panel;
    int col = (int)gu, row = (int)gv;
    float tu = u - grid0 - (float)col * (tile + gap), tv = v - grid0 - (float)row * (tile + gap);
    if (tu > tile || tv > tile) return panel; /* in a gap */
    int k = row * GRID + col;
    if (tu < frame || tv < frame || tu > tile - frame || tv > tile - frame) {
        float q = kVerdict[k]; /* red (0) through amber to green (1), as the window's frames */
        return q < 0.5f ? rgba(220, 60 + 280 * q, 50) : rgba(220 - 340 * (q - 0.5f), 200, 70);
    }
    /* MNIST digits sit in a 20x20 box inside 28x28: show the middle 22x22 of the tile. */
    const uint8_t *img = im->pixels + (size_t)index[k] * (size_t)(im->rows * im->cols);
    float inner = tile - 2.f * frame;
    float x = 3.f + (tu - frame) / inner * 22.f - 0.5f, y = 3.f + (tv - frame) / inner * 22.f - 0.5f;
    float d = sample_digit(img, im->cols, x, y);
    return (Rgba){d * 0.96f, d * 0.97f, d, 1.f};
}

int main(int argc, char **argv) {
    int size = argc == 3 ? atoi(argv[1]) : 0;
    if (size < 16 || size > 1024) {
        fprintf(stderr, "usage: make_icon SIZE(16..1024) OUT.png\n");
        return 2;
    }
    GsError err;
    GsImages im;
    size_t isz, lsz;
    const unsigned char *idata = gs_builtin_images(&isz), *ldata = gs_builtin_labels(&lsz);
    int nl = 0;
    if (gs_idx_read_images_mem(idata, isz, "built-in images", &im, &err) != GS_OK ||
        gs_idx_read_labels_mem(ldata, lsz, "built-in labels", &im.labels, &nl, &err) != GS_OK) {
        fprintf(stderr, "make_icon: %s\n", err.msg);
        return 1;
    }
    int index[GRID * GRID]; /* the first image of each wanted digit */
    for (int k = 0; k < GRID * GRID; k++) {
        index[k] = 0;
        for (int i = 0; i < nl && i < im.n; i++)
            if (im.labels[i] == kDigits[k]) {
                index[k] = i;
                break;
            }
    }
    uint8_t *px = malloc((size_t)size * (size_t)size * 4);
    if (!px) {
        fprintf(stderr, "make_icon: out of memory\n");
        return 1;
    }
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            float r = 0, g = 0, b = 0, a = 0; /* premultiplied, averaged over SS x SS */
            for (int sy = 0; sy < SS; sy++)
                for (int sx = 0; sx < SS; sx++) {
                    Rgba c = shade(&im, index, ((float)x + (sx + 0.5f) / SS) / (float)size,
                                   ((float)y + (sy + 0.5f) / SS) / (float)size);
                    r += c.r * c.a, g += c.g * c.a, b += c.b * c.a, a += c.a;
                }
            uint8_t *p = px + ((size_t)y * (size_t)size + (size_t)x) * 4;
            float n = SS * SS;
            p[3] = (uint8_t)lrintf(a / n * 255.f);
            p[0] = a > 0 ? (uint8_t)lrintf(fminf(r / a, 1.f) * 255.f) : 0;
            p[1] = a > 0 ? (uint8_t)lrintf(fminf(g / a, 1.f) * 255.f) : 0;
            p[2] = a > 0 ? (uint8_t)lrintf(fminf(b / a, 1.f) * 255.f) : 0;
        }
    GsStatus st = gs_png_write(argv[2], px, size, size, 4, &err);
    free(px);
    gs_images_free(&im);
    if (st != GS_OK) {
        fprintf(stderr, "make_icon: %s\n", err.msg);
        return 1;
    }
    return 0;
}

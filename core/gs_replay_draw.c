/* gs_replay_draw.c: a replay's animation and contact sheet (gs_replay_draw.h). */
#include "gs_replay_draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs_apng.h"
#include "gs_font.h"
#include "gs_model.h"
#include "gs_png.h"

/* Draws frame f's samples as a grid at scale into dst (w x h) at (x, y), with "STEP N" under
 * it at font scale fs. */
static void draw_moment(uint8_t *dst, int w, int h, int x, int y, const GsReplayFrame *f, int scale, int fs) {
    int cols = 1;
    while (cols * cols < f->count) cols++;
    int rows = (f->count + cols - 1) / cols, gw, gh;
    gs_grid_size(rows, cols, GS_IMG_SIDE, GS_IMG_SIDE, 2, &gw, &gh);
    for (int t = 0; t < f->count; t++) {
        int tx = 2 + (t % cols) * (GS_IMG_SIDE + 2), ty = 2 + (t / cols) * (GS_IMG_SIDE + 2);
        for (int py = 0; py < GS_IMG_SIDE * scale; py++)
            for (int px = 0; px < GS_IMG_SIDE * scale; px++) {
                int X = x + (tx * scale) + px, Y = y + (ty * scale) + py;
                if (X < w && Y < h)
                    dst[(size_t)Y * w + X] = f->pixels[(size_t)t * GS_IMG_SIZE + (py / scale) * GS_IMG_SIDE + px / scale];
            }
    }
    char label[40];
    snprintf(label, sizeof label, "STEP %lld", (long long)f->step);
    gs_font_draw(dst, w, h, x + 2 * scale, y + gh * scale + fs, fs, label, 255);
}

/* The size of one moment as draw_moment lays it out. */
static void moment_size(int count, int scale, int fs, int *w, int *h) {
    int cols = 1;
    while (cols * cols < count) cols++;
    gs_grid_size((count + cols - 1) / cols, cols, GS_IMG_SIDE, GS_IMG_SIDE, 2, w, h);
    *w *= scale;
    *h = *h * scale + (GS_FONT_HEIGHT + 2) * fs;
}

/* The index of the k-th of n picks spread evenly over frames [0, total), last included. */
static int pick(int k, int n, int total) { return n <= 1 ? total - 1 : (int)((long long)k * (total - 1) / (n - 1)); }

GsStatus gs_replay_check(const GsReplay *r, const char *name, GsError *err) {
    if (r->n < 1) return gs_fail(err, GS_ERR_FORMAT, "%s holds no frames yet", name);
    for (int i = 1; i < r->n; i++)
        if (r->frames[i].count != r->frames[0].count)
            return gs_fail(err, GS_ERR_FORMAT, "%s: frames with different image counts", name);
    return GS_OK;
}

int gs_replay_anim_frames(const GsReplay *r, int max_frames) { return r->n < max_frames ? r->n : max_frames; }

GsStatus gs_replay_apng(const GsReplay *r, int max_frames, int delay_ms, int scale, uint8_t **png, size_t *size,
                        GsError *err) {
    int n = gs_replay_anim_frames(r, max_frames), fs = scale + 1, w, h;
    *png = NULL, *size = 0;
    moment_size(r->frames[0].count, scale, fs, &w, &h);
    uint8_t *pix = calloc((size_t)n, (size_t)w * h);
    const uint8_t **frames = malloc(sizeof *frames * (size_t)n);
    int *delays = malloc(sizeof *delays * (size_t)n);
    GsStatus st = GS_OK;
    if (!pix || !frames || !delays) st = gs_fail(err, GS_ERR_NOMEM, "out of memory for %d frames", n);
    for (int k = 0; st == GS_OK && k < n; k++) {
        uint8_t *f = pix + (size_t)k * w * h;
        draw_moment(f, w, h, 0, 0, &r->frames[pick(k, n, r->n)], scale, fs);
        frames[k] = f;
        delays[k] = k == n - 1 ? 2000 : delay_ms;
    }
    if (st == GS_OK) st = gs_apng_encode(frames, n, w, h, delays, png, size, err);
    free(pix);
    free(frames);
    free(delays);
    return st;
}

GsStatus gs_replay_sheet(const GsReplay *r, int n, uint8_t **out, int *wp, int *hp, GsError *err) {
    int mw, mh;
    if (n > r->n) n = r->n;
    moment_size(r->frames[0].count, 1, 2, &mw, &mh);
    int cols = n < 6 ? n : 6, rows = (n + cols - 1) / cols, gap = 6;
    int w = cols * (mw + gap) + gap, h = rows * (mh + gap) + gap;
    uint8_t *pix = calloc((size_t)w, (size_t)h);
    if (!pix) return gs_fail(err, GS_ERR_NOMEM, "out of memory for a %dx%d sheet", w, h);
    memset(pix, 64, (size_t)w * h);
    for (int k = 0; k < n; k++) {
        int x = gap + (k % cols) * (mw + gap), y = gap + (k / cols) * (mh + gap);
        for (int yy = 0; yy < mh; yy++) memset(pix + (size_t)(y + yy) * w + x, 0, (size_t)mw);
        draw_moment(pix, w, h, x, y, &r->frames[pick(k, n, r->n)], 1, 2);
    }
    *out = pix, *wp = w, *hp = h;
    return GS_OK;
}

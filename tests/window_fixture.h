/* window_fixture.h: what the window's tests share: a 1280x800 software-rendered surface
 * (SDL's offscreen driver, no display), the fast model, snapshots published by hand, the
 * view inference run synchronously, and pixel helpers. */
#ifndef GS_WINDOW_FIXTURE_H
#define GS_WINDOW_FIXTURE_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gs_data.h"
#include "infer.h"
#include "view_inst.h"

#define FIX_W 1280
#define FIX_H 800

typedef struct Fixture {
    SDL_Surface *surf;
    SDL_Renderer *r;
    char font[1024];
    GsGan gan;
    GsImages data;
    GsSnapshotBuffer *sb;
    Infer *infer;
} Fixture;

static inline void fix_publish(Fixture *fx, const GsMetrics *m, int n_m) {
    GsSnapshot *s = gs_snapshot_begin(fx->sb);
    GsError err;
    CHECK(gs_snapshot_copy_gan(s, &fx->gan, &err) == GS_OK);
    s->run = 1;
    s->n_recent = n_m;
    for (int i = 0; i < n_m; i++) s->recent[i] = m[i];
    s->has_metrics = n_m > 0;
    if (n_m) s->metrics = m[n_m - 1];
    gs_snapshot_publish(fx->sb);
}

/* SDL, the surface, a fast GAN (seed 3), MNIST's built-in set, one snapshot, the inference. */
static inline int fix_init(Fixture *fx) {
    memset(fx, 0, sizeof *fx);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "SDL: %s\n", SDL_GetError());
        return 0;
    }
    fx->surf = SDL_CreateRGBSurfaceWithFormat(0, FIX_W, FIX_H, 32, SDL_PIXELFORMAT_ARGB8888);
    fx->r = fx->surf ? SDL_CreateSoftwareRenderer(fx->surf) : NULL;
    const char *src = getenv("GS_SOURCE_DIR");
    snprintf(fx->font, sizeof fx->font, "%s/assets/DejaVuSans.ttf", src ? src : ".");
    GsError err;
    GsConfig cfg;
    CHECK(gs_config_preset(&cfg, "fast", &err) == GS_OK);
    /* The tutorial's dropout and rates, not the fast preset's tuned recipe: a few steps at
     * batch 8 with the recipe's larger rates can turn every tile black, and the checks need
     * textured images whatever the recipe is. */
    cfg.batch = 8, cfg.seed = 3;
    cfg.g_dropout = cfg.d_dropout = 0.4f, cfg.lr_d = 8e-4f, cfg.lr_g = 4e-4f;
    CHECK(gs_gan_create(&fx->gan, &cfg, &err) == GS_OK);
    CHECK(gs_data_load(NULL, GS_DATASET_MNIST, &fx->data, &err) == GS_OK);
    CHECK(gs_snapshot_create(&fx->sb, 2, &err) == GS_OK);
    CHECK(infer_create(&fx->infer, fx->sb, NULL, NULL, &err) == GS_OK);
    fix_publish(fx, NULL, 0);
    return fx->r != NULL;
}

static inline void fix_free(Fixture *fx) {
    infer_free(fx->infer);
    gs_snapshot_destroy(fx->sb);
    gs_images_free(&fx->data);
    gs_gan_destroy(&fx->gan);
    SDL_DestroyRenderer(fx->r);
    SDL_FreeSurface(fx->surf);
    TTF_Quit();
    SDL_Quit();
}

/* Trains n (<= 32) steps and publishes them. */
static inline void fix_train(Fixture *fx, int n) {
    GsMetrics m[32];
    for (int i = 0; i < n && i < 32; i++) gs_gan_step(&fx->gan, &fx->data, &m[i]);
    fix_publish(fx, m, n < 32 ? n : 32);
}

static inline Uint32 *fix_capture(const Fixture *fx) {
    size_t n = (size_t)fx->surf->pitch / 4 * fx->surf->h;
    Uint32 *c = malloc(n * 4);
    if (c) memcpy(c, fx->surf->pixels, n * 4);
    return c;
}

/* Sum of absolute channel differences of region rc between two captures. */
static inline long fix_diff(const Fixture *fx, const Uint32 *a, const Uint32 *b, SDL_Rect rc) {
    long d = 0;
    int pitch = fx->surf->pitch / 4;
    for (int y = rc.y; y < rc.y + rc.h; y++)
        for (int x = rc.x; x < rc.x + rc.w; x++) {
            Uint32 p = a[y * pitch + x], q = b[y * pitch + x];
            for (int k = 0; k < 24; k += 8) d += labs((long)((p >> k) & 255) - (long)((q >> k) & 255));
        }
    return d;
}

/* Pixels in rc close to colour c. */
static inline int fix_count_color(const Fixture *fx, SDL_Rect rc, SDL_Color c) {
    int n = 0;
    const Uint32 *px = fx->surf->pixels;
    for (int y = rc.y; y < rc.y + rc.h; y++)
        for (int x = rc.x; x < rc.x + rc.w; x++) {
            Uint8 r, g, b;
            SDL_GetRGB(px[y * (fx->surf->pitch / 4) + x], fx->surf->format, &r, &g, &b);
            if (abs(r - c.r) < 40 && abs(g - c.g) < 40 && abs(b - c.b) < 40) n++;
        }
    return n;
}

/* Distinct colours in rc (a blank area has one or two). */
static inline int fix_colors(const Fixture *fx, SDL_Rect rc) {
    Uint32 seen[64];
    int n = 0;
    const Uint32 *px = fx->surf->pixels;
    for (int y = rc.y; y < rc.y + rc.h; y++)
        for (int x = rc.x; x < rc.x + rc.w && n < 64; x++) {
            Uint32 p = px[y * (fx->surf->pitch / 4) + x] & 0xffffff;
            int k = 0;
            while (k < n && seen[k] != p) k++;
            if (k == n) seen[n++] = p;
        }
    return n;
}

#endif

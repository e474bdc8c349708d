/* view_explorer.c: the latent explorer: every noise value as a compact slider, a large
 * preview of what the generator makes of the vector (following the drag, computed off the
 * render thread), and Random / Zero buttons. The vector stays put while training goes on;
 * a tile or strip frame clicked elsewhere sets it through ACT_SET_Z. */
#include <stdio.h>
#include <string.h>

#include "view.h"

typedef struct Explorer {
    float z[INFER_MAX_Z];
    int zdim;                       /* noise size the request was posted with (0: none yet) */
    uint64_t rng;                   /* for Random */
    float img[GS_IMG_SIZE], verdict;
    InferResult res;                /* the latest preview, into img and verdict */
    double sent_at[64];             /* when request k was posted, at [k % 64] (0: not a user's) */
    uint64_t sent;                  /* last request's number */
    SDL_Rect preview, slider[INFER_MAX_Z];
    char tips[INFER_MAX_Z][48];
} Explorer;

static int explorer_init(void *self, uint64_t seed, Infer *infer) {
    (void)infer;
    Explorer *e = self;
    view_noise_vector(seed, 0, e->z); /* the grid's first tile */
    e->rng = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull + 1;
    e->res = (InferResult){.img = e->img, .verdict = &e->verdict, .cap = 1};
    return 1;
}

static void post(Explorer *e, ViewCtx *c, double at) {
    if (!c->infer) return;
    e->sent = infer_post(c->infer, INFER_PREVIEW, e->z, 1, e->zdim);
    e->sent_at[e->sent % 64] = at;
}

/* The preview square, the buttons under it, then the sliders in 4 rows. */
static void layout(Explorer *e, SDL_Rect a, const Draw *d, float s) {
    int m = (int)(10 * s), title = draw_line_height(d, FONT_NORMAL);
    int pv = a.w - 2 * m;
    if (pv > a.h / 2) pv = a.h / 2;
    pv = pv / 28 * 28;
    e->preview = (SDL_Rect){a.x + (a.w - pv) / 2, a.y + title + m / 2, pv, pv};
    int rows = 4, cols = (e->zdim + rows - 1) / rows;
    int sy = e->preview.y + pv + (int)(46 * s);
    int sh = (a.y + a.h - sy - (rows - 1) * m) / rows;
    if (sh > (int)(80 * s)) sh = (int)(80 * s);
    float sw = (float)(a.w - 2 * m) / cols;
    for (int i = 0; i < e->zdim; i++) {
        int r = i / cols, col = i % cols;
        int x0 = a.x + m + (int)(col * sw), x1 = a.x + m + (int)((col + 1) * sw);
        e->slider[i] = (SDL_Rect){x0, sy + r * (sh + m), x1 - x0 - 1 > 2 ? x1 - x0 - 1 : 2, sh};
    }
}

/* A new preview: counted as a slider latency when it answers a request made by the user. */
static void take(Explorer *e, ViewCtx *c) {
    uint64_t before = e->res.req_seq;
    if (!c->infer || !infer_take(c->infer, INFER_PREVIEW, &e->res)) return;
    uint64_t k = e->res.req_seq;
    double at = k != before && e->sent - k < 64 ? e->sent_at[k % 64] : 0;
    if (at > 0 && c->stats) stats_latency(c->stats, (c->f->now - at) * 1000);
}

static void explorer_frame(void *self, SDL_Rect a, ViewCtx *c) {
    Explorer *e = self;
    Ui *ui = c->ui;
    Draw *d = c->d;
    double now = c->f->now;
    if (e->zdim != c->f->zdim) e->zdim = c->f->zdim, post(e, c, 0); /* at 0: not a user's change */
    take(e, c);
    layout(e, a, d, ui->scale);
    draw_fill(d, a, ui->th.panel);
    draw_text_fit(d, FONT_NORMAL, a.x + 8, a.y + 2, a.w - 16, ui->th.text, "Explorer: G's fake for this noise");
    if (e->res.n) draw_gray(d, e->img, 28, 28, e->preview);
    else draw_fill(d, e->preview, ui->th.bg);
    char buf[64];
    snprintf(buf, sizeof buf, "D: %.0f%% real", e->res.n ? 100 * e->verdict : 0);
    int by = e->preview.y + e->preview.h + 6, bh = draw_line_height(d, FONT_NORMAL) + 8;
    int bx = a.x + 8, bw = (int)(70 * ui->scale);
    float z[INFER_MAX_Z];
    if (ui_button(ui, ui_id_str(ui, "Random"), (SDL_Rect){bx, by, bw, bh}, "Random", 0, "A new random vector")) {
        for (int i = 0; i < e->zdim; i++) z[i] = view_rand_pm1(&e->rng);
        action_set_z(c->out, z, e->zdim, now);
    }
    if (ui_button(ui, ui_id_str(ui, "Zero"), (SDL_Rect){bx + bw + 6, by, bw, bh}, "Zero", 0, "All noise values to 0")) {
        memset(z, 0, sizeof z);
        action_set_z(c->out, z, e->zdim, now);
    }
    draw_text(d, FONT_NORMAL, bx + 2 * bw + 18, by + 4, ui->th.dim, buf);
    /* the sliders apart from the preview, which changes with every snapshot */
    SDL_Rect sl = {a.x, e->slider[0].y, a.w, a.y + a.h - e->slider[0].y};
    draw_region(d, sl, ui->th.panel);
    for (int i = 0; i < e->zdim; i++) {
        snprintf(e->tips[i], sizeof e->tips[i], "noise value %d: %+.2f", i + 1, e->z[i]);
        float v = e->z[i];
        if (ui_vslider(ui, ui_id_int(ui, "z", i), e->slider[i], &v, -1.0f, 1.0f, e->tips[i])) {
            memcpy(z, e->z, sizeof z);
            z[i] = v;
            action_set_z(c->out, z, e->zdim, now);
        }
    }
}

static void explorer_apply(void *self, const Action *a, ViewCtx *c) {
    Explorer *e = self;
    if (a->kind != ACT_SET_Z) return;
    memcpy(e->z, a->z, sizeof(float) * (size_t)a->zdim);
    post(e, c, a->at);
}

static int explorer_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Explorer *e = self;
    if (!strcmp(part, "slider") && i >= 0 && i < e->zdim) return *r = e->slider[i], 1;
    if (!strcmp(part, "preview")) return *r = e->preview, 1;
    return 0;
}

const ViewClass view_explorer = {"explorer", sizeof(Explorer), SLOT_EXPLORER, explorer_init, explorer_frame,
                                 explorer_apply, explorer_locate, NULL};

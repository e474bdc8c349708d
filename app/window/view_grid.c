/* view_grid.c: the generator grid: the same fixed noise vectors through each new snapshot's
 * generator, each tile framed by the discriminator's verdict (red: fake, green: real), or
 * real training images (R). Clicking a tile sets the explorer's vector to the tile's. With
 * the labels on (J), the judge's digit and confidence under each tile, from its own thread. */
#include <stdio.h>
#include <string.h>

#include "judge_worker.h"
#include "view.h"

typedef struct Grid {
    float noise[INFER_MAX_TILES * INFER_MAX_Z]; /* tile k's vector at k * INFER_MAX_Z */
    int side, zdim;                /* what the request was posted for (0: none yet) */
    float img[INFER_MAX_TILES * GS_IMG_SIZE], verdict[INFER_MAX_TILES];
    InferResult res;               /* the latest grid, into img and verdict */
    Uint32 px[(10 * 30) * (10 * 30)]; /* the tiles as one image, 28 px + a 1 px border each */
    SDL_Texture *tex;
    uint64_t tex_version;          /* bumped with each new result: draw.h compares it */
    int tile, gap;                 /* layout of the last frame */
    SDL_Rect first;                /* its first tile */
    int pitch_y;                   /* rows apart (tile, gap and the label line when shown) */
    float replay[GS_REPLAY_MAX_IMAGES * GS_IMG_SIZE]; /* the replay's moment shown, as floats */
    JudgeWorker *judge;            /* labels (made at the first toggle) */
    uint64_t posted, labelled;     /* tex_version sent to the judge / the labels' */
    int n_labels, cls[INFER_MAX_TILES];
    float conf[INFER_MAX_TILES];
} Grid;

static int grid_init(void *self, uint64_t seed, Infer *infer) {
    (void)infer;
    Grid *g = self;
    for (int k = 0; k < INFER_MAX_TILES; k++) view_noise_vector(seed, k, g->noise + (size_t)k * INFER_MAX_Z);
    g->res = (InferResult){.img = g->img, .verdict = g->verdict, .cap = INFER_MAX_TILES};
    return 1;
}

static void grid_free(void *self) {
    Grid *g = self;
    if (g->tex) SDL_DestroyTexture(g->tex);
    g->tex = NULL;
    judge_worker_free(g->judge);
    g->judge = NULL;
}

/* Sends each new grid to the judge while the labels are on; takes what it returned. */
static void labels_update(Grid *g, ViewCtx *c) {
    const Frame *f = c->f;
    if (!f->labels || f->show_real || g->res.n == 0) return;
    GsError err;
    if (!g->judge && judge_worker_create(&g->judge, &err) != GS_OK) {
        action_message(c->out, 1, f->now, "judge: %s", err.msg);
        return;
    }
    if (g->posted != g->tex_version) {
        judge_worker_label(g->judge, f->dataset, g->img, g->res.n, g->tex_version);
        g->posted = g->tex_version;
    }
    uint64_t tag;
    int n = judge_worker_take_labels(g->judge, &tag, g->cls, g->conf, INFER_MAX_TILES);
    if (n) g->n_labels = n, g->labelled = tag;
    char msg[600];
    if (judge_worker_error(g->judge, msg, sizeof msg)) action_message(c->out, 1, f->now, "%s", msg);
}

/* "7 93%" under a tile, centred; cut to the tile's width. */
static void label(Grid *g, int i, SDL_Rect tile, ViewCtx *c) {
    char buf[24];
    float p = g->conf[i] * 100;
    snprintf(buf, sizeof buf, "%d %.0f%%", g->cls[i], p > 99 ? 99 : p);
    int tw = draw_text_width(c->d, FONT_SMALL, buf);
    if (tw > tile.w + g->gap) { /* small tiles (projector mode): the number without its % */
        snprintf(buf, sizeof buf, "%d %.0f", g->cls[i], p > 99 ? 99 : p);
        tw = draw_text_width(c->d, FONT_SMALL, buf);
    }
    int x = tile.x + (tile.w - tw) / 2;
    if (x < tile.x - g->gap / 2) x = tile.x - g->gap / 2;
    SDL_Color col = g->conf[i] >= 0.9f ? c->ui->th.text : c->ui->th.dim; /* unsure: dimmer */
    draw_text_fit(c->d, FONT_SMALL, x, tile.y + tile.h + g->gap / 2, tile.w + g->gap, col, buf);
}

/* Probability "real" to a frame colour: red (0) through amber to green (1). */
static SDL_Color verdict_color(float p) {
    if (p != p) p = 0;
    p = p < 0 ? 0 : p > 1 ? 1 : p;
    int r = p < 0.5f ? 230 : (int)(230 - (p - 0.5f) * 2 * 170);
    int g = p < 0.5f ? (int)(60 + p * 2 * 150) : 210;
    return (SDL_Color){(Uint8)r, (Uint8)g, 70, 255};
}

static int side_of(int n) {
    int side = 1;
    while (side * side < n) side++;
    return side;
}

/* A new result into the texture: side x side tiles of 28 + 2 px border. */
static void upload(Grid *g, SDL_Renderer *r) {
    int n = g->res.n, side = side_of(n), W = side * 30;
    for (int t = 0; t < n; t++) {
        int ox = (t % side) * 30, oy = (t / side) * 30;
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 30; x++) {
                Uint32 px = 0xff000000u;
                if (x >= 1 && x < 29 && y >= 1 && y < 29) {
                    float v = g->img[(size_t)t * GS_IMG_SIZE + (y - 1) * 28 + (x - 1)];
                    int c = v != v ? 0 : v <= 0 ? 0 : v >= 1 ? 255 : (int)(v * 255 + 0.5f);
                    px |= (Uint32)(c << 16 | c << 8 | c);
                }
                g->px[(oy + y) * W + ox + x] = px;
            }
    }
    int tw = 0;
    if (g->tex) SDL_QueryTexture(g->tex, NULL, NULL, &tw, NULL);
    if (!g->tex || tw != W) {
        if (g->tex) SDL_DestroyTexture(g->tex);
        g->tex = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, W, W);
        if (g->tex) SDL_SetTextureScaleMode(g->tex, SDL_ScaleModeNearest);
        if (g->tex) SDL_SetTextureBlendMode(g->tex, SDL_BLENDMODE_NONE);
    }
    if (g->tex) SDL_UpdateTexture(g->tex, NULL, g->px, W * 4);
    g->tex_version++;
}

/* The replay's moment (the timeline's) instead of live: its samples, fewer and larger,
 * under a title in the accent colour saying so. */
static void replay_tiles(Grid *g, SDL_Rect r, ViewCtx *c) {
    const Frame *f = c->f;
    const GsReplayFrame *m = f->replay_frame;
    char head[160];
    snprintf(head, sizeof head, "Step %lld (replay)   let go, or Live, for now", (long long)m->step);
    if (draw_text_width(c->d, FONT_NORMAL, head) > r.w - 2 * g->gap) /* projector mode: the step alone */
        snprintf(head, sizeof head, "Step %lld (replay)", (long long)m->step);
    draw_text_fit(c->d, FONT_NORMAL, r.x + g->gap, r.y + 2, r.w - 2 * g->gap, c->ui->th.accent, head);
    int n = side_of(m->count), gap = g->gap, top = draw_line_height(c->d, FONT_NORMAL) + gap;
    int t = (r.w - (n + 1) * gap) / n, th = (r.h - top - n * gap) / n;
    if (th < t) t = th;
    for (int i = 0; i < m->count * GS_IMG_SIZE; i++) g->replay[i] = m->pixels[i] / 255.0f;
    int ox = r.x + (r.w - n * t - (n - 1) * gap) / 2, oy = r.y + top;
    for (int i = 0; i < m->count; i++) {
        SDL_Rect tile = {ox + (i % n) * (t + gap), oy + (i / n) * (t + gap), t, t};
        draw_gray(c->d, g->replay + (size_t)i * GS_IMG_SIZE, GS_IMG_SIDE, GS_IMG_SIDE, tile);
    }
}

static void title(Grid *g, SDL_Rect r, ViewCtx *c) {
    const Frame *f = c->f;
    char head[128];
    if (f->show_real)
        snprintf(head, sizeof head, "%s",
                 f->dataset == GS_DATASET_FASHION ? "Real training images (Fashion-MNIST)" : "Real training digits");
    else if (f->g_trained) /* stepping by hand: the average would hide a single step */
        snprintf(head, sizeof head, "Trained G's fakes at step %lld (by hand; Play shows G's average)",
                 (long long)g->res.step);
    else
        snprintf(head, sizeof head, "G's fakes at step %lld   police say real (green) / fake (red)",
                 (long long)g->res.step);
    draw_text_fit(c->d, FONT_NORMAL, r.x + g->gap, r.y + 2, r.w - 2 * g->gap, c->ui->th.text, head);
}

static void grid_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Grid *g = self;
    const Frame *f = c->f;
    Ui *ui = c->ui;
    int n = f->grid_side;
    if ((g->side != n || g->zdim != f->zdim) && c->infer) {
        g->side = n, g->zdim = f->zdim;
        infer_post(c->infer, INFER_GRID, g->noise, n * n, INFER_MAX_Z);
    }
    if (c->infer && infer_take(c->infer, INFER_GRID, &g->res)) upload(g, c->d->r);
    labels_update(g, c);
    g->gap = (int)(6 * ui->scale) > 2 ? (int)(6 * ui->scale) : 2;
    g->tile = (r.w - (n + 1) * g->gap) / n;
    int lab_h = f->labels && !f->show_real ? draw_line_height(c->d, FONT_SMALL) : 0;
    if (lab_h) { /* the rows spread to make room for a line of text under each tile */
        int th = (r.h - draw_line_height(c->d, FONT_NORMAL) - (n + 1) * g->gap - n * lab_h) / n;
        if (th < g->tile) g->tile = th;
    }
    if (g->tile < 8) g->tile = 8;
    g->pitch_y = g->tile + g->gap + lab_h;
    draw_fill(c->d, r, ui->th.panel);
    if (f->replay_active && f->replay_frame && !f->show_real) {
        replay_tiles(g, r, c);
        return;
    }
    title(g, r, c);
    int gap = g->gap, t = g->tile, ox = r.x + gap, oy = r.y + draw_line_height(c->d, FONT_NORMAL) + gap;
    g->first = (SDL_Rect){ox, oy, t, t};
    int have = !f->show_real && g->res.n == n * n && g->tex, side = side_of(g->res.n);
    for (int i = 0; i < n * n; i++) {
        SDL_Rect tile = {ox + (i % n) * (t + gap), oy + (i / n) * g->pitch_y, t, t};
        if (f->show_real) {
            if (i < f->n_real) draw_gray(c->d, f->real + (size_t)i * GS_IMG_SIZE, 28, 28, tile);
            continue;
        }
        if (!have) {
            draw_fill(c->d, tile, ui->th.bg);
            continue;
        }
        int fw = gap / 2 > 2 ? gap / 2 : 2;
        draw_outline(c->d, (SDL_Rect){tile.x - fw, tile.y - fw, t + 2 * fw, t + 2 * fw}, fw, verdict_color(g->verdict[i]));
        /* the tiles are one texture: each tile's part scaled into place */
        SDL_Rect src = {(i % side) * 30 + 1, (i / side) * 30 + 1, 28, 28};
        draw_texture(c->d, g->tex, g->tex_version, src, tile);
        if (f->labels && g->n_labels == n * n) label(g, i, tile, c);
        if (ui_hit(ui, tile)) {
            ui->tip = "Click: explore this digit's noise vector";
            if (ui->pressed) {
                action_set_z(c->out, g->noise + (size_t)i * INFER_MAX_Z, f->zdim, f->now);
                action_message(c->out, 0, f->now, "explorer: vector of tile %d (row %d, column %d)", i + 1,
                               i / n + 1, i % n + 1);
            }
        }
    }
}

static int grid_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Grid *g = self;
    if (strcmp(part, "tile") || i < 0 || i >= g->side * g->side) return 0;
    *r = (SDL_Rect){g->first.x + (i % g->side) * (g->tile + g->gap), g->first.y + (i / g->side) * g->pitch_y,
                    g->tile, g->tile};
    return 1;
}

const ViewClass view_grid = {"grid", sizeof(Grid), SLOT_GRID, grid_init, grid_frame, NULL, grid_locate, grid_free};

/* view_strip.c: the interpolation strip under the grid: frames from vector A to vector B
 * through the newest generator (computed by the view inference). "Set A" / "Set B" take
 * the explorer's vector (which this view follows through ACT_SET_Z), and clicking a frame
 * sets the explorer's vector to the frame's. */
#include <stdio.h>
#include <string.h>

#include "view.h"

#define FRAMES INFER_MAX_INTERP

typedef struct Strip {
    float a[INFER_MAX_Z], b[INFER_MAX_Z], cur[INFER_MAX_Z]; /* ends; the explorer's vector */
    float z[FRAMES * INFER_MAX_Z];  /* each frame's vector, INFER_MAX_Z apart */
    int zdim, posted;               /* noise size of the last request; a request made */
    float img[FRAMES * GS_IMG_SIZE], verdict[FRAMES];
    InferResult res;
    SDL_Rect set_a, set_b, frame[FRAMES];
} Strip;

static int strip_init(void *self, uint64_t seed, Infer *infer) {
    (void)infer;
    Strip *s = self;
    view_noise_vector(seed, 0, s->a), view_noise_vector(seed, 63, s->b); /* the 8x8 grid's corners */
    memcpy(s->cur, s->a, sizeof s->cur);                                  /* where the explorer starts */
    s->res = (InferResult){.img = s->img, .verdict = s->verdict, .cap = FRAMES};
    return 1;
}

/* The frames' vectors: A to B in equal steps, both ends included; posted as one request. */
static void post(Strip *s, ViewCtx *c) {
    for (int f = 0; f < FRAMES; f++) {
        float t = (float)f / (float)(FRAMES - 1);
        for (int i = 0; i < INFER_MAX_Z; i++)
            s->z[(size_t)f * INFER_MAX_Z + i] = f == FRAMES - 1 ? s->b[i] : s->a[i] + t * (s->b[i] - s->a[i]);
    }
    s->zdim = c->f->zdim, s->posted = 1;
    if (c->infer) infer_post(c->infer, INFER_STRIP, s->z, FRAMES, INFER_MAX_Z);
}

/* Title row with Set A / Set B on the right, then the frames centred below. */
static void layout(Strip *s, SDL_Rect r, const Draw *d, float sc) {
    int title = draw_line_height(d, FONT_NORMAL), small = draw_line_height(d, FONT_SMALL);
    int gap = (int)(6 * sc) > 2 ? (int)(6 * sc) : 2, bh = title + (int)(6 * sc);
    int bw = draw_text_width(d, FONT_NORMAL, "Set B") + (int)(16 * sc);
    s->set_b = (SDL_Rect){r.x + r.w - gap - bw, r.y + gap / 2, bw, bh};
    s->set_a = (SDL_Rect){s->set_b.x - gap - bw, r.y + gap / 2, bw, bh};
    int fy = r.y + gap + bh + gap;
    int fs = (r.w - (FRAMES + 1) * gap) / FRAMES, fmax = r.y + r.h - fy - 2 * small - gap;
    if (fs > fmax) fs = fmax;
    fy += (r.y + r.h - fy - fs - 2 * small) / 2;
    int fx = r.x + (r.w - FRAMES * fs - (FRAMES - 1) * gap) / 2;
    for (int f = 0; f < FRAMES; f++) s->frame[f] = (SDL_Rect){fx + f * (fs + gap), fy, fs, fs};
}

static void set_end(Strip *s, int end, ViewCtx *c) {
    memcpy(end ? s->b : s->a, s->cur, sizeof s->cur);
    post(s, c);
    action_message(c->out, 0, c->f->now, "interpolation: %s is the explorer's vector", end ? "B" : "A");
}

/* Frame f with its label and D's verdict under it; a click explores its vector. */
static void draw_frame(Strip *s, int f, ViewCtx *c) {
    Ui *ui = c->ui;
    Draw *d = c->d;
    SDL_Rect r = s->frame[f];
    int shown = s->res.n == FRAMES;
    if (shown) draw_gray(d, s->img + (size_t)f * GS_IMG_SIZE, 28, 28, r);
    else draw_fill(d, r, ui->th.bg);
    char label[16];
    if (f == 0 || f == FRAMES - 1) snprintf(label, sizeof label, f ? "B" : "A");
    else snprintf(label, sizeof label, "%d", f);
    int tw = draw_text_width(d, FONT_SMALL, label), lh = draw_line_height(d, FONT_SMALL);
    draw_text(d, FONT_SMALL, r.x + (r.w - tw) / 2, r.y + r.h + 1, f == 0 || f == FRAMES - 1 ? ui->th.accent : ui->th.dim,
              label);
    if (shown) {
        snprintf(label, sizeof label, "%.0f%%", 100 * s->verdict[f]);
        tw = draw_text_width(d, FONT_SMALL, label);
        draw_text(d, FONT_SMALL, r.x + (r.w - tw) / 2, r.y + r.h + 1 + lh, ui->th.dim, label);
    }
    if (ui_hit(ui, r) && !ui->active) {
        draw_outline(d, r, 2, ui->th.accent);
        ui->tip = "Click: explore this frame's vector";
        if (ui->pressed) {
            action_set_z(c->out, s->z + (size_t)f * INFER_MAX_Z, c->f->zdim, c->f->now);
            action_message(c->out, 0, c->f->now, "explorer: frame %d of %d between A and B", f + 1, FRAMES);
        }
    }
}

static void strip_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Strip *s = self;
    Ui *ui = c->ui;
    Draw *d = c->d;
    if (!s->posted || s->zdim != c->f->zdim) post(s, c);
    if (c->infer) infer_take(c->infer, INFER_STRIP, &s->res);
    if (r.h <= 0) return;
    layout(s, r, d, ui->scale);
    draw_fill(d, r, ui->th.panel);
    int gap = (int)(6 * ui->scale) > 2 ? (int)(6 * ui->scale) : 2;
    draw_text_fit(d, FONT_NORMAL, r.x + gap, s->set_a.y + (s->set_a.h - draw_line_height(d, FONT_NORMAL)) / 2,
                  s->set_a.x - 2 * gap - r.x, ui->th.text, "G's fakes from noise A to B   (below: police say real)");
    if (ui_button(ui, ui_id_str(ui, "Set A"), s->set_a, "Set A", 0, "Start of the strip: the explorer's vector"))
        set_end(s, 0, c);
    if (ui_button(ui, ui_id_str(ui, "Set B"), s->set_b, "Set B", 0, "End of the strip: the explorer's vector"))
        set_end(s, 1, c);
    for (int f = 0; f < FRAMES; f++)
        if (s->frame[f].w > 0) draw_frame(s, f, c);
}

static void strip_apply(void *self, const Action *a, ViewCtx *c) {
    Strip *s = self;
    (void)c;
    if (a->kind == ACT_SET_Z) memcpy(s->cur, a->z, sizeof(float) * (size_t)a->zdim);
}

static int strip_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Strip *s = self;
    if (!strcmp(part, "set a")) return *r = s->set_a, 1;
    if (!strcmp(part, "set b")) return *r = s->set_b, 1;
    if (!strcmp(part, "frame") && i >= 0 && i < FRAMES) return *r = s->frame[i], 1;
    return 0;
}

const ViewClass view_strip = {"strip", sizeof(Strip), SLOT_STRIP, strip_init, strip_frame, strip_apply,
                              strip_locate, NULL};

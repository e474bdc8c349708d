/* view_drawpad.c: "Draw a digit" (the Draw tab): a 28x28 pad drawn with the mouse (a thick
 * soft brush, Clear); on release a worker of the view's own (look_worker.h) searches for the
 * noise whose generated image is closest to the drawing (gs_invert), with a progress bar,
 * and shows it beside the drawing with the RMS pixel distance and the judge's digit; the
 * noise goes into the explorer (ACT_SET_Z), so its sliders show where the drawing lies. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "gs_invert.h"
#include "gs_judge.h"
#include "look_worker.h"
#include "view.h"

#define STARTS 8 /* the search's batch: the worker's nets are made for it */

typedef struct DrawpadResult {
    int complete;               /* 0: cancelled by a newer drawing */
    float img[GS_IMG_SIZE];     /* the generator's closest image */
    float z[INFER_MAX_Z];
    int zdim, starts, iters;
    float distance;             /* RMS pixel error, 0..1 */
    int cls;                    /* the judge's class of img (-1: no judge) */
    float conf;
    int64_t step;
    double ms, cpu_ms;          /* the search's wall and CPU time */
    uint64_t drawing;           /* the drawing it answers */
    uint64_t seq;               /* results so far */
} DrawpadResult;

typedef struct Drawpad {
    pthread_mutex_t mu;         /* req_*, res, cancel's resets */
    float req[GS_IMG_SIZE];
    int req_pending, req_small; /* a drawing to search; keras: a shorter search */
    uint64_t req_drawing;
    GsDataset req_ds;
    DrawpadResult res;
    atomic_int cancel, permille, busy; /* cancel: a newer drawing or closing */
    int closing;                /* under mu: the view is freed */
    LookWorker *w;
    /* the worker's alone */
    GsJudge judge;
    int have_judge;
    GsDataset judge_ds;
    /* the render thread's */
    DrawpadResult shown;
    float canvas[GS_IMG_SIZE];
    int drawing, inked;
    float lx, ly;               /* the brush's last place, in pad pixels */
    uint64_t drawings, sent_z;  /* drawings released; the result whose z went to the explorer */
    SDL_Rect pad, found, clear, use, bar;
} Drawpad;

/* Searches the requested drawing on the newest weights; the judge names what it found. */
static void drawpad_job(void *ctx, GsNet *g, GsNet *d, int64_t step) {
    (void)d;
    Drawpad *v = ctx;
    static _Thread_local DrawpadResult r;
    float target[GS_IMG_SIZE];
    pthread_mutex_lock(&v->mu);
    int pending = v->req_pending, small = v->req_small;
    memcpy(target, v->req, sizeof target);
    r.drawing = v->req_drawing;
    GsDataset ds = v->req_ds;
    v->req_pending = 0;
    v->cancel = v->closing;
    pthread_mutex_unlock(&v->mu);
    if (!pending) return;
    v->busy = 1;
    v->permille = 0;
    GsInvertOptions opt;
    gs_invert_defaults(&opt);
    if (opt.starts > STARTS) opt.starts = STARTS;
    if (small) opt.starts = 4, opt.iters = 150; /* keras: about 7 s of CPU instead of 28 */
    GsProgress p = {&v->cancel, &v->permille};
    GsInvertResult ir;
    GsError err;
    double t0 = look_clock(), c0 = look_cpu_clock();
    memset(r.z, 0, sizeof r.z);
    GsStatus st = gs_invert(g, target, &opt, &p, r.z, &ir, &err);
    r.ms = (look_clock() - t0) * 1000, r.cpu_ms = (look_cpu_clock() - c0) * 1000;
    v->busy = 0;
    if (st != GS_OK || !isfinite(ir.distance)) return; /* cancelled before a first pass */
    memcpy(r.img, ir.image, sizeof r.img);
    r.complete = ir.complete, r.distance = ir.distance, r.zdim = g->in_c, r.step = step;
    r.starts = opt.starts, r.iters = ir.iters_done, r.cls = -1;
    if (v->have_judge && v->judge_ds != ds) gs_judge_destroy(&v->judge), v->have_judge = 0;
    if (!v->have_judge && gs_judge_load_builtin(&v->judge, ds, 1, &err) == GS_OK) v->have_judge = 1, v->judge_ds = ds;
    if (v->have_judge) {
        float probs[GS_JUDGE_CLASSES];
        gs_judge_classify(&v->judge, r.img, 1, probs, NULL);
        r.cls = 0;
        for (int k = 1; k < GS_JUDGE_CLASSES; k++)
            if (probs[k] > probs[r.cls]) r.cls = k;
        r.conf = probs[r.cls];
    }
    pthread_mutex_lock(&v->mu);
    r.seq = v->res.seq + 1;
    v->res = r;
    pthread_mutex_unlock(&v->mu);
}

static int drawpad_init(void *self, uint64_t seed, Infer *infer) {
    (void)seed;
    Drawpad *v = self;
    pthread_mutex_init(&v->mu, NULL);
    v->w = look_create(infer, drawpad_job, v, STARTS, 0);
    return v->w != NULL;
}

static void drawpad_free(void *self) {
    Drawpad *v = self;
    pthread_mutex_lock(&v->mu);
    v->closing = 1; /* a search in progress ends at its next pass */
    v->cancel = 1;
    pthread_mutex_unlock(&v->mu);
    look_free(v->w);
    if (v->have_judge) gs_judge_destroy(&v->judge);
    pthread_mutex_destroy(&v->mu);
}

/* The soft brush at (x, y) in pad pixels: full ink within 0.6 px of the centre, fading to
 * none at 1.8 px, about as wide as an MNIST stroke. */
static void stamp(float *canvas, float x, float y) {
    for (int py = (int)floorf(y - 2); py <= (int)ceilf(y + 2); py++)
        for (int px = (int)floorf(x - 2); px <= (int)ceilf(x + 2); px++) {
            if (px < 0 || py < 0 || px >= 28 || py >= 28) continue;
            float dx = px + 0.5f - x, dy = py + 0.5f - y, ink = 1.5f - sqrtf(dx * dx + dy * dy) / 1.2f;
            ink = ink > 1 ? 1 : ink;
            if (ink > canvas[py * 28 + px]) canvas[py * 28 + px] = ink;
        }
}

/* A stroke from the last point to (x, y), stamped every quarter pixel. */
static void stroke(Drawpad *v, float x, float y) {
    float dx = x - v->lx, dy = y - v->ly;
    int n = 1 + (int)(sqrtf(dx * dx + dy * dy) * 4);
    for (int i = 1; i <= n; i++) stamp(v->canvas, v->lx + dx * i / n, v->ly + dy * i / n);
    v->lx = x, v->ly = y, v->inked = 1;
}

/* The mouse on the pad: press starts a stroke (and abandons the search of the last drawing),
 * moves draw, release sends the drawing to the worker. */
static void pad_mouse(Drawpad *v, ViewCtx *c) {
    Ui *ui = c->ui;
    float x = (ui->mx - v->pad.x) * 28.0f / v->pad.w, y = (ui->my - v->pad.y) * 28.0f / v->pad.h;
    if (ui->pressed && ui_hit(ui, v->pad) && !ui->active) {
        ui->active = ui_id_str(ui, "pad");
        v->drawing = 1, v->lx = x, v->ly = y;
        pthread_mutex_lock(&v->mu);
        v->req_pending = 0, v->cancel = 1;
        pthread_mutex_unlock(&v->mu);
    }
    if (!v->drawing) return;
    stroke(v, x, y);
    if (ui->down) return;
    v->drawing = 0;
    pthread_mutex_lock(&v->mu);
    memcpy(v->req, v->canvas, sizeof v->req);
    v->req_pending = 1, v->req_drawing = ++v->drawings, v->cancel = 1;
    v->req_ds = c->f->dataset;
    v->req_small = !strcmp(c->f->cfg.preset, "keras");
    pthread_mutex_unlock(&v->mu);
    look_poke(v->w);
}

static void drawpad_frame(void *self, SDL_Rect a, ViewCtx *c) {
    Drawpad *v = self;
    Ui *ui = c->ui;
    Draw *d = c->d;
    look_set_active(v->w, 1);
    pthread_mutex_lock(&v->mu);
    if (v->res.seq != v->shown.seq) v->shown = v->res;
    pthread_mutex_unlock(&v->mu);
    const DrawpadResult *r = &v->shown;
    int lh = draw_line_height(d, FONT_NORMAL), sh = draw_line_height(d, FONT_SMALL), m = (int)(8 * ui->scale);
    int bh = lh + 8;
    draw_fill(d, a, ui->th.panel);
    draw_text(d, FONT_NORMAL, a.x + m, a.y + 2, ui->th.text, "Draw a digit");
    draw_text_fit(d, FONT_SMALL, a.x + m, a.y + 2 + lh, a.w - 2 * m, ui->th.dim,
                  "Draw; the counterfeiter tries to copy it.");
    int y = a.y + 2 + lh + sh + m;
    /* the pad as large as leaves room for the buttons, the bar and the result under it */
    int pw = a.w - 2 * m, pmax = a.y + a.h - y - (bh + m + sh + m + (a.w - 3 * m) / 3 + 4 * sh + m);
    if (pw > pmax) pw = pmax;
    pw = pw < 56 ? 56 : pw / 28 * 28;
    v->pad = (SDL_Rect){a.x + (a.w - pw) / 2, y, pw, pw};
    pad_mouse(v, c);
    draw_gray(d, v->canvas, 28, 28, v->pad);
    draw_outline(d, v->pad, 1, ui->th.dim);
    if (!v->inked) draw_text(d, FONT_SMALL, v->pad.x + m, v->pad.y + m, ui->th.dim, "draw here");
    y += pw + m / 2;
    int bw = (a.w - 3 * m) / 2;
    v->clear = (SDL_Rect){a.x + m, y, bw, bh};
    v->use = (SDL_Rect){a.x + 2 * m + bw, y, bw, bh};
    if (ui_button(ui, ui_id_str(ui, "clear"), v->clear, "Clear", 0, "Start a new drawing")) {
        memset(v->canvas, 0, sizeof v->canvas);
        v->inked = 0;
    }
    if (ui_button(ui, ui_id_str(ui, "use"), v->use, "To the explorer", 0,
                  "Put the noise found into the explorer again") && r->seq)
        action_set_z(c->out, r->z, r->zdim, c->f->now);
    y += bh + m;
    /* the search's progress */
    int busy = v->busy;
    v->bar = (SDL_Rect){a.x + m, y, a.w - 2 * m, sh};
    draw_fill(d, v->bar, ui->th.track);
    if (busy) {
        draw_fill(d, (SDL_Rect){v->bar.x, v->bar.y, v->bar.w * v->permille / 1000, v->bar.h}, ui->th.accent);
        draw_text(d, FONT_SMALL, v->bar.x + 4, v->bar.y, ui->th.text, "searching...");
    }
    y += sh + m;
    int fw = (a.w - 3 * m) / 3 / 28 * 28;
    if (fw < 28) fw = 28;
    v->found = (SDL_Rect){a.x + m, y, fw, fw};
    if (!r->seq) {
        v->found.w = 0;
        draw_text_fit(d, FONT_SMALL, a.x + m, y, a.w - 2 * m, ui->th.dim,
                      c->f->have_snap ? "The closest image the generator can make appears here."
                                      : "waiting for the first weights...");
        return;
    }
    draw_gray(d, r->img, 28, 28, v->found);
    int tx = v->found.x + fw + m, tw = a.x + a.w - m - tx;
    draw_text_fit(d, FONT_SMALL, tx, y, tw, ui->th.text, "the generator's closest:");
    draw_textf(d, FONT_SMALL, tx, y + sh, ui->th.text, "distance %.3f", r->distance);
    if (r->cls >= 0) draw_textf(d, FONT_SMALL, tx, y + 2 * sh, ui->th.text, "judge: %d (%.0f%%)", r->cls, 100 * r->conf);
    draw_text_fit(d, FONT_SMALL, tx, y + 3 * sh, tw, ui->th.dim, r->complete ? "(RMS pixels, 0..1)" : "(stopped early)");
    y += fw + m / 2;
    char buf[120];
    snprintf(buf, sizeof buf, "%d starts x %d steps on the weights of step %lld,", r->starts, r->iters, (long long)r->step);
    draw_text_fit(d, FONT_SMALL, a.x + m, y, a.w - 2 * m, ui->th.dim, buf);
    snprintf(buf, sizeof buf, "searched in %.1f s (CPU %.1f s)", r->ms / 1000, r->cpu_ms / 1000);
    draw_text_fit(d, FONT_SMALL, a.x + m, y + sh, a.w - 2 * m, ui->th.dim, buf);
    /* a finished search's noise goes into the explorer once */
    if (r->complete && r->seq != v->sent_z && r->drawing == v->drawings) {
        v->sent_z = r->seq;
        action_set_z(c->out, r->z, r->zdim, c->f->now);
    }
}

static void drawpad_apply(void *self, const Action *a, ViewCtx *c) {
    (void)c;
    Drawpad *v = self;
    if (a->kind == ACT_SET_PAGE && a->i != PAGE_DRAWPAD) look_set_active(v->w, 0);
}

static int drawpad_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    (void)i;
    const Drawpad *v = self;
    if (!strcmp(part, "pad") && v->pad.w) return *r = v->pad, 1;
    if (!strcmp(part, "found") && v->found.w) return *r = v->found, 1;
    if (!strcmp(part, "clear") && v->clear.w) return *r = v->clear, 1;
    if (!strcmp(part, "use") && v->use.w) return *r = v->use, 1;
    if (!strcmp(part, "bar") && v->bar.w) return *r = v->bar, 1;
    return 0;
}

const ViewClass view_drawpad = {"drawpad", sizeof(Drawpad), SLOT_DRAWPAD, drawpad_init, drawpad_frame, drawpad_apply,
                                drawpad_locate, drawpad_free};

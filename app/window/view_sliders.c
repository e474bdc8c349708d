/* view_sliders.c: "Sliders that mean something" (the Sliders tab): the eight directions in
 * noise space along which the generated image changes most (gs_directions: the top
 * eigenvectors of the generator's average J'J), strongest first. Each slider moves the
 * explorer's vector along its direction; a strip of five thumbnails shows the image 2 steps
 * back to 2 steps forward along it. Two workers of the view's own (look_worker.h): one
 * recomputes the directions (when the tab first opens, after every 3 minutes of training,
 * and on demand), the other makes the thumbnails for the explorer's vector. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "gs_directions.h"
#include "look_worker.h"
#include "view.h"

#define NDIR GS_DIRECTIONS_COUNT
#define NTHUMB 5                 /* steps -2..2 */
#define RANGE 3.0f               /* a slider spans the vector's component -3..3 along its direction */
#define RECOMPUTE_S 180.0        /* seconds of training between two computations */
#define THUMB_BATCH 8

typedef struct Dirs {
    int count, zdim;             /* 0: none yet */
    float dir[NDIR][INFER_MAX_Z], effect[NDIR];
    int samples;
    int64_t step;
    double ms, cpu_ms;
    uint64_t seq;
} Dirs;

typedef struct Thumbs {
    float img[NDIR][NTHUMB][GS_IMG_SIZE];
    int count;
    uint64_t dirs_seq;           /* the directions they were made along */
    int64_t step;
    double ms;
    uint64_t seq;
} Thumbs;

typedef struct Sliders {
    pthread_mutex_t mu;          /* req_z, dirs, thumbs */
    float req_z[INFER_MAX_Z];
    Dirs dirs;
    Thumbs thumbs;
    atomic_int closing, permille, computing; /* closing: never reset, ends a job under way */
    LookWorker *wd, *wt;         /* directions, thumbnails */
    /* the render thread's */
    float z[INFER_MAX_Z];
    Dirs shown_dirs;
    Thumbs shown;
    double asked_at_train;       /* training seconds when the directions were last asked for (-1: never) */
    int64_t thumbs_step;         /* the step the thumbnails were last asked for */
    double thumbs_asked;
    SDL_Rect slider[NDIR], thumb0, recompute;
} Sliders;

/* Directions worker: the top 8 of the newest weights. */
static void dirs_job(void *ctx, GsNet *g, GsNet *d, int64_t step) {
    (void)d;
    Sliders *v = ctx;
    GsDirections gd;
    GsError err;
    v->permille = 0;
    v->computing = 1;
    int count = g->in_c < NDIR ? g->in_c : NDIR;
    GsDirectionsOptions opt;
    gs_directions_defaults(&opt);
    GsProgress p = {&v->closing, &v->permille};
    double t0 = look_clock(), c0 = look_cpu_clock();
    GsStatus st = gs_directions_create(&gd, g, count, &err);
    int made = st == GS_OK;
    g->stop = &v->closing; /* closing: even the pass under way ends (keras' are long) */
    if (made) st = gs_directions_compute(g, &opt, &p, &gd, &err);
    g->stop = NULL;
    v->computing = 0;
    if (st == GS_OK && gd.complete) {
        static _Thread_local Dirs r;
        memset(&r, 0, sizeof r);
        r.count = gd.count, r.zdim = gd.noise_dim, r.samples = gd.samples_done, r.step = step;
        for (int k = 0; k < gd.count; k++) {
            memcpy(r.dir[k], gd.dirs + (size_t)k * gd.noise_dim, sizeof(float) * (size_t)gd.noise_dim);
            r.effect[k] = gd.effect[k];
        }
        r.ms = (look_clock() - t0) * 1000, r.cpu_ms = (look_cpu_clock() - c0) * 1000;
        pthread_mutex_lock(&v->mu);
        r.seq = v->dirs.seq + 1;
        v->dirs = r;
        pthread_mutex_unlock(&v->mu);
        look_poke(v->wt); /* thumbnails along the new directions */
    }
    if (made) gs_directions_destroy(&gd);
}

/* Thumbnails worker: the explorer's vector plus -2..2 steps along each direction. */
static void thumbs_job(void *ctx, GsNet *g, GsNet *d, int64_t step) {
    (void)d;
    Sliders *v = ctx;
    static _Thread_local Dirs dirs;
    static _Thread_local Thumbs r;
    float z0[INFER_MAX_Z];
    pthread_mutex_lock(&v->mu);
    dirs = v->dirs;
    memcpy(z0, v->req_z, sizeof z0);
    pthread_mutex_unlock(&v->mu);
    double t0 = look_clock();
    const int zd = g->in_c;
    if (!dirs.count || dirs.zdim != zd) return; /* none yet, or of another model */
    float z[THUMB_BATCH * INFER_MAX_Z];
    const int n = dirs.count * NTHUMB;
    for (int i0 = 0; i0 < n; i0 += THUMB_BATCH) {
        if (v->closing) return; /* closing */
        int nb = n - i0 < THUMB_BATCH ? n - i0 : THUMB_BATCH;
        for (int b = 0; b < nb; b++) {
            int k = (i0 + b) / NTHUMB, s = (i0 + b) % NTHUMB;
            for (int i = 0; i < zd; i++) z[b * zd + i] = z0[i] + (float)(s - NTHUMB / 2) * dirs.dir[k][i];
        }
        const float *out = gs_net_forward(g, z, nb, 0, NULL);
        for (int b = 0; b < nb; b++)
            memcpy(r.img[(i0 + b) / NTHUMB][(i0 + b) % NTHUMB], out + (size_t)b * GS_IMG_SIZE, sizeof(float) * GS_IMG_SIZE);
    }
    r.count = dirs.count, r.dirs_seq = dirs.seq, r.step = step;
    pthread_mutex_lock(&v->mu);
    r.ms = (look_clock() - t0) * 1000; /* making them (a vector asked for before the directions waits longer) */
    r.seq = v->thumbs.seq + 1;
    v->thumbs = r;
    pthread_mutex_unlock(&v->mu);
}

static int sliders_init(void *self, uint64_t seed, Infer *infer) {
    Sliders *v = self;
    pthread_mutex_init(&v->mu, NULL);
    view_noise_vector(seed, 0, v->z); /* where the explorer starts */
    memcpy(v->req_z, v->z, sizeof v->z);
    v->asked_at_train = -1;
    v->wd = look_create(infer, dirs_job, v, 20, 0);
    v->wt = look_create(infer, thumbs_job, v, THUMB_BATCH, 0);
    return v->wd && v->wt;
}

static void sliders_free(void *self) {
    Sliders *v = self;
    v->closing = 1; /* a computation in progress ends at its next pass */
    look_free(v->wd);
    look_free(v->wt);
    pthread_mutex_destroy(&v->mu);
}

static float dot(const float *a, const float *b, int n) {
    float s = 0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

/* The directions again when none are there yet, after RECOMPUTE_S of training, or asked. */
static void ask_directions(Sliders *v, const Frame *f, int force) {
    int due = v->asked_at_train < 0 || f->train_seconds - v->asked_at_train >= RECOMPUTE_S ||
              (v->shown_dirs.count && v->shown_dirs.zdim != f->zdim);
    if (!f->have_snap || (!due && !force) || v->computing) return;
    v->asked_at_train = f->train_seconds;
    look_poke(v->wd);
}

static void sliders_frame(void *self, SDL_Rect a, ViewCtx *c) {
    Sliders *v = self;
    Ui *ui = c->ui;
    Draw *d = c->d;
    const Frame *f = c->f;
    look_set_active(v->wd, 1), look_set_active(v->wt, 1);
    pthread_mutex_lock(&v->mu);
    if (v->dirs.seq != v->shown_dirs.seq) v->shown_dirs = v->dirs;
    if (v->thumbs.seq != v->shown.seq) v->shown = v->thumbs;
    pthread_mutex_unlock(&v->mu);
    ask_directions(v, f, 0);
    /* new weights: the thumbnails again, at most every 5 s (the worker keeps the CPU low) */
    if (f->have_snap && f->step != v->thumbs_step && f->now - v->thumbs_asked > 5)
        v->thumbs_step = f->step, v->thumbs_asked = f->now, look_poke(v->wt);
    const Dirs *D = &v->shown_dirs;
    const Thumbs *T = &v->shown;
    int lh = draw_line_height(d, FONT_NORMAL), sh = draw_line_height(d, FONT_SMALL), m = (int)(8 * ui->scale);
    draw_fill(d, a, ui->th.panel);
    draw_text(d, FONT_NORMAL, a.x + m, a.y + 2, ui->th.text, "Sliders that mean something");
    draw_text_fit(d, FONT_SMALL, a.x + m, a.y + 2 + lh, a.w - 2 * m, ui->th.dim,
                  "Strongest first; strips: -2 to +2 steps.");
    /* the footer: two lines of figures, then the Recompute button (and its progress bar) */
    int bh = lh + 8, bw = (int)(120 * ui->scale);
    int y = a.y + 2 + lh + sh + m / 2, foot = 2 * sh + bh + m;
    v->recompute = (SDL_Rect){a.x + a.w - m - bw, a.y + a.h - bh - m / 2, bw, bh};
    if (ui_button(ui, ui_id_str(ui, "recompute"), v->recompute, v->computing ? "Computing..." : "Recompute",
                  v->computing, "Find the directions again on the newest weights"))
        ask_directions(v, f, 1);
    if (v->computing) {
        SDL_Rect bar = {a.x + m, v->recompute.y + bh / 2 - 3, a.w - 3 * m - bw, 6};
        draw_fill(d, bar, ui->th.track);
        draw_fill(d, (SDL_Rect){bar.x, bar.y, bar.w * v->permille / 1000, bar.h}, ui->th.accent);
    }
    if (!D->count || D->zdim != f->zdim) {
        v->slider[0].w = v->thumb0.w = 0;
        draw_text_fit(d, FONT_NORMAL, a.x + m, y, a.w - 2 * m, ui->th.dim,
                      f->have_snap ? "finding the directions..." : "waiting for the first weights...");
        return;
    }
    /* each row: its number and effect, the slider beside, five thumbnails under them */
    int per = (a.y + a.h - foot - y) / D->count, gap = 2;
    int tw = (a.w - 2 * m - (NTHUMB - 1) * gap) / NTHUMB, tmax = per - sh - 2 * gap - 2;
    if (tw > tmax) tw = tmax;
    if (tw < 8) tw = 8;
    int x0 = a.x + m, lw = draw_text_width(d, FONT_SMALL, "8: 0.000") + m;
    float z[INFER_MAX_Z];
    for (int k = 0; k < D->count; k++) {
        int ry = y + k * per;
        draw_textf(d, FONT_SMALL, x0, ry, ui->th.text, "%d: %.3f", k + 1, D->effect[k]);
        v->slider[k] = (SDL_Rect){x0 + lw, ry, a.x + a.w - m - x0 - lw, sh};
        float p = dot(v->z, D->dir[k], D->zdim), nv = p;
        char tip[80];
        snprintf(tip, sizeof tip, "direction %d: %+.2f along it (%.3f RMS pixels a step)", k + 1, p, D->effect[k]);
        if (ui_slider(ui, ui_id_int(ui, "dir", k), v->slider[k], &nv, -RANGE, RANGE, tip)) {
            for (int i = 0; i < D->zdim; i++) z[i] = v->z[i] + (nv - p) * D->dir[k][i];
            action_set_z(c->out, z, D->zdim, f->now);
        }
        if (T->count != D->count || T->dirs_seq != D->seq) continue;
        for (int s = 0; s < NTHUMB; s++) {
            SDL_Rect t = {x0 + s * (tw + gap), ry + sh + gap, tw, tw};
            if (!k && !s) v->thumb0 = t;
            draw_gray(d, T->img[k][s], 28, 28, t);
            if (s == NTHUMB / 2) draw_outline(d, t, 1, ui->th.accent);
        }
    }
    int fy = v->recompute.y - 2 * sh - 2;
    char buf[160];
    snprintf(buf, sizeof buf, "Numbers: RMS pixel change a step; of step %lld", (long long)D->step);
    draw_text_fit(d, FONT_SMALL, a.x + m, fy, a.w - 2 * m, ui->th.dim, buf);
    snprintf(buf, sizeof buf, "found in %.1f s (CPU %.1f s); previews %.0f ms", D->ms / 1000, D->cpu_ms / 1000, T->ms);
    draw_text_fit(d, FONT_SMALL, a.x + m, fy + sh, a.w - 2 * m, ui->th.dim, buf);
}

static void sliders_apply(void *self, const Action *a, ViewCtx *c) {
    Sliders *v = self;
    if (a->kind == ACT_SET_PAGE && a->i != PAGE_SLIDERS) look_set_active(v->wd, 0), look_set_active(v->wt, 0);
    if (a->kind != ACT_SET_Z) return;
    pthread_mutex_lock(&v->mu);
    look_take_z(v->req_z, a, c->f->now);
    memcpy(v->z, v->req_z, sizeof v->z);
    pthread_mutex_unlock(&v->mu);
    look_poke(v->wt);
}

static int sliders_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Sliders *v = self;
    if (!strcmp(part, "slider") && i >= 0 && i < NDIR && v->slider[i].w) return *r = v->slider[i], 1;
    if (!strcmp(part, "thumb") && i == 0 && v->thumb0.w) return *r = v->thumb0, 1;
    if (!strcmp(part, "recompute") && v->recompute.w) return *r = v->recompute, 1;
    return 0;
}

const ViewClass view_sliders = {"sliders", sizeof(Sliders), SLOT_SLIDERS, sliders_init, sliders_frame, sliders_apply,
                                sliders_locate, sliders_free};

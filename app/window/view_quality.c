/* view_quality.c: the judge's scores over the run (recognisability, coverage, fd against
 * steps) and the latest score's class histogram as ten bars, the mode-collapse meter. The
 * scoring runs on the view's own judge thread (judge_worker.h): an inference task hands
 * it a snapshot when one is due, on train --score-every's default cadence and cap (the
 * first one interval after the run's first snapshot). */
#define _POSIX_C_SOURCE 200809L
#include "view_quality.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gs_explain.h"
#include "text_wrap.h"
#include "view.h"

#define QUALITY_SECONDS 30.0 /* the fast preset's default: every 30 s of wall time */
#define QUALITY_STEPS 20     /* the keras preset's: every 20 steps */
#define QUALITY_BUDGET 0.03  /* scores take at most this share of the wall time */

typedef struct QPoint {
    double step;
    float rec, cov, fd;
    int hist[GS_JUDGE_CLASSES]; /* the class histogram then: the replay shows it */
} QPoint;

typedef struct Quality {
    JudgeWorker *w;
    Infer *infer;              /* where its task is registered */
    pthread_mutex_t lock;      /* the schedule below: the inference task reads it */
    GsDataset ds;
    double last_time, min_gap;
    int64_t last_step;
    int started;               /* the run's first snapshot was seen: the clock runs from it */
    int force;                 /* score the next snapshot (tests) */
    int outstanding;           /* one is on the judge's thread, not yet taken */
    /* the render thread's */
    QPoint pt[QUALITY_CAP];
    int n;
    uint64_t run;
    GsScores latest;
    int have_latest;
    SDL_Rect graph, bars;
    SDL_FPoint pts[QUALITY_CAP];
} Quality;

static double mono_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* On the inference thread, for each new snapshot: hands it to the judge when due. */
static void quality_task(void *ctx, const GsSnapshot *s) {
    Quality *q = ctx;
    double now = mono_s();
    pthread_mutex_lock(&q->lock);
    int keras = !strcmp(s->cfg.preset, "keras");
    if (!q->started) { /* like train --score-every: the first score one interval in */
        q->started = 1, q->last_time = now, q->last_step = s->step;
        pthread_mutex_unlock(&q->lock);
        return;
    }
    int cadence = keras ? s->step - q->last_step >= QUALITY_STEPS : now - q->last_time >= QUALITY_SECONDS;
    int due = q->force || (cadence && now - q->last_time >= q->min_gap);
    GsDataset ds = q->ds;
    pthread_mutex_unlock(&q->lock);
    if (!due || !judge_worker_score(q->w, ds, s)) return;
    pthread_mutex_lock(&q->lock);
    q->last_time = now, q->last_step = s->step, q->outstanding = 1, q->force = 0;
    pthread_mutex_unlock(&q->lock);
}

static int quality_init(void *self, uint64_t seed, Infer *infer) {
    (void)seed;
    Quality *q = self;
    GsError err;
    if (judge_worker_create(&q->w, &err) != GS_OK) return 0;
    pthread_mutex_init(&q->lock, NULL);
    if (infer && infer_add_task(infer, quality_task, q)) q->infer = infer;
    return 1;
}

static void quality_free(void *self) {
    Quality *q = self;
    if (q->infer) infer_remove_task(q->infer, q); /* the app stops the worker first */
    judge_worker_free(q->w);
    pthread_mutex_destroy(&q->lock);
}

void view_quality_add(void *self, const JudgeScore *s) {
    Quality *q = self;
    if (s->run != q->run) q->n = 0, q->run = s->run;
    if (q->n == QUALITY_CAP) { /* keep the whole run: every other point goes */
        for (int i = 0; i < QUALITY_CAP / 2; i++) q->pt[i] = q->pt[2 * i];
        q->n = QUALITY_CAP / 2;
    }
    q->pt[q->n] = (QPoint){(double)s->step, (float)s->s.recognisability, (float)s->s.coverage, (float)s->s.fd, {0}};
    memcpy(q->pt[q->n++].hist, s->s.histogram, sizeof q->pt[0].hist);
    q->latest = s->s, q->have_latest = 1;
    pthread_mutex_lock(&q->lock);
    double gap = s->seconds / QUALITY_BUDGET;
    q->min_gap = gap > q->min_gap ? gap : q->min_gap * 0.5 + gap * 0.5;
    pthread_mutex_unlock(&q->lock);
}

void view_quality_score_soon(void *self) {
    Quality *q = self;
    pthread_mutex_lock(&q->lock);
    q->started = q->force = 1;
    pthread_mutex_unlock(&q->lock);
}

int view_quality_pending(void *self) {
    Quality *q = self;
    pthread_mutex_lock(&q->lock);
    int p = q->outstanding;
    pthread_mutex_unlock(&q->lock);
    return p;
}

static const SDL_Color rec_color = {250, 200, 60, 255}, cov_color = {90, 200, 250, 255}, fd_color = {220, 120, 220, 255};

/* Recognisability and coverage on 0..1, fd on its own scale (0 to its largest value). */
static void graph(Quality *q, SDL_Rect r, ViewCtx *c) {
    Draw *d = c->d;
    const UiTheme *th = &c->ui->th;
    int lh = draw_line_height(d, FONT_SMALL), x = r.x + 6;
    x += draw_text(d, FONT_NORMAL, x, r.y + 2, th->text, "Judge's scores") + 12;
    const char *names[3] = {"recognisable", "coverage", "fd"};
    SDL_Color col[3] = {rec_color, cov_color, fd_color};
    for (int k = 0; k < 3 && x + 16 < r.x + r.w - 6; k++) {
        draw_fill(d, (SDL_Rect){x, r.y + 2 + lh / 2, 12, 3}, col[k]);
        x += 16 + draw_text_fit(d, FONT_SMALL, x + 16, r.y + 4, r.x + r.w - 6 - (x + 16), th->dim, names[k]) + 10;
    }
    /* the caption in plain words, unless it would squeeze the graph (projector mode) */
    int cap = r.h - draw_line_height(d, FONT_NORMAL) - 4 * lh > 60 ? 2 : 0;
    int top = draw_line_height(d, FONT_NORMAL) + cap * lh + 6;
    if (cap) {
        /* in the police-and-counterfeiter picture (gs_explain.h), two lines */
        text_wrap(d, FONT_SMALL, r.x + 6, r.y + top - 2 * lh - 2, r.w - 12, 2, th->dim, gs_explain_panel("scores"), 1);
    }
    int axis_w = draw_text_width(d, FONT_SMALL, "0.00") + 6;
    SDL_Rect a = {r.x + axis_w, r.y + top + lh / 2, r.w - axis_w - 8, r.h - top - lh / 2 - lh - 4};
    q->graph = a;
    if (a.w < 20 || a.h < 20) return;
    draw_fill(d, a, th->bg);
    for (int g = 0; g <= 2; g++) {
        int gy = a.y + a.h - 1 - g * (a.h - 1) / 2;
        draw_line(d, a.x, gy, a.x + a.w - 1, gy, (SDL_Color){60, 64, 76, 255});
        draw_textf(d, FONT_SMALL, r.x + 2, gy - lh / 2, th->dim, "%.1f", g / 2.0);
    }
    if (q->n == 0) {
        draw_text_fit(d, FONT_SMALL, a.x + 8, a.y + 8, a.w - 16, th->dim,
                      !strcmp(c->f->cfg.preset, "keras") ? "first score after 20 steps of training"
                                                         : "first score after 30 s of training");
        return;
    }
    double s0 = q->pt[0].step, s1 = q->pt[q->n - 1].step;
    if (s1 <= s0) s1 = s0 + 1;
    float fd_max = 1;
    for (int i = 0; i < q->n; i++)
        if (isfinite(q->pt[i].fd) && q->pt[i].fd > fd_max) fd_max = q->pt[i].fd;
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < q->n; i++) {
            float v = k == 0 ? q->pt[i].rec : k == 1 ? q->pt[i].cov : q->pt[i].fd / fd_max;
            v = isfinite(v) ? (v < 0 ? 0 : v > 1 ? 1 : v) : 1;
            q->pts[i].x = a.x + (float)((q->pt[i].step - s0) / (s1 - s0)) * (a.w - 1);
            q->pts[i].y = a.y + a.h - 1 - v * (a.h - 1);
        }
        if (q->n == 1) draw_fill(d, (SDL_Rect){(int)q->pts[0].x - 2, (int)q->pts[0].y - 2, 5, 5}, col[k]);
        draw_polyline(d, q->pts, q->n, col[k]);
    }
    if (c->f->replay_active) { /* the replay's moment, as the training graphs show it */
        double t = ((double)c->f->replay_step - s0) / (s1 - s0);
        int cx = a.x + (int)((t < 0 ? 0 : t > 1 ? 1 : t) * (a.w - 1));
        for (int k = -1; k <= 1; k++) draw_line(d, cx + k, a.y, cx + k, a.y + a.h - 1, th->accent);
    }
    const QPoint *p = &q->pt[q->n - 1];
    char buf[160];
    char xt[32];
    frame_x_text(c->f, xt, sizeof xt, p->step);
    snprintf(buf, sizeof buf, "%s: %.2f / %.2f, fd %.0f (lower: closer to real; top %.0f)", xt, p->rec,
             p->cov, p->fd, fd_max);
    draw_text_fit(d, FONT_SMALL, a.x, a.y + a.h + 2, a.w, th->dim, buf);
}

static const char *const fashion_names[GS_JUDGE_CLASSES] = {"Tee", "Trou", "Pull", "Dress", "Coat",
                                                            "Sand", "Shirt", "Snkr", "Bag", "Boot"};

/* The replay's moment (the timeline's): the last score at or before its step, or -1. */
static int replay_point(const Quality *q, const Frame *f) {
    int best = -1;
    for (int i = 0; f->replay_active && i < q->n; i++)
        if (q->pt[i].step <= (double)f->replay_step) best = i;
    return best;
}

/* Ten bars: the share of the latest score's samples the judge gave each class (with the
 * replay: of the score at or before the moment shown). */
static void bars(Quality *q, SDL_Rect r, ViewCtx *c) {
    Draw *d = c->d;
    const UiTheme *th = &c->ui->th;
    int lh = draw_line_height(d, FONT_SMALL), fashion = c->f->dataset == GS_DATASET_FASHION;
    const int *hist = q->latest.histogram;
    int have = q->have_latest;
    if (c->f->replay_active) { /* the moment shown: its histogram, said in the title */
        int p = replay_point(q, c->f);
        hist = p >= 0 ? q->pt[p].hist : q->latest.histogram, have = p >= 0;
        char head[96];
        snprintf(head, sizeof head, "%s at step %.0f (replay)", fashion ? "Articles it drew" : "Digits it drew",
                 p >= 0 ? q->pt[p].step : (double)c->f->replay_step);
        draw_text_fit(d, FONT_NORMAL, r.x + 6, r.y + 2, r.w - 12, th->accent, head);
    } else
        draw_text(d, FONT_NORMAL, r.x + 6, r.y + 2, th->text, fashion ? "Which articles it draws" : "Which digits it draws");
    int top = draw_line_height(d, FONT_NORMAL) + 4;
    if (r.h - top - 4 * lh > 60) { /* the caption, unless it would squeeze the bars */
        draw_text_fit(d, FONT_SMALL, r.x + 6, r.y + top, r.w - 12, th->dim, gs_explain_panel("digits"));
        top += lh + 2;
    }
    SDL_Rect a = {r.x + 6, r.y + top + lh, r.w - 12, r.h - top - 2 * lh - 6};
    q->bars = a;
    if (a.w < 40 || a.h < 10) return;
    int n = 0;
    for (int k = 0; k < GS_JUDGE_CLASSES; k++) n += have ? hist[k] : 0;
    /* the scale: the tallest bar or 25%, so an even spread (10% each) stays readable */
    double top_share = 0.25;
    for (int k = 0; k < GS_JUDGE_CLASSES && n > 0; k++)
        if ((double)hist[k] / n > top_share) top_share = (double)hist[k] / n;
    int even_y = a.y + a.h - (int)(0.1 / top_share * a.h);
    draw_line(d, a.x, even_y, a.x + a.w - 1, even_y, (SDL_Color){90, 94, 106, 255});
    int slot = a.w / GS_JUDGE_CLASSES, bw = slot * 3 / 4;
    for (int k = 0; k < GS_JUDGE_CLASSES; k++) {
        int bx = a.x + k * slot + (slot - bw) / 2;
        double share = n > 0 ? (double)hist[k] / n : 0;
        int h = (int)(share / top_share * a.h + 0.5);
        if (h > 0) draw_fill(d, (SDL_Rect){bx, a.y + a.h - h, bw, h}, th->accent);
        char lab[16];
        if (fashion) snprintf(lab, sizeof lab, "%s", fashion_names[k]);
        else snprintf(lab, sizeof lab, "%d", k);
        int tw = draw_text_width(d, FONT_SMALL, lab);
        draw_text(d, FONT_SMALL, bx + (bw - tw) / 2, a.y + a.h + 2, th->text, lab);
        if (n > 0) {
            snprintf(lab, sizeof lab, "%.0f%%", share * 100);
            tw = draw_text_width(d, FONT_SMALL, lab);
            if (tw <= slot) draw_text(d, FONT_SMALL, bx + (bw - tw) / 2, a.y + a.h - h - lh, th->dim, lab);
        }
    }
    if (n == 0)
        draw_text_fit(d, FONT_SMALL, a.x + 4, a.y + 4, a.w - 8, th->dim,
                      c->f->replay_active ? "the judge had not scored it yet then" : "waiting for the judge");
}

static void quality_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Quality *q = self;
    pthread_mutex_lock(&q->lock);
    q->ds = c->f->dataset;
    pthread_mutex_unlock(&q->lock);
    const Frame *f = c->f;
    if (f->have_snap && f->run != q->run) { /* a restart: a new series, its clock from now */
        q->n = 0, q->have_latest = 0, q->run = f->run;
        pthread_mutex_lock(&q->lock);
        q->started = 0;
        pthread_mutex_unlock(&q->lock);
    }
    JudgeScore s;
    int took = judge_worker_take_score(q->w, &s);
    if (took && (!f->have_snap || s.run == f->run)) {
        view_quality_add(q, &s);
        Action *a = action_push(c->out, ACT_DOCTOR_SCORES, (int)s.run, f->now); /* the doctor reads them too */
        if (a) a->u = (unsigned long long)s.step, a->f[0] = (float)s.s.recognisability, a->f[1] = (float)s.s.coverage;
        a = action_push(c->out, ACT_REPLAY_SCORE, (int)s.run, f->now); /* the replay's next moments carry it */
        if (a) a->u = (unsigned long long)s.step, a->f[0] = (float)s.s.recognisability, a->f[1] = (float)s.s.coverage,
               a->z[0] = (float)s.s.fd;
    }
    char err[600];
    int failed = judge_worker_error(q->w, err, sizeof err);
    if (failed) action_message(c->out, 1, c->f->now, "%s", err);
    if (took || failed) {
        pthread_mutex_lock(&q->lock);
        q->outstanding = 0;
        pthread_mutex_unlock(&q->lock);
    }
    int total = 0; /* scores without a histogram (ganscope plot's, from metrics.csv): the graph alone */
    for (int k = 0; k < GS_JUDGE_CLASSES; k++) total += q->latest.histogram[k];
    int m = (int)(10 * c->ui->scale), gh = q->have_latest && total == 0 ? r.h : (r.h - m) * 11 / 20;
    SDL_Rect g = {r.x, r.y, r.w, gh}, b = {r.x, r.y + gh + m, r.w, r.h - gh - m};
    draw_region(c->d, g, c->ui->th.panel);
    draw_fill(c->d, g, c->ui->th.panel);
    graph(q, g, c);
    if (gh == r.h) return;
    draw_region(c->d, b, c->ui->th.panel);
    draw_fill(c->d, b, c->ui->th.panel);
    bars(q, b, c);
}

static int quality_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Quality *q = self;
    if (!strcmp(part, "graph")) return *r = q->graph, 1;
    if (strcmp(part, "bar") || i < 0 || i >= GS_JUDGE_CLASSES) return 0;
    int slot = q->bars.w / GS_JUDGE_CLASSES, bw = slot * 3 / 4;
    *r = (SDL_Rect){q->bars.x + i * slot + (slot - bw) / 2, q->bars.y, bw, q->bars.h};
    return 1;
}

const ViewClass view_quality = {"quality", sizeof(Quality), SLOT_QUALITY, quality_init, quality_frame, NULL,
                                quality_locate, quality_free};

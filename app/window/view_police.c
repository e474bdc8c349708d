/* view_police.c: "What the police see" (the Police tab): for the explorer's vector, where
 * the discriminator (the police) looks - the gradient of its verdict with respect to each
 * pixel, as a heat map over the digit (toggle) - and the six nearest training images in
 * pixels, and the six nearest in the judge's eyes (its 64 features: the same digit drawn the
 * same way), with their distances: is the counterfeiter just copying? Runs on a worker of
 * the view's own (look_worker.h); the indexes of the training set are built the first time
 * the tab opens. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "gs_data.h"
#include "gs_judge.h"
#include "gs_neighbours.h"
#include "gs_saliency.h"
#include "look_worker.h"
#include "view.h"

#define K GS_NEIGHBOURS_K

typedef struct PoliceResult {
    int ok;
    float img[GS_IMG_SIZE], heat[GS_IMG_SIZE];        /* the generated digit, |saliency| 0..1 */
    float real_heat[GS_IMG_SIZE];                     /* the same for the nearest real one */
    float verdict, real_verdict;                      /* D's "real" probability */
    int n_near;                                       /* 0: no index (yet) */
    float near[K][GS_IMG_SIZE], dist[K];
    int n_jnear;                                      /* the judge's: 0 no index (yet) */
    float jnear[K][GS_IMG_SIZE], jdist[K];
    double nb_ms, jnb_ms;                             /* each search's own time */
    int64_t step;
    double ms;
    uint64_t seq;
} PoliceResult;

typedef struct Police {
    pthread_mutex_t mu; /* req_*, res, set_name */
    float req_z[INFER_MAX_Z];
    double req_at;
    GsDataset req_ds;
    PoliceResult res, shown;
    char note[160], note2[80]; /* the indexes' state, for the caption */
    LookWorker *w;
    /* the worker's alone */
    GsImages set;
    GsNeighbours nb, jnb;     /* in pixels; in the judge's features */
    int have_nb, nb_failed, have_jnb;
    GsJudge judge;
    int have_judge;
    atomic_int closing; /* the view is freed: an index being built stops */
    /* the render thread's */
    int heat_on;
    SDL_Rect pic, near0, jnear0, toggle;
} Police;

static float sigm(float x) { return 1.0f / (1.0f + expf(-x)); }

/* The judge's features, unless the view is closing (a minute's work under sanitizers). */
static GsStatus police_embed(void *ctx, const float *images, int n, float *features, GsError *err) {
    Police *v = ctx;
    if (v->closing) return gs_fail(err, GS_ERR_INTERNAL, "closing");
    return gs_judge_embed(&v->judge, images, n, features, err);
}

/* The training set's pixel index, once (seconds; the caption says so meanwhile). */
static void build_index(Police *v, GsDataset ds) {
    GsError err;
    pthread_mutex_lock(&v->mu);
    snprintf(v->note, sizeof v->note, "indexing the training images...");
    pthread_mutex_unlock(&v->mu);
    double t0 = look_clock();
    GsStatus st = gs_data_load(NULL, ds, &v->set, &err);
    if (st == GS_OK) st = gs_neighbours_create(&v->nb, &v->set, NULL, NULL, 0, &err);
    double t1 = look_clock();
    pthread_mutex_lock(&v->mu);
    if (st == GS_OK) v->have_nb = 1;
    snprintf(v->note, sizeof v->note, "indexing the judge's view of the training images...");
    pthread_mutex_unlock(&v->mu);
    /* the judge's index: every training image through the judge once */
    if (st == GS_OK && gs_judge_load_builtin(&v->judge, ds, 256, &err) == GS_OK) {
        v->have_judge = 1;
        if (gs_neighbours_create(&v->jnb, &v->set, police_embed, v, GS_JUDGE_FEATURES, &err) == GS_OK)
            v->have_jnb = 1;
    }
    pthread_mutex_lock(&v->mu);
    if (st == GS_OK) {
        snprintf(v->note, sizeof v->note, "%d training images, indexed in %.1f s;", v->set.n, t1 - t0);
        snprintf(v->note2, sizeof v->note2, "in the judge's eyes in %.1f s", look_clock() - t1);
    } else {
        v->nb_failed = 1;
        snprintf(v->note, sizeof v->note, "no nearest images: %.120s", err.msg);
    }
    pthread_mutex_unlock(&v->mu);
}

static void police_job(void *ctx, GsNet *g, GsNet *d, int64_t step) {
    Police *v = ctx;
    float z[INFER_MAX_Z];
    pthread_mutex_lock(&v->mu);
    memcpy(z, v->req_z, sizeof z);
    double at = v->req_at;
    GsDataset ds = v->req_ds;
    pthread_mutex_unlock(&v->mu);
    if (!v->have_nb && !v->nb_failed) build_index(v, ds);
    static _Thread_local PoliceResult r;
    float map[GS_IMG_SIZE], logit;
    GsError err;
    memcpy(r.img, gs_net_forward(g, z, 1, 0, NULL), sizeof r.img);
    r.ok = gs_saliency(d, r.img, 1, map, &logit, &err) == GS_OK;
    gs_saliency_magnitude(map, r.heat);
    r.verdict = sigm(logit), r.n_near = 0, r.step = step;
    int idx[K];
    double t0 = look_clock();
    r.n_jnear = 0;
    if (v->have_jnb && gs_neighbours_find(&v->jnb, r.img, K, idx, r.jdist, &err) == GS_OK) {
        r.n_jnear = K, r.jnb_ms = (look_clock() - t0) * 1000;
        for (int k = 0; k < K; k++)
            for (int i = 0; i < GS_IMG_SIZE; i++) r.jnear[k][i] = v->set.pixels[(size_t)idx[k] * GS_IMG_SIZE + i] / 255.0f;
    }
    t0 = look_clock();
    if (v->have_nb && gs_neighbours_find(&v->nb, r.img, K, idx, r.dist, &err) == GS_OK) {
        r.nb_ms = (look_clock() - t0) * 1000;
        r.n_near = K;
        for (int k = 0; k < K; k++)
            for (int i = 0; i < GS_IMG_SIZE; i++) r.near[k][i] = v->set.pixels[(size_t)idx[k] * GS_IMG_SIZE + i] / 255.0f;
        if (gs_saliency(d, r.near[0], 1, map, &logit, &err) == GS_OK) {
            gs_saliency_magnitude(map, r.real_heat);
            r.real_verdict = sigm(logit);
        }
    }
    pthread_mutex_lock(&v->mu);
    r.ms = at > 0 ? (look_clock() - at) * 1000 : v->res.ms;
    r.seq = v->res.seq + 1;
    v->res = r;
    pthread_mutex_unlock(&v->mu);
}

static int police_init(void *self, uint64_t seed, Infer *infer) {
    Police *v = self;
    pthread_mutex_init(&v->mu, NULL);
    view_noise_vector(seed, 0, v->req_z);
    v->heat_on = 1;
    v->w = look_create(infer, police_job, v, 1, 1);
    return v->w != NULL;
}

static void police_free(void *self) {
    Police *v = self;
    v->closing = 1;
    look_free(v->w);
    if (v->have_nb) gs_neighbours_destroy(&v->nb);
    if (v->have_jnb) gs_neighbours_destroy(&v->jnb);
    if (v->have_judge) gs_judge_destroy(&v->judge);
    gs_images_free(&v->set);
    pthread_mutex_destroy(&v->mu);
}

/* A digit with its heat map over it: red where the police look hardest. */
static void draw_heat(Draw *d, const float *img, const float *heat, SDL_Rect r, int on) {
    draw_gray(d, img, 28, 28, r);
    if (!on) return;
    for (int y = 0; y < 28; y++)
        for (int x = 0; x < 28; x++) {
            float h = heat[y * 28 + x];
            if (h < 0.08f) continue;
            int x0 = r.x + x * r.w / 28, x1 = r.x + (x + 1) * r.w / 28, y0 = r.y + y * r.h / 28, y1 = r.y + (y + 1) * r.h / 28;
            draw_fill(d, (SDL_Rect){x0, y0, x1 - x0, y1 - y0}, (SDL_Color){255, (Uint8)(200 * (1 - h)), 0, (Uint8)(60 + 170 * h)});
        }
}

static void police_frame(void *self, SDL_Rect a, ViewCtx *c) {
    Police *v = self;
    Ui *ui = c->ui;
    Draw *d = c->d;
    char note[160], note2[80];
    pthread_mutex_lock(&v->mu);
    v->req_ds = c->f->dataset;
    if (v->res.seq != v->shown.seq) v->shown = v->res;
    snprintf(note, sizeof note, "%s", v->note);
    snprintf(note2, sizeof note2, "%s", v->note2);
    pthread_mutex_unlock(&v->mu);
    look_set_active(v->w, 1);
    const PoliceResult *r = &v->shown;
    int lh = draw_line_height(d, FONT_NORMAL), sh = draw_line_height(d, FONT_SMALL), m = (int)(8 * ui->scale);
    draw_fill(d, a, ui->th.panel);
    draw_text(d, FONT_NORMAL, a.x + m, a.y + 2, ui->th.text, "What the police see");
    draw_text_fit(d, FONT_SMALL, a.x + m, a.y + 2 + lh, a.w - 2 * m, ui->th.dim,
                  "Red: the pixels that sway the police (the discriminator) most.");
    int y = a.y + 2 + lh + sh + m;
    int pw = (a.w - 3 * m) / 2;
    if (pw > a.h / 3) pw = a.h / 3;
    pw = pw / 28 * 28;
    v->pic = (SDL_Rect){a.x + m, y, pw, pw};
    SDL_Rect real = {a.x + 2 * m + pw, y, pw, pw};
    if (!r->seq) {
        draw_text(d, FONT_NORMAL, a.x + m, y, ui->th.dim, "waiting for the first weights...");
        return;
    }
    draw_heat(d, r->img, r->heat, v->pic, v->heat_on);
    if (r->n_near) draw_heat(d, r->near[0], r->real_heat, real, v->heat_on);
    y += pw + 2;
    char buf[64]; /* each under its picture, cut to its width (projector mode) */
    snprintf(buf, sizeof buf, "fake: police %.0f%% real", 100 * r->verdict);
    draw_text_fit(d, FONT_SMALL, v->pic.x, y, pw, ui->th.text, buf);
    snprintf(buf, sizeof buf, "nearest real: %.0f%%", 100 * r->real_verdict);
    if (r->n_near) draw_text_fit(d, FONT_SMALL, real.x, y, pw, ui->th.text, buf);
    y += sh + m / 2;
    int bh = lh + 8;
    v->toggle = (SDL_Rect){a.x + m, y, (int)(150 * ui->scale), bh};
    if (ui_button(ui, ui_id_str(ui, "heat"), v->toggle, v->heat_on ? "Heat map: on" : "Heat map: off", v->heat_on,
                  "Show where the police look (the saliency map)"))
        v->heat_on = !v->heat_on;
    y += bh + m;
    draw_text_fit(d, FONT_NORMAL, a.x + m, y, a.w - 2 * m, ui->th.text, "Is it copying? Nearest training images");
    y += lh + 2;
    if (!r->n_near) {
        draw_text_fit(d, FONT_SMALL, a.x + m, y, a.w - 2 * m, ui->th.dim, note[0] ? note : "indexing...");
    } else {
        /* two rows of six: in pixels, then in the judge's eyes */
        int gap = 3, t = (a.w - 2 * m - (K - 1) * gap) / K;
        int tmax = (a.y + a.h - y - 5 * sh - 2 * (sh + 2)) / 2 - sh - 4; /* the notes and the footer under them */
        if (t > tmax) t = tmax;
        for (int row = 0; row < 2; row++) {
            int n = row ? r->n_jnear : r->n_near;
            draw_text_fit(d, FONT_SMALL, a.x + m, y, a.w - 2 * m, ui->th.dim,
                          row ? (n ? "in the judge's eyes (its 64 features):" : "in the judge's eyes: indexing...")
                              : "in pixels (0 would be an exact copy):");
            y += sh + 2;
            for (int k = 0; k < n; k++) {
                SDL_Rect tr = {a.x + m + k * (t + gap), y, t, t};
                if (!k) *(row ? &v->jnear0 : &v->near0) = tr;
                draw_gray(d, row ? r->jnear[k] : r->near[k], 28, 28, tr);
                draw_textf(d, FONT_SMALL, tr.x, tr.y + t + 1, ui->th.dim, "%.1f", row ? r->jdist[k] : r->dist[k]);
            }
            y += t + sh + 4;
        }
        draw_text_fit(d, FONT_SMALL, a.x + m, y, a.w - 2 * m, ui->th.dim, note);
        draw_text_fit(d, FONT_SMALL, a.x + m, y + sh, a.w - 2 * m, ui->th.dim, note2);
        draw_textf(d, FONT_SMALL, a.x + m, y + 2 * sh, ui->th.dim, "searches: pixels %.1f ms, judge's %.1f ms", r->nb_ms,
                   r->jnb_ms);
    }
    draw_textf(d, FONT_SMALL, a.x + m, a.y + a.h - sh - 2, ui->th.dim, "step %lld - updated in %.0f ms", (long long)r->step,
               r->ms);
}

static void police_apply(void *self, const Action *a, ViewCtx *c) {
    Police *v = self;
    look_apply_z(v->w, &v->mu, v->req_z, &v->req_at, PAGE_POLICE, a, c->f->now);
}

static int police_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Police *v = self;
    if (!strcmp(part, "preview") && v->pic.w) return *r = v->pic, 1;
    if (!strcmp(part, "near") && i == 0 && v->near0.w) return *r = v->near0, 1;
    if (!strcmp(part, "judge near") && i == 0 && v->jnear0.w) return *r = v->jnear0, 1;
    if (!strcmp(part, "heat") && v->toggle.w) return *r = v->toggle, 1;
    return 0;
}

const ViewClass view_police = {"police", sizeof(Police), SLOT_POLICE, police_init, police_frame, police_apply,
                               police_locate, police_free};

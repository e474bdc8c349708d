/* view_inside.c: "Inside the generator" (the Inside tab): for the explorer's vector, each
 * generator layer's feature maps, the first 16 channels as small grey tiles, from the 7x7
 * maps after the dense layer to the 28x28 image; computed on a worker of the view's own
 * (look_worker.h) and updated as the sliders move. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "gs_featuremaps.h"
#include "look_worker.h"
#include "view.h"

#define TILE_MAX (28 * 28)

typedef struct InsideResult {
    int n_stages;
    char name[GS_FEATUREMAPS_STAGES][96];
    int h[GS_FEATUREMAPS_STAGES], w[GS_FEATUREMAPS_STAGES], c[GS_FEATUREMAPS_STAGES], shown[GS_FEATUREMAPS_STAGES];
    float tile[GS_FEATUREMAPS_STAGES][GS_FEATUREMAPS_SHOWN][TILE_MAX];
    int64_t step;
    double ms;    /* from the request to the result */
    uint64_t seq; /* results so far */
} InsideResult;

typedef struct Inside {
    pthread_mutex_t mu; /* req_* and res, shared with the worker */
    float req_z[INFER_MAX_Z];
    double req_at;
    InsideResult res, shown; /* the worker's latest; what frame draws (copied when new) */
    LookWorker *w;
    SDL_Rect tile0;
} Inside;

/* The worker: the feature maps of the requested vector on the newest weights. */
static void inside_job(void *ctx, GsNet *g, GsNet *d, int64_t step) {
    (void)d;
    Inside *v = ctx;
    float z[INFER_MAX_Z];
    pthread_mutex_lock(&v->mu);
    memcpy(z, v->req_z, sizeof z);
    double at = v->req_at;
    pthread_mutex_unlock(&v->mu);
    GsFeatureMaps fm;
    GsError err;
    if (gs_featuremaps_create(&fm, g, &err) != GS_OK) return;
    gs_featuremaps_compute(&fm, g, z);
    static _Thread_local InsideResult r; /* large: not on the stack */
    r.n_stages = fm.n_stages, r.step = step;
    uint8_t px[TILE_MAX];
    for (int s = 0; s < fm.n_stages; s++) {
        const GsFeatureStage *st = &fm.stage[s];
        snprintf(r.name[s], sizeof r.name[s], "%s", st->name);
        r.h[s] = st->h, r.w[s] = st->w, r.c[s] = st->c, r.shown[s] = st->shown;
        for (int k = 0; k < st->shown && st->h * st->w <= TILE_MAX; k++) {
            gs_featuremaps_tile(st, k, px);
            for (int i = 0; i < st->h * st->w; i++) r.tile[s][k][i] = px[i] / 255.0f;
        }
    }
    gs_featuremaps_destroy(&fm);
    pthread_mutex_lock(&v->mu);
    r.ms = at > 0 ? (look_clock() - at) * 1000 : v->res.ms;
    r.seq = v->res.seq + 1;
    v->res = r;
    pthread_mutex_unlock(&v->mu);
}

static int inside_init(void *self, uint64_t seed, Infer *infer) {
    Inside *v = self;
    pthread_mutex_init(&v->mu, NULL);
    view_noise_vector(seed, 0, v->req_z); /* where the explorer starts */
    v->w = look_create(infer, inside_job, v, 1, 1);
    return v->w != NULL;
}

static void inside_free(void *self) {
    Inside *v = self;
    look_free(v->w);
    pthread_mutex_destroy(&v->mu);
}

static void inside_frame(void *self, SDL_Rect a, ViewCtx *c) {
    Inside *v = self;
    Ui *ui = c->ui;
    Draw *d = c->d;
    look_set_active(v->w, 1); /* drawn: its tab is open */
    pthread_mutex_lock(&v->mu);
    if (v->res.seq != v->shown.seq) v->shown = v->res;
    pthread_mutex_unlock(&v->mu);
    const InsideResult *r = &v->shown;
    int lh = draw_line_height(d, FONT_NORMAL), sh = draw_line_height(d, FONT_SMALL), m = (int)(8 * ui->scale);
    draw_fill(d, a, ui->th.panel);
    draw_text(d, FONT_NORMAL, a.x + m, a.y + 2, ui->th.text, "Inside the generator");
    draw_text_fit(d, FONT_SMALL, a.x + m, a.y + 2 + lh, a.w - 2 * m, ui->th.dim,
                  "How the counterfeiter builds the explorer's digit: each layer's maps, coarse to fine.");
    int y = a.y + 2 + lh + sh + m / 2;
    if (!r->n_stages) {
        draw_text(d, FONT_NORMAL, a.x + m, y, ui->th.dim, "waiting for the first weights...");
        return;
    }
    /* every stage a label and two rows of 8 tiles, as large as the height allows */
    int foot = sh + m, per = (a.y + a.h - y - foot) / r->n_stages;
    int tile = (per - sh - 6) / 2, wmax = (a.w - 2 * m - 7 * 2) / 8;
    if (tile > wmax) tile = wmax;
    if (tile < 4) tile = 4;
    for (int s = 0; s < r->n_stages; s++) {
        draw_textf(d, FONT_SMALL, a.x + m, y, ui->th.dim, "%d. %dx%d, %d maps%s", s + 1, r->h[s], r->w[s], r->c[s],
                   r->c[s] > r->shown[s] ? " (first 16)" : "");
        int ty = y + sh + 2;
        for (int k = 0; k < r->shown[s]; k++) {
            SDL_Rect t = {a.x + m + (k % 8) * (tile + 2), ty + (k / 8) * (tile + 2), tile, tile};
            if (s == 0 && k == 0) v->tile0 = t;
            draw_gray(d, r->tile[s][k], r->w[s], r->h[s], t);
        }
        y += sh + 2 + ((r->shown[s] + 7) / 8) * (tile + 2) + 4;
    }
    draw_textf(d, FONT_SMALL, a.x + m, a.y + a.h - sh - 2, ui->th.dim, "step %lld - updated in %.0f ms",
               (long long)r->step, r->ms);
}

static void inside_apply(void *self, const Action *a, ViewCtx *c) {
    Inside *v = self;
    look_apply_z(v->w, &v->mu, v->req_z, &v->req_at, PAGE_INSIDE, a, c->f->now);
}

static int inside_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Inside *v = self;
    if (!strcmp(part, "tile") && i == 0 && v->tile0.w) return *r = v->tile0, 1;
    return 0;
}

const ViewClass view_inside = {"inside", sizeof(Inside), SLOT_INSIDE, inside_init, inside_frame, inside_apply,
                               inside_locate, inside_free};

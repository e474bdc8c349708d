/* view_quiz.c: the quiz (Q), over the whole window: 16 digits, half from the training set
 * and half made by the generator at the current step, in random places. The class (or the
 * teacher, with the mouse) marks the ones it thinks are real; Reveal shows the truth, the
 * class's score and the police's (the discriminator's) own verdicts; N deals a new round.
 * The images are made on a worker of the view's own (look_worker.h). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "look_worker.h"
#include "view.h"

#define QN 16 /* images in a round, half of them real */

typedef struct QuizRound {
    float img[QN][GS_IMG_SIZE];
    float verdict[QN];   /* D's probability "real" */
    int real[QN];        /* the truth */
    int64_t step;
    uint64_t seq;        /* the request it answers */
} QuizRound;

typedef struct Quiz {
    pthread_mutex_t mu; /* req and res */
    QuizRound req, res; /* req: real images, truth and noise in img of the fakes' slots */
    float req_z[QN][INFER_MAX_Z];
    int req_dim;
    LookWorker *w;
    uint64_t rng, asked;
    /* the render thread's */
    QuizRound shown;
    int marked[QN], revealed, open;
    SDL_Rect tile[QN], reveal, next;
} Quiz;

/* The worker: the fakes from their noise, then the police's verdict on all 16. */
static void quiz_job(void *ctx, GsNet *g, GsNet *d, int64_t step) {
    Quiz *q = ctx;
    static _Thread_local QuizRound r;
    static _Thread_local float z[QN][INFER_MAX_Z];
    pthread_mutex_lock(&q->mu);
    r = q->req;
    memcpy(z, q->req_z, sizeof z);
    pthread_mutex_unlock(&q->mu);
    if (!r.seq) return;
    for (int i = 0; i < QN; i++)
        if (!r.real[i]) memcpy(r.img[i], gs_net_forward(g, z[i], 1, 0, NULL), sizeof r.img[i]);
    const float *logit = gs_net_forward(d, &r.img[0][0], QN, 0, NULL);
    for (int i = 0; i < QN; i++) r.verdict[i] = 1.0f / (1.0f + expf(-logit[i]));
    r.step = step;
    pthread_mutex_lock(&q->mu);
    q->res = r;
    pthread_mutex_unlock(&q->mu);
}

static int quiz_init(void *self, uint64_t seed, Infer *infer) {
    Quiz *q = self;
    pthread_mutex_init(&q->mu, NULL);
    q->rng = seed * 0x9E3779B97F4A7C15ull + 77;
    q->w = look_create(infer, quiz_job, q, QN, 0);
    return q->w != NULL;
}

static void quiz_free(void *self) {
    Quiz *q = self;
    look_free(q->w);
    pthread_mutex_destroy(&q->mu);
}

static int rand_below(uint64_t *s, int n) {
    int k = (int)((view_rand_pm1(s) + 1.0f) * 0.5f * n);
    return k < 0 ? 0 : k >= n ? n - 1 : k;
}

/* Deals a round: 8 real images from the frame's, 8 noise vectors, shuffled places. */
static void deal(Quiz *q, const Frame *f) {
    int real[QN];
    for (int i = 0; i < QN; i++) real[i] = i < QN / 2;
    for (int i = QN - 1; i > 0; i--) {
        int j = rand_below(&q->rng, i + 1), t = real[i];
        real[i] = real[j], real[j] = t;
    }
    pthread_mutex_lock(&q->mu);
    q->req.seq = ++q->asked;
    for (int i = 0; i < QN; i++) {
        q->req.real[i] = real[i] && f->n_real > 0;
        if (q->req.real[i]) memcpy(q->req.img[i], f->real + (size_t)rand_below(&q->rng, f->n_real) * GS_IMG_SIZE, sizeof q->req.img[i]);
        for (int k = 0; k < INFER_MAX_Z; k++) q->req_z[i][k] = k < f->zdim ? view_rand_pm1(&q->rng) : 0;
    }
    pthread_mutex_unlock(&q->mu);
    memset(q->marked, 0, sizeof q->marked);
    q->revealed = 0;
    look_poke(q->w);
}

static void quiz_frame(void *self, SDL_Rect a, ViewCtx *c) {
    Quiz *q = self;
    const Frame *f = c->f;
    Ui *ui = c->ui;
    Draw *d = c->d;
    const UiTheme *th = &ui->th;
    if (!f->quiz) {
        if (q->open) q->open = 0, look_set_active(q->w, 0);
        return;
    }
    if (!q->open) q->open = 1, look_set_active(q->w, 1), deal(q, f);
    pthread_mutex_lock(&q->mu);
    if (q->res.seq != q->shown.seq) q->shown = q->res;
    pthread_mutex_unlock(&q->mu);
    const QuizRound *r = &q->shown;
    int ready = r->seq == q->asked;
    draw_fill(d, a, th->bg);
    int lh = draw_line_height(d, FONT_LARGE), nh = draw_line_height(d, FONT_NORMAL), m = (int)(12 * ui->scale);
    draw_text(d, FONT_LARGE, a.x + m, a.y + m, th->text, "Real or fake?");
    draw_text_fit(d, FONT_NORMAL, a.x + m, a.y + m + lh, a.w - 2 * m, th->dim,
                  "Half of these are real handwritten digits, half were made by the counterfeiter (the generator). "
                  "Click the ones you think are real.");
    int top = a.y + 2 * m + lh + nh, side = a.h - top - m, panel_w = a.w - side - 3 * m;
    if (panel_w < (int)(260 * ui->scale)) panel_w = (int)(260 * ui->scale), side = a.w - panel_w - 3 * m;
    int gap = m / 2 > 4 ? m / 2 : 4, t = (side - 3 * gap) / 4;
    if (!ready) {
        draw_text(d, FONT_LARGE, a.x + m, top, th->dim, "dealing...");
    } else {
        int score = 0, police = 0;
        for (int i = 0; i < QN; i++) {
            SDL_Rect tr = {a.x + m + (i % 4) * (t + gap), top + (i / 4) * (t + gap), t, t};
            q->tile[i] = tr;
            draw_gray(d, r->img[i], 28, 28, tr);
            if (!q->revealed && ui_button(ui, ui_id_int(ui, "tile", i), tr, "", 0, NULL)) q->marked[i] = !q->marked[i];
            if (!q->revealed) draw_gray(d, r->img[i], 28, 28, tr); /* over the button's face */
            if (q->marked[i]) draw_outline(d, tr, (int)(6 * ui->scale), th->accent);
            score += q->marked[i] == r->real[i];
            police += (r->verdict[i] > 0.5f) == r->real[i];
            if (q->revealed) {
                SDL_Color col = r->real[i] ? (SDL_Color){40, 200, 90, 255} : (SDL_Color){240, 120, 30, 255};
                draw_outline(d, tr, (int)(4 * ui->scale), col);
                SDL_Rect lab = {tr.x, tr.y + tr.h - 2 * nh - 4, tr.w, 2 * nh + 4};
                draw_fill(d, lab, (SDL_Color){0, 0, 0, 180});
                draw_text(d, FONT_LARGE, lab.x + 6, lab.y, col, r->real[i] ? "REAL" : "FAKE");
                draw_textf(d, FONT_NORMAL, lab.x + 6, lab.y + nh + 2, (SDL_Color){230, 230, 230, 255},
                           "police: %.0f%% real%s", 100 * r->verdict[i], q->marked[i] == r->real[i] ? "" : "  (you: wrong)");
            }
        }
        int px = a.x + 2 * m + 4 * t + 3 * gap, py = top;
        int marked = 0;
        for (int i = 0; i < QN; i++) marked += q->marked[i];
        draw_textf(d, FONT_LARGE, px, py, th->text, "Step %lld", (long long)r->step);
        py += lh + m;
        draw_textf(d, FONT_NORMAL, px, py, th->dim, "%d marked real (8 are)", marked);
        py += nh + m;
        if (q->revealed) {
            draw_textf(d, FONT_LARGE, px, py, th->text, "Class: %d / 16 right", score);
            py += lh;
            draw_textf(d, FONT_LARGE, px, py, th->accent, "Police: %d / 16 right", police);
            py += lh + m;
            draw_text_fit(d, FONT_NORMAL, px, py, a.x + a.w - px - m, th->dim, "Green: real. Orange: made by the generator.");
            py += nh + m;
        }
        int bw = a.x + a.w - px - m, bh = lh + 12;
        if (bw > (int)(320 * ui->scale)) bw = (int)(320 * ui->scale);
        q->reveal = (SDL_Rect){px, py, bw, bh};
        if (!q->revealed && ui_button(ui, ui_id_str(ui, "reveal"), q->reveal, "Reveal", 0, "Show which are real"))
            q->revealed = 1;
        py += bh + m;
        q->next = (SDL_Rect){px, py, bw, bh};
        if (ui_button(ui, ui_id_str(ui, "next"), q->next, "New round (N)", 0, "16 new images at the current step"))
            action_push(c->out, ACT_QUIZ_NEW, 0, f->now);
        py += bh + m;
        if (ui_button(ui, ui_id_str(ui, "close"), (SDL_Rect){px, py, bw, bh}, "Close (Q)", 0, NULL))
            action_push(c->out, ACT_TOGGLE_QUIZ, 0, f->now);
    }
}

static void quiz_apply(void *self, const Action *a, ViewCtx *c) {
    Quiz *q = self;
    if (a->kind == ACT_QUIZ_NEW && q->open) deal(q, c->f);
}

static int quiz_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Quiz *q = self;
    if (!strcmp(part, "tile") && i >= 0 && i < QN && q->tile[i].w) return *r = q->tile[i], 1;
    if (!strcmp(part, "reveal") && q->reveal.w) return *r = q->reveal, 1;
    if (!strcmp(part, "next") && q->next.w) return *r = q->next, 1;
    return 0;
}

const ViewClass view_quiz = {"quiz", sizeof(Quiz), SLOT_OVERLAY, quiz_init, quiz_frame, quiz_apply, quiz_locate,
                             quiz_free};

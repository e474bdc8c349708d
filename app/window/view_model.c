/* view_model.c: the model at a glance (M), over the whole window: noise -> G -> fake;
 * real and fake -> D -> verdicts -> the two losses; the gradients flowing back (D's
 * update, G's update through the frozen D), each box with its live content from the
 * trainer's watch (GsStepWatch). The phase under way is highlighted. Slow motion pauses
 * training and runs one phase of a step per click (or every 1.5 s), with the phase's
 * sentence in the police-and-counterfeiter picture (gs_explain_phase). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gs_explain.h"
#include "view.h"

#define AUTO_SECONDS 1.5 /* between phases in automatic slow motion */

/* The diagram's parts: boxes, then the arrows between them. */
enum {
    B_NOISE, B_G, B_FAKE, B_REAL, B_DATA, B_D, B_VERDICTS, B_GLOSS, B_DLOSS, B_COUNT,
    A_NOISE_G = B_COUNT, A_G_FAKE, A_DATA_REAL, A_FAKE_D, A_REAL_D, A_D_VERDICTS, A_VERDICTS_G, A_VERDICTS_D,
    A_GRAD_D, A_GRAD_G, PART_COUNT
};
#define BIT(p) (1u << (p))

/* What each phase lights up (GsStepPhase order). */
static const unsigned lit_by_phase[GS_PHASE_COUNT] = {
    BIT(B_NOISE) | BIT(B_G) | BIT(B_FAKE) | BIT(B_REAL) | BIT(B_DATA) | BIT(A_NOISE_G) | BIT(A_G_FAKE) | BIT(A_DATA_REAL),
    BIT(B_FAKE) | BIT(B_REAL) | BIT(B_D) | BIT(B_VERDICTS) | BIT(B_DLOSS) | BIT(A_FAKE_D) | BIT(A_REAL_D) |
        BIT(A_D_VERDICTS) | BIT(A_VERDICTS_D),
    BIT(B_DLOSS) | BIT(B_D) | BIT(A_GRAD_D),
    BIT(B_NOISE) | BIT(B_G) | BIT(B_FAKE) | BIT(A_NOISE_G) | BIT(A_G_FAKE),
    BIT(B_FAKE) | BIT(B_D) | BIT(B_VERDICTS) | BIT(B_GLOSS) | BIT(A_FAKE_D) | BIT(A_D_VERDICTS) | BIT(A_VERDICTS_G),
    BIT(B_GLOSS) | BIT(B_D) | BIT(B_G) | BIT(B_FAKE) | BIT(A_GRAD_G),
};

typedef struct Model {
    SDL_Rect box[B_COUNT], chip[GS_PHASE_COUNT], slowmo, next, autob, close;
    int auto_on;
    double auto_at;      /* when the automatic slow motion asks for the next phase */
    int waiting;         /* a phase was asked for; the watch has not shown it yet */
    int64_t asked_step;  /* the watch's step and phase when it was asked */
    int asked_phase;
} Model;

/* Text wrapped into w pixels from (x, y), at most max_lines lines; returns the lines drawn. */
static int wrap(Draw *d, int font, int x, int y, int w, int max_lines, SDL_Color c, const char *text) {
    int lh = draw_line_height(d, font), lines = 0;
    char buf[512];
    while (*text && lines < max_lines) {
        int n = 0, fit = 0;
        while (text[n]) { /* the longest run of words that fits */
            int e = n;
            while (text[e] == ' ') e++;
            while (text[e] && text[e] != ' ') e++;
            if (e >= (int)sizeof buf) break;
            memcpy(buf, text, (size_t)e), buf[e] = 0;
            if (fit && draw_text_width(d, font, buf) > w) break;
            n = fit = e;
        }
        if (!fit) break;
        memcpy(buf, text, (size_t)n), buf[n] = 0;
        if (lines == max_lines - 1 && text[n]) draw_text_fit(d, font, x, y + lines * lh, w, c, text);
        else draw_text(d, font, x, y + lines * lh, c, buf);
        lines++;
        text += n;
        while (*text == ' ') text++;
    }
    return lines;
}

/* An axis-aligned path of n points, t pixels thick, ending in an arrowhead. */
static void path(Draw *d, const SDL_Point *p, int n, int t, SDL_Color c) {
    for (int i = 0; i + 1 < n; i++) {
        int x0 = p[i].x < p[i + 1].x ? p[i].x : p[i + 1].x, x1 = p[i].x ^ p[i + 1].x ^ x0;
        int y0 = p[i].y < p[i + 1].y ? p[i].y : p[i + 1].y, y1 = p[i].y ^ p[i + 1].y ^ y0;
        draw_fill(d, (SDL_Rect){x0 - t / 2, y0 - t / 2, x1 - x0 + t, y1 - y0 + t}, c);
    }
    SDL_Point a = p[n - 2], b = p[n - 1];
    int dx = (b.x > a.x) - (b.x < a.x), dy = (b.y > a.y) - (b.y < a.y), hs = 3 * t + 3;
    for (int k = 0; k <= hs; k++) { /* the head: lines across the direction, shrinking to the tip */
        int cx = b.x - dx * (hs - k), cy = b.y - dy * (hs - k), half = (hs - k) * 2 / 3 + 1;
        draw_line(d, cx - dy * half, cy - dx * half, cx + dy * half, cy + dx * half, c);
    }
}

static SDL_Color mix(SDL_Color a, SDL_Color b) { return (SDL_Color){(a.r + b.r) / 2, (a.g + b.g) / 2, (a.b + b.b) / 2, 255}; }

/* A box: outline (thick and in the accent colour when lit), title on top, caption at the
 * bottom; returns the room left between them for the content. */
static SDL_Rect box(ViewCtx *c, SDL_Rect r, int lit, const char *title, const char *caption) {
    Draw *d = c->d;
    const UiTheme *th = &c->ui->th;
    float s = c->ui->scale;
    int pad = (int)(6 * s), lhn = draw_line_height(d, FONT_NORMAL), lhs = draw_line_height(d, FONT_SMALL);
    draw_fill(d, r, lit ? mix(th->panel, th->bg) : th->panel);
    draw_outline(d, r, lit ? (int)(4 * s) : 1, lit ? th->accent : th->dim);
    draw_text_fit(d, FONT_NORMAL, r.x + pad, r.y + pad, r.w - 2 * pad, lit ? th->accent : th->text, title);
    draw_text_fit(d, FONT_SMALL, r.x + pad, r.y + r.h - pad - lhs, r.w - 2 * pad, th->dim, caption);
    return (SDL_Rect){r.x + pad, r.y + pad + lhn + pad / 2, r.w - 2 * pad, r.h - 2 * pad - lhn - lhs - pad};
}

/* A square image centred in room (side at most room's smaller side). */
static SDL_Rect square(SDL_Rect room, int side) {
    int sd = room.w < room.h ? room.w : room.h;
    if (side > 0 && side < sd) sd = side;
    return (SDL_Rect){room.x + (room.w - sd) / 2, room.y + (room.h - sd) / 2, sd, sd};
}

/* Lines of text in room, SMALL, top-aligned. */
static void lines(Draw *d, SDL_Rect room, SDL_Color col, const char *const *text, int n) {
    int lh = draw_line_height(d, FONT_SMALL);
    for (int i = 0; i < n && (i + 1) * lh <= room.h; i++) draw_text_fit(d, FONT_SMALL, room.x, room.y + i * lh, room.w, col, text[i]);
}

/* Four verdicts as bars of length p, with their values, under label; dim when from the
 * last step, under "kind (last step)". */
static int verdicts(ViewCtx *c, int x, int y, int w, const char *label, const char *kind, const float *p, int n,
                    int lit, int stale) {
    Draw *d = c->d;
    const UiTheme *th = &c->ui->th;
    int lh = draw_line_height(d, FONT_SMALL), vw = draw_text_width(d, FONT_SMALL, "0.00 "), bh = lh - 4;
    SDL_Color col = stale ? th->dim : lit ? th->accent : th->text;
    char head[80];
    if (stale) snprintf(head, sizeof head, "%s (last step)", kind);
    else snprintf(head, sizeof head, "%s", label);
    draw_text_fit(d, FONT_SMALL, x, y, w, col, head);
    y += lh;
    for (int i = 0; i < n; i++, y += lh) {
        char v[16];
        snprintf(v, sizeof v, "%.2f", p[i]);
        draw_text(d, FONT_SMALL, x, y, col, v);
        int bw = w - vw;
        draw_fill(d, (SDL_Rect){x + vw, y + 2, bw, bh}, th->track);
        draw_fill(d, (SDL_Rect){x + vw, y + 2, (int)(bw * p[i] + 0.5f), bh}, stale ? th->dim : col);
    }
    return y;
}

/* The gradient on the fake (d loss / d pixel) as gray: light where G is told to add ink. */
static void push_map(Draw *d, const float *grad, SDL_Rect r) {
    float mx = 1e-12f, px[GS_IMG_SIZE];
    for (int i = 0; i < GS_IMG_SIZE; i++) mx = fmaxf(mx, fabsf(grad[i]));
    for (int i = 0; i < GS_IMG_SIZE; i++) px[i] = 0.5f - 0.5f * grad[i] / mx;
    draw_gray(d, px, 28, 28, r);
}

/* The boxes' places: six columns (noise, G, images, D, verdicts, losses), two rows, and a
 * band above and below for the gradients' paths. */
static void place(Model *v, SDL_Rect dia, int gap, int band) {
    int cw = (dia.w - 5 * gap) / 6, rowh = (dia.h - 2 * band - gap / 2) / 2;
    int yt = dia.y + band, yb = yt + rowh + gap / 2;
#define COL(i) (dia.x + (i) * (cw + gap))
    v->box[B_NOISE] = (SDL_Rect){COL(0), yt, cw, rowh};
    v->box[B_G] = (SDL_Rect){COL(1), yt, cw, rowh};
    v->box[B_FAKE] = (SDL_Rect){COL(2), yt, cw, rowh};
    v->box[B_DATA] = (SDL_Rect){COL(1), yb, cw, rowh};
    v->box[B_REAL] = (SDL_Rect){COL(2), yb, cw, rowh};
    v->box[B_D] = (SDL_Rect){COL(3), yt, cw, yb + rowh - yt};
    v->box[B_VERDICTS] = (SDL_Rect){COL(4), yt, cw, yb + rowh - yt};
    v->box[B_GLOSS] = (SDL_Rect){COL(5), yt, cw, rowh};
    v->box[B_DLOSS] = (SDL_Rect){COL(5), yb, cw, rowh};
#undef COL
}

static SDL_Point right_mid(SDL_Rect r, int y) { return (SDL_Point){r.x + r.w, y}; }
static SDL_Point left_at(SDL_Rect r, int y) { return (SDL_Point){r.x - 1, y}; }

/* The arrows: data forward (text colour), the two updates back (D's and G's colours). */
static void arrows(Model *v, ViewCtx *c, unsigned lit, int band) {
    const UiTheme *th = &c->ui->th;
    Draw *d = c->d;
    float s = c->ui->scale;
    int t = (int)(2 * s) > 1 ? (int)(2 * s) : 1, tl = (int)(5 * s);
    const SDL_Rect *b = v->box;
    int top = b[B_NOISE].y + b[B_NOISE].h / 2, bot = b[B_REAL].y + b[B_REAL].h / 2;
#define FWD(part, p0, p1)                                                                      \
    do {                                                                                       \
        SDL_Point pts[2] = {p0, p1};                                                           \
        path(d, pts, 2, lit & BIT(part) ? tl : t, lit & BIT(part) ? th->accent : th->dim);     \
    } while (0)
    FWD(A_NOISE_G, right_mid(b[B_NOISE], top), left_at(b[B_G], top));
    FWD(A_G_FAKE, right_mid(b[B_G], top), left_at(b[B_FAKE], top));
    FWD(A_DATA_REAL, right_mid(b[B_DATA], bot), left_at(b[B_REAL], bot));
    FWD(A_FAKE_D, right_mid(b[B_FAKE], top), left_at(b[B_D], top));
    FWD(A_REAL_D, right_mid(b[B_REAL], bot), left_at(b[B_D], bot));
    int mid = (top + bot) / 2;
    FWD(A_D_VERDICTS, right_mid(b[B_D], mid), left_at(b[B_VERDICTS], mid));
    FWD(A_VERDICTS_G, right_mid(b[B_VERDICTS], top), left_at(b[B_GLOSS], top));
    FWD(A_VERDICTS_D, right_mid(b[B_VERDICTS], bot), left_at(b[B_DLOSS], bot));
#undef FWD
    int lhs = draw_line_height(d, FONT_SMALL);
    /* D's update: from D's loss, under the boxes, back into D */
    int yd = b[B_DLOSS].y + b[B_DLOSS].h + (int)(8 * s), xl = b[B_DLOSS].x + b[B_DLOSS].w / 2, xd = b[B_D].x + b[B_D].w / 2;
    int on = (lit & BIT(A_GRAD_D)) != 0;
    SDL_Point pd[4] = {{xl, b[B_DLOSS].y + b[B_DLOSS].h}, {xl, yd}, {xd, yd}, {xd, b[B_D].y + b[B_D].h}};
    path(d, pd, 4, on ? tl : t, on ? th->d_color : mix(th->d_color, th->panel));
    draw_text(d, FONT_SMALL, xd + tl + 4, yd + tl, on ? th->d_color : th->dim, "D's update: the gradient of D's loss changes D");
    /* G's update: from G's loss, over the boxes (D's lit with it: the gradient passes
     * through it, which does not change), into G */
    int yg = b[B_GLOSS].y - band + lhs + tl + 2, x5 = b[B_GLOSS].x + b[B_GLOSS].w / 2, xg = b[B_G].x + b[B_G].w / 2;
    on = (lit & BIT(A_GRAD_G)) != 0;
    SDL_Point pg[4] = {{x5, b[B_GLOSS].y}, {x5, yg}, {xg, yg}, {xg, b[B_G].y}};
    path(d, pg, 4, on ? tl : t, on ? th->g_color : mix(th->g_color, th->panel));
    draw_text(d, FONT_SMALL, xg + 4 * tl + 8, yg - lhs - tl / 2, on ? th->g_color : th->dim,
              "G's update: the gradient of G's loss flows back through the frozen D into G");
}

/* A loss: its value (NAN: none yet; dim when from the last step) over three lines of how. */
static void loss_box(ViewCtx *c, SDL_Rect r, int lit, const char *title, const char *caption, float value, int fresh,
                     SDL_Color col, const char *const how[3]) {
    Draw *d = c->d;
    SDL_Rect room = box(c, r, lit, title, caption);
    int lhl = draw_line_height(d, FONT_LARGE);
    if (!isnan(value)) draw_textf(d, FONT_LARGE, room.x, room.y, fresh ? col : c->ui->th.dim, "%.3f", value);
    lines(d, (SDL_Rect){room.x, room.y + lhl, room.w, room.h - lhl}, c->ui->th.dim, how, 3);
}

/* Each box with its live content from the watch w (NULL: not yet). */
static void boxes(Model *v, ViewCtx *c, const GsStepWatch *w, unsigned lit, int shown) {
    const Frame *f = c->f;
    Draw *d = c->d;
    const UiTheme *th = &c->ui->th;
    const GsConfig *cfg = &f->cfg;
    const int batch = gs_config_batch_at(cfg, f->step); /* the next step's: the second phase's after its start */
    char cap[96], l[8][48];
    const char *lp[8];
    for (int i = 0; i < 8; i++) lp[i] = l[i];
    int zdim = w && w->noise_dim > 0 ? w->noise_dim : f->zdim;
    int g_half = w && w->phase >= GS_PHASE_NEW_FAKES; /* the fake is G's new one */
#define LIT(b) ((lit & BIT(b)) != 0)

    snprintf(cap, sizeof cap, "%d values, -1 to 1", zdim);
    SDL_Rect room = box(c, v->box[B_NOISE], LIT(B_NOISE), "Noise z", cap);
    if (w) {
        int side = (int)ceil(sqrt((double)zdim));
        float px[GS_MAX_NOISE_DIM + 32];
        for (int i = 0; i < side * side; i++) px[i] = i < zdim ? 0.5f + 0.5f * w->noise[i] : 0.0f;
        draw_gray(d, px, side, side, square(room, 0));
    }

    room = box(c, v->box[B_G], LIT(B_G), "Generator G", "the counterfeiter");
    snprintf(l[0], 48, "Dense 7x7x%d", cfg->g_dense_c);
    snprintf(l[1], 48, "up x2, ConvT %d", cfg->g_c[0]);
    snprintf(l[2], 48, "up x2, ConvT %d", cfg->g_c[1]);
    snprintf(l[3], 48, "ConvT %d", cfg->g_c[2]);
    snprintf(l[4], 48, "ConvT 1, sigmoid");
    snprintf(l[5], 48, "5x5; BN + ReLU");
    lines(d, room, th->text, lp, 6);

    room = box(c, v->box[B_FAKE], LIT(B_FAKE), g_half ? "A new fake" : "A fake",
               shown == GS_PHASE_G_UPDATE ? "light: add ink" : "G's first of the batch");
    if (w && shown == GS_PHASE_G_UPDATE) { /* the fake and where G is told to change it */
        int half = (room.w - 6) / 2;
        SDL_Rect a = square((SDL_Rect){room.x, room.y, half, room.h}, 0), b = square((SDL_Rect){room.x + half + 6, room.y, half, room.h}, 0);
        draw_gray(d, w->fake, 28, 28, a);
        push_map(d, w->fake_grad, b);
    } else if (w) draw_gray(d, w->fake, 28, 28, square(room, 0));

    room = box(c, v->box[B_REAL], LIT(B_REAL), "A real digit", "drawn at random");
    if (w) draw_gray(d, w->real, 28, 28, square(room, 0));

    snprintf(cap, sizeof cap, "%lld images", (long long)f->data_n);
    room = box(c, v->box[B_DATA], LIT(B_DATA), "Training set", f->data_n ? cap : "the real digits");
    snprintf(l[0], 48, "%s", gs_dataset_name(f->dataset));
    snprintf(l[1], 48, "B = %d real images", batch);
    snprintf(l[2], 48, "per step, with");
    snprintf(l[3], 48, "replacement");
    lines(d, room, th->text, lp, 4);

    room = box(c, v->box[B_D], LIT(B_D), "Discriminator D", "the police");
    for (int i = 0; i < 4; i++) snprintf(l[i], 48, "Conv %d, stride %d", cfg->d_c[i], i < 3 ? 2 : 1);
    snprintf(l[4], 48, "5x5; LeakyReLU,");
    const float rate = gs_config_d_dropout_at(cfg, f->step); /* the second phase turns it on */
    if (rate > 0) snprintf(l[5], 48, "dropout %.1f each", rate);
    else snprintf(l[5], 48, "no dropout");
    snprintf(l[6], 48, "Dense 1, sigmoid");
    lines(d, room, th->text, lp, 7);
    if (shown == GS_PHASE_G_JUDGED || shown == GS_PHASE_G_UPDATE)
        draw_text_fit(d, FONT_SMALL, room.x, room.y + room.h - draw_line_height(d, FONT_SMALL), room.w, th->accent, "frozen: not updated");

    room = box(c, v->box[B_VERDICTS], LIT(B_VERDICTS), "Verdicts", "probability 'real'");
    if (w) {
        int n = batch < GS_WATCH_VERDICTS ? batch : GS_WATCH_VERDICTS, gap = draw_line_height(d, FONT_SMALL) / 2;
        int y = room.y;
        int d_stale = w->phase < GS_PHASE_D_JUDGES, g_stale = w->phase < GS_PHASE_G_JUDGED;
        int d_lit = shown == GS_PHASE_D_JUDGES, g_lit = shown == GS_PHASE_G_JUDGED;
        y = verdicts(c, room.x, y, room.w, "real digits (want 1)", "real", w->d_real, n, d_lit, d_stale) + gap;
        y = verdicts(c, room.x, y, room.w, "fakes (want 0)", "fakes", w->d_fake, n, d_lit, d_stale) + gap;
        verdicts(c, room.x, y, room.w, "new fakes (G: 1)", "new fakes", w->g_fake, n, g_lit, g_stale);
    }

    static const char *const g_how[3] = {"cross-entropy of D's", "verdicts on the new", "fakes against 1"};
    static const char *const d_how[3] = {"cross-entropy: real", "against 1, fakes", "against 0"};
    loss_box(c, v->box[B_GLOSS], LIT(B_GLOSS), "G's loss", "low: fakes pass", w ? w->g_loss : NAN,
             w && w->phase >= GS_PHASE_G_JUDGED, th->g_color, g_how);
    loss_box(c, v->box[B_DLOSS], LIT(B_DLOSS), "D's loss", "low: D tells apart", w ? w->d_loss : NAN,
             w && w->phase >= GS_PHASE_D_JUDGES, th->d_color, d_how);
#undef LIT
}

/* The phase whose boxes are lit and whose sentence shows (-1: none); *running: under way. */
static int shown_phase(const Frame *f, int *running) {
    *running = 0;
    if (f->phase_running >= 0 && (f->slowmo || (f->rate > 0 && f->rate < 2)))
        return *running = 1, f->phase_running; /* a slow step: its phases can be followed */
    if (f->slowmo && f->watch && f->watch->phase >= 0) return f->watch->phase;
    return -1;
}

/* The buttons: slow motion, next phase, automatic, close. */
static void buttons(Model *v, ViewCtx *c, SDL_Rect a, int y, int m) {
    const Frame *f = c->f;
    Ui *ui = c->ui;
    Draw *d = c->d;
    int h = draw_line_height(d, FONT_NORMAL) + (int)(12 * ui->scale), gap = (int)(6 * ui->scale);
    int next = f->watch && f->watch->phase >= 0 ? (f->watch->phase + 1) % GS_PHASE_COUNT : 0;
    char nl[80];
    snprintf(nl, sizeof nl, "Next: %s (Right)", gs_explain_phase(next)->title);
    const char *labels[4] = {"Slow motion", nl, "Auto", "Close (M)"};
    SDL_Rect *r[4] = {&v->slowmo, &v->next, &v->autob, &v->close};
    int x = a.x + a.w - m;
    for (int i = 3; i >= 0; i--) {
        int w = draw_text_width(d, FONT_NORMAL, labels[i]) + (int)(20 * ui->scale);
        for (int p = 0; i == 1 && p < GS_PHASE_COUNT; p++) { /* as wide as the widest, not to jump */
            char t[80];
            snprintf(t, sizeof t, "Next: %s (Right)", gs_explain_phase(p)->title);
            int tw = draw_text_width(d, FONT_NORMAL, t) + (int)(20 * ui->scale);
            if (tw > w) w = tw;
        }
        x -= w;
        *r[i] = (SDL_Rect){x, y, w, h};
        x -= gap;
    }
    if (ui_button(ui, ui_id_str(ui, "slowmo"), v->slowmo, labels[0], f->slowmo,
                  "Pause training and run one step phase by phase (leaving it resumes training)"))
        action_push(c->out, ACT_SLOWMO, !f->slowmo, f->now);
    if (ui_button(ui, ui_id_str(ui, "next"), v->next, labels[1], 0, "Run the next phase of the step (Right or .)")) {
        if (!f->slowmo) action_push(c->out, ACT_SLOWMO, 1, f->now);
        action_push(c->out, ACT_STEP, 3, f->now);
    }
    if (ui_button(ui, ui_id_str(ui, "auto"), v->autob, labels[2], v->auto_on, "In slow motion: the next phase every 1.5 s")) {
        v->auto_on = !v->auto_on, v->auto_at = f->now;
        if (v->auto_on && !f->slowmo) action_push(c->out, ACT_SLOWMO, 1, f->now);
    }
    if (ui_button(ui, ui_id_str(ui, "close"), v->close, labels[3], 0, "Back to the window (M or Esc)"))
        action_push(c->out, ACT_TOGGLE_MODEL, 0, f->now);
}

/* Automatic slow motion: the next phase AUTO_SECONDS after the last one was shown. */
static void auto_step(Model *v, ViewCtx *c) {
    const Frame *f = c->f;
    const GsStepWatch *w = f->watch;
    if (!f->slowmo || !v->auto_on) return;
    if (v->waiting && (!w || (w->step == v->asked_step && w->phase == v->asked_phase) || f->phase_running >= 0)) return;
    if (v->waiting) v->waiting = 0, v->auto_at = f->now + AUTO_SECONDS; /* shown now */
    if (f->now < v->auto_at) return;
    action_push(c->out, ACT_STEP, 3, f->now);
    v->waiting = 1, v->asked_step = w ? w->step : 0, v->asked_phase = w ? w->phase : -1;
}

/* The six phases as chips, the shown one lit, then its sentence in large text. */
static void sentence(Model *v, ViewCtx *c, SDL_Rect r, int shown, int running) {
    const Frame *f = c->f;
    Draw *d = c->d;
    const UiTheme *th = &c->ui->th;
    float s = c->ui->scale;
    int gap = (int)(8 * s), ch = draw_line_height(d, FONT_NORMAL) + (int)(10 * s), cw = (r.w - 5 * gap) / 6;
    for (int p = 0; p < GS_PHASE_COUNT; p++) {
        char t[64];
        snprintf(t, sizeof t, "%d %s", p + 1, gs_explain_phase(p)->title);
        v->chip[p] = (SDL_Rect){r.x + p * (cw + gap), r.y, cw, ch};
        int on = p == shown;
        draw_fill(d, v->chip[p], on ? th->accent : th->button);
        draw_text_fit(d, FONT_NORMAL, v->chip[p].x + (int)(6 * s), r.y + (int)(5 * s), cw - (int)(12 * s),
                      on ? th->bg : th->text, t);
    }
    int y = r.y + ch + gap, lhl = draw_line_height(d, FONT_LARGE), lhn = draw_line_height(d, FONT_NORMAL);
    if (shown < 0) {
        char buf[300];
        if (f->slowmo) snprintf(buf, sizeof buf, "Slow motion: training is paused. Press Next (or Right) to run the first phase of a step.");
        else snprintf(buf, sizeof buf, "Training runs all six phases of a step, %.1f steps a second. Slow motion pauses it and "
                      "runs one phase per click, each explained here.", f->rate);
        wrap(d, FONT_LARGE, r.x, y, r.w, 3, th->text, buf);
        return;
    }
    const GsPhaseText *t = gs_explain_phase(shown);
    char head[96];
    snprintf(head, sizeof head, "%d. %s%s", shown + 1, t->title, running ? " (running...)" : "");
    draw_text(d, FONT_LARGE, r.x, y, th->accent, head);
    y += lhl;
    int n = wrap(d, FONT_LARGE, r.x, y, r.w, 3, th->text, t->picture);
    y += n * lhl + (int)(4 * s);
    wrap(d, FONT_NORMAL, r.x, y, r.w, (r.y + r.h - y) / lhn, th->dim, t->what);
}

static void model_frame(void *self, SDL_Rect a, ViewCtx *c) {
    Model *v = self;
    const Frame *f = c->f;
    if (!f->model) {
        v->auto_on = v->waiting = 0;
        return;
    }
    Draw *d = c->d;
    const UiTheme *th = &c->ui->th;
    float s = c->ui->scale;
    int m = (int)(12 * s), lhl = draw_line_height(d, FONT_LARGE), lhn = draw_line_height(d, FONT_NORMAL);
    draw_fill(d, a, th->bg);
    draw_text(d, FONT_LARGE, a.x + m, a.y + m, th->text, "The model at a glance");
    buttons(v, c, a, a.y + m, m);
    auto_step(v, c);
    char sub[200];
    int64_t step = f->watch && f->watch->phase >= 0 ? f->watch->step : f->step;
    snprintf(sub, sizeof sub, "Step %lld, %s preset, batch %d%s", (long long)step, f->cfg.preset,
             gs_config_batch_at(&f->cfg, step > 0 ? step - 1 : 0),
             f->slowmo ? ", slow motion" : "");
    draw_text_fit(d, FONT_NORMAL, a.x + m, a.y + m + lhl, v->slowmo.x - a.x - 2 * m, th->dim, sub);
    int running, shown = shown_phase(f, &running);
    int sent_h = draw_line_height(d, FONT_NORMAL) + (int)(10 * s) + (int)(8 * s) + 4 * lhl + 2 * lhn + m;
    int top = a.y + m + lhl + lhn + m / 2, band = draw_line_height(d, FONT_SMALL) + (int)(14 * s);
    SDL_Rect dia = {a.x + m, top, a.w - 2 * m, a.y + a.h - m - sent_h - top};
    place(v, dia, (int)(34 * s), band);
    unsigned lit = shown >= 0 ? lit_by_phase[shown] : 0;
    boxes(v, c, f->watch, lit, shown);
    arrows(v, c, lit, band);
    sentence(v, c, (SDL_Rect){a.x + m, a.y + a.h - m - sent_h + m / 2, a.w - 2 * m, sent_h - m / 2}, shown, running);
}

static int model_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Model *v = self;
    const SDL_Rect *one = !strcmp(part, "slowmo") ? &v->slowmo : !strcmp(part, "next") ? &v->next
                        : !strcmp(part, "auto") ? &v->autob : !strcmp(part, "close") ? &v->close : NULL;
    if (one && one->w) return *r = *one, 1;
    if (!strcmp(part, "box") && i >= 0 && i < B_COUNT && v->box[i].w) return *r = v->box[i], 1;
    if (!strcmp(part, "chip") && i >= 0 && i < GS_PHASE_COUNT && v->chip[i].w) return *r = v->chip[i], 1;
    return 0;
}

const ViewClass view_model = {"model", sizeof(Model), SLOT_OVERLAY, NULL, model_frame, NULL, model_locate, NULL};

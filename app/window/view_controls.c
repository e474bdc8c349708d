/* view_controls.c: the control bar: play/pause, step, step D, step G, reset, save, load,
 * preset and data set (restart after the confirmation dialog), real/fake toggle, grid
 * size, screenshot, the model overview, help, and the two learning rates on log-scale
 * sliders. Every button returns an action; the learning rates are this view's own state. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view.h"

typedef struct Controls {
    float lr_log[2];  /* log10 of the D and G learning rates on the sliders */
    uint64_t run;     /* run whose rates they show */
    int x, y, h;      /* the next button's place (during a frame) */
} Controls;

static int controls_init(void *self, uint64_t seed, Infer *infer) {
    (void)seed, (void)infer;
    Controls *k = self;
    k->lr_log[0] = log10f(8e-4f), k->lr_log[1] = log10f(4e-4f);
    return 1;
}

/* A button at the next place, at least w (scaled) wide; key: its id, stable across labels. */
static int button(Controls *k, ViewCtx *c, const char *key, int w, const char *label, int on, const char *tip) {
    Ui *ui = c->ui;
    int bw = (int)(w * ui->scale), tw = draw_text_width(c->d, FONT_NORMAL, label) + (int)(16 * ui->scale);
    if (tw > bw) bw = tw;
    int clicked = ui_button(ui, ui_id_str(ui, key), (SDL_Rect){k->x, k->y, bw, k->h}, label, on, tip);
    k->x += bw + (int)(4 * ui->scale);
    return clicked;
}

static void buttons(Controls *k, ViewCtx *c) {
    const Frame *f = c->f;
    Actions *o = c->out;
    double now = f->now;
    /* a small gap between groups: the bar, with the learning rates, fits one row at 1280
     * (a screenshot is F12, a key only, to leave the room to the teaching buttons) */
    int m = (int)(4 * c->ui->scale);
    if (button(k, c, "play", 70, f->paused ? "Play" : "Pause", 0, "Run or pause training (Space)"))
        action_push(o, ACT_PLAY_PAUSE, 0, now);
    if (button(k, c, "step", 56, "Step", 0, "One training step: D then G (S)")) action_push(o, ACT_STEP, 0, now);
    if (button(k, c, "step d", 64, "Step D", 0, "Train only the discriminator once (D)")) action_push(o, ACT_STEP, 1, now);
    if (button(k, c, "step g", 64, "Step G", 0, "Train only the generator once (G)")) action_push(o, ACT_STEP, 2, now);
    k->x += m;
    if (button(k, c, "reset", 60, "Reset", 0, "Start again from new random weights")) {
        Action *a = action_push(o, ACT_RESET, 0, now);
        if (a) a->u = (uint64_t)SDL_GetPerformanceCounter() % 1000000;
    }
    if (button(k, c, "save", 54, "Save", 0, "Save a checkpoint (Ctrl+S)")) action_push(o, ACT_SAVE, 0, now);
    if (button(k, c, "load", 54, "Load", 0, "Load the checkpoint (Ctrl+O)")) action_push(o, ACT_LOAD, 0, now);
    k->x += m;
    int keras = !strcmp(f->cfg.preset, "keras"), fashion = f->dataset == GS_DATASET_FASHION;
    Action *a = NULL;
    if (button(k, c, "preset", 52, keras ? "keras" : "fast", 0,
               keras ? "Model preset keras (the tutorial's); click to restart with fast"
                     : "Model preset fast; click to restart with keras (the tutorial's, slower)") &&
        (a = action_push(o, ACT_ASK_RESTART, 0, now)))
        snprintf(a->text, sizeof a->text, "%s", keras ? "fast" : "keras"), a->ds = f->dataset;
    if (button(k, c, "dataset", 64, fashion ? "Fashion" : "MNIST", 0,
               fashion ? "Training on Fashion-MNIST; click to restart on MNIST digits"
                       : "Training on MNIST digits; click to restart on Fashion-MNIST") &&
        (a = action_push(o, ACT_ASK_RESTART, 0, now)))
        snprintf(a->text, sizeof a->text, "%s", keras ? "keras" : "fast"), a->ds = fashion ? GS_DATASET_MNIST : GS_DATASET_FASHION;
    k->x += m;
    if (button(k, c, "real", 54, "Real", f->show_real, "Show real training digits in the grid (R)"))
        action_push(o, ACT_TOGGLE_REAL, 0, now);
    if (button(k, c, "labels", 54, "Judge", f->labels, "The judge's digit and confidence under each tile (J)"))
        action_push(o, ACT_TOGGLE_LABELS, 0, now);
    if (button(k, c, "fewer", 28, "-", 0, "Fewer grid tiles") && f->grid_side > 4) action_push(o, ACT_GRID_SIDE, -1, now);
    if (button(k, c, "more", 28, "+", 0, "More grid tiles") && f->grid_side < 10) action_push(o, ACT_GRID_SIDE, 1, now);
    if (button(k, c, "break", 70, "Break it", f->scenarios, "Break-it scenarios: runs set up to fail on purpose (B)"))
        action_push(o, ACT_TOGGLE_SCENARIOS, 0, now);
    if (button(k, c, "model", 54, "Model", f->model, "The model at a glance: one training step, phase by phase (M)"))
        action_push(o, ACT_TOGGLE_MODEL, 0, now);
    if (button(k, c, "help", 28, "?", f->help, "Keyboard shortcuts (H)")) action_push(o, ACT_TOGGLE_HELP, 0, now);
}

/* The learning rates, right-aligned, narrower when the buttons need the room; with no
 * room at all (projector mode, a narrow window) a second row, from the next frame on. */
static void rates(Controls *k, SDL_Rect r, ViewCtx *c) {
    Ui *ui = c->ui;
    float s = ui->scale;
    int rows = c->f->control_rows > 1 ? 2 : 1, m = (int)(8 * s), y = k->y, h = k->h;
    int sw = (int)(130 * s), lw = draw_text_width(c->d, FONT_SMALL, "lr G 0.00000 ");
    int rx = r.w - m - 2 * (sw + lw + m), x = k->x;
    if (rows == 1 && rx < x + m) {
        sw -= (x + m - rx + 1) / 2;
        if (sw < (int)(50 * s)) sw = (int)(50 * s);
        rx = r.w - m - 2 * (sw + lw + m);
    }
    int want = rows == 1 ? (rx < x + m ? 2 : 1) : (r.w - m - 2 * ((int)(130 * s) + lw + m) >= x + m ? 1 : 2);
    if (want != rows) action_push(c->out, ACT_CONTROL_ROWS, want, c->f->now);
    if (rows == 2) rx = m, y += h + 2 * m;
    static const char *const name[2] = {"lr D", "lr G"};
    static const char *const tip[2] = {"Discriminator learning rate (log scale), applied live",
                                       "Generator (adversarial) learning rate (log scale), applied live"};
    for (int i = 0; i < 2; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%s %.5f", name[i], pow(10, k->lr_log[i]));
        int th = draw_line_height(c->d, FONT_SMALL);
        draw_text(c->d, FONT_SMALL, rx, y + (h - th) / 2, ui->th.text, buf);
        if (ui_slider(ui, ui_id_str(ui, name[i]), (SDL_Rect){rx + lw, y, sw, h}, &k->lr_log[i], -5.0f, -2.0f, tip[i])) {
            Action *a = action_push(c->out, ACT_SET_LR, 0, c->f->now);
            if (a) a->f[0] = powf(10, k->lr_log[0]), a->f[1] = powf(10, k->lr_log[1]);
        }
        rx += lw + sw + m;
    }
}

static void controls_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Controls *k = self;
    const Frame *f = c->f;
    if (f->have_snap && f->run != k->run) { /* a new run: the sliders follow its rates */
        k->lr_log[0] = log10f(f->has_metrics && f->metrics.lr_d > 0 ? f->metrics.lr_d : f->cfg.lr_d);
        k->lr_log[1] = log10f(f->has_metrics && f->metrics.lr_g > 0 ? f->metrics.lr_g : f->cfg.lr_g);
        /* a continued run shows its configured rates until its first step reports the ones
         * in use (a rate set in the window before it was saved); a new one has them now */
        if (f->has_metrics || f->step == 0) k->run = f->run;
    }
    draw_fill(c->d, r, c->ui->th.panel);
    int rows = f->control_rows > 1 ? 2 : 1, m = (int)(8 * c->ui->scale);
    k->x = m, k->y = r.y + m, k->h = r.h / rows - 2 * m;
    buttons(k, c);
    rates(k, r, c);
}

/* Learning rates set elsewhere (the doctor's remedy) move the sliders too. */
static void controls_apply(void *self, const Action *a, ViewCtx *c) {
    Controls *k = self;
    (void)c;
    if (a->kind == ACT_SET_LR && a->f[0] > 0 && a->f[1] > 0) k->lr_log[0] = log10f(a->f[0]), k->lr_log[1] = log10f(a->f[1]);
}

const ViewClass view_controls = {"controls", sizeof(Controls), SLOT_TOP, controls_init, controls_frame, controls_apply, NULL, NULL};

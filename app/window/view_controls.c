/* view_controls.c: the control bar: play/pause, step, step D, step G, reset, save, load,
 * preset and data set (restart after the confirmation dialog, also here), real/fake toggle, grid size, screenshot, help, and the two learning rates on log-scale sliders. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"

enum { ID_PLAY = 1, ID_STEP, ID_STEP_D, ID_STEP_G, ID_RESET, ID_SAVE, ID_LOAD, ID_REAL, ID_LESS,
       ID_MORE, ID_SHOT, ID_HELP, ID_LR_D, ID_LR_G, ID_PRESET, ID_DATASET, ID_YES, ID_NO };

/* A button at *x, advancing *x past it. */
static int button(App *a, int id, int *x, int y, int w, int h, const char *label, int on, const char *tip) {
    int bw = (int)(w * a->ui.scale), tw = draw_text_width(&a->draw, FONT_NORMAL, label) + (int)(16 * a->ui.scale);
    if (tw > bw) bw = tw;
    int clicked = ui_button(&a->ui, id, (SDL_Rect){*x, y, bw, h}, label, on, tip);
    *x += bw + (int)(4 * a->ui.scale);
    return clicked;
}

void view_controls(App *a) {
    Ui *ui = &a->ui;
    Layout *L = &a->lay;
    float s = ui->scale;
    draw_fill(&a->draw, L->top, ui->th.panel);
    int rows = a->top_rows > 1 ? 2 : 1;
    int m = (int)(8 * s), h = L->top.h / rows - 2 * m, x = m, y = L->top.y + m;
#define BTN(id, label, w, on, tip) button(a, id, &x, y, w, h, label, on, tip)
    if (BTN(ID_PLAY, a->paused ? "Play" : "Pause", 70, 0, "Run or pause training (Space)")) {
        a->paused = !a->paused;
        if (a->trainer) trainer_set_running(a->trainer, !a->paused);
    }
    if (BTN(ID_STEP, "Step", 56, 0, "One training step: D then G (S)") && a->trainer)
        trainer_step(a->trainer, TRAINER_REQ_STEP);
    if (BTN(ID_STEP_D, "Step D", 64, 0, "Train only the discriminator once (D)") && a->trainer)
        trainer_step(a->trainer, TRAINER_REQ_STEP_D);
    if (BTN(ID_STEP_G, "Step G", 64, 0, "Train only the generator once (G)") && a->trainer)
        trainer_step(a->trainer, TRAINER_REQ_STEP_G);
    x += m;
    if (BTN(ID_RESET, "Reset", 60, 0, "Start again from new random weights") && a->trainer) {
        uint64_t seed = (uint64_t)SDL_GetPerformanceCounter() % 1000000;
        trainer_reset(a->trainer, seed);
        app_message(a, 0, "resetting with seed %llu...", (unsigned long long)seed);
    }
    if (BTN(ID_SAVE, "Save", 54, 0, "Save a checkpoint (Ctrl+S)") && a->trainer) {
        trainer_save(a->trainer, a->ckpt_path);
        app_message(a, 0, "saving %s...", a->ckpt_path);
    }
    if (BTN(ID_LOAD, "Load", 54, 0, "Load the checkpoint (Ctrl+O)") && a->trainer) {
        trainer_load(a->trainer, a->ckpt_path);
        app_message(a, 0, "loading %s...", a->ckpt_path);
    }
    x += m;
    int keras = !strcmp(a->cfg.preset, "keras");
    if (BTN(ID_PRESET, keras ? "keras" : "fast", 52, 0,
            keras ? "Model preset keras (the tutorial's); click to restart with fast"
                  : "Model preset fast; click to restart with keras (the tutorial's, slower)"))
        app_ask_restart(a, keras ? "fast" : "keras", a->dataset);
    int fashion = a->dataset == GS_DATASET_FASHION;
    if (BTN(ID_DATASET, fashion ? "Fashion" : "MNIST", 64, 0,
            fashion ? "Training on Fashion-MNIST; click to restart on MNIST digits"
                    : "Training on MNIST digits; click to restart on Fashion-MNIST"))
        app_ask_restart(a, keras ? "keras" : "fast", fashion ? GS_DATASET_MNIST : GS_DATASET_FASHION);
    x += m;
    if (BTN(ID_REAL, "Real", 54, a->show_real, "Show real training digits in the grid (R)"))
        a->show_real = !a->show_real;
    if (BTN(ID_LESS, "-", 28, 0, "Fewer grid tiles") && a->grid_side > 4) a->grid_side--, app_start_views(a);
    if (BTN(ID_MORE, "+", 28, 0, "More grid tiles") && a->grid_side < 10) a->grid_side++, app_start_views(a);
    if (BTN(ID_SHOT, "PNG", 44, 0, "Save a screenshot of the window as PNG in the run's directory (F12)"))
        app_request_screenshot(a);
    if (BTN(ID_HELP, "?", 28, a->help, "Keyboard shortcuts (H)")) a->help = !a->help;
#undef BTN
    /* learning rates, right-aligned, sliders narrower when the buttons need the room */
    int sw = (int)(130 * s), lw = draw_text_width(&a->draw, FONT_SMALL, "lr G 0.00000 ");
    int rx = L->top.w - m - 2 * (sw + lw + m);
    if (rows == 1 && rx < x + m) {
        sw -= (x + m - rx + 1) / 2;
        if (sw < (int)(50 * s)) sw = (int)(50 * s);
        rx = L->top.w - m - 2 * (sw + lw + m);
    }
    /* no room beside the buttons (projector mode, a narrow window): a second row, from the
     * next frame's layout on; back to one row when it would fit at full width */
    int want = rows == 1 ? (rx < x + m ? 2 : 1) : (L->top.w - m - 2 * ((int)(130 * s) + lw + m) >= x + m ? 1 : 2);
    if (want != rows) a->top_rows = want, a->dirty = 1;
    if (rows == 2) rx = m, y += h + 2 * m;
    float *v[2] = {&a->lr_d_log, &a->lr_g_log};
    const char *name[2] = {"lr D", "lr G"};
    const char *tip[2] = {"Discriminator learning rate (log scale), applied live",
                          "Generator (adversarial) learning rate (log scale), applied live"};
    for (int i = 0; i < 2; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%s %.5f", name[i], pow(10, *v[i]));
        int th = draw_line_height(&a->draw, FONT_SMALL);
        draw_text(&a->draw, FONT_SMALL, rx, y + (h - th) / 2, ui->th.text, buf);
        if (ui_slider(ui, ID_LR_D + i, (SDL_Rect){rx + lw, y, sw, h}, v[i], -5.0f, -2.0f, tip[i]) && a->trainer)
            trainer_set_lr(a->trainer, powf(10, a->lr_d_log), powf(10, a->lr_g_log));
        rx += lw + sw + m;
    }
}

/* The modal "restart training?" dialog over everything; Enter / Esc answer it too. */
void view_confirm(App *a) {
    Ui *ui = &a->ui;
    Draw *d = &a->draw;
    int w, h;
    SDL_GetRendererOutputSize(a->r, &w, &h);
    draw_fill(d, (SDL_Rect){0, 0, w, h}, (SDL_Color){0, 0, 0, 150});
    char q[128];
    snprintf(q, sizeof q, "Restart training with preset %s on %s?", a->confirm_preset,
             a->confirm_dataset == GS_DATASET_FASHION ? "Fashion-MNIST" : "MNIST");
    const char *note = "New weights: the current ones and the graphs are dropped (Ctrl+S saves first).";
    int lh = draw_line_height(d, FONT_NORMAL), pad = lh;
    int tw = draw_text_width(d, FONT_LARGE, q), nw = draw_text_width(d, FONT_NORMAL, note);
    int bw = (tw > nw ? tw : nw) + 2 * pad, bh = draw_line_height(d, FONT_LARGE) + 4 * lh + 2 * pad;
    SDL_Rect box = {(w - bw) / 2, (h - bh) / 2, bw, bh};
    draw_fill(d, box, ui->th.panel);
    draw_outline(d, box, 2, ui->th.accent);
    draw_text(d, FONT_LARGE, box.x + pad, box.y + pad, ui->th.text, q);
    draw_text(d, FONT_NORMAL, box.x + pad, box.y + pad + draw_line_height(d, FONT_LARGE) + lh / 2, ui->th.dim, note);
    int btn_w = draw_text_width(d, FONT_NORMAL, "Restart") + 2 * lh, btn_h = lh + lh / 2;
    a->confirm_no = (SDL_Rect){box.x + box.w - pad - btn_w, box.y + box.h - pad - btn_h, btn_w, btn_h};
    a->confirm_yes = (SDL_Rect){a->confirm_no.x - lh / 2 - btn_w, a->confirm_no.y, btn_w, btn_h};
    if (ui_button(ui, ID_YES, a->confirm_yes, "Restart", 1, "Restart training now (Enter)")) app_answer_restart(a, 1);
    else if (ui_button(ui, ID_NO, a->confirm_no, "Cancel", 0, "Keep training as it is (Esc)")) app_answer_restart(a, 0);
}

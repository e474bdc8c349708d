/* view_controls.c: the control bar: play/pause, step, step D, step G, reset, save, load,
 * real/fake toggle, grid size, screenshot, help, and the two learning rates on log-scale sliders. */
#include <math.h>
#include <stdio.h>

#include "app.h"

enum { ID_PLAY = 1, ID_STEP, ID_STEP_D, ID_STEP_G, ID_RESET, ID_SAVE, ID_LOAD, ID_REAL, ID_LESS,
       ID_MORE, ID_SHOT, ID_HELP, ID_LR_D, ID_LR_G };

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
    int m = (int)(8 * s), h = L->top.h - 2 * m, x = m, y = L->top.y + m;
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
    if (BTN(ID_REAL, "Real", 54, a->show_real, "Show real training digits in the grid (R)"))
        a->show_real = !a->show_real;
    if (BTN(ID_LESS, "-", 28, 0, "Fewer grid tiles") && a->grid_side > 4) a->grid_side--, app_start_views(a);
    if (BTN(ID_MORE, "+", 28, 0, "More grid tiles") && a->grid_side < 10) a->grid_side++, app_start_views(a);
    if (BTN(ID_SHOT, "PNG", 44, 0, "Save a screenshot of the window as PNG in the run's directory (F12)"))
        app_request_screenshot(a);
    if (BTN(ID_HELP, "?", 28, a->help, "Keyboard shortcuts (H)")) a->help = !a->help;
#undef BTN
    /* learning rates, right-aligned */
    int sw = (int)(130 * s), lw = draw_text_width(&a->draw, FONT_SMALL, "lr G 0.00000 ");
    int rx = L->top.w - m - 2 * (sw + lw + m);
    if (rx < x + m) rx = x + m;
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

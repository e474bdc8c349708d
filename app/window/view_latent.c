/* view_latent.c: the latent explorer: every noise value as a compact slider, a large
 * preview of what the generator makes of the vector (following the drag, computed off the
 * render thread), and Random / Zero buttons. The vector stays put while training goes on. */
#include <stdio.h>

#include "app.h"

void view_latent(App *a) {
    Ui *ui = &a->ui;
    Layout *L = &a->lay;
    Draw *d = &a->draw;
    draw_fill(d, L->latent, ui->th.panel);
    draw_text(d, FONT_NORMAL, L->latent.x + 8, L->latent.y + 2, ui->th.text, "Latent explorer");
    if (a->z_shown) draw_gray(d, a->preview, 28, 28, L->preview);
    else draw_fill(d, L->preview, ui->th.bg);
    float p = a->preview_verdict;
    char buf[64];
    snprintf(buf, sizeof buf, "D: %.0f%% real", a->z_shown ? 100 * p : 0);
    int by = L->preview.y + L->preview.h + 6, bh = draw_line_height(d, FONT_NORMAL) + 8;
    int bx = L->latent.x + 8, bw = (int)(70 * ui->scale);
    double now = a->ui.now;
    if (ui_button(ui, 300, (SDL_Rect){bx, by, bw, bh}, "Random", 0, "A new random vector")) {
        for (int i = 0; i < a->zdim; i++) {
            uint64_t x = a->rng_state;
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            a->rng_state = x;
            a->z[i] = (float)((x >> 40) / (double)(1 << 24)) * 2.0f - 1.0f;
        }
        app_set_z(a, 0, a->z[0], now);
    }
    if (ui_button(ui, 301, (SDL_Rect){bx + bw + 6, by, bw, bh}, "Zero", 0, "All noise values to 0")) {
        for (int i = 0; i < a->zdim; i++) a->z[i] = 0;
        app_set_z(a, 0, 0, now);
    }
    draw_text(d, FONT_NORMAL, bx + 2 * bw + 18, by + 4, ui->th.dim, buf);
    /* the sliders apart from the preview, which changes with every snapshot */
    SDL_Rect sl = {L->latent.x, L->zslider[0].y, L->latent.w, L->latent.y + L->latent.h - L->zslider[0].y};
    draw_region(d, sl, ui->th.panel);
    static char tips[INFER_MAX_Z][48];
    for (int i = 0; i < a->zdim; i++) {
        snprintf(tips[i], sizeof tips[i], "noise value %d: %+.2f", i + 1, a->z[i]);
        float v = a->z[i];
        if (ui_vslider(ui, 1000 + i, L->zslider[i], &v, -1.0f, 1.0f, tips[i])) app_set_z(a, i, v, now);
    }
}

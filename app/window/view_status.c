/* view_status.c: the status line (step, epoch, steps/s, elapsed, images seen, the last
 * message) and the help overlay listing every shortcut. */
#include <stdio.h>

#include "app.h"

void view_status(App *a) {
    Ui *ui = &a->ui;
    SDL_Rect r = a->lay.status;
    draw_fill(&a->draw, r, ui->th.panel);
    int x = (int)(10 * ui->scale), y = r.y + (r.h - draw_line_height(&a->draw, FONT_NORMAL)) / 2;
    const char *state = !a->trainer ? "no trainer" : a->paused ? "paused" : "training";
    double epoch = a->data_n > 0 ? (double)a->images_seen / a->data_n : 0;
    int sec = (int)a->train_seconds;
    x += draw_textf(&a->draw, FONT_NORMAL, x, y, a->paused ? ui->th.accent : ui->th.text,
                    "%s  ", state);
    /* slow presets read better as seconds per step */
    char speed[32];
    double rate = a->paused ? 0.0 : a->rate;
    if (rate > 0.0 && rate < 1.0) snprintf(speed, sizeof speed, "%.1f s/step", 1.0 / rate);
    else snprintf(speed, sizeof speed, "%.1f steps/s", rate);
    x += draw_textf(&a->draw, FONT_NORMAL, x, y, ui->th.text,
                    "step %lld   epoch %.2f   %s   elapsed %d:%02d:%02d   images %lld   preset %s, batch %d   ",
                    (long long)a->step, epoch, speed, sec / 3600, sec / 60 % 60, sec % 60,
                    (long long)a->images_seen, a->cfg.preset, a->cfg.batch);
    double now = SDL_GetTicks() / 1000.0;
    if (a->msg[0] && (a->msg_error || now - a->msg_time < 8)) {
        /* a message longer than the room left ends in "...": hovering shows it whole */
        int room = r.w - x - (int)(10 * ui->scale);
        if (draw_text_width(&a->draw, FONT_NORMAL, a->msg) > room &&
            ui_hit(ui, (SDL_Rect){x, r.y, r.w - x, r.h}))
            ui->hot = 900, ui->tip = a->msg;
        draw_text_fit(&a->draw, FONT_NORMAL, x, y, room,
                      a->msg_error ? (SDL_Color){255, 120, 100, 255} : ui->th.dim, a->msg);
    }
}

void view_help(App *a) {
    static const char *keys[][2] = {
        {"Space", "play / pause training"},
        {"S", "one training step"},
        {"D / G", "step only the discriminator / only the generator"},
        {"Ctrl+S / Ctrl+O", "save / load the checkpoint"},
        {"R", "real training digits in the grid"},
        {"click a tile", "take its noise vector into the explorer"},
        {"click a strip frame", "take its vector between A and B into the explorer"},
        {"click a graph", "smoothing on / off"},
        {"F12", "save a screenshot (PNG in the run's directory)"},
        {"+ / -", "scale the interface"},
        {"F11", "fullscreen"},
        {"P", "projector mode (large text, high contrast)"},
        {"H or ?", "this help"},
        {"Enter / Esc", "restart / cancel in the preset or data set dialog"},
        {"Esc", "close help, or quit"},
    };
    int n = (int)(sizeof keys / sizeof *keys);
    int w, h;
    SDL_GetRendererOutputSize(a->r, &w, &h);
    draw_fill(&a->draw, (SDL_Rect){0, 0, w, h}, (SDL_Color){0, 0, 0, 170});
    int lh = draw_line_height(&a->draw, FONT_NORMAL), kw = 0, dw = 0;
    for (int i = 0; i < n; i++) {
        int k = draw_text_width(&a->draw, FONT_NORMAL, keys[i][0]), d = draw_text_width(&a->draw, FONT_NORMAL, keys[i][1]);
        if (k > kw) kw = k;
        if (d > dw) dw = d;
    }
    int pad = 2 * lh, gap = lh, bh = (n + 2) * lh + 2 * pad, bw = kw + gap + dw + 2 * pad;
    SDL_Rect box = {(w - bw) / 2, (h - bh) / 2, bw, bh};
    draw_fill(&a->draw, box, a->ui.th.panel);
    draw_outline(&a->draw, box, 2, a->ui.th.accent);
    draw_text(&a->draw, FONT_LARGE, box.x + pad, box.y + pad / 2, a->ui.th.text, "Keyboard and mouse");
    for (int i = 0; i < n; i++) {
        int y = box.y + pad + (i + 2) * lh;
        draw_text(&a->draw, FONT_NORMAL, box.x + pad, y, a->ui.th.accent, keys[i][0]);
        draw_text(&a->draw, FONT_NORMAL, box.x + pad + kw + gap, y, a->ui.th.text, keys[i][1]);
    }
}

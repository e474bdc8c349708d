/* view_status.c: the status line: step, epoch, steps/s, elapsed, images seen, the last
 * message (errors stay, others fade after 8 s). */
#include <stdio.h>

#include "gs_scenario.h"
#include "view.h"

static void status_frame(void *self, SDL_Rect r, ViewCtx *c) {
    (void)self;
    const Frame *f = c->f;
    Ui *ui = c->ui;
    draw_fill(c->d, r, ui->th.panel);
    int x = (int)(10 * ui->scale), y = r.y + (r.h - draw_line_height(c->d, FONT_NORMAL)) / 2;
    const char *state = !f->has_trainer ? "no trainer" : f->paused ? "paused" : "training";
    /* a scenario limited to a few real digits counts its epochs over those (200 digits seen
     * a hundred times over is what lets the police memorise them) */
    const GsScenario *sc = gs_scenario_find(f->cfg.preset);
    int64_t set_n = sc && sc->limit > 0 && (f->data_n <= 0 || sc->limit < f->data_n) ? sc->limit : f->data_n;
    double epoch = set_n > 0 ? (double)f->images_seen / set_n : 0;
    char on[48] = "";
    if (set_n != f->data_n) snprintf(on, sizeof on, " on %lld digits", (long long)set_n);
    int sec = (int)f->train_seconds;
    x += draw_textf(c->d, FONT_NORMAL, x, y, f->paused ? ui->th.accent : ui->th.text, "%s  ", state);
    /* slow presets read better as seconds per step */
    char speed[32];
    double rate = f->paused ? 0.0 : f->rate;
    if (rate > 0.0 && rate < 1.0) snprintf(speed, sizeof speed, "%.1f s/step", 1.0 / rate);
    else snprintf(speed, sizeof speed, "%.1f steps/s", rate);
    x += draw_textf(c->d, FONT_NORMAL, x, y, ui->th.text,
                    "step %lld   epoch %.2f   %s   elapsed %d:%02d:%02d   images %lld   %s %s, batch %d%s   ",
                    (long long)f->step, epoch, speed, sec / 3600, sec / 60 % 60, sec % 60, (long long)f->images_seen,
                    sc ? "break-it scenario" : "preset", f->cfg.preset, gs_config_batch_at(&f->cfg, f->step), on);
    if (f->msg && f->msg[0] && (f->msg_error || f->msg_age < 8)) {
        /* a message longer than the room left ends in "...": hovering shows it whole */
        int room = r.w - x - (int)(10 * ui->scale);
        if (draw_text_width(c->d, FONT_NORMAL, f->msg) > room && ui_hit(ui, (SDL_Rect){x, r.y, r.w - x, r.h}))
            ui->hot = ui_id_str(ui, "message"), ui->tip = f->msg;
        draw_text_fit(c->d, FONT_NORMAL, x, y, room, f->msg_error ? UI_ERROR_TEXT : ui->th.dim, f->msg);
    }
}

const ViewClass view_status = {"status", 0, SLOT_STATUS, NULL, status_frame, NULL, NULL, NULL};

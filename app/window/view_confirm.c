/* view_confirm.c: the modal "restart training?" dialog over everything, open while the
 * frame says so (ACT_ASK_RESTART); its buttons answer with ACT_ANSWER_RESTART (Enter and
 * Esc do too, as keys). */
#include <stdio.h>
#include <string.h>

#include "gs_scenario.h"
#include "view.h"

typedef struct Confirm {
    SDL_Rect yes, no; /* its buttons, laid out when drawn */
} Confirm;

static void confirm_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Confirm *k = self;
    const Frame *f = c->f;
    Ui *ui = c->ui;
    Draw *d = c->d;
    if (!f->confirm) {
        k->yes.w = k->no.w = 0;
        return;
    }
    draw_fill(d, r, (SDL_Color){0, 0, 0, 150});
    char q[128];
    snprintf(q, sizeof q, "Restart training with %s %s on %s?", gs_scenario_find(f->confirm_preset) ? "the scenario" : "preset",
             f->confirm_preset, f->confirm_dataset == GS_DATASET_FASHION ? "Fashion-MNIST" : "MNIST");
    const char *note = gs_scenario_find(f->confirm_preset)
                           ? "The run so far is saved first; then the scenario starts from new weights."
                           : "The run so far is saved first; then it starts over (or continues that one's saved run).";
    int lh = draw_line_height(d, FONT_NORMAL), pad = lh;
    int tw = draw_text_width(d, FONT_LARGE, q), nw = draw_text_width(d, FONT_NORMAL, note);
    int bw = (tw > nw ? tw : nw) + 2 * pad, bh = draw_line_height(d, FONT_LARGE) + 4 * lh + 2 * pad;
    SDL_Rect box = {r.x + (r.w - bw) / 2, r.y + (r.h - bh) / 2, bw, bh};
    draw_fill(d, box, ui->th.panel);
    draw_outline(d, box, 2, ui->th.accent);
    draw_text(d, FONT_LARGE, box.x + pad, box.y + pad, ui->th.text, q);
    draw_text(d, FONT_NORMAL, box.x + pad, box.y + pad + draw_line_height(d, FONT_LARGE) + lh / 2, ui->th.dim, note);
    int answer = ui_dialog_buttons(ui, box, pad, "Restart", "Cancel", "Restart training now (Enter)",
                                   "Keep training as it is (Esc)", &k->yes, &k->no);
    if (answer >= 0) action_push(c->out, ACT_ANSWER_RESTART, answer, f->now);
}

static int confirm_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Confirm *k = self;
    (void)i;
    return ui_dialog_part(k->yes, k->no, part, r);
}

const ViewClass view_confirm = {"confirm", sizeof(Confirm), SLOT_OVERLAY, NULL, confirm_frame, NULL, confirm_locate, NULL};

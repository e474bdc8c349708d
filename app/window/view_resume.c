/* view_resume.c: the modal dialog on start when the run directory holds a saved run:
 * "Continue" (Enter) or "Start over" (N), with the run's step count and age. Its answer
 * is ACT_ANSWER_RESUME; the trainer stays paused until then. */
#include <stdio.h>
#include <string.h>

#include "view.h"

typedef struct Resume {
    SDL_Rect yes, no; /* its buttons, laid out when drawn */
} Resume;

/* "3 minutes", "2 hours", "5 days" */
static void age_text(double s, char *out, size_t size) {
    static const struct { double sec; const char *unit; } u[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}};
    for (int i = 0; i < 3; i++)
        if (s >= u[i].sec) {
            long n = (long)(s / u[i].sec);
            snprintf(out, size, "%ld %s%s ago", n, u[i].unit, n == 1 ? "" : "s");
            return;
        }
    snprintf(out, size, "just now");
}

static void resume_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Resume *k = self;
    const Frame *f = c->f;
    Ui *ui = c->ui;
    Draw *d = c->d;
    if (!f->resume_offer) {
        k->yes.w = k->no.w = 0;
        return;
    }
    draw_fill(d, r, (SDL_Color){0, 0, 0, 150});
    char q[96], age[48], note[1200];
    age_text(f->resume_age, age, sizeof age);
    snprintf(q, sizeof q, "Continue the saved run?");
    snprintf(note, sizeof note, "Preset %s, step %lld, saved %s.", f->cfg.preset, (long long)f->resume_step, age);
    const char *where = f->run_dir && f->run_dir[0] ? f->run_dir : "";
    const char *hint = "Start over trains new weights; they replace the saved run at the next autosave.";
    int lh = draw_line_height(d, FONT_NORMAL), pad = lh, lg = draw_line_height(d, FONT_LARGE);
    int tw = draw_text_width(d, FONT_LARGE, q), w1 = draw_text_width(d, FONT_NORMAL, note);
    int w2 = draw_text_width(d, FONT_NORMAL, where), w3 = draw_text_width(d, FONT_NORMAL, hint);
    /* the saved run's data, when it is not the window's: a warning line before the hint */
    const char *other = f->resume_data && f->resume_data[0] ? f->resume_data : NULL;
    int w4 = other ? draw_text_width(d, FONT_NORMAL, other) : 0;
    int bw = tw > w1 ? tw : w1;
    bw = bw > w2 ? bw : w2;
    bw = bw > w4 ? bw : w4;
    bw = (bw > w3 ? bw : w3) + 2 * pad;
    if (bw > r.w - 2 * lh) bw = r.w - 2 * lh; /* a long path is clipped, not the box */
    int bh = lg + 3 * lh + lh / 2 + lh + lh / 2 + lh + 2 * pad + (other ? lh : 0);
    SDL_Rect box = {r.x + (r.w - bw) / 2, r.y + (r.h - bh) / 2, bw, bh};
    draw_fill(d, box, ui->th.panel);
    draw_outline(d, box, 2, ui->th.accent);
    int y = box.y + pad;
    draw_text(d, FONT_LARGE, box.x + pad, y, ui->th.text, q);
    y += lg + lh / 2;
    draw_text_fit(d, FONT_NORMAL, box.x + pad, y, box.w - 2 * pad, ui->th.text, note);
    y += lh;
    draw_text_fit(d, FONT_NORMAL, box.x + pad, y, box.w - 2 * pad, ui->th.dim, where);
    y += lh;
    if (other) {
        draw_text_fit(d, FONT_NORMAL, box.x + pad, y, box.w - 2 * pad, UI_ERROR_TEXT, other);
        y += lh;
    }
    draw_text_fit(d, FONT_NORMAL, box.x + pad, y, box.w - 2 * pad, ui->th.dim, hint);
    int answer = ui_dialog_buttons(ui, box, pad, "Continue", "Start over", "Go on training the saved run (Enter)",
                                   "New weights from the seed (N)", &k->yes, &k->no);
    if (answer >= 0) action_push(c->out, ACT_ANSWER_RESUME, answer, f->now);
}

static int resume_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Resume *k = self;
    (void)i;
    return ui_dialog_part(k->yes, k->no, part, r);
}

const ViewClass view_resume = {"resume", sizeof(Resume), SLOT_OVERLAY, NULL, resume_frame, NULL, resume_locate, NULL};

/* view_doctor.c: the training doctor's banner: while a diagnosis of this run is open, a
 * high-contrast panel along the bottom of the window names it, explains it in the
 * police-and-counterfeiter picture, quotes the tutorial's tip and offers the doctor's
 * remedy (a learning rate, or a restart through the confirmation dialog) and Dismiss. */
#include <stdio.h>
#include <string.h>

#include "doctor_look.h"
#include "text_wrap.h"
#include "view.h"

typedef struct Banner {
    SDL_Rect box, remedy, dismiss; /* where they were last drawn (w 0: not shown) */
} Banner;

/* The remedy as actions: a learning rate is set at once, a restart asks the dialog. */
static void remedy(const GsRemedy *r, GsDiagnosisId id, ViewCtx *c) {
    const Frame *f = c->f;
    float lr_d = f->metrics.lr_d > 0 ? f->metrics.lr_d : f->cfg.lr_d;
    float lr_g = f->metrics.lr_g > 0 ? f->metrics.lr_g : f->cfg.lr_g;
    Action *a = NULL;
    switch (r->kind) {
    case GS_REMEDY_SET_LR_D:
    case GS_REMEDY_SET_LR_G:
        if ((a = action_push(c->out, ACT_SET_LR, 0, f->now)))
            a->f[0] = r->kind == GS_REMEDY_SET_LR_D ? r->value : lr_d, a->f[1] = r->kind == GS_REMEDY_SET_LR_G ? r->value : lr_g;
        break;
    case GS_REMEDY_SET_DROPOUT: /* the tutorial's model is the preset with dropout 0.4 in both networks */
    case GS_REMEDY_RESTART_DEFAULT:
        if ((a = action_push(c->out, ACT_ASK_RESTART, 0, f->now)))
            snprintf(a->text, sizeof a->text, "%s", r->kind == GS_REMEDY_SET_DROPOUT ? "keras" : "fast"), a->ds = f->dataset;
        break;
    default: return;
    }
    action_push(c->out, ACT_DOCTOR_DISMISS, (int)id, f->now);
}

/* The button's words: the dropout remedy names the preset that has it. */
static const char *remedy_label(const GsRemedy *r, char *buf, size_t size) {
    if (r->kind == GS_REMEDY_SET_DROPOUT) snprintf(buf, size, "Restart with dropout 0.4 (the keras preset)");
    else snprintf(buf, size, "%c%s", r->label[0] >= 'a' && r->label[0] <= 'z' ? r->label[0] - 32 : r->label[0], r->label + 1);
    return buf;
}

static void doctor_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Banner *b = self;
    const Frame *f = c->f;
    b->box.w = b->remedy.w = b->dismiss.w = 0;
    GsDiagnosisId id = f->doctor ? doctor_news_current(f->doctor, f->doctor_dismissed) : GS_DX_NONE;
    /* not over a dialog, the help, the quiz or the menu; not a diagnosis of an older run */
    if (id == GS_DX_NONE || (f->have_snap && f->doctor->run != f->run) || f->confirm || f->help || f->quiz ||
        f->resume_offer || f->scenarios)
        return;
    Draw *d = c->d;
    Ui *ui = c->ui;
    const GsDiagnosisText *t = gs_explain_diagnosis(id);
    const GsRemedy *rem = &f->doctor->remedy[id];
    SDL_Color col = doctor_color(id), white = {255, 255, 255, 255}, tipc = {255, 230, 120, 255};
    int s = (int)(10 * ui->scale), lh = draw_line_height(d, FONT_NORMAL), stripe = s;
    char label[128];
    remedy_label(rem, label, sizeof label);
    int bw_btn = draw_text_width(d, FONT_NORMAL, rem->kind ? label : "Dismiss") + 2 * lh, btn_h = lh + lh / 2;
    int box_w = r.w - 2 * s, text_x = r.x + s + stripe + s, text_w = box_w - stripe - 3 * s - bw_btn - 2 * s;
    char title[200], tip[600];
    snprintf(title, sizeof title, "The doctor: %s (from step %lld)", t->title, (long long)f->doctor->step[id]);
    snprintf(tip, sizeof tip, "Tutorial tip: %s", t->tip);
    /* measured first: the box is as tall as its text, and no taller than half the window */
    int h_title = draw_line_height(d, FONT_LARGE), h_pic = text_wrap(d, FONT_NORMAL, 0, 0, text_w, 3, white, t->picture, 0);
    int h_tip = *t->tip ? text_wrap(d, FONT_NORMAL, 0, 0, text_w, 3, tipc, tip, 0) : 0;
    int h_det = text_wrap(d, FONT_SMALL, 0, 0, text_w, 2, white, f->doctor->detail[id], 0);
    int box_h = s + h_title + s / 2 + h_pic + (h_tip ? s / 2 + h_tip : 0) + s / 2 + h_det + s;
    if (box_h < 2 * btn_h + 3 * s) box_h = 2 * btn_h + 3 * s;
    int status_h = lh + s; /* the status line stays readable under it */
    b->box = (SDL_Rect){r.x + s, r.y + r.h - status_h - s - box_h, box_w, box_h};
    draw_fill(d, b->box, (SDL_Color){12, 12, 16, 240});
    draw_outline(d, b->box, 3, col);
    draw_fill(d, (SDL_Rect){b->box.x, b->box.y, stripe, b->box.h}, col);
    int y = b->box.y + s;
    draw_text_fit(d, FONT_LARGE, text_x, y, text_w, col, title);
    y += h_title + s / 2;
    y += text_wrap(d, FONT_NORMAL, text_x, y, text_w, 3, white, t->picture, 1);
    if (h_tip) y += s / 2, y += text_wrap(d, FONT_NORMAL, text_x, y, text_w, 3, tipc, tip, 1);
    y += s / 2;
    text_wrap(d, FONT_SMALL, text_x, y, text_w, 2, (SDL_Color){200, 200, 210, 255}, f->doctor->detail[id], 1);
    /* the buttons, stacked on the right */
    int bx = b->box.x + b->box.w - s - bw_btn, by = b->box.y + s;
    if (rem->kind) {
        b->remedy = (SDL_Rect){bx, by, bw_btn, btn_h};
        if (ui_button(ui, ui_id_str(ui, "remedy"), b->remedy, label, 1, "Do what the doctor proposes")) remedy(rem, id, c);
        by += btn_h + s;
    }
    b->dismiss = (SDL_Rect){bx, by, bw_btn, btn_h};
    if (ui_button(ui, ui_id_str(ui, "dismiss"), b->dismiss, "Dismiss", 0, "Close this banner (the marker on the graphs stays)"))
        action_push(c->out, ACT_DOCTOR_DISMISS, (int)id, f->now);
}

static int doctor_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Banner *b = self;
    (void)i;
    const SDL_Rect *p = !strcmp(part, "banner") ? &b->box : !strcmp(part, "remedy") ? &b->remedy
                      : !strcmp(part, "dismiss") ? &b->dismiss : NULL;
    if (!p || !p->w) return 0;
    return *r = *p, 1;
}

const ViewClass view_doctor = {"doctor", sizeof(Banner), SLOT_OVERLAY, NULL, doctor_frame, NULL, doctor_locate, NULL};

/* view_scenarios.c: the break-it scenario menu (the control bar's "Break it" button, or
 * B): the scenarios with their one-line summaries, the highlighted one's paragraph in the
 * police-and-counterfeiter picture and the diagnosis it should raise; Start asks the
 * restart dialog for that scenario (ACT_ASK_RESTART with its name), as keys 1 to 9 do. */
#include <stdio.h>
#include <string.h>

#include "doctor_look.h"
#include "gs_scenario.h"
#include "text_wrap.h"
#include "view.h"

#define MENU_MAX 9

typedef struct Menu {
    int sel;                  /* the highlighted scenario */
    SDL_Rect row[MENU_MAX], start, close;
    int n;
    int open;                 /* it was shown last frame */
} Menu;

static void ask(const GsScenario *sc, ViewCtx *c) {
    Action *a = action_push(c->out, ACT_ASK_RESTART, 0, c->f->now);
    if (a) snprintf(a->text, sizeof a->text, "%s", sc->name), a->ds = c->f->dataset;
}

static void scenarios_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Menu *m = self;
    const Frame *f = c->f;
    int n;
    const GsScenario *list = gs_scenario_list(&n);
    if (n > MENU_MAX) n = MENU_MAX;
    m->n = 0, m->start.w = m->close.w = 0;
    if (!f->scenarios || f->confirm) {
        m->open = 0;
        return;
    }
    if (!m->open) /* just opened: the running scenario, if one is */
        for (int i = 0; i < n; i++)
            if (!strcmp(list[i].name, f->cfg.preset)) m->sel = i;
    m->open = 1, m->n = n;
    if (m->sel < 0 || m->sel >= n) m->sel = 0;
    Draw *d = c->d;
    Ui *ui = c->ui;
    const UiTheme *th = &ui->th;
    draw_fill(d, r, (SDL_Color){0, 0, 0, 170});
    int lh = draw_line_height(d, FONT_NORMAL), pad = lh, s = (int)(10 * ui->scale);
    int bw = r.w - 4 * pad > 60 * lh ? 60 * lh : r.w - 4 * pad, tw = bw - 2 * pad;
    const GsScenario *sc = &list[m->sel];
    const char *para = gs_explain_scenario(sc->name);
    char expect[200];
    const GsDiagnosisText *dx = gs_explain_diagnosis(sc->expect);
    if (sc->expect_within > 0)
        snprintf(expect, sizeof expect, "The doctor should say \"%s\" within about %lld steps.", dx->title,
                 (long long)sc->expect_within);
    else
        snprintf(expect, sizeof expect, "It aims at \"%s\", but the doctor did not see it in the runs measured.", dx->title);
    int row_h = lh + s, h_para = text_wrap(d, FONT_NORMAL, 0, 0, tw, 9, th->text, para ? para : "", 0);
    int bh = pad + draw_line_height(d, FONT_LARGE) + lh + s + n * row_h + s + h_para + s + lh + s + 2 * lh + pad;
    if (bh > r.h - 2 * s) bh = r.h - 2 * s;
    SDL_Rect box = {r.x + (r.w - bw) / 2, r.y + (r.h - bh) / 2, bw, bh};
    draw_fill(d, box, th->panel);
    draw_outline(d, box, 2, th->accent);
    int x = box.x + pad, y = box.y + pad / 2;
    draw_text(d, FONT_LARGE, x, y, th->text, "Break it on purpose");
    y += draw_line_height(d, FONT_LARGE);
    draw_text_fit(d, FONT_NORMAL, x, y, tw, th->dim,
                  "Each starts training over, set up to show one failure, and the doctor should name it. "
                  "Click one and Start, or press its number.");
    y += lh + s;
    for (int i = 0; i < n; i++) {
        char label[200];
        m->row[i] = (SDL_Rect){x, y, tw, row_h - 2};
        if (ui_button(ui, ui_id_int(ui, "row", i), m->row[i], "", i == m->sel, "Show what this scenario does")) m->sel = i;
        SDL_Color fg = i == m->sel ? th->bg : th->text;
        snprintf(label, sizeof label, "%d  %s%s", i + 1, list[i].name, strcmp(list[i].name, f->cfg.preset) ? "" : " (running)");
        int nx = x + s + draw_text(d, FONT_NORMAL, x + s, y + s / 2, fg, label) + 2 * s;
        draw_fill(d, (SDL_Rect){nx - s, y + s / 2 + lh / 4, s / 2 > 2 ? s / 2 : 2, lh / 2}, doctor_color(list[i].expect));
        draw_text_fit(d, FONT_NORMAL, nx, y + s / 2, x + tw - nx - s, i == m->sel ? th->bg : th->dim, list[i].summary);
        y += row_h;
    }
    y += s;
    y += text_wrap(d, FONT_NORMAL, x, y, tw, 9, th->text, para ? para : "", 1) + s;
    draw_text_fit(d, FONT_NORMAL, x, y, tw, doctor_color(sc->expect), expect);
    char start[64];
    snprintf(start, sizeof start, "Start %s", sc->name);
    int answer = ui_dialog_buttons(ui, box, pad, start, "Close", "Restart training as this scenario (asks first)",
                                   "Back to the run as it is (Esc)", &m->start, &m->close);
    if (answer == 1) ask(sc, c);
    if (answer == 0) action_push(c->out, ACT_TOGGLE_SCENARIOS, 0, f->now);
}

static int scenarios_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Menu *m = self;
    if (!strcmp(part, "row")) {
        if (i < 0 || i >= m->n) return 0;
        return *r = m->row[i], 1;
    }
    const SDL_Rect *p = !strcmp(part, "start") ? &m->start : !strcmp(part, "close") ? &m->close : NULL;
    if (!p || !p->w) return 0;
    return *r = *p, 1;
}

const ViewClass view_scenarios = {"scenarios", sizeof(Menu), SLOT_OVERLAY, NULL, scenarios_frame, NULL, scenarios_locate, NULL};

/* view_help.c: the help overlay (H, ? or F1; Esc closes it): every shortcut on the left;
 * on the right, what each graph, the sliders, the scores and each of the doctor's diagnoses
 * mean, in the police-and-counterfeiter picture (gs_explain.h). */
#include <stdio.h>
#include <string.h>

#include "gs_explain.h"
#include "text_wrap.h"
#include "view.h"

/* The first sentence of text (up to ". " or ": "), into buf. */
static const char *first_sentence(const char *text, char *buf, size_t size) {
    const char *e = strstr(text, ". ");
    size_t n = e ? (size_t)(e - text) + 1 : strlen(text);
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), text);
    return buf;
}

/* The right-hand column from x, y, w wide: each thing the window shows, name and meaning;
 * measure only when draw is 0. Returns its height. */
static int meanings(ViewCtx *c, int x, int y, int w, int max_lines, int draw) {
    static const char *const panels[][2] = {
        {"Loss", "loss"}, {"Accuracy", "accuracy"}, {"D output", "d-output"}, {"Grid", "grid"},
        {"Strip", "strip"}, {"Judge's scores", "scores"}, {"Which digits", "digits"},
        {"Explorer sliders", "explorer"}, {"lr sliders", "lr"},
    };
    Draw *d = c->d;
    const UiTheme *th = &c->ui->th;
    int lh = draw_line_height(d, FONT_SMALL), nw = 0, y0 = y, np = (int)(sizeof panels / sizeof *panels);
    for (int i = 0; i < np; i++) {
        int k = draw_text_width(d, FONT_SMALL, panels[i][0]);
        if (k > nw) nw = k;
    }
    nw += lh;
    if (draw) draw_text(d, FONT_NORMAL, x, y, th->text, "What you see (police: D, counterfeiter: G)");
    y += draw_line_height(d, FONT_NORMAL) + lh / 3;
    for (int i = 0; i < np; i++) {
        if (draw) draw_text(d, FONT_SMALL, x, y, th->accent, panels[i][0]);
        y += text_wrap(d, FONT_SMALL, x + nw, y, w - nw, max_lines, th->text, gs_explain_panel(panels[i][1]), draw) + lh / 4;
    }
    y += lh / 2;
    if (draw) draw_text(d, FONT_NORMAL, x, y, th->text, "The doctor's diagnoses (banner, graph marker)");
    y += draw_line_height(d, FONT_NORMAL) + lh / 3;
    for (int id = 1; id < GS_DX_COUNT; id++) {
        const GsDiagnosisText *t = gs_explain_diagnosis((GsDiagnosisId)id);
        char buf[400];
        if (draw) draw_text(d, FONT_SMALL, x, y, th->accent, t->id);
        y += text_wrap(d, FONT_SMALL, x + nw, y, w - nw, max_lines, th->text, first_sentence(t->picture, buf, sizeof buf),
                       draw) + lh / 4;
    }
    return y - y0;
}

static void help_frame(void *self, SDL_Rect r, ViewCtx *c) {
    (void)self;
    static const char *const keys[][2] = {
        {"Space", "play / pause training"},
        {"S", "one training step"},
        {"D / G", "step only the discriminator / only the generator"},
        {"Ctrl+S / Ctrl+O", "save / load the checkpoint"},
        {"R", "real training digits in the grid"},
        {"J", "the judge's digit and confidence under each tile"},
        {"click a tile", "take its noise vector into the explorer"},
        {"click a strip frame", "take its vector between A and B into the explorer"},
        {"click a graph", "smoothing on / off"},
        {"drag the timeline", "replay a moment (let go: live); Play, Live, Export"},
        {"F12", "save a screenshot (PNG in the run's directory)"},
        {"+ / -", "scale the interface"},
        {"F11", "fullscreen"},
        {"P", "projector mode (large text, high contrast)"},
        {"Tab", "right-hand panel: Explore / Inside / Police / Draw / Sliders"},
        {"Inside", "each generator layer's maps for the explorer's vector"},
        {"Police", "where the discriminator looks (red); nearest training digits"},
        {"Draw", "draw a digit; the generator searches for the noise that makes it"},
        {"Sliders", "8 directions that change the digit most, each with 5 previews"},
        {"Q", "the quiz: real or fake? (click to mark, Reveal; N: new round)"},
        {"M", "the model at a glance: one step as boxes; Right or . runs it phase by phase"},
        {"B", "break-it scenarios (1 to 5 start one; Esc closes)"},
        {"H or ?", "this help"},
        {"Enter / Esc", "restart / cancel in the preset or data set dialog"},
        {"Esc", "close help, the quiz or the replay, or quit"},
    };
    if (!c->f->help) return;
    Draw *d = c->d;
    const UiTheme *th = &c->ui->th;
    int n = (int)(sizeof keys / sizeof *keys);
    draw_fill(d, r, (SDL_Color){0, 0, 0, 170});
    int lh = draw_line_height(d, FONT_NORMAL), kw = 0, dw = 0;
    for (int i = 0; i < n; i++) {
        int k = draw_text_width(d, FONT_NORMAL, keys[i][0]), w = draw_text_width(d, FONT_NORMAL, keys[i][1]);
        if (k > kw) kw = k;
        if (w > dw) dw = w;
    }
    int pad = lh, gap = lh, left = kw + gap + dw, bh_keys = (n + 2) * lh;
    /* the meanings beside the keys, as wide as the window leaves; shorter when tall */
    int bw = r.w - 2 * lh, rw = bw - left - 3 * pad, max_lines = 3;
    while (max_lines > 1 && meanings(c, 0, 0, rw, max_lines, 0) > r.h - 2 * lh - 2 * pad) max_lines--;
    int hm = meanings(c, 0, 0, rw, max_lines, 0), bh = (bh_keys > hm ? bh_keys : hm) + 2 * pad;
    if (bh > r.h) bh = r.h;
    SDL_Rect box = {r.x + (r.w - bw) / 2, r.y + (r.h - bh) / 2, bw, bh};
    draw_fill(d, box, th->panel);
    draw_outline(d, box, 2, th->accent);
    draw_text(d, FONT_LARGE, box.x + pad, box.y + pad / 2, th->text, "Keyboard and mouse");
    for (int i = 0; i < n; i++) {
        int y = box.y + pad + (i + 2) * lh;
        draw_text(d, FONT_NORMAL, box.x + pad, y, th->accent, keys[i][0]);
        draw_text(d, FONT_NORMAL, box.x + pad + kw + gap, y, th->text, keys[i][1]);
    }
    meanings(c, box.x + 2 * pad + left + pad, box.y + pad, rw, max_lines, 1);
}

const ViewClass view_help = {"help", 0, SLOT_OVERLAY, NULL, help_frame, NULL, NULL, NULL};

/* view_help.c: the help overlay listing every shortcut (H, ? or F1; Esc closes it). */
#include "view.h"

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
        {"H or ?", "this help"},
        {"Enter / Esc", "restart / cancel in the preset or data set dialog"},
        {"Esc", "close help, or quit"},
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
    int pad = 2 * lh, gap = lh, bh = (n + 2) * lh + 2 * pad, bw = kw + gap + dw + 2 * pad;
    SDL_Rect box = {r.x + (r.w - bw) / 2, r.y + (r.h - bh) / 2, bw, bh};
    draw_fill(d, box, th->panel);
    draw_outline(d, box, 2, th->accent);
    draw_text(d, FONT_LARGE, box.x + pad, box.y + pad / 2, th->text, "Keyboard and mouse");
    for (int i = 0; i < n; i++) {
        int y = box.y + pad + (i + 2) * lh;
        draw_text(d, FONT_NORMAL, box.x + pad, y, th->accent, keys[i][0]);
        draw_text(d, FONT_NORMAL, box.x + pad + kw + gap, y, th->text, keys[i][1]);
    }
}

const ViewClass view_help = {"help", 0, SLOT_OVERLAY, NULL, help_frame, NULL, NULL, NULL};

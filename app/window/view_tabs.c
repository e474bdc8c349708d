/* view_tabs.c: the tab bar over the right-hand panel (Explore | Inside | Police | Draw | Sliders) and the
 * Quiz button: the views that look inside the networks do not all fit beside the grid and
 * the graphs, so the panel shows one page at a time (Tab cycles, Q opens the quiz). */
#include <string.h>

#include "view.h"

typedef struct Tabs {
    SDL_Rect tab[PAGE_COUNT + 1]; /* the pages, then Quiz */
} Tabs;

static void tabs_frame(void *self, SDL_Rect a, ViewCtx *c) {
    static const char *const names[PAGE_COUNT + 1] = {"Explore", "Inside", "Police", "Draw", "Sliders", "Quiz"};
    static const char *const tips[PAGE_COUNT + 1] = {
        "The latent explorer: the noise vector as 100 sliders",
        "Inside the generator: each layer's feature maps for the explorer's vector",
        "What the police (the discriminator) look at, and the nearest training digits",
        "Draw a digit: the generator searches for the noise that makes it",
        "Eight sliders that mean something: the directions that change the digit most",
        "Real or fake? A quiz for the class (Q)"};
    Tabs *t = self;
    Ui *ui = c->ui;
    Draw *d = c->d;
    draw_fill(d, a, ui->th.panel);
    /* each tab as wide as its label plus an equal share of the rest; in the small font when
     * the labels do not fit (projector mode: six tabs in a quarter of the width) */
    const int n = PAGE_COUNT + 1, gap = 4;
    int font = FONT_NORMAL, tw[PAGE_COUNT + 1], sum = 0;
    for (int pass = 0; pass < 2; pass++) {
        sum = 0;
        for (int i = 0; i < n; i++) sum += tw[i] = draw_text_width(d, font, names[i]);
        if (sum + n * (int)(6 * ui->scale) + (n + 1) * gap <= a.w) break;
        font = FONT_SMALL;
    }
    int extra = (a.w - (n + 1) * gap - sum) / n, x = a.x + gap, th = draw_line_height(d, font);
    for (int i = 0; i < n; i++) {
        t->tab[i] = (SDL_Rect){x, a.y + 2, tw[i] + extra, a.h - 4};
        x += tw[i] + extra + gap;
        int on = i < PAGE_COUNT ? c->f->page == i : c->f->quiz;
        if (ui_button(ui, ui_id_int(ui, "tab", i), t->tab[i], "", on, tips[i]))
            action_push(c->out, i < PAGE_COUNT ? ACT_SET_PAGE : ACT_TOGGLE_QUIZ, i, c->f->now);
        draw_text(d, font, t->tab[i].x + extra / 2, t->tab[i].y + (t->tab[i].h - th) / 2, on ? ui->th.bg : ui->th.text,
                  names[i]);
    }
}

static int tabs_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Tabs *t = self;
    if (!strcmp(part, "tab") && i >= 0 && i <= PAGE_COUNT) return *r = t->tab[i], 1;
    return 0;
}

const ViewClass view_tabs = {"tabs", sizeof(Tabs), SLOT_TABS, NULL, tabs_frame, NULL, tabs_locate, NULL};

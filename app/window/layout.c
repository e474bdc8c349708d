/* layout.c: the slots' rectangles (layout.h). */
#include "layout.h"

void layout_slots(SDL_Rect slot[SLOT_COUNT], int w, int h, float s, const Draw *d, int grid_side, int control_rows) {
    int m = (int)(10 * s), top_h = (int)(40 * s) * (control_rows > 1 ? 2 : 1);
    int status_h = draw_line_height(d, FONT_NORMAL) + m, title = draw_line_height(d, FONT_NORMAL);
    slot[SLOT_TOP] = (SDL_Rect){0, 0, w, top_h};
    slot[SLOT_STATUS] = (SDL_Rect){0, h - status_h, w, status_h};
    slot[SLOT_OVERLAY] = (SDL_Rect){0, 0, w, h};
    int body_y = top_h + m, body_h = h - top_h - status_h - 2 * m;
    /* grid: a square on the left, up to 42% of the width, leaving room for the strip */
    int strip_min = 2 * title + (int)(56 * s) + m, wmax = (int)(w * 0.42f);
    /* the replay's timeline under the grid: a track over a row of buttons */
    int tl_h = 2 * title + (int)(30 * s);
    int side = body_h - strip_min - tl_h - m < wmax ? body_h - strip_min - tl_h - m : wmax;
    if (side < (int)(240 * s)) side = body_h - tl_h - m < wmax ? body_h - tl_h - m : wmax; /* no strip */
    int n = grid_side, gap = (int)(6 * s) > 2 ? (int)(6 * s) : 2;
    int tile = (side - title - (n + 1) * gap) / n;
    if (tile < 8) tile = 8;
    int gside = n * tile + (n + 1) * gap;
    slot[SLOT_GRID] = (SDL_Rect){m, body_y, gside, gside + title};
    slot[SLOT_TIMELINE] = (SDL_Rect){m, body_y + gside + title + m, gside, tl_h};
    int sy = body_y + gside + title + m + tl_h + m, sh = body_y + body_h - sy;
    slot[SLOT_STRIP] = (SDL_Rect){m, sy, gside, sh >= strip_min - m ? sh : 0};
    int lat_w = (int)(w * 0.27f);
    int tabs_h = title + m; /* the tab bar on top of the right-hand panel */
    slot[SLOT_TABS] = (SDL_Rect){w - lat_w - m, body_y, lat_w, tabs_h};
    slot[SLOT_EXPLORER] = (SDL_Rect){w - lat_w - m, body_y + tabs_h, lat_w, body_h - tabs_h};
    slot[SLOT_INSIDE] = slot[SLOT_POLICE] = slot[SLOT_EXPLORER];
    slot[SLOT_DRAWPAD] = slot[SLOT_SLIDERS] = slot[SLOT_EXPLORER];
    int px = m + gside + m;
    int ph = (body_h - m) * 3 / 5; /* the training graphs above, the judge's panel below */
    slot[SLOT_PLOTS] = (SDL_Rect){px, body_y, w - lat_w - m - m - px, ph};
    slot[SLOT_QUALITY] = (SDL_Rect){px, body_y + ph + m, w - lat_w - m - m - px, body_h - ph - m};
}

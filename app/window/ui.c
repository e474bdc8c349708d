/* ui.c: buttons and sliders (ui.h). */
#include "ui.h"

#include <string.h>

void ui_theme_default(UiTheme *th, int hc) {
    if (hc) {
        *th = (UiTheme){.bg = {0, 0, 0, 255}, .panel = {0, 0, 0, 255}, .text = {255, 255, 255, 255},
                        .dim = {230, 230, 230, 255}, .accent = {255, 220, 0, 255},
                        .button = {40, 40, 40, 255}, .button_hot = {90, 90, 90, 255},
                        .track = {120, 120, 120, 255}, .knob = {255, 220, 0, 255},
                        .d_color = {255, 90, 90, 255}, .g_color = {90, 200, 255, 255},
                        .c3 = {120, 255, 120, 255}, .c4 = {255, 160, 255, 255}};
        return;
    }
    *th = (UiTheme){.bg = {24, 26, 31, 255}, .panel = {34, 37, 44, 255}, .text = {225, 228, 235, 255},
                    .dim = {150, 156, 170, 255}, .accent = {95, 170, 255, 255},
                    .button = {52, 57, 68, 255}, .button_hot = {70, 77, 92, 255},
                    .track = {62, 67, 80, 255}, .knob = {120, 185, 255, 255},
                    .d_color = {240, 110, 90, 255}, .g_color = {90, 180, 250, 255},
                    .c3 = {120, 210, 120, 255}, .c4 = {220, 150, 230, 255}};
}

int ui_event(Ui *ui, const SDL_Event *e) {
    switch (e->type) {
    case SDL_MOUSEMOTION: ui->mx = e->motion.x, ui->my = e->motion.y; return 1;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button != SDL_BUTTON_LEFT) return 0;
        ui->mx = e->button.x, ui->my = e->button.y, ui->down = 1, ui->pressed = 1;
        return 1;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button != SDL_BUTTON_LEFT) return 0;
        ui->mx = e->button.x, ui->my = e->button.y, ui->down = 0, ui->released = 1;
        return 1;
    default: return 0;
    }
}

void ui_begin(Ui *ui, double now) {
    ui->now = now;
    ui->hot = 0;
    ui->tip = NULL;
}

void ui_end(Ui *ui) {
    if (ui->hot != ui->last_hot) ui->last_hot = ui->hot, ui->hover_since = ui->now;
    if (ui->tip && !ui->active && ui->now - ui->hover_since > 0.5) {
        Draw *d = ui->d;
        int w = draw_text_width(d, FONT_SMALL, ui->tip) + 12, h = draw_line_height(d, FONT_SMALL) + 6;
        int x = ui->mx + 14, y = ui->my + 18;
        int ow, oh;
        SDL_GetRendererOutputSize(d->r, &ow, &oh);
        if (x + w > ow) x = ow - w;
        if (x < 0) x = 0;
        if (y + h > oh) y = ui->my - h - 4;
        draw_fill(d, (SDL_Rect){x, y, w, h}, (SDL_Color){10, 10, 12, 240});
        draw_outline(d, (SDL_Rect){x, y, w, h}, 1, ui->th.dim);
        draw_text(d, FONT_SMALL, x + 6, y + 3, ui->th.text, ui->tip);
    }
    if (ui->released) ui->active = 0;
    ui->pressed = ui->released = 0;
}

/* FNV-1a over the bytes, starting from the innermost pushed id. */
static UiId hash(UiId h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

UiId ui_id(const Ui *ui, const void *data, size_t n) {
    UiId h = hash(ui->n_ids ? ui->id_stack[ui->n_ids - 1] : 2166136261u, data, n);
    return h ? h : 1;
}

UiId ui_id_str(const Ui *ui, const char *label) { return ui_id(ui, label, strlen(label)); }

UiId ui_id_int(const Ui *ui, const char *label, int i) {
    UiId h = ui_id_str(ui, label);
    h = hash(h, &i, sizeof i);
    return h ? h : 1;
}

void ui_push_id(Ui *ui, const char *label) {
    UiId id = ui_id_str(ui, label);
    if (ui->n_ids < UI_ID_STACK) ui->id_stack[ui->n_ids++] = id;
}

void ui_pop_id(Ui *ui) {
    if (ui->n_ids > 0) ui->n_ids--;
}

int ui_hit(const Ui *ui, SDL_Rect r) {
    return ui->mx >= r.x && ui->mx < r.x + r.w && ui->my >= r.y && ui->my < r.y + r.h;
}

/* Hover/press bookkeeping shared by every widget. */
static void track(Ui *ui, UiId id, SDL_Rect r, const char *tip) {
    if (ui_hit(ui, r) && (!ui->active || ui->active == id)) {
        ui->hot = id;
        if (tip) ui->tip = tip;
        if (ui->pressed) ui->active = id;
    }
}

int ui_button(Ui *ui, UiId id, SDL_Rect r, const char *label, int on, const char *tip) {
    track(ui, id, r, tip);
    int clicked = ui->released && ui->active == id && ui_hit(ui, r);
    SDL_Color bg = on ? ui->th.accent : ui->hot == id ? ui->th.button_hot : ui->th.button;
    draw_fill(ui->d, r, bg);
    SDL_Color fg = on ? ui->th.bg : ui->th.text;
    int tw = draw_text_width(ui->d, FONT_NORMAL, label), th = draw_line_height(ui->d, FONT_NORMAL);
    draw_text(ui->d, FONT_NORMAL, r.x + (r.w - tw) / 2, r.y + (r.h - th) / 2, fg, label);
    return clicked;
}

static float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

int ui_slider(Ui *ui, UiId id, SDL_Rect r, float *v, float lo, float hi, const char *tip) {
    track(ui, id, r, tip);
    float old = *v;
    int knob = r.h > 8 ? r.h / 2 : 4;
    if (ui->active == id && ui->down) {
        float t = (float)(ui->mx - r.x - knob / 2) / (float)(r.w - knob);
        *v = lo + clampf(t, 0, 1) * (hi - lo);
    }
    SDL_Rect track_r = {r.x, r.y + r.h / 2 - 2, r.w, 4};
    draw_fill(ui->d, track_r, ui->th.track);
    float t = (clampf(*v, lo, hi) - lo) / (hi - lo);
    int kx = r.x + (int)(t * (float)(r.w - knob));
    draw_fill(ui->d, (SDL_Rect){r.x, track_r.y, kx - r.x + knob / 2, 4}, ui->th.accent);
    draw_fill(ui->d, (SDL_Rect){kx, r.y + 2, knob, r.h - 4},
              ui->hot == id || ui->active == id ? ui->th.text : ui->th.knob);
    return *v != old;
}

int ui_vslider(Ui *ui, UiId id, SDL_Rect r, float *v, float lo, float hi, const char *tip) {
    track(ui, id, r, tip);
    float old = *v;
    if (ui->active == id && ui->down) {
        float t = (float)(r.y + r.h - 1 - ui->my) / (float)(r.h - 1);
        *v = lo + clampf(t, 0, 1) * (hi - lo);
    }
    int hot = ui->hot == id || ui->active == id;
    draw_fill(ui->d, r, hot ? ui->th.button_hot : ui->th.track);
    float t = (clampf(*v, lo, hi) - lo) / (hi - lo), mid = (0 - lo) / (hi - lo);
    int y_v = r.y + r.h - 1 - (int)(t * (float)(r.h - 1));
    int y_0 = r.y + r.h - 1 - (int)(clampf(mid, 0, 1) * (float)(r.h - 1));
    int top = y_v < y_0 ? y_v : y_0, bot = y_v < y_0 ? y_0 : y_v;
    draw_fill(ui->d, (SDL_Rect){r.x + 1, top, r.w - 2, bot - top + 1}, hot ? ui->th.text : ui->th.knob);
    return *v != old;
}

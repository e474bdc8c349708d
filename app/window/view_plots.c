/* view_plots.c: the training graphs: losses, accuracies and mean D(x) / D(G(z)) over the
 * whole run (downsampled history), with axes, a legend, optional smoothing (click a graph)
 * and the values at the step under the mouse; the replay's moment as a cursor line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor_look.h"
#include "gs_explain.h"
#include "view.h"

typedef struct Plots {
    int raw;                       /* smoothing off (clicked) */
    SDL_Rect plot[3];              /* where each graph was drawn */
    SDL_FPoint pts[HISTORY_CAP];   /* one series' points, reused */
    int cursor_x[3];               /* each graph's replay cursor (-1: none): tests */
} Plots;

typedef struct PlotDef {
    const char *title;
    int series[2];
    const char *names[2];
    int fixed01; /* y axis 0..1 */
    const char *caption; /* its gs_explain_panel name */
} PlotDef;

static const PlotDef plots[3] = {
    {"Loss", {H_D_LOSS, H_G_LOSS}, {"D loss", "G (adversarial) loss"}, 0, "loss"},
    {"Accuracy", {H_D_ACC, H_G_ACC}, {"D accuracy", "G: fakes passed as real"}, 1, "accuracy"},
    {"Discriminator output", {H_D_REAL, H_D_FAKE}, {"mean D(x)", "mean D(G(z))"}, 1, "d-output"},
};

/* Title, legend, axes; returns the plot area (w 0: no room) and its x and y ranges. */
static SDL_Rect axes(const PlotDef *p, SDL_Rect r, ViewCtx *c, float *lo_hi, double *s0_s1) {
    Ui *ui = c->ui;
    const History *h = c->f->hist;
    Draw *d = c->d;
    draw_fill(d, r, ui->th.panel);
    int lh = draw_line_height(d, FONT_SMALL);
    SDL_Color col[2] = {ui->th.d_color, ui->th.g_color};
    int x = r.x + 6;
    x += draw_text(d, FONT_NORMAL, x, r.y + 2, ui->th.text, p->title) + 12;
    for (int k = 0; k < 2 && x + 16 < r.x + r.w - 6; k++) { /* a narrow graph cuts the legend short */
        draw_fill(d, (SDL_Rect){x, r.y + 2 + lh / 2, 12, 3}, col[k]);
        x += 16 + draw_text_fit(d, FONT_SMALL, x + 16, r.y + 4, r.x + r.w - 6 - (x + 16), ui->th.dim, p->names[k]) + 10;
    }
    int axis_w = draw_text_width(d, FONT_SMALL, "00.00") + 6;
    /* under the title line, with room for the top axis label's upper half */
    int top = draw_line_height(d, FONT_NORMAL) + lh / 2 + 4;
    /* the caption in the police-and-counterfeiter picture, unless it would squeeze the graph */
    if (r.h - top - 2 * lh > 70) {
        draw_text_fit(d, FONT_SMALL, r.x + 6, r.y + draw_line_height(d, FONT_NORMAL) + 1, r.w - 12, ui->th.dim,
                      gs_explain_panel(p->caption));
        top += lh;
    }
    SDL_Rect area = {r.x + axis_w, r.y + top, r.w - axis_w - 8, r.h - top - lh - 4};
    if (area.w < 20 || area.h < 20) return (SDL_Rect){0, 0, 0, 0};
    draw_fill(d, area, ui->th.bg);
    float lo = 0, hi = 1;
    if (!p->fixed01) {
        hi = 0.1f;
        for (int i = 0; i < h->n; i++)
            for (int k = 0; k < 2; k++) {
                float v = history_value(h, p->series[k], i, 0);
                if (isfinite(v) && v > hi) hi = v;
            }
        hi = ceilf(hi * 4) / 4;
    }
    /* y axis: 5 gridlines with labels */
    for (int g = 0; g <= 4; g++) {
        int gy = area.y + area.h - 1 - g * (area.h - 1) / 4;
        draw_line(d, area.x, gy, area.x + area.w - 1, gy, (SDL_Color){60, 64, 76, 255});
        char buf[16];
        snprintf(buf, sizeof buf, "%.2f", lo + (hi - lo) * g / 4);
        draw_text(d, FONT_SMALL, r.x + 2, gy - lh / 2, ui->th.dim, buf);
    }
    double s0 = h->n ? h->step[0] : 0, s1 = h->n ? h->step[h->n - 1] : 1;
    if (s1 <= s0) s1 = s0 + 1;
    /* x axis: first and last step */
    char buf[64];
    snprintf(buf, sizeof buf, "%.0f", c->f->x_in_ms ? s0 / 1000.0 : s0);
    draw_text(d, FONT_SMALL, area.x, area.y + area.h + 2, ui->th.dim, buf);
    frame_x_text(c->f, buf, sizeof buf, s1);
    draw_text(d, FONT_SMALL, area.x + area.w - draw_text_width(d, FONT_SMALL, buf), area.y + area.h + 2,
              ui->th.dim, buf);
    lo_hi[0] = lo, lo_hi[1] = hi, s0_s1[0] = s0, s0_s1[1] = s1;
    return area;
}

/* The replay's moment (the timeline's) as a vertical line in the accent colour, its step on
 * it; returns its x (-1: no moment shown). */
static int replay_cursor(SDL_Rect area, const double *s, ViewCtx *c) {
    const Frame *f = c->f;
    if (!f->replay_active) return -1;
    double t = ((double)f->replay_step - s[0]) / (s[1] - s[0]);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    int x = area.x + (int)(t * (area.w - 1));
    for (int k = -1; k <= 1; k++) draw_line(c->d, x + k, area.y, x + k, area.y + area.h - 1, c->ui->th.accent);
    char buf[40];
    snprintf(buf, sizeof buf, "step %lld", (long long)f->replay_step);
    int tw = draw_text_width(c->d, FONT_SMALL, buf), lh = draw_line_height(c->d, FONT_SMALL);
    int tx = x + 6 + tw > area.x + area.w ? x - 6 - tw : x + 6;
    draw_fill(c->d, (SDL_Rect){tx - 3, area.y + area.h - lh - 4, tw + 6, lh + 2}, (SDL_Color){10, 10, 12, 220});
    draw_text(c->d, FONT_SMALL, tx, area.y + area.h - lh - 3, c->ui->th.accent, buf);
    return x;
}

/* Hover: a line at the step under the mouse and the values there; a click toggles smoothing. */
static void hover(Plots *pl, const PlotDef *p, SDL_Rect area, const double *s, int k_smooth, ViewCtx *c) {
    Ui *ui = c->ui;
    const History *h = c->f->hist;
    Draw *d = c->d;
    ui->hot = ui_id_str(ui, p->title);
    double st = s[0] + (double)(ui->mx - area.x) / (area.w - 1) * (s[1] - s[0]);
    int best = 0;
    for (int i = 1; i < h->n; i++)
        if (fabs(h->step[i] - st) < fabs(h->step[best] - st)) best = i;
    int bx = area.x + (int)((h->step[best] - s[0]) / (s[1] - s[0]) * (area.w - 1));
    draw_line(d, bx, area.y, bx, area.y + area.h - 1, ui->th.dim);
    char buf[160];
    char x[32];
    frame_x_text(c->f, x, sizeof x, h->step[best]);
    snprintf(buf, sizeof buf, "%s: %s %.3f, %s %.3f", x, p->names[0],
             history_value(h, p->series[0], best, k_smooth), p->names[1], history_value(h, p->series[1], best, k_smooth));
    int tw = draw_text_width(d, FONT_SMALL, buf), lh = draw_line_height(d, FONT_SMALL);
    int tx = bx + 8 + tw > area.x + area.w ? bx - 8 - tw : bx + 8;
    if (tx < area.x + 3) tx = area.x + 3; /* wider than the room beside the line: over it */
    draw_fill(d, (SDL_Rect){tx - 3, area.y + 4, tw + 6, lh + 2}, (SDL_Color){10, 10, 12, 220});
    draw_text(d, FONT_SMALL, tx, area.y + 5, ui->th.text, buf);
    if (ui->pressed) pl->raw = !pl->raw;
    ui->tip = pl->raw ? "Click: turn smoothing on" : "Click: turn smoothing off";
}

/* The doctor's diagnoses of this run: a line in the diagnosis's colour at the step where
 * each began, its short name at the top (staggered when two are close). */
static void markers(SDL_Rect area, const double *s, ViewCtx *c) {
    const DoctorNews *n = c->f->doctor;
    if (!n || !n->raised || (c->f->have_snap && n->run != c->f->run)) return;
    int lh = draw_line_height(c->d, FONT_SMALL), row = 0, last_x = -100000;
    for (int id = 1; id < GS_DX_COUNT; id++) {
        if (!(n->raised & (1u << id))) continue;
        double t = ((double)n->step[id] - s[0]) / (s[1] - s[0]);
        int x = area.x + (int)((t < 0 ? 0 : t > 1 ? 1 : t) * (area.w - 1));
        SDL_Color col = doctor_color((GsDiagnosisId)id);
        draw_fill(c->d, (SDL_Rect){x - 1, area.y, 2, area.h}, col);
        const char *name = gs_explain_diagnosis((GsDiagnosisId)id)->id;
        int tw = draw_text_width(c->d, FONT_SMALL, name);
        row = abs(x - last_x) < tw + 8 ? row + 1 : 0, last_x = x;
        int tx = x + 4 + tw > area.x + area.w ? x - 4 - tw : x + 4, ty = area.y + 2 + (row % 3) * lh;
        draw_fill(c->d, (SDL_Rect){tx - 2, ty, tw + 4, lh}, (SDL_Color){10, 10, 12, 220});
        draw_text(c->d, FONT_SMALL, tx, ty, col, name);
    }
}

static void plot(Plots *pl, int which, const PlotDef *p, SDL_Rect r, ViewCtx *c) {
    const History *h = c->f->hist;
    Ui *ui = c->ui;
    float lh[2];
    double s[2];
    SDL_Rect area = axes(p, r, c, lh, s);
    pl->cursor_x[which] = -1;
    if (area.w <= 0) return;
    if (h->n < 1) {
        draw_text(c->d, FONT_SMALL, area.x + 8, area.y + 8, ui->th.dim, "waiting for the first step");
        return;
    }
    SDL_Color col[2] = {ui->th.d_color, ui->th.g_color};
    int k_smooth = pl->raw ? 0 : h->n / 100;
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < h->n; i++) {
            float v = history_value(h, p->series[k], i, k_smooth);
            if (!isfinite(v)) v = lh[1];
            v = v < lh[0] ? lh[0] : v > lh[1] ? lh[1] : v;
            pl->pts[i].x = area.x + (float)((h->step[i] - s[0]) / (s[1] - s[0])) * (area.w - 1);
            pl->pts[i].y = area.y + area.h - 1 - (v - lh[0]) / (lh[1] - lh[0]) * (area.h - 1);
        }
        if (h->n == 1) draw_fill(c->d, (SDL_Rect){(int)pl->pts[0].x - 2, (int)pl->pts[0].y - 2, 5, 5}, col[k]);
        draw_polyline(c->d, pl->pts, h->n, col[k]);
    }
    markers(area, s, c);
    pl->cursor_x[which] = replay_cursor(area, s, c);
    if (ui_hit(ui, area)) hover(pl, p, area, s, k_smooth, c);
}

/* Three graphs stacked in the slot, each its own region: each redraws alone. */
static void plots_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Plots *pl = self;
    int m = (int)(10 * c->ui->scale), ph = (r.h - 2 * m) / 3;
    for (int i = 0; i < 3; i++) {
        pl->plot[i] = (SDL_Rect){r.x, r.y + i * (ph + m), r.w, ph};
        draw_region(c->d, pl->plot[i], c->ui->th.panel);
        plot(pl, i, &plots[i], pl->plot[i], c);
    }
}

static int plots_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Plots *pl = self;
    if (!strcmp(part, "cursor") && i >= 0 && i < 3) { /* the replay's cursor line in graph i */
        if (pl->cursor_x[i] < 0) return 0;
        return *r = (SDL_Rect){pl->cursor_x[i] - 1, pl->plot[i].y, 3, pl->plot[i].h}, 1;
    }
    if (strcmp(part, "plot") || i < 0 || i > 2) return 0;
    return *r = pl->plot[i], 1;
}

const ViewClass view_plots = {"plots", sizeof(Plots), SLOT_PLOTS, NULL, plots_frame, NULL, plots_locate, NULL};

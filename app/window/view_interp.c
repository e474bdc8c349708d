/* view_interp.c: the interpolation strip under the grid: frames from vector A to vector B
 * through the newest generator (computed by the view inference), "Set A" / "Set B" take
 * the explorer's vector, and clicking a frame loads its vector into the explorer. */
#include <stdio.h>
#include <string.h>

#include "app.h"

enum { ID_SET_A = 400, ID_SET_B };

void view_interp(App *a) {
    Ui *ui = &a->ui;
    Layout *L = &a->lay;
    Draw *d = &a->draw;
    if (L->interp.h <= 0) return;
    draw_fill(d, L->interp, ui->th.panel);
    int gap = L->tile_gap;
    draw_text_fit(d, FONT_NORMAL, L->interp.x + gap, L->set_a.y + (L->set_a.h - draw_line_height(d, FONT_NORMAL)) / 2,
                  L->set_a.x - 2 * gap - L->interp.x, ui->th.text, "Interpolation from A to B   (below: D says real)");
    if (ui_button(ui, ID_SET_A, L->set_a, "Set A", 0, "Start of the strip: the explorer's vector"))
        app_set_interp_end(a, 0), app_message(a, 0, "interpolation: A is the explorer's vector");
    if (ui_button(ui, ID_SET_B, L->set_b, "Set B", 0, "End of the strip: the explorer's vector"))
        app_set_interp_end(a, 1), app_message(a, 0, "interpolation: B is the explorer's vector");
    int n = a->interp_n;
    for (int f = 0; f < n; f++) {
        SDL_Rect r = L->interp_frame[f];
        if (r.w <= 0) continue;
        if (a->interp_shown == n) draw_gray(d, a->interp_img + (size_t)f * 784, 28, 28, r);
        else draw_fill(d, r, ui->th.bg);
        char label[16];
        if (f == 0) snprintf(label, sizeof label, "A");
        else if (f == n - 1) snprintf(label, sizeof label, "B");
        else snprintf(label, sizeof label, "%d", f);
        int tw = draw_text_width(d, FONT_SMALL, label), lh = draw_line_height(d, FONT_SMALL);
        draw_text(d, FONT_SMALL, r.x + (r.w - tw) / 2, r.y + r.h + 1, f == 0 || f == n - 1 ? ui->th.accent : ui->th.dim,
                  label);
        if (a->interp_shown == n) { /* D's verdict on the frame */
            snprintf(label, sizeof label, "%.0f%%", 100 * a->interp_verdict[f]);
            tw = draw_text_width(d, FONT_SMALL, label);
            draw_text(d, FONT_SMALL, r.x + (r.w - tw) / 2, r.y + r.h + 1 + lh, ui->th.dim, label);
        }
        if (ui_hit(ui, r) && !ui->active) {
            draw_outline(d, r, 2, ui->th.accent);
            ui->tip = "Click: explore this frame's vector";
            if (ui->pressed) {
                memcpy(a->z, a->interp_z + (size_t)f * INFER_MAX_Z, sizeof(float) * (size_t)a->zdim);
                app_set_z(a, 0, a->z[0], ui->now);
                app_message(a, 0, "explorer: frame %d of %d between A and B", f + 1, n);
            }
        }
    }
}

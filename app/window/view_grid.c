/* view_grid.c: the generator grid: the same fixed noise vectors through each new snapshot's
 * generator, each tile framed by the discriminator's verdict (red: fake, green: real).
 * Clicking a tile loads its vector into the latent explorer. */
#include <stdio.h>
#include <string.h>

#include "app.h"

/* Probability "real" to a frame colour: red (0) through amber to green (1). */
static SDL_Color verdict_color(float p) {
    if (p != p) p = 0;
    p = p < 0 ? 0 : p > 1 ? 1 : p;
    int r = p < 0.5f ? 230 : (int)(230 - (p - 0.5f) * 2 * 170);
    int g = p < 0.5f ? (int)(60 + p * 2 * 150) : 210;
    return (SDL_Color){(Uint8)r, (Uint8)g, 70, 255};
}

void view_grid(App *a) {
    Ui *ui = &a->ui;
    Layout *L = &a->lay;
    SDL_Rect r = L->grid;
    int title = draw_line_height(&a->draw, FONT_NORMAL);
    draw_fill(&a->draw, r, ui->th.panel);
    char head[128];
    if (a->show_real)
        snprintf(head, sizeof head, "%s",
                 a->dataset == GS_DATASET_FASHION ? "Real training images (Fashion-MNIST)" : "Real training digits");
    else
        snprintf(head, sizeof head, "Generator at step %lld   frame: D says real (green) / fake (red)",
                 (long long)a->grid_step);
    draw_text_fit(&a->draw, FONT_NORMAL, r.x + L->tile_gap, r.y + 2, r.w - 2 * L->tile_gap, ui->th.text, head);
    int n = a->grid_side, gap = L->tile_gap, t = L->tile;
    int ox = r.x + gap, oy = r.y + title + gap;
    int have = !a->show_real && a->grid_n_shown == n * n;
    for (int i = 0; i < n * n; i++) {
        SDL_Rect tile = {ox + (i % n) * (t + gap), oy + (i / n) * (t + gap), t, t};
        if (a->show_real) {
            if (i < a->n_real) draw_gray(&a->draw, a->real + (size_t)i * 784, 28, 28, tile);
            continue;
        }
        if (!have) {
            draw_fill(&a->draw, tile, ui->th.bg);
            continue;
        }
        int fw = gap / 2 > 2 ? gap / 2 : 2;
        SDL_Rect fr = {tile.x - fw, tile.y - fw, t + 2 * fw, t + 2 * fw};
        draw_outline(&a->draw, fr, fw, verdict_color(a->verdict[i]));
        if (ui_hit(ui, tile)) {
            ui->tip = "Click: explore this digit's noise vector";
            if (ui->pressed) {
                memcpy(a->z, a->grid_noise + (size_t)i * INFER_MAX_Z, sizeof(float) * a->zdim);
                app_set_z(a, 0, a->z[0], ui->now);
                app_message(a, 0, "explorer: vector of tile %d (row %d, column %d)", i + 1, i / n + 1, i % n + 1);
            }
        }
    }
    if (have) { /* the tiles are one texture: draw each tile's part scaled into place */
        int side = 1;
        while (side * side < a->grid_n_shown) side++;
        int W = side * 30;
        if (!a->grid_tex || a->grid_tex_seq != a->grid_seq_shown) {
            a->grid_tex_seq = a->grid_seq_shown;
            int tw = 0, th = 0;
            if (a->grid_tex) SDL_QueryTexture(a->grid_tex, NULL, NULL, &tw, &th);
            if (!a->grid_tex || tw != W) {
                if (a->grid_tex) SDL_DestroyTexture(a->grid_tex);
                a->grid_tex = SDL_CreateTexture(a->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, W, W);
                if (a->grid_tex) SDL_SetTextureScaleMode(a->grid_tex, SDL_ScaleModeNearest);
                if (a->grid_tex) SDL_SetTextureBlendMode(a->grid_tex, SDL_BLENDMODE_NONE);
            }
            if (a->grid_tex) SDL_UpdateTexture(a->grid_tex, NULL, a->grid_px, W * 4);
        }
        for (int i = 0; i < n * n && a->grid_tex; i++) {
            SDL_Rect src = {(i % side) * 30 + 1, (i / side) * 30 + 1, 28, 28};
            SDL_Rect dst = {ox + (i % n) * (t + gap), oy + (i / n) * (t + gap), t, t};
            draw_texture(&a->draw, a->grid_tex, a->grid_tex_seq, src, dst);
        }
    }
}

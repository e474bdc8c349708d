/* draw.c: rectangles, lines, images and atlas text on an SDL_Renderer (draw.h). */
#include "draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void font_free(DrawFont *f) {
    if (f->atlas) SDL_DestroyTexture(f->atlas);
    memset(f, 0, sizeof *f);
}

/* Renders ASCII 32..126 at px into one atlas texture. */
static int font_build(Draw *d, DrawFont *f, int px) {
    font_free(f);
    TTF_Font *ttf = TTF_OpenFont(d->font_path, px);
    if (!ttf) return 0;
    SDL_Surface *g[95] = {0};
    int total_w = 0, max_h = 0;
    for (int i = 0; i < 95; i++) {
        int minx, maxx, miny, maxy, adv;
        if (TTF_GlyphMetrics(ttf, (Uint16)(32 + i), &minx, &maxx, &miny, &maxy, &adv) != 0) adv = px / 2;
        f->advance[i] = adv;
        SDL_Color white = {255, 255, 255, 255};
        g[i] = i == 0 ? NULL : TTF_RenderGlyph_Blended(ttf, (Uint16)(32 + i), white);
        if (g[i]) {
            total_w += g[i]->w + 1;
            if (g[i]->h > max_h) max_h = g[i]->h;
        }
    }
    f->height = TTF_FontLineSkip(ttf);
    int ok = 0;
    SDL_Surface *atlas = SDL_CreateRGBSurfaceWithFormat(0, total_w > 0 ? total_w : 1, max_h > 0 ? max_h : 1,
                                                        32, SDL_PIXELFORMAT_ARGB8888);
    if (atlas) {
        SDL_FillRect(atlas, NULL, 0);
        int x = 0;
        for (int i = 0; i < 95; i++) {
            if (!g[i]) {
                f->glyph[i] = (SDL_Rect){0, 0, 0, 0};
                continue;
            }
            SDL_Rect dst = {x, 0, g[i]->w, g[i]->h};
            SDL_SetSurfaceBlendMode(g[i], SDL_BLENDMODE_NONE);
            SDL_BlitSurface(g[i], NULL, atlas, &dst);
            f->glyph[i] = dst;
            x += g[i]->w + 1;
        }
        f->atlas = SDL_CreateTextureFromSurface(d->r, atlas);
        if (f->atlas) SDL_SetTextureBlendMode(f->atlas, SDL_BLENDMODE_BLEND), ok = 1;
        SDL_FreeSurface(atlas);
    }
    for (int i = 0; i < 95; i++) SDL_FreeSurface(g[i]);
    TTF_CloseFont(ttf);
    return ok;
}

int draw_set_size(Draw *d, int base_px) {
    d->font_px[FONT_SMALL] = base_px * 4 / 5 > 8 ? base_px * 4 / 5 : 8;
    d->font_px[FONT_NORMAL] = base_px;
    d->font_px[FONT_LARGE] = base_px * 8 / 5;
    if (!d->font_path[0]) return 0;
    int ok = 1;
    for (int i = 0; i < FONT_COUNT; i++) ok &= font_build(d, &d->font[i], d->font_px[i]);
    return ok;
}

int draw_init(Draw *d, SDL_Renderer *r, const char *font_path, int base_px) {
    memset(d, 0, sizeof *d);
    d->r = r;
    if (font_path) snprintf(d->font_path, sizeof d->font_path, "%s", font_path);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    return draw_set_size(d, base_px);
}

void draw_free(Draw *d) {
    for (int i = 0; i < FONT_COUNT; i++) font_free(&d->font[i]);
    if (d->image) SDL_DestroyTexture(d->image);
    d->image = NULL;
}

static void color(Draw *d, SDL_Color c) { SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a); }

void draw_fill(Draw *d, SDL_Rect r, SDL_Color c) {
    color(d, c);
    SDL_RenderFillRect(d->r, &r);
}

void draw_outline(Draw *d, SDL_Rect r, int t, SDL_Color c) {
    color(d, c);
    SDL_Rect e[4] = {{r.x, r.y, r.w, t}, {r.x, r.y + r.h - t, r.w, t}, {r.x, r.y, t, r.h},
                     {r.x + r.w - t, r.y, t, r.h}};
    SDL_RenderFillRects(d->r, e, 4);
}

void draw_line(Draw *d, int x0, int y0, int x1, int y1, SDL_Color c) {
    color(d, c);
    SDL_RenderDrawLine(d->r, x0, y0, x1, y1);
}

void draw_polyline(Draw *d, const SDL_FPoint *pts, int n, SDL_Color c) {
    if (n < 2) return;
    color(d, c);
    SDL_RenderDrawLinesF(d->r, pts, n);
}

int draw_text_width(const Draw *d, int font, const char *text) {
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        w += (*p >= 32 && *p < 127) ? d->font[font].advance[*p - 32] : d->font[font].advance['?' - 32];
    return w;
}

int draw_line_height(const Draw *d, int font) {
    return d->font[font].height ? d->font[font].height : d->font_px[font] + 4;
}

int draw_text(Draw *d, int font, int x, int y, SDL_Color c, const char *text) {
    DrawFont *f = &d->font[font];
    if (!f->atlas) return 0;
    SDL_SetTextureColorMod(f->atlas, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(f->atlas, c.a);
    int x0 = x;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        int i = (*p >= 32 && *p < 127) ? *p - 32 : '?' - 32;
        SDL_Rect src = f->glyph[i];
        if (src.w > 0) {
            SDL_Rect dst = {x, y, src.w, src.h};
            SDL_RenderCopy(d->r, f->atlas, &src, &dst);
        }
        x += f->advance[i];
    }
    return x - x0;
}

int draw_textf(Draw *d, int font, int x, int y, SDL_Color c, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return draw_text(d, font, x, y, c, buf);
}

void draw_rgba(Draw *d, SDL_Texture **tex, const Uint32 *pixels, int w, int h, SDL_Rect dst) {
    int tw = 0, th = 0;
    if (*tex) SDL_QueryTexture(*tex, NULL, NULL, &tw, &th);
    if (!*tex || tw != w || th != h) {
        if (*tex) SDL_DestroyTexture(*tex);
        *tex = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
        if (!*tex) return;
        SDL_SetTextureScaleMode(*tex, SDL_ScaleModeNearest);
    }
    SDL_UpdateTexture(*tex, NULL, pixels, w * 4);
    SDL_RenderCopy(d->r, *tex, NULL, &dst);
}

void draw_gray(Draw *d, const float *pixels, int w, int h, SDL_Rect dst) {
    Uint32 buf[64 * 64];
    if (w * h > 64 * 64) return;
    for (int i = 0; i < w * h; i++) {
        float v = pixels[i];
        int g = v != v ? 0 : v <= 0 ? 0 : v >= 1 ? 255 : (int)(v * 255.0f + 0.5f);
        buf[i] = 0xff000000u | (Uint32)(g << 16) | (Uint32)(g << 8) | (Uint32)g;
    }
    draw_rgba(d, &d->image, buf, w, h, dst);
}

/* draw.c: rectangles, lines, images and atlas text on an SDL_Renderer, recorded per region
 * and replayed only where a frame differs from the last (draw.h). */
#include "draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
    d->cache_valid = 0; /* glyphs change size: recorded text no longer says what the cache holds */
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
    d->use_cache = SDL_RenderTargetSupported(r);
    return draw_set_size(d, base_px);
}

void draw_free(Draw *d) {
    for (int i = 0; i < FONT_COUNT; i++) font_free(&d->font[i]);
    if (d->image) SDL_DestroyTexture(d->image);
    if (d->cache) SDL_DestroyTexture(d->cache);
    for (int i = 0; i < 2; i++) free(d->list[i].cmds), free(d->list[i].arena);
    memset(d->list, 0, sizeof d->list);
    d->image = d->cache = NULL;
}


enum { DC_FILL, DC_OUTLINE, DC_LINE, DC_POLY, DC_TEXT, DC_GRAY, DC_TEX };

/* Recorded calls are compared with memcmp: every byte of one is set (no padding left
 * uninitialised), and what they point to lives in the list's arena. */
struct DrawCmd {
    int type, font, a, b;  /* a: outline thickness, or payload offset in the region; b: count */
    SDL_Rect r;            /* rect, line ends (x, y, x1, y1), text origin, image destination */
    SDL_Rect src;          /* texture part */
    SDL_Color c;
    SDL_Texture *tex;
    uint64_t version;
};

/* ---- immediate drawing ------------------------------------------------------------------ */

/* Opaque colours are drawn without blending: SDL's software renderer would otherwise blend
 * every pixel of every panel, the largest part of a frame. */
static void color(Draw *d, SDL_Color c) {
    SDL_SetRenderDrawBlendMode(d->r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
}

static void do_fill(Draw *d, SDL_Rect r, SDL_Color c) {
    color(d, c);
    SDL_RenderFillRect(d->r, &r);
}

static void do_outline(Draw *d, SDL_Rect r, int t, SDL_Color c) {
    color(d, c);
    SDL_Rect e[4] = {{r.x, r.y, r.w, t}, {r.x, r.y + r.h - t, r.w, t}, {r.x, r.y, t, r.h},
                     {r.x + r.w - t, r.y, t, r.h}};
    SDL_RenderFillRects(d->r, e, 4);
}

static int text_len(const Draw *d, int font, const char *text, int n) {
    int w = 0;
    for (int k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)text[k];
        w += (ch >= 32 && ch < 127) ? d->font[font].advance[ch - 32] : d->font[font].advance['?' - 32];
    }
    return w;
}

static void do_text(Draw *d, int font, int x, int y, SDL_Color c, const char *text, int n) {
    DrawFont *f = &d->font[font];
    if (!f->atlas) return;
    SDL_SetTextureColorMod(f->atlas, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(f->atlas, c.a);
    for (int k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)text[k];
        int i = (ch >= 32 && ch < 127) ? ch - 32 : '?' - 32;
        SDL_Rect src = f->glyph[i];
        if (src.w > 0) {
            SDL_Rect dst = {x, y, src.w, src.h};
            SDL_RenderCopy(d->r, f->atlas, &src, &dst);
        }
        x += f->advance[i];
    }
}

/* w x h gray bytes into dst, through one reusable streaming texture. */
static void do_gray(Draw *d, const unsigned char *g, int w, int h, SDL_Rect dst) {
    Uint32 buf[64 * 64];
    for (int i = 0; i < w * h; i++) buf[i] = 0xff000000u | (Uint32)g[i] << 16 | (Uint32)g[i] << 8 | g[i];
    int tw = 0, th = 0;
    if (d->image) SDL_QueryTexture(d->image, NULL, NULL, &tw, &th);
    if (!d->image || tw != w || th != h) {
        if (d->image) SDL_DestroyTexture(d->image);
        d->image = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
        if (!d->image) return;
        SDL_SetTextureScaleMode(d->image, SDL_ScaleModeNearest);
        SDL_SetTextureBlendMode(d->image, SDL_BLENDMODE_NONE); /* opaque: no blending cost */
    }
    SDL_UpdateTexture(d->image, NULL, buf, w * 4);
    SDL_RenderCopy(d->r, d->image, NULL, &dst);
}

static void exec(Draw *d, const DrawCmd *c, const unsigned char *arena) {
    switch (c->type) {
    case DC_FILL: do_fill(d, c->r, c->c); break;
    case DC_OUTLINE: do_outline(d, c->r, c->a, c->c); break;
    case DC_LINE:
        color(d, c->c);
        SDL_RenderDrawLine(d->r, c->r.x, c->r.y, c->r.w, c->r.h);
        break;
    case DC_POLY:
        color(d, c->c);
        SDL_RenderDrawLinesF(d->r, (const SDL_FPoint *)(arena + c->a), c->b);
        break;
    case DC_TEXT: do_text(d, c->font, c->r.x, c->r.y, c->c, (const char *)arena + c->a, c->b); break;
    case DC_GRAY: do_gray(d, arena + c->a, c->src.w, c->src.h, c->r); break;
    case DC_TEX: SDL_RenderCopy(d->r, c->tex, &c->src, &c->r); break;
    }
}

/* ---- recording -------------------------------------------------------------------------- */

/* Where the open region's payloads start (outside a frame: the arena's start). */
static size_t region_base(const Draw *d) {
    const DrawList *l = &d->list[d->cur];
    return d->recording ? l->reg[l->n_reg - 1].arena0 : 0;
}

/* Appends a zeroed command (recorded commands are compared with memcmp) with n bytes of
 * payload copied into the arena, at offset `a` from its region's first byte: a region that
 * draws the same compares the same wherever the regions before it put their payloads.
 * Outside a frame the same command is drawn at once by done(): one path for recorded and
 * immediate drawing. NULL when out of memory. */
static DrawCmd *push(Draw *d, int type, const void *payload, size_t n) {
    DrawList *l = &d->list[d->cur];
    d->mark = l->n_arena;
    size_t at = l->n_arena, need = at + ((n + 7) & ~(size_t)7); /* payloads stay 8-byte aligned */
    if (need > l->cap_arena) {
        size_t cap = l->cap_arena ? l->cap_arena : 1 << 16;
        while (cap < need) cap *= 2;
        unsigned char *p = realloc(l->arena, cap);
        if (!p) return l->oom = 1, NULL;
        l->arena = p, l->cap_arena = cap;
    }
    if (l->n_cmds == l->cap_cmds) {
        int cap = l->cap_cmds ? 2 * l->cap_cmds : 1024;
        DrawCmd *p = realloc(l->cmds, sizeof *p * (size_t)cap);
        if (!p) return l->oom = 1, NULL;
        l->cmds = p, l->cap_cmds = cap;
    }
    if (n) memcpy(l->arena + at, payload, n);
    if (need > at + n) memset(l->arena + at + n, 0, need - at - n); /* the padding is compared too */
    l->n_arena = need;
    DrawCmd *c = &l->cmds[l->n_cmds++];
    memset(c, 0, sizeof *c);
    c->type = type, c->a = n ? (int)(at - region_base(d)) : 0;
    return c;
}

/* Outside a frame, draws the command push() just made and forgets it. */
static void done(Draw *d) {
    if (d->recording) return;
    DrawList *l = &d->list[d->cur];
    exec(d, &l->cmds[--l->n_cmds], l->arena);
    l->n_arena = d->mark;
}

static void close_region(DrawList *l) {
    DrawRegion *r = &l->reg[l->n_reg - 1];
    r->cmd1 = l->n_cmds, r->arena1 = l->n_arena;
}

void draw_frame_begin(Draw *d, SDL_Color bg) {
    DrawList *l = &d->list[d->cur];
    l->n_cmds = 0, l->n_arena = 0, l->oom = 0;
    int w, h;
    SDL_GetRendererOutputSize(d->r, &w, &h);
    l->reg[0] = (DrawRegion){{0, 0, w, h}, bg, 0, 0, 0, 0}; /* the background between regions */
    l->n_reg = 1;
    d->recording = 1;
}

void draw_region(Draw *d, SDL_Rect rect, SDL_Color bg) {
    if (!d->recording) return;
    DrawList *l = &d->list[d->cur];
    close_region(l);
    if (l->n_reg == DRAW_MAX_REGIONS) { /* grow the last one instead: correct, only slower */
        SDL_UnionRect(&l->reg[l->n_reg - 1].rect, &rect, &l->reg[l->n_reg - 1].rect);
        return;
    }
    l->reg[l->n_reg++] = (DrawRegion){rect, bg, l->n_cmds, l->n_cmds, l->n_arena, l->n_arena};
}

/* Region i of list l drew the same as region i of list p? */
static int same_region(const DrawList *l, const DrawList *p, int i) {
    const DrawRegion *a = &l->reg[i], *b = &p->reg[i];
    size_t na = a->arena1 - a->arena0;
    return a->cmd1 - a->cmd0 == b->cmd1 - b->cmd0 && na == b->arena1 - b->arena0 &&
           SDL_RectEquals(&a->rect, &b->rect) && !memcmp(&a->bg, &b->bg, sizeof a->bg) &&
           (a->cmd1 == a->cmd0 ||
            !memcmp(l->cmds + a->cmd0, p->cmds + b->cmd0, sizeof(DrawCmd) * (size_t)(a->cmd1 - a->cmd0))) &&
           (na == 0 || !memcmp(l->arena + a->arena0, p->arena + b->arena0, na));
}

static void replay(Draw *d, const DrawList *l, int i) {
    const DrawRegion *g = &l->reg[i];
    SDL_RenderSetClipRect(d->r, &g->rect);
    do_fill(d, g->rect, g->bg);
    for (int k = g->cmd0; k < g->cmd1; k++) exec(d, &l->cmds[k], l->arena + g->arena0);
}

/* Makes the cache the window's size; returns 0 when there is none to use. */
static int cache_ready(Draw *d, int w, int h) {
    if (!d->use_cache) return 0;
    if (d->cache && d->cache_w == w && d->cache_h == h) return 1;
    if (d->cache) SDL_DestroyTexture(d->cache);
    d->cache = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    d->cache_valid = 0;
    if (!d->cache) {
        d->use_cache = 0; /* e.g. a texture size limit: draw straight to the screen from now on */
        return 0;
    }
    SDL_SetTextureBlendMode(d->cache, SDL_BLENDMODE_NONE);
    d->cache_w = w, d->cache_h = h;
    return 1;
}

void draw_frame_end(Draw *d) {
    if (!d->recording) return;
    DrawList *l = &d->list[d->cur], *p = &d->list[!d->cur];
    close_region(l);
    d->recording = 0;
    const SDL_Rect whole = l->reg[0].rect;
    int cached = cache_ready(d, whole.w, whole.h) && !l->oom;
    unsigned char redo[DRAW_MAX_REGIONS];
    int n_redo = 0;
    for (int i = 0; i < l->n_reg; i++) {
        redo[i] = !cached || !d->cache_valid || p->oom || i >= p->n_reg || !same_region(l, p, i);
        /* a region painted over something that changed, or that used to be elsewhere,
         * must be painted again on top of it */
        for (int j = 0; j < i && !redo[i]; j++)
            if (redo[j] && SDL_HasIntersection(&l->reg[j].rect, &l->reg[i].rect)) redo[i] = 1;
        for (int j = 0; j < p->n_reg && !redo[i] && d->cache_valid; j++)
            if ((j >= l->n_reg || !SDL_RectEquals(&p->reg[j].rect, &l->reg[j].rect)) &&
                SDL_HasIntersection(&p->reg[j].rect, &l->reg[i].rect))
                redo[i] = 1;
        n_redo += redo[i];
    }
    if (cached) SDL_SetRenderTarget(d->r, d->cache);
    for (int i = 0; i < l->n_reg; i++)
        if (redo[i]) replay(d, l, i);
    SDL_RenderSetClipRect(d->r, NULL);
    if (cached) {
        SDL_SetRenderTarget(d->r, NULL);
        SDL_RenderCopy(d->r, d->cache, NULL, NULL);
    }
    d->cache_valid = cached;
    d->last_replayed = n_redo;
    d->cur = !d->cur;
}

void draw_invalidate(Draw *d) { d->cache_valid = 0; }

/* ---- the calls -------------------------------------------------------------------------- */

void draw_fill(Draw *d, SDL_Rect r, SDL_Color c) {
    DrawCmd *k = push(d, DC_FILL, NULL, 0);
    if (k) k->r = r, k->c = c, done(d);
}

void draw_outline(Draw *d, SDL_Rect r, int t, SDL_Color c) {
    DrawCmd *k = push(d, DC_OUTLINE, NULL, 0);
    if (k) k->r = r, k->c = c, k->a = t, done(d);
}

void draw_line(Draw *d, int x0, int y0, int x1, int y1, SDL_Color c) {
    DrawCmd *k = push(d, DC_LINE, NULL, 0);
    if (k) k->r = (SDL_Rect){x0, y0, x1, y1}, k->c = c, done(d);
}

void draw_polyline(Draw *d, const SDL_FPoint *pts, int n, SDL_Color c) {
    if (n < 2) return;
    DrawCmd *k = push(d, DC_POLY, pts, sizeof *pts * (size_t)n);
    if (k) k->b = n, k->c = c, done(d);
}

int draw_text_width(const Draw *d, int font, const char *text) {
    return text_len(d, font, text, (int)strlen(text));
}

int draw_line_height(const Draw *d, int font) {
    return d->font[font].height ? d->font[font].height : d->font_px[font] + 4;
}

int draw_text(Draw *d, int font, int x, int y, SDL_Color c, const char *text) {
    if (!d->font[font].atlas) return 0;
    int n = (int)strlen(text);
    DrawCmd *k = push(d, DC_TEXT, text, (size_t)n);
    if (k) k->font = font, k->r = (SDL_Rect){x, y, 0, 0}, k->c = c, k->b = n, done(d);
    return text_len(d, font, text, n);
}

int draw_text_fit(Draw *d, int font, int x, int y, int max_w, SDL_Color c, const char *text) {
    int n = (int)strlen(text);
    if (text_len(d, font, text, n) <= max_w) return draw_text(d, font, x, y, c, text);
    char buf[512];
    int keep = 0, w = 0, ell = text_len(d, font, "...", 3);
    while (keep < n && keep < (int)sizeof buf - 4) {
        int cw = text_len(d, font, text + keep, 1);
        if (w + cw + ell > max_w) break;
        w += cw, keep++;
    }
    if (w + ell > max_w) return 0; /* not even the dots fit */
    memcpy(buf, text, (size_t)keep);
    memcpy(buf + keep, "...", 4);
    return draw_text(d, font, x, y, c, buf);
}

int draw_textf(Draw *d, int font, int x, int y, SDL_Color c, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return draw_text(d, font, x, y, c, buf);
}

void draw_gray(Draw *d, const float *pixels, int w, int h, SDL_Rect dst) {
    if (w * h > 64 * 64) return;
    unsigned char g[64 * 64];
    for (int i = 0; i < w * h; i++) {
        float v = pixels[i];
        g[i] = (unsigned char)(v != v ? 0 : v <= 0 ? 0 : v >= 1 ? 255 : (int)(v * 255.0f + 0.5f));
    }
    DrawCmd *k = push(d, DC_GRAY, g, (size_t)(w * h));
    if (k) k->r = dst, k->src = (SDL_Rect){0, 0, w, h}, done(d);
}

void draw_texture(Draw *d, SDL_Texture *tex, uint64_t version, SDL_Rect src, SDL_Rect dst) {
    if (!tex) return;
    DrawCmd *k = push(d, DC_TEX, NULL, 0);
    if (k) k->tex = tex, k->version = version, k->src = src, k->r = dst, done(d);
}

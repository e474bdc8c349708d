/* draw.h: the only place the window draws: filled and outlined rectangles, lines, gray
 * images and text, all through one SDL_Renderer. Text comes from a glyph atlas built once
 * per font size with SDL2_ttf (ASCII 32..126), drawn as textured quads. Render thread only. */
#ifndef GS_DRAW_H
#define GS_DRAW_H

#include <SDL.h>
#include <SDL_ttf.h>

enum { FONT_SMALL, FONT_NORMAL, FONT_LARGE, FONT_COUNT };

typedef struct DrawFont {
    SDL_Texture *atlas;   /* white glyphs on transparent, colour-modulated when drawn */
    SDL_Rect glyph[95];   /* each glyph's place in the atlas */
    int advance[95];      /* horizontal advance per glyph */
    int height;           /* line height */
} DrawFont;

typedef struct Draw {
    SDL_Renderer *r;      /* borrowed */
    char font_path[1024]; /* TTF file, empty if none was found (text is then skipped) */
    int font_px[FONT_COUNT]; /* pixel sizes the atlases were built for */
    DrawFont font[FONT_COUNT];
    SDL_Texture *image;   /* streaming texture for gray images, grown as needed */
    int image_w, image_h;
} Draw;

/* Builds the atlases for base_px (small = 0.8x, large = 1.6x). Without a usable font it
 * still succeeds (text is skipped) and returns 0; 1 when text works. */
int draw_init(Draw *d, SDL_Renderer *r, const char *font_path, int base_px);
/* Rebuilds the atlases for another size (UI scale); returns 1 when text works. */
int draw_set_size(Draw *d, int base_px);
void draw_free(Draw *d);

void draw_fill(Draw *d, SDL_Rect r, SDL_Color c);
void draw_outline(Draw *d, SDL_Rect r, int thickness, SDL_Color c);
void draw_line(Draw *d, int x0, int y0, int x1, int y1, SDL_Color c);
/* A polyline through n points (x, y pairs), clipped to clip. */
void draw_polyline(Draw *d, const SDL_FPoint *pts, int n, SDL_Color c);

/* Text at (x, y) (top-left); returns its width in pixels. */
int draw_text(Draw *d, int font, int x, int y, SDL_Color c, const char *text);
int draw_textf(Draw *d, int font, int x, int y, SDL_Color c, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
int draw_text_width(const Draw *d, int font, const char *text);
int draw_line_height(const Draw *d, int font);

/* A w x h gray image (floats in [0,1]) scaled into dst with nearest filtering. */
void draw_gray(Draw *d, const float *pixels, int w, int h, SDL_Rect dst);
/* An RGBA8888 image (w x h) into dst, through a reusable texture of the same size. */
void draw_rgba(Draw *d, SDL_Texture **tex, const Uint32 *pixels, int w, int h, SDL_Rect dst);

#endif

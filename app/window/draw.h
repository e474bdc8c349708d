/* draw.h: the only place the window draws: filled and outlined rectangles, lines, gray
 * images, textures and text, all through one SDL_Renderer. Text comes from a glyph atlas
 * built once per font size with SDL2_ttf (ASCII 32..126), drawn as textured quads.
 * Render thread only.
 *
 * Retained frames. Between draw_frame_begin and draw_frame_end nothing is drawn at once:
 * calls are recorded, each into the region (a rectangle with a background) last opened by
 * draw_region. draw_frame_end compares every region's commands with the previous frame's,
 * replays only the regions that differ (and the later ones they overlap) into a cache
 * texture the size of the window, clipped to their rectangles, and copies the cache to the
 * screen once. A frame in which only the step counter changed thus redraws the status line,
 * not 100 sliders and a thousand glyphs: on a laptop without a GPU (software GL) most of a
 * frame's cost was rasterising unchanged pixels. Without render-target support every region
 * is replayed straight to the screen each frame, which draws the same pixels.
 * Outside a frame (overlays: dialogs, help, tooltips) calls draw at once. */
#ifndef GS_DRAW_H
#define GS_DRAW_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stddef.h>
#include <stdint.h>

enum { FONT_SMALL, FONT_NORMAL, FONT_LARGE, FONT_COUNT };

typedef struct DrawFont {
    SDL_Texture *atlas;   /* white glyphs on transparent, colour-modulated when drawn */
    SDL_Rect glyph[95];   /* each glyph's place in the atlas */
    int advance[95];      /* horizontal advance per glyph */
    int height;           /* line height */
} DrawFont;

typedef struct DrawCmd DrawCmd; /* one recorded call (draw.c) */

typedef struct DrawRegion {
    SDL_Rect rect;        /* commands are clipped to it */
    SDL_Color bg;         /* filled first */
    int cmd0, cmd1;       /* its commands in the frame's list */
    size_t arena0, arena1; /* and their text, points and pixels */
} DrawRegion;

#define DRAW_MAX_REGIONS 32

/* One frame's recording; two of them alternate so the last frame can be compared. */
typedef struct DrawList {
    DrawCmd *cmds;
    int n_cmds, cap_cmds;
    unsigned char *arena;
    size_t n_arena, cap_arena;
    DrawRegion reg[DRAW_MAX_REGIONS];
    int n_reg;
    int oom;              /* an allocation failed: this frame is replayed in full */
} DrawList;

typedef struct Draw {
    SDL_Renderer *r;      /* borrowed */
    char font_path[1024]; /* TTF file, empty if none was found (text is then skipped) */
    int font_px[FONT_COUNT]; /* pixel sizes the atlases were built for */
    DrawFont font[FONT_COUNT];
    SDL_Texture *image;   /* streaming texture for gray images, grown as needed */
    /* retained frames */
    int recording;        /* inside draw_frame_begin/end */
    int use_cache;        /* 0: replay every region to the screen every frame */
    DrawList list[2];
    int cur;              /* list[cur] is being recorded, list[!cur] is the last frame */
    size_t mark;          /* arena size before the last push (immediate drawing gives it back) */
    SDL_Texture *cache;   /* what the regions drew, window-sized render target */
    int cache_w, cache_h;
    int cache_valid;      /* cache holds list[!cur]'s regions */
    int last_replayed;    /* regions replayed by the last draw_frame_end (tests, stats) */
} Draw;

/* Builds the atlases for base_px (small = 0.8x, large = 1.6x). Without a usable font it
 * still succeeds (text is skipped) and returns 0; 1 when text works. */
int draw_init(Draw *d, SDL_Renderer *r, const char *font_path, int base_px);
/* Rebuilds the atlases for another size (UI scale); returns 1 when text works. */
int draw_set_size(Draw *d, int base_px);
void draw_free(Draw *d);

/* Starts recording a frame (one region, the whole window, is open). */
void draw_frame_begin(Draw *d, SDL_Color bg); /* bg: between the regions */
/* Opens a region: what follows is clipped to rect, on a background of bg. Regions after the
 * first should not overlap each other (overlaps stay correct, but cost redraws). */
void draw_region(Draw *d, SDL_Rect rect, SDL_Color bg);
/* Replays what changed and puts the frame on the screen; later calls draw at once. */
void draw_frame_end(Draw *d);
/* Forgets the cache (lost render targets, e.g. SDL_RENDER_TARGETS_RESET). */
void draw_invalidate(Draw *d);

void draw_fill(Draw *d, SDL_Rect r, SDL_Color c);
void draw_outline(Draw *d, SDL_Rect r, int thickness, SDL_Color c);
void draw_line(Draw *d, int x0, int y0, int x1, int y1, SDL_Color c);
/* A polyline through n points (x, y pairs), clipped to clip. */
void draw_polyline(Draw *d, const SDL_FPoint *pts, int n, SDL_Color c);

/* Text at (x, y) (top-left); returns its width in pixels. */
int draw_text(Draw *d, int font, int x, int y, SDL_Color c, const char *text);
/* Text cut to max_w pixels, ending in "..." when it had to be cut; returns its width. */
int draw_text_fit(Draw *d, int font, int x, int y, int max_w, SDL_Color c, const char *text);
int draw_textf(Draw *d, int font, int x, int y, SDL_Color c, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
int draw_text_width(const Draw *d, int font, const char *text);
int draw_line_height(const Draw *d, int font);

/* A w x h gray image (floats in [0,1]) scaled into dst with nearest filtering. */
void draw_gray(Draw *d, const float *pixels, int w, int h, SDL_Rect dst);
/* Part src of a texture the caller owns into dst. version must change whenever the caller
 * changes the texture's pixels: a recorded frame is compared by pointer and version. */
void draw_texture(Draw *d, SDL_Texture *tex, uint64_t version, SDL_Rect src, SDL_Rect dst);

#endif

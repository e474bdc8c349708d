/* screenshot.c: the renderer's pixels to a numbered PNG (screenshot.h). */
#include "screenshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "gs_file.h"
#include "gs_png.h"

int screenshot_save(SDL_Renderer *r, const char *dir, int *next, char *path, size_t path_size, char *msg,
                    size_t msg_size) {
    GsError err;
    if (gs_file_mkdirs(dir, &err) != GS_OK) return snprintf(msg, msg_size, "%s", err.msg), 0;
    struct stat sb;
    int n = *next;
    for (;; n++) {
        if (snprintf(path, path_size, "%s/screenshot-%03d.png", dir, n) >= (int)path_size)
            return snprintf(msg, msg_size, "the directory name is too long"), 0;
        if (stat(path, &sb) != 0 || n >= 99999) break;
    }
    int w, h;
    if (SDL_GetRendererOutputSize(r, &w, &h) != 0 || w <= 0 || h <= 0)
        return snprintf(msg, msg_size, "%s", SDL_GetError()), 0;
    uint8_t *px = malloc((size_t)w * h * 3);
    if (!px) return snprintf(msg, msg_size, "out of memory (%dx%d)", w, h), 0;
    int ok = 0;
    if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGB24, px, w * 3) != 0)
        snprintf(msg, msg_size, "cannot read the window's pixels: %s", SDL_GetError());
    else if (gs_png_write(path, px, w, h, 3, &err) != GS_OK)
        snprintf(msg, msg_size, "%s", err.msg);
    else
        ok = 1, *next = n + 1;
    free(px);
    return ok;
}

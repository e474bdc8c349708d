/* screenshot.h: the frame just drawn as a PNG, numbered in a directory. */
#ifndef GS_SCREENSHOT_H
#define GS_SCREENSHOT_H

#include <SDL.h>

/* Writes the renderer's pixels as the first free dir/screenshot-NNN.png (NNN from *next
 * on; *next moves past it). Returns 1 and the path in path, or 0 and why in msg. */
int screenshot_save(SDL_Renderer *r, const char *dir, int *next, char *path, size_t path_size, char *msg,
                    size_t msg_size);

#endif

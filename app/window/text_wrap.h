/* text_wrap.h: a paragraph drawn in lines that fit a width (the doctor's banner, the
 * scenario menu, the help overlay's explanations). */
#ifndef GS_TEXT_WRAP_H
#define GS_TEXT_WRAP_H

#include "draw.h"

/* Draws text from (x, y) broken at spaces into lines at most w wide, at most max_lines
 * (0: no limit; the last one then ends in "..."). draw 0: only measures. Returns the
 * height it takes. */
int text_wrap(Draw *d, int font, int x, int y, int w, int max_lines, SDL_Color c, const char *text, int draw);

#endif

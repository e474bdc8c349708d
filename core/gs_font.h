/* gs_font.h: a tiny built-in bitmap font (3x5 pixels a glyph: digits, a few capitals, space,
 * '/', '.', ':') for labels drawn into exported images; no font file needed. */
#ifndef GS_FONT_H
#define GS_FONT_H

#include <stdint.h>

/* Draws text into the gray image dst (w x h) with its top left at (x, y), each font pixel a
 * scale x scale square of value; characters it lacks draw as blanks, anything outside dst is
 * clipped. Returns the width drawn: 4 * scale per character, the last one's gap included. */
int gs_font_draw(uint8_t *dst, int w, int h, int x, int y, int scale, const char *text, uint8_t value);

#define GS_FONT_HEIGHT 5 /* glyph rows, times scale */

#endif

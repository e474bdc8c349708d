/* gs_font.c: the 3x5 glyphs (each row 3 bits, leftmost the highest) and their drawing. */
#include "gs_font.h"

#include <string.h>

static const struct {
    char c;
    uint8_t rows[5];
} glyphs[] = {
    {'0', {7, 5, 5, 5, 7}}, {'1', {2, 6, 2, 2, 7}}, {'2', {7, 1, 7, 4, 7}}, {'3', {7, 1, 3, 1, 7}},
    {'4', {5, 5, 7, 1, 1}}, {'5', {7, 4, 7, 1, 7}}, {'6', {7, 4, 7, 5, 7}}, {'7', {7, 1, 1, 2, 2}},
    {'8', {7, 5, 7, 5, 7}}, {'9', {7, 5, 7, 1, 7}}, {'S', {7, 4, 7, 1, 7}}, {'T', {7, 2, 2, 2, 2}},
    {'E', {7, 4, 6, 4, 7}}, {'P', {7, 5, 7, 4, 4}}, {'/', {1, 1, 2, 4, 4}}, {'.', {0, 0, 0, 0, 2}},
    {':', {0, 2, 0, 2, 0}}, {'-', {0, 0, 7, 0, 0}}, {'D', {6, 5, 5, 5, 6}}, {'O', {7, 5, 5, 5, 7}},
    {'C', {7, 4, 4, 4, 7}}, {'R', {6, 5, 6, 5, 5}}, {'!', {2, 2, 2, 0, 2}},
};

int gs_font_draw(uint8_t *dst, int w, int h, int x, int y, int scale, const char *text, uint8_t value) {
    int x0 = x;
    for (const char *t = text; *t; t++, x += 4 * scale) {
        const uint8_t *rows = NULL;
        for (size_t g = 0; g < sizeof glyphs / sizeof glyphs[0]; g++)
            if (glyphs[g].c == *t) rows = glyphs[g].rows;
        if (!rows) continue;
        for (int r = 0; r < 5; r++)
            for (int c = 0; c < 3; c++) {
                if (!(rows[r] >> (2 - c) & 1)) continue;
                for (int dy = 0; dy < scale; dy++)
                    for (int dx = 0; dx < scale; dx++) {
                        int px = x + c * scale + dx, py = y + r * scale + dy;
                        if (px >= 0 && px < w && py >= 0 && py < h) dst[(size_t)py * w + px] = value;
                    }
            }
    }
    return x - x0;
}

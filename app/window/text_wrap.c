/* text_wrap.c: word-wrapped paragraphs (text_wrap.h). */
#include "text_wrap.h"

#include <stdio.h>
#include <string.h>

int text_wrap(Draw *d, int font, int x, int y, int w, int max_lines, SDL_Color c, const char *text, int draw) {
    int lh = draw_line_height(d, font), lines = 0;
    char line[512];
    const char *p = text;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        /* the longest run of whole words that fits; one word wider than w stands alone */
        size_t take = 0, best = 0;
        for (;;) {
            const char *sp = strchr(p + take, ' ');
            size_t end = sp ? (size_t)(sp - p) : strlen(p);
            if (end >= sizeof line) break;
            memcpy(line, p, end), line[end] = 0;
            if (best && draw_text_width(d, font, line) > w) break;
            best = end;
            if (!sp) break;
            take = end + 1;
        }
        if (!best) best = strlen(p) < sizeof line - 1 ? strlen(p) : sizeof line - 1;
        int last = max_lines > 0 && lines == max_lines - 1 && p[best];
        if (last) snprintf(line, sizeof line, "%s", p); /* the rest, cut short with "..." */
        else memcpy(line, p, best), line[best] = 0;
        if (draw && last) draw_text_fit(d, font, x, y + lines * lh, w, c, line);
        else if (draw) draw_text(d, font, x, y + lines * lh, c, line);
        lines++;
        p += best;
        if (last) break;
    }
    return lines * lh;
}

/* layout.h: where each view slot goes for a window size: the control bar on top, the
 * generator grid (square, up to 42% of the width) with the strip under it, the graphs in
 * the middle, the explorer on the right, the status line at the bottom. */
#ifndef GS_LAYOUT_H
#define GS_LAYOUT_H

#include "draw.h"
#include "view.h"

/* slot[SLOT_STRIP].h is 0 when there is no room for the strip. s: the UI scale. */
void layout_slots(SDL_Rect slot[SLOT_COUNT], int w, int h, float s, const Draw *d, int grid_side, int control_rows);

#endif

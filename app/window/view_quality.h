/* view_quality.h: the quality panel's one entry point besides its ViewClass: a score into
 * its series, as if its judge had just returned it (the worker's results and tests). */
#ifndef GS_VIEW_QUALITY_H
#define GS_VIEW_QUALITY_H

#include "judge_worker.h"

#define QUALITY_CAP 512 /* points kept; when full, every other one goes */

void view_quality_add(void *self, const JudgeScore *s);

#endif

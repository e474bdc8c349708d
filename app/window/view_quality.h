/* view_quality.h: the quality panel's entry points besides its ViewClass: a score into its
 * series, as if its judge had just returned it (the worker's results, tests, `plot`). */
#ifndef GS_VIEW_QUALITY_H
#define GS_VIEW_QUALITY_H

#include "judge_worker.h"

#define QUALITY_CAP 512 /* points kept; when full, every other one goes */

void view_quality_add(void *self, const JudgeScore *s);
/* 1 while a score handed to the judge has not come back into the panel yet (tests wait
 * for it: the panel then changes between two frames by itself). */
int view_quality_pending(void *self);
/* Scores the next snapshot the inference task sees, due or not (tests). */
void view_quality_score_soon(void *self);

#endif

/* view_inst.h: one view at work: its class and its state. The app holds one per listed
 * view; a test holds just the one it checks. */
#ifndef GS_VIEW_INST_H
#define GS_VIEW_INST_H

#include "view.h"

typedef struct ViewInst {
    const ViewClass *cls;
    void *self; /* cls->size bytes (NULL when 0) */
} ViewInst;

/* Allocates and initialises the view's state; returns 0 (nothing held) on failure. */
int view_create(ViewInst *v, const ViewClass *cls, uint64_t seed, Infer *infer);
void view_destroy(ViewInst *v);
/* Its frame in area, its widget ids under its name. */
void view_run(ViewInst *v, SDL_Rect area, ViewCtx *c);
void view_apply(ViewInst *v, const Action *a, ViewCtx *c);
int view_locate(const ViewInst *v, const char *part, int i, SDL_Rect *r);

#endif

/* view_inst.c: a view's state and calls (view_inst.h). */
#include "view_inst.h"

#include <stdlib.h>

int view_create(ViewInst *v, const ViewClass *cls, uint64_t seed, Infer *infer) {
    v->cls = cls;
    v->self = cls->size ? calloc(1, cls->size) : NULL;
    if (cls->size && !v->self) return 0;
    if (cls->init && !cls->init(v->self, seed, infer)) {
        view_destroy(v);
        return 0;
    }
    return 1;
}

void view_destroy(ViewInst *v) {
    if (v->cls && v->cls->free && v->self) v->cls->free(v->self);
    free(v->self);
    v->self = NULL;
}

void view_run(ViewInst *v, SDL_Rect area, ViewCtx *c) {
    ui_push_id(c->ui, v->cls->name);
    v->cls->frame(v->self, area, c);
    ui_pop_id(c->ui);
}

void view_apply(ViewInst *v, const Action *a, ViewCtx *c) {
    if (v->cls->apply) v->cls->apply(v->self, a, c);
}

int view_locate(const ViewInst *v, const char *part, int i, SDL_Rect *r) {
    return v->cls->locate ? v->cls->locate(v->self, part, i, r) : 0;
}

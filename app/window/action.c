/* action.c: building actions (action.h). */
#include "action.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

Action *action_push(Actions *out, ActionKind k, int i, double at) {
    if (out->n >= ACTIONS_MAX) {
        out->dropped++;
        return NULL;
    }
    Action *a = &out->a[out->n++];
    memset(a, 0, offsetof(Action, z)); /* the vector is only read up to zdim */
    a->kind = k, a->i = i, a->at = at;
    return a;
}

void action_message(Actions *out, int error, double at, const char *fmt, ...) {
    Action *a = action_push(out, ACT_MESSAGE, error, at);
    if (!a) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->text, sizeof a->text, fmt, ap);
    va_end(ap);
}

void action_set_z(Actions *out, const float *z, int zdim, double at) {
    Action *a = action_push(out, ACT_SET_Z, 0, at);
    if (!a) return;
    a->zdim = zdim < INFER_MAX_Z ? zdim : INFER_MAX_Z;
    memcpy(a->z, z, sizeof(float) * (size_t)a->zdim);
}

/* autosave.c: when the window saves the run by itself (app_autosave_tick, app.h). The
 * save is an ACT_SAVE carried out by the dispatcher and written by the trainer thread,
 * which owns the GAN: the render thread never waits for the disk. */
#include "app.h"

#include <stddef.h>
#include <string.h>

void app_autosave_tick(App *a, double now) {
    const Frame *f = &a->f;
    /* not in slow motion: the trainer would finish the step under way before saving */
    if (!a->autosave_on || f->resume_offer || !f->have_snap || f->slowmo) return;
    if (a->saved_at <= 0) a->saved_at = now; /* the first frame starts the clock */
    if (f->step == a->saved_step) return;
    if (now - a->saved_at < a->autosave_every) return;
    Action act;
    memset(&act, 0, offsetof(Action, z));
    act.kind = ACT_SAVE, act.i = 1, act.at = now;
    a->autosaves++;
    app_apply(a, &act);
}

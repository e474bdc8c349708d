/* replay_app.c: the replay in the app (app.h): the timeline's actions carried out (a moment
 * shown instead of live, Play, back to live, Export) and, each frame, the Frame's replay
 * fields from the store, Play's progress and the export's outcome. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "app.h"

/* Shows moment i (clamped): its samples and scores into the Frame. */
static void show(App *a, int i) {
    Frame *f = &a->f;
    if (i >= f->replay_n) i = f->replay_n - 1;
    if (i < 0 || !replay_store_get(a->replay, i, &a->replay_frame, a->replay_px)) return;
    f->replay_active = 1, f->replay_index = i, f->replay_step = a->replay_frame.step;
    f->replay_frame = &a->replay_frame;
}

static void go_live(App *a) {
    Frame *f = &a->f;
    f->replay_active = f->replay_playing = 0, a->replay_drag = 0;
    f->replay_frame = NULL;
}

static void export_replay(App *a) {
    uint8_t *bytes;
    size_t len;
    GsError err;
    char path[1200];
    if (replay_store_bytes(a->replay, &bytes, &len, &err) != GS_OK) {
        app_message(a, 1, "export failed: %s", err.msg);
        return;
    }
    if (!len) {
        app_message(a, 1, "nothing to export yet: the first moment comes with the first steps");
        return;
    }
    snprintf(path, sizeof path, "%s/replay.png", a->out_dir);
    if (export_worker_start(&a->exporter, bytes, len, path)) app_message(a, 0, "exporting %s...", path);
    else app_message(a, 1, "an export is still being written");
}

void app_replay_apply(App *a, const Action *act) {
    Frame *f = &a->f;
    switch (act->kind) {
    case ACT_REPLAY_SEEK:
        f->replay_playing = 0, a->replay_drag = act->u == 1;
        show(a, act->i);
        break;
    case ACT_REPLAY_PLAY:
        if (act->i <= 0) { /* hold the moment shown */
            f->replay_playing = 0;
            break;
        }
        if (!f->replay_active || f->replay_index >= f->replay_n - 1) show(a, 0); /* from live: from the start */
        if (!f->replay_active) break;
        f->replay_playing = 1, f->replay_speed = act->i, a->replay_drag = 0;
        a->play_t0 = act->at, a->play_i0 = f->replay_index;
        break;
    case ACT_REPLAY_LIVE: go_live(a); break;
    case ACT_REPLAY_EXPORT: export_replay(a); break;
    case ACT_REPLAY_SCORE: replay_store_note_score(a->replay, (uint64_t)act->i, (int64_t)act->u, act->f[0], act->f[1], act->z[0]); break;
    default: break;
    }
}

void app_replay_pull(App *a, double now) {
    Frame *f = &a->f;
    uint64_t run;
    f->replay_n = replay_store_count(a->replay, &run);
    f->replay_first = replay_store_step(a->replay, 0);
    f->replay_last = replay_store_step(a->replay, f->replay_n - 1);
    char msg[600];
    int error;
    if (export_worker_take(a->exporter, msg, sizeof msg, &error)) app_message(a, error, "%s", msg);
    if (!f->replay_active) return;
    if (!f->replay_n || (f->have_snap && run != f->run)) { /* a new run: its history starts over */
        go_live(a);
        return;
    }
    if (a->replay_drag && !a->ui.down) { /* the drag ended: releasing returns to live */
        go_live(a);
        a->dirty = 1;
        return;
    }
    if (!f->replay_playing) return;
    int i = a->play_i0 + (int)floor((now - a->play_t0) * f->replay_speed);
    if (i >= f->replay_n) { /* played to the end: live again */
        go_live(a);
        a->dirty = 1;
        return;
    }
    if (i != f->replay_index) show(a, i);
    a->dirty = 1; /* the next moment is due without any other news */
}

/* view_timeline.c: the replay's scrubber under the grid: a track over the moments kept
 * (the grid's first 16 samples every N steps). Dragging it shows that moment in the grid,
 * a cursor in the graphs and that moment's class histogram; releasing returns to live.
 * Play animates from the moment shown at 1, 4 or 16 moments a second; Live returns;
 * Export writes the replay as an animated PNG into the run's directory. */
#include <stdio.h>
#include <string.h>

#include "gs_explain.h"
#include "view.h"

static const int speeds[3] = {1, 4, 16};

typedef struct Timeline {
    int speed;                 /* index into speeds */
    int last_sent;             /* the moment the drag last asked for (-1: none) */
    SDL_Rect track, handle, play, spd, live, exp;
} Timeline;

static int timeline_init(void *self, uint64_t seed, Infer *infer) {
    (void)seed, (void)infer;
    Timeline *t = self;
    t->speed = 1, t->last_sent = -1;
    return 1;
}

/* The moment under x on the track. */
static int moment_at(const Timeline *t, int x, int n) {
    if (n <= 1 || t->track.w <= 1) return 0;
    int i = (int)((double)(x - t->track.x) / (t->track.w - 1) * (n - 1) + 0.5);
    return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/* " - doctor: d-wins, collapse" for the diagnoses a replayed moment carries, or "". */
static void doctor_names(const GsReplayFrame *fr, char *out, size_t size) {
    out[0] = 0;
    if (!fr || !fr->doctor) return;
    size_t len = (size_t)snprintf(out, size, " - doctor: ");
    const char *sep = "";
    for (int id = 0; id < GS_DX_COUNT && len < size; id++) {
        const GsDiagnosisText *t = gs_explain_diagnosis((GsDiagnosisId)id);
        if (!(fr->doctor & (1u << id)) || !t) continue;
        len += (size_t)snprintf(out + len, size - len, "%s%s", sep, t->id);
        sep = ", ";
    }
}

/* A button at *x, at least w wide for its label; returns 1 when clicked. */
static int button(ViewCtx *c, int *x, int y, int h, const char *key, const char *label, int on, const char *tip,
                  SDL_Rect *where) {
    Ui *ui = c->ui;
    int bw = draw_text_width(c->d, FONT_NORMAL, label) + (int)(16 * ui->scale);
    *where = (SDL_Rect){*x, y, bw, h};
    *x += bw + (int)(4 * ui->scale);
    return ui_button(ui, ui_id_str(ui, key), *where, label, on, tip);
}

static void buttons(Timeline *t, SDL_Rect r, int y, int h, ViewCtx *c) {
    const Frame *f = c->f;
    Actions *o = c->out;
    int x = r.x;
    if (button(c, &x, y, h, "play", f->replay_playing ? "Pause" : "Play", f->replay_playing,
               "Play the run's history from the moment shown (from the start when live)", &t->play)) {
        if (f->replay_playing) action_push(o, ACT_REPLAY_PLAY, 0, f->now);
        else if (f->replay_n) action_push(o, ACT_REPLAY_PLAY, speeds[t->speed], f->now);
        else action_message(o, 1, f->now, "no moments kept yet: the first comes with the first steps");
    }
    char spd[16];
    snprintf(spd, sizeof spd, "%dx", speeds[t->speed]);
    if (button(c, &x, y, h, "speed", spd, 0, "Moments a second while playing: 1, 4 or 16", &t->spd)) {
        t->speed = (t->speed + 1) % 3;
        if (f->replay_playing) action_push(o, ACT_REPLAY_PLAY, speeds[t->speed], f->now);
    }
    if (button(c, &x, y, h, "live", "Live", !f->replay_active, "Back to the generator as it is now", &t->live))
        action_push(o, ACT_REPLAY_LIVE, 0, f->now);
    if (button(c, &x, y, h, "export", "Export", 0, "Write the replay as an animated PNG into the run's directory",
               &t->exp))
        action_push(o, ACT_REPLAY_EXPORT, 0, f->now);
    /* what is shown, right of the buttons; a replayed moment also says what the doctor had
     * raised by then, so a class scrubbing back sees when the trouble began */
    char buf[200], dx[96];
    doctor_names(f->replay_active ? f->replay_frame : NULL, dx, sizeof dx);
    if (f->replay_active)
        snprintf(buf, sizeof buf, "step %lld (replay) - moment %d of %d%s", (long long)f->replay_step,
                 f->replay_index + 1, f->replay_n, dx);
    else if (f->replay_n)
        snprintf(buf, sizeof buf, "live - %d moments, steps %lld to %lld", f->replay_n, (long long)f->replay_first,
                 (long long)f->replay_last);
    else snprintf(buf, sizeof buf, "live - no moments kept yet");
    int lh = draw_line_height(c->d, FONT_SMALL);
    if (draw_text_width(c->d, FONT_SMALL, buf) > r.x + r.w - x - 4) { /* projector mode: the short form */
        if (f->replay_active) snprintf(buf, sizeof buf, "step %lld (replay)%s", (long long)f->replay_step, dx);
        else snprintf(buf, sizeof buf, "live, %d moments", f->replay_n);
    }
    if (draw_text_width(c->d, FONT_SMALL, buf) > r.x + r.w - x - 4) { /* narrower still: the step alone */
        if (f->replay_active) snprintf(buf, sizeof buf, "step %lld", (long long)f->replay_step);
        else snprintf(buf, sizeof buf, "live");
    }
    draw_text_fit(c->d, FONT_SMALL, x + 4, y + (h - lh) / 2, r.x + r.w - x - 4,
                  f->replay_active ? c->ui->th.accent : c->ui->th.dim, buf);
}

/* The track: the moments from left (the run's start) to right (the latest), the handle on
 * the one shown (right end while live). Press and drag to scrub. */
static void track(Timeline *t, SDL_Rect a, ViewCtx *c) {
    const Frame *f = c->f;
    Ui *ui = c->ui;
    t->track = a;
    draw_fill(c->d, a, ui->th.track);
    int n = f->replay_n, hw = (int)(10 * ui->scale) > 6 ? (int)(10 * ui->scale) : 6;
    int i = f->replay_active ? f->replay_index : n - 1;
    int hx = n > 1 ? a.x + (int)((double)i / (n - 1) * (a.w - 1)) : a.x + a.w - 1;
    SDL_Rect done = {a.x, a.y, hx - a.x, a.h};
    if (n && done.w > 0) draw_fill(c->d, done, f->replay_active ? ui->th.accent : ui->th.button_hot);
    t->handle = (SDL_Rect){hx - hw / 2, a.y - (int)(3 * ui->scale), hw, a.h + (int)(6 * ui->scale)};
    if (n) draw_fill(c->d, t->handle, f->replay_active ? ui->th.text : ui->th.knob);
    UiId id = ui_id_str(ui, "track");
    SDL_Rect hit = {a.x - hw / 2, t->handle.y, a.w + hw, t->handle.h};
    if (ui_hit(ui, hit)) {
        ui->hot = id;
        ui->tip = "Drag back to any moment: the grid, graphs and histogram show it; let go for live";
        if (ui->pressed && n) ui->active = id, t->last_sent = -1;
    }
    if (ui->active == id && ui->down && n) {
        int want = moment_at(t, ui->mx, n);
        if (want != t->last_sent || !f->replay_active) {
            Action *act = action_push(c->out, ACT_REPLAY_SEEK, want, f->now);
            if (act) act->u = 1; /* a drag: releasing goes live */
            t->last_sent = want;
        }
    }
}

static void timeline_frame(void *self, SDL_Rect r, ViewCtx *c) {
    Timeline *t = self;
    Ui *ui = c->ui;
    draw_fill(c->d, r, ui->th.panel);
    if (r.h <= 0) return;
    int pad = (int)(4 * ui->scale), bh = draw_line_height(c->d, FONT_NORMAL) + (int)(8 * ui->scale);
    int th = r.h - bh - 3 * pad; /* the track takes what the buttons leave */
    if (th < 6) th = 6;
    int hw = (int)(10 * ui->scale) > 6 ? (int)(10 * ui->scale) : 6;
    track(t, (SDL_Rect){r.x + hw, r.y + pad + (int)(3 * ui->scale), r.w - 2 * hw, th - (int)(6 * ui->scale)}, c);
    buttons(t, r, r.y + th + 2 * pad, bh, c);
}

static int timeline_locate(const void *self, const char *part, int i, SDL_Rect *r) {
    const Timeline *t = self;
    if (!strcmp(part, "track")) {
        *r = t->track;
        return t->track.w > 0;
    }
    if (!strcmp(part, "handle")) return *r = t->handle, t->handle.w > 0;
    if (!strcmp(part, "play")) return *r = t->play, t->play.w > 0;
    if (!strcmp(part, "speed")) return *r = t->spd, t->spd.w > 0;
    if (!strcmp(part, "live")) return *r = t->live, t->live.w > 0;
    if (!strcmp(part, "export")) return *r = t->exp, t->exp.w > 0;
    (void)i;
    return 0;
}

const ViewClass view_timeline = {"timeline", sizeof(Timeline), SLOT_TIMELINE, timeline_init, timeline_frame, NULL,
                                 timeline_locate, NULL};

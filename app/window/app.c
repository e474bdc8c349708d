/* app.c: the window's frame (app.h): news in, views drawn, actions dispatched. */
#include "app.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "screenshot.h"
#include "views.h"

void app_message(App *a, int error, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->f.msg_error = error;
    a->msg_time = a->f.now > 0 ? a->f.now : -1; /* before the first frame: from the first frame */
    a->dirty = 1;
}

GsStatus app_create(App **out, SDL_Window *win, SDL_Renderer *r, const char *font_path, Trainer *t, Infer *in,
                    GsSnapshotBuffer *sb, int paused, uint64_t seed, GsError *err) {
    static const ViewClass *const classes[] = {
#define VIEW_ADDRESS(name) &view_##name,
        VIEWS(VIEW_ADDRESS)
#undef VIEW_ADDRESS
    };
    *out = NULL;
    App *a = calloc(1, sizeof *a);
    if (!a || !stats_init(&a->stats)) {
        free(a);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory for the window");
    }
    a->win = win, a->r = r, a->trainer = t, a->infer = in, a->snapshots = sb;
    a->user_scale = 1.0f;
    a->f = (Frame){.paused = paused, .has_trainer = t != NULL, .zdim = 100, .grid_side = 8, .control_rows = 1,
                   .phase_running = -1, .hist = &a->hist, .real = a->real, .msg = a->msg,
                   .run_dir = a->run_dir, .doctor = &a->doctor};
    snprintf(a->f.cfg.preset, sizeof a->f.cfg.preset, "fast");
    snprintf(a->ckpt_path, sizeof a->ckpt_path, "ganscope-window.gsck");
    snprintf(a->out_dir, sizeof a->out_dir, "ganscope-run");
    a->shot_next = 1;
    history_clear(&a->hist, 0);
    ui_theme_default(&a->ui.th, 0);
    a->ui.d = &a->draw;
    a->ui.scale = 1;
    a->text_ok = draw_init(&a->draw, r, font_path, 15);
    for (size_t i = 0; i < sizeof classes / sizeof *classes && i < APP_MAX_VIEWS; i++) {
        if (!view_create(&a->view[a->n_views], classes[i], seed, in)) {
            app_free(a);
            return gs_fail(err, GS_ERR_NOMEM, "out of memory for the %s view", classes[i]->name);
        }
        a->n_views++;
    }
    if (replay_store_create(&a->replay, seed, err) != GS_OK) {
        app_free(a);
        return GS_ERR_NOMEM;
    }
    a->dirty = 1;
    *out = a;
    return GS_OK;
}

void app_free(App *a) {
    if (!a) return;
    for (int i = 0; i < a->n_views; i++) view_destroy(&a->view[i]);
    draw_free(&a->draw);
    stats_free(&a->stats);
    export_worker_free(a->exporter);
    replay_store_free(a->replay);
    free(a);
}

ViewInst *app_view(App *a, const char *name) {
    for (int i = 0; i < a->n_views; i++)
        if (!strcmp(a->view[i].cls->name, name)) return &a->view[i];
    return NULL;
}

void app_set_real(App *a, const uint8_t *pixels, int n) {
    a->f.n_real = n < FRAME_MAX_REAL ? n : FRAME_MAX_REAL;
    for (int i = 0; i < a->f.n_real * GS_IMG_SIZE; i++) a->real[i] = pixels[i] / 255.0f;
}

/* Scale from the window size (HiDPI included: output pixels) times the user's +/-. */
static void scale_and_layout(App *a) {
    int w, h;
    SDL_GetRendererOutputSize(a->r, &w, &h);
    float s = fmaxf(0.6f, fminf(w / 1280.0f, h / 800.0f)) * a->user_scale;
    if (a->high_contrast) s *= 1.25f;
    if (fabsf(s - a->ui.scale) > 0.01f) {
        a->ui.scale = s;
        a->text_ok = draw_set_size(&a->draw, (int)(15 * s + 0.5f));
    }
    layout_slots(a->slot, w, h, s, &a->draw, a->f.grid_side, a->f.control_rows);
}

/* Copies what this frame shows from the newest snapshot into the Frame. */
static void pull_snapshot(App *a, double now) {
    Frame *f = &a->f;
    const GsSnapshot *s = gs_snapshot_acquire(a->snapshots);
    if (!s) return;
    if (s->seq != f->snap_seq) {
        a->dirty = 1;
        f->snap_seq = s->seq;
        if (s->run != a->hist.run) {
            history_clear(&a->hist, s->run);
            a->rate_t0 = now, a->rate_s0 = s->step;
        }
        /* the trainer puts the key of the newest record in `user` (keys count half steps
         * too); without one (tests) the step is the key */
        for (int i = 0; i < s->n_recent; i++)
            history_add(&a->hist, &s->recent[i], s->user ? (int64_t)s->user - (s->n_recent - 1 - i) : s->recent[i].step);
        f->cfg = s->cfg, f->run = s->run, f->have_snap = 1, f->g_trained = s->g_trained;
        f->has_metrics = s->has_metrics, f->metrics = s->metrics;
        f->step = s->step, f->images_seen = s->images_seen, f->train_seconds = s->seconds;
        if (s->cfg.noise_dim <= INFER_MAX_Z) f->zdim = s->cfg.noise_dim;
    }
    /* steps/s over about a second, or over as long as one step takes (keras: seconds) */
    if ((now - a->rate_t0 >= 1.0 && s->step > a->rate_s0) || now - a->rate_t0 >= 20.0) {
        f->rate = (s->step - a->rate_s0) / (now - a->rate_t0);
        a->rate_t0 = now, a->rate_s0 = s->step;
    }
    gs_snapshot_release(a->snapshots, s);
}

/* The doctor's news: a new run's banners start undismissed; each new diagnosis is a
 * `doctor:` line on stderr, as `ganscope train` prints it, and a status message. */
static void pull_doctor(App *a) {
    DoctorNews old = a->doctor;
    if (!trainer_doctor_news(a->trainer, &a->doctor_seen, &a->doctor)) return;
    a->dirty = 1;
    if (a->doctor.run != old.run) a->f.doctor_dismissed = 0, old.raised = 0;
    for (int id = 1; id < GS_DX_COUNT; id++) {
        if (!(a->doctor.raised & ~old.raised & (1u << id))) continue;
        const GsDiagnosisText *t = gs_explain_diagnosis((GsDiagnosisId)id);
        fprintf(stderr, "ganscope: doctor: step %lld: %s (%s). %s\n", (long long)a->doctor.step[id], t->title, t->id,
                a->doctor.detail[id]);
        app_message(a, 0, "the doctor: %s at step %lld", t->title, (long long)a->doctor.step[id]);
    }
}

/* The trainer's messages, data set and state; the inference worker's failures. */
static void pull_news(App *a) {
    char buf[512];
    int err = 0;
    if (a->infer && infer_error(a->infer, buf, sizeof buf)) app_message(a, 1, "view inference: %s", buf);
    if (!a->trainer) return;
    if (trainer_message(a->trainer, &a->msg_seen, buf, sizeof buf, &err)) app_message(a, err, "%s", buf);
    uint8_t real[TRAINER_REAL_MAX * GS_IMG_SIZE];
    int n_real = 0;
    if (trainer_data(a->trainer, &a->data_seen, &a->f.dataset, &a->f.data_n, real, &n_real)) app_set_real(a, real, n_real);
    if (trainer_state(a->trainer) == TRAINER_PAUSED && !a->f.paused) a->f.paused = 1; /* it paused itself */
    if (trainer_watch(a->trainer, &a->watch_seen, &a->watch, &a->f.phase_running))
        a->f.watch = &a->watch, a->dirty = 1;
    pull_doctor(a);
}

/* Each view its own region of the retained frame (only changed regions are drawn again),
 * then the overlays over it, drawn at once; while one is open the others see no mouse. */
static void draw_views(App *a, ViewCtx *c) {
    int mx = a->ui.mx, my = a->ui.my, modal = a->f.confirm || a->f.help || a->f.resume_offer || a->f.quiz ||
                                  a->f.model || a->f.scenarios;
    /* the doctor's banner floats over the panels: a click on it is the banner's alone */
    SDL_Rect banner;
    ViewInst *doctor = app_view(a, "doctor");
    if (doctor && view_locate(doctor, "banner", 0, &banner) && SDL_PointInRect(&(SDL_Point){mx, my}, &banner)) modal = 1;
    if (modal) a->ui.mx = a->ui.my = -100000;
    draw_frame_begin(&a->draw, a->ui.th.bg);
    for (int i = 0; i < a->n_views; i++) {
        ViewSlot s = a->view[i].cls->slot;
        if (s == SLOT_OVERLAY) continue;
        if (view_slot_page(s) >= 0 && view_slot_page(s) != a->f.page) continue; /* another tab's */
        if (a->slot[s].h > 0) draw_region(&a->draw, a->slot[s], a->ui.th.panel);
        view_run(&a->view[i], a->slot[s], c);
    }
    draw_frame_end(&a->draw);
    a->ui.mx = mx, a->ui.my = my;
    for (int i = 0; i < a->n_views; i++)
        if (a->view[i].cls->slot == SLOT_OVERLAY) view_run(&a->view[i], a->slot[SLOT_OVERLAY], c);
}

void app_frame(App *a, double now) {
    a->f.now = now;
    pull_snapshot(a, now);
    pull_news(a);
    app_replay_pull(a, now);
    if (a->msg_time < 0) a->msg_time = now;
    a->f.msg_age = now - a->msg_time;
    scale_and_layout(a);
    ui_begin(&a->ui, now);
    a->actions.n = 0;
    ViewCtx c = {&a->f, &a->ui, &a->draw, a->infer, &a->actions, &a->stats};
    draw_views(a, &c);
    for (int i = 0; i < a->actions.n; i++) app_apply(a, &a->actions.a[i]);
    if (a->shot_pending) { /* before the tooltip: the picture shows the views */
        char msg[300];
        a->shot_pending = 0;
        if (screenshot_save(a->r, a->out_dir, &a->shot_next, a->shot_path, sizeof a->shot_path, msg, sizeof msg))
            app_message(a, 0, "saved %s (%dx%d)", a->shot_path, a->slot[SLOT_OVERLAY].w, a->slot[SLOT_OVERLAY].h);
        else
            app_message(a, 1, "screenshot not saved: %s", msg);
    }
    ui_end(&a->ui);
}

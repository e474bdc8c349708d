/* window_render.c: the whole window (every view, composed by the app) drawn by SDL's
 * software renderer into a surface (offscreen video driver, no display), checked pixel by
 * pixel: the views fill their slots and follow training, a slider drag reaches the
 * preview through the dispatcher, retained frames redraw only what changed and match a
 * whole redraw, F12 writes a PNG screenshot, the restart dialog answers; a trainer
 * restarts with another preset and keeps training when the other data set is damaged; the
 * replay's timeline drives the grid and returns to live, Play and Export.
 * Each view's own behaviour is tested alone in window_views.c. No trainer thread here:
 * snapshots are published by hand and the view inference runs synchronously. */
#define _GNU_SOURCE /* memmem */
#include <unistd.h>

#include "app.h"
#include "view_quality.h"
#include "gs_ckpt.h"
#include "gs_file.h"
#include "gs_scenario.h"
#include "window_fixture.h"

/* Renders frames until the inference has nothing left to do after the last one. */
static void settle(App *app, Fixture *fx) {
    for (int i = 0; i < 50; i++) {
        app_frame(app, app->f.now + 0.02);
        SDL_RenderPresent(fx->r);
        if (!infer_work(fx->infer, 1)) break;
    }
}

static void event(App *app, Uint32 type, int x, int y, SDL_Keycode key) {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    if (type == SDL_MOUSEMOTION) e.motion.x = x, e.motion.y = y;
    else if (type == SDL_KEYDOWN) e.key.keysym.sym = key;
    else e.button.button = SDL_BUTTON_LEFT, e.button.x = x, e.button.y = y;
    app_event(app, &e);
}

/* A left click in the middle of r: press, frames, release, frames. */
static void click(App *app, Fixture *fx, SDL_Rect r) {
    int x = r.x + r.w / 2, y = r.y + r.h / 2;
    event(app, SDL_MOUSEMOTION, x, y, 0);
    event(app, SDL_MOUSEBUTTONDOWN, x, y, 0);
    settle(app, fx);
    event(app, SDL_MOUSEBUTTONUP, x, y, 0);
    settle(app, fx);
}

static SDL_Rect part(App *app, const char *view, const char *name, int i) {
    SDL_Rect r = {0, 0, 0, 0};
    ViewInst *v = app_view(app, view);
    CHECK_MSG(v && view_locate(v, name, i, &r), "no %s in view %s", name, view);
    return r;
}

/* Waits up to 60 s for the trainer's next message. */
static int wait_message(Trainer *t, uint64_t *seen, char *buf, int *is_error) {
    for (int i = 0; i < 6000; i++) {
        if (trainer_message(t, seen, buf, 512, is_error)) return 1;
        SDL_Delay(10);
    }
    return 0;
}

/* Waits up to 60 s for a snapshot with `records` records (the trainer's `user` key). */
static int wait_records(GsSnapshotBuffer *sb, uint64_t records) {
    for (int i = 0; i < 6000; i++) {
        const GsSnapshot *s = gs_snapshot_acquire(sb);
        int ok = s && s->user == records;
        gs_snapshot_release(sb, s);
        if (ok) return 1;
        SDL_Delay(10);
    }
    return 0;
}

/* The trainer: half steps are records of their own; a damaged Fashion-MNIST is an error
 * on restart and training goes on as it was; a preset change makes a new model on the
 * same data. */
static int test_restart(const char *dir) {
    int fails_before = check_failures;
    GsError err;
    GsConfig cfg;
    CHECK(gs_config_preset(&cfg, "fast", &err) == GS_OK);
    cfg.batch = 8;
    GsGan gan;
    GsImages data;
    GsSnapshotBuffer *sb;
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK);
    CHECK(gs_data_load(NULL, GS_DATASET_MNIST, &data, &err) == GS_OK);
    CHECK(gs_snapshot_create(&sb, 1, &err) == GS_OK);
    char path[700];
    snprintf(path, sizeof path, "%s/xdg/ganscope/fashion", dir);
    CHECK(gs_file_mkdirs(path, &err) == GS_OK);
    snprintf(path, sizeof path, "%s/xdg/ganscope/fashion/train-images-idx3-ubyte", dir);
    FILE *f = fopen(path, "wb");
    CHECK(f && fputs("not an IDX file", f) >= 0);
    if (f) fclose(f);
    char xdg[600];
    snprintf(xdg, sizeof xdg, "%s/xdg", dir);
    setenv("XDG_DATA_HOME", xdg, 1);
    unsetenv("GANSCOPE_DATA");
    static Trainer t;
    CHECK(trainer_start(&t, &gan, &data, NULL, GS_DATASET_MNIST, 1, 1, 0, sb, NULL, NULL, &err) == GS_OK);
    uint64_t seen = 0, data_seen = 0;
    char msg[512];
    int is_error = 0, real_n = 0;
    GsDataset ds;
    int64_t n = 0;
    static uint8_t real[TRAINER_REAL_MAX * GS_IMG_SIZE];
    CHECK(trainer_data(&t, &data_seen, &ds, &n, real, &real_n) && ds == GS_DATASET_MNIST && n > 0);
    /* Step, then D only, then G only: three records (keys 1..3) at steps 1, 1, 1, so the
     * graphs get a point for each half step too. */
    trainer_step(&t, TRAINER_REQ_STEP);
    CHECK(wait_records(sb, 1));
    trainer_step(&t, TRAINER_REQ_STEP_D);
    CHECK(wait_records(sb, 2));
    trainer_step(&t, TRAINER_REQ_STEP_G);
    CHECK(wait_records(sb, 3));
    const GsSnapshot *hs = gs_snapshot_acquire(sb);
    CHECK(hs && hs->n_recent == 3 && hs->step == 1);
    if (hs && hs->n_recent == 3) {
        static History h;
        history_clear(&h, hs->run);
        for (int i = 0; i < 3; i++) {
            CHECK(hs->recent[i].step == 1);
            history_add(&h, &hs->recent[i], (int64_t)hs->user - (2 - i));
        }
        CHECK(h.n == 3);
        printf("D loss after step, D step, G step: %.4f %.4f %.4f; G loss %.4f %.4f %.4f\n",
               hs->recent[0].d_loss, hs->recent[1].d_loss, hs->recent[2].d_loss, hs->recent[0].g_loss,
               hs->recent[1].g_loss, hs->recent[2].g_loss);
        CHECK(hs->recent[1].d_loss != hs->recent[0].d_loss && hs->recent[1].g_loss == hs->recent[0].g_loss);
        CHECK(hs->recent[2].d_loss == hs->recent[1].d_loss && hs->recent[2].g_loss != hs->recent[1].g_loss);
    }
    gs_snapshot_release(sb, hs);
    trainer_restart(&t, "fast", GS_DATASET_FASHION);
    CHECK(wait_message(&t, &seen, msg, &is_error));
    printf("restart on a damaged fashion set: %s\n", msg);
    CHECK(is_error && strstr(msg, "fashion") && strstr(msg, "training goes on"));
    CHECK(!trainer_data(&t, &data_seen, &ds, &n, real, &real_n)); /* the set stayed */
    trainer_restart(&t, "keras", GS_DATASET_MNIST);
    CHECK(wait_message(&t, &seen, msg, &is_error));
    printf("restart with keras: %s\n", msg);
    CHECK(!is_error && !strncmp(msg, "restarted: preset keras", 23));
    int keras = 0; /* the message comes just before the publish */
    for (int i = 0; i < 3000 && !keras; i++) {
        const GsSnapshot *s = gs_snapshot_acquire(sb);
        keras = s && !strcmp(s->cfg.preset, "keras") && s->run == 2 && s->step == 0;
        gs_snapshot_release(sb, s);
        if (!keras) SDL_Delay(10);
    }
    CHECK_MSG(keras, "no snapshot of the keras model");
    /* A break-it scenario restarts like a preset, with the scenario's settings, and the
     * doctor on the trainer thread names its failure within its stated steps. */
    const GsScenario *div = gs_scenario_find("diverge");
    trainer_restart(&t, "diverge", GS_DATASET_MNIST);
    CHECK(wait_message(&t, &seen, msg, &is_error));
    printf("restart with the diverge scenario: %s\n", msg);
    CHECK(!is_error && !strncmp(msg, "restarted: preset diverge, batch 32", 35));
    for (int i = 0; i < div->expect_within; i++) trainer_step(&t, TRAINER_REQ_STEP);
    DoctorNews news;
    uint64_t news_seen = 0;
    int raised = 0;
    for (int i = 0; i < 3000 && !raised; i++) {
        if (trainer_doctor_news(&t, &news_seen, &news)) raised = news.run == 3 && (news.raised & (1u << GS_DX_DIVERGED));
        if (!raised) SDL_Delay(10);
    }
    CHECK_MSG(raised, "the doctor did not raise 'diverged' within %lld steps of the diverge scenario",
              (long long)div->expect_within);
    if (raised) {
        printf("doctor: diverged at step %lld: %s\n", (long long)news.step[GS_DX_DIVERGED], news.detail[GS_DX_DIVERGED]);
        CHECK(news.step[GS_DX_DIVERGED] <= div->expect_within && news.remedy[GS_DX_DIVERGED].kind == GS_REMEDY_RESTART_DEFAULT);
        CHECK(news.raised == (1u << GS_DX_DIVERGED));
    }
    /* the judge's scores reach the doctor at the next step: another run's are dropped; this
     * run's, past step 200 with low coverage among recognised samples, raise `collapse` */
    trainer_doctor_scores(&t, 2, 300, 0.9, 0.2);
    int64_t done = trainer_steps_done(&t);
    trainer_step(&t, TRAINER_REQ_STEP);
    for (int i = 0; i < 3000 && trainer_steps_done(&t) == done; i++) SDL_Delay(10);
    SDL_Delay(50); /* the news is shared before the step is counted; let it settle anyway */
    int collapse = 0;
    if (trainer_doctor_news(&t, &news_seen, &news)) collapse = (news.raised >> GS_DX_COLLAPSE) & 1;
    CHECK_MSG(!collapse, "another run's scores reached the doctor");
    trainer_doctor_scores(&t, 3, 300, 0.9, 0.2);
    trainer_step(&t, TRAINER_REQ_STEP);
    for (int i = 0; i < 3000 && !collapse; i++) {
        if (trainer_doctor_news(&t, &news_seen, &news)) collapse = (news.raised >> GS_DX_COLLAPSE) & 1;
        if (!collapse) SDL_Delay(10);
    }
    CHECK_MSG(collapse, "the judge's scores did not reach the doctor");
    if (collapse) printf("doctor: from the scores: %s\n", news.detail[GS_DX_COLLAPSE]);
    const GsSnapshot *ds_snap = gs_snapshot_acquire(sb);
    CHECK(ds_snap && !strcmp(ds_snap->cfg.preset, "diverge") && ds_snap->cfg.lr_d == div->lr_d &&
          ds_snap->cfg.clipvalue == div->clipvalue);
    gs_snapshot_release(sb, ds_snap);
    trainer_stop(&t);
    gs_snapshot_destroy(sb);
    remove(path);
    snprintf(path, sizeof path, "%s/xdg/ganscope/fashion", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/xdg/ganscope", dir);
    remove(path);
    remove(xdg);
    remove(dir);
    return check_failures != fails_before;
}

/* Every slot drawn, training shows in the grid and the graphs, a drag in the explorer
 * changes the preview and nothing in the grid. */
static void test_views(App *app, Fixture *fx) {
    settle(app, fx);
    for (int s = 0; s < SLOT_OVERLAY; s++) {
        SDL_Rect r = app->slot[s];
        if (s != SLOT_STRIP || r.h > 0) CHECK_MSG(fix_colors(fx, r) > 4, "slot %d is blank", s);
    }
    CHECK_MSG(app->slot[SLOT_STRIP].h > 0, "no room for the strip");
    Uint32 *before = fix_capture(fx);
    fix_train(fx, 20);
    settle(app, fx);
    Uint32 *after = fix_capture(fx);
    long d_grid = fix_diff(fx, before, after, app->slot[SLOT_GRID]);
    printf("grid change after 20 steps: %ld\n", d_grid);
    CHECK_MSG(d_grid > 10000, "grid did not change (%ld)", d_grid);
    int d_px = fix_count_color(fx, app->slot[SLOT_PLOTS], app->ui.th.d_color);
    int g_px = fix_count_color(fx, app->slot[SLOT_PLOTS], app->ui.th.g_color);
    printf("graph pixels: D %d, G %d\n", d_px, g_px);
    CHECK(d_px > 100 && g_px > 100);
    SDL_Rect sl = part(app, "explorer", "slider", 5), pv = part(app, "explorer", "preview", 0);
    event(app, SDL_MOUSEBUTTONDOWN, sl.x + sl.w / 2, sl.y + sl.h - 1, 0);
    settle(app, fx);
    event(app, SDL_MOUSEMOTION, sl.x + sl.w / 2, sl.y, 0);
    settle(app, fx);
    event(app, SDL_MOUSEBUTTONUP, sl.x + sl.w / 2, sl.y, 0);
    settle(app, fx);
    Uint32 *dragged = fix_capture(fx);
    long d_prev = fix_diff(fx, after, dragged, pv);
    printf("preview change after the drag: %ld\n", d_prev);
    CHECK_MSG(d_prev > 1000, "preview did not change (%ld)", d_prev);
    CHECK(fix_diff(fx, after, dragged, app->slot[SLOT_GRID]) == 0); /* the grid stayed as it was */
    /* Set B takes the dragged vector: the strip's last frame is the preview's image */
    click(app, fx, part(app, "strip", "set b", 0));
    Uint32 *set_b = fix_capture(fx);
    CHECK(fix_diff(fx, dragged, set_b, part(app, "strip", "frame", 9)) > 1000);
    free(before), free(after), free(dragged), free(set_b);
}

/* Retained frames: with nothing new no region is drawn again, and what the cache puts on
 * the screen is what drawing every region straight to the screen gives, pixel for pixel. */
static void test_retained(App *app, Fixture *fx) {
    settle(app, fx);
    /* the quality panel's score comes back from the judge's thread by itself: not now */
    ViewInst *quality = app_view(app, "quality");
    for (int i = 0; i < 2000 && quality && view_quality_pending(quality->self); i++) {
        app_frame(app, 10.0);
        SDL_Delay(10);
    }
    app_frame(app, 10.0); /* messages faded by now */
    SDL_RenderPresent(fx->r);
    app_frame(app, 10.0);
    SDL_RenderPresent(fx->r);
    printf("regions replayed by an unchanged frame: %d\n", app->draw.last_replayed);
    CHECK(app->draw.use_cache && app->draw.last_replayed == 0);
    Uint32 *cached = fix_capture(fx);
    app->draw.use_cache = 0;
    SDL_FillRect(fx->surf, NULL, 0xffff00ffu); /* nothing left over from earlier frames */
    app_frame(app, 10.0);
    SDL_RenderPresent(fx->r);
    long d_cache = fix_diff(fx, cached, fx->surf->pixels, (SDL_Rect){0, 0, FIX_W, FIX_H});
    printf("cached frame vs frame drawn whole: %ld\n", d_cache);
    CHECK(d_cache == 0 && app->draw.last_replayed > 5);
    app->draw.use_cache = 1;
    app_frame(app, 10.0); /* fills the cache again */
    SDL_RenderPresent(fx->r);
    Action z = {.kind = ACT_SET_Z, .zdim = 100, .at = 10.0}; /* one vector: explorer regions only */
    app_apply(app, &z);
    infer_work(fx->infer, 1);
    app_frame(app, 10.1);
    SDL_RenderPresent(fx->r);
    printf("regions replayed after the explorer's vector changed: %d\n", app->draw.last_replayed);
    CHECK(app->draw.last_replayed >= 1 && app->draw.last_replayed <= 3);
    free(cached);
}

/* F12: the next frame goes to out_dir/screenshot-NNN.png as a 1280x800 PNG whose pixels
 * are the frame's; a directory that cannot be made is an error message. */
static void test_screenshot(App *app, Fixture *fx, const char *dir) {
    snprintf(app->out_dir, sizeof app->out_dir, "%s/shots", dir);
    event(app, SDL_KEYDOWN, 0, 0, SDLK_F12);
    settle(app, fx);
    printf("screenshot: %s\n", app->msg);
    CHECK_MSG(!app->f.msg_error && !strncmp(app->msg, "saved ", 6), "%s", app->msg);
    char shot[700];
    snprintf(shot, sizeof shot, "%s/shots/screenshot-001.png", dir);
    CHECK(!strcmp(app->shot_path, shot));
    FILE *f = fopen(shot, "rb");
    unsigned char head[24] = {0};
    CHECK(f && fread(head, 1, 24, f) == 24);
    if (f) fclose(f);
    CHECK(!memcmp(head + 1, "PNG", 3));
    CHECK(head[18] == 1280 >> 8 && head[19] == (1280 & 255) && head[22] == 800 >> 8 && head[23] == (800 & 255));
    Action shot2 = {.kind = ACT_SCREENSHOT};
    app_apply(app, &shot2); /* numbers go up */
    settle(app, fx);
    CHECK(strstr(app->shot_path, "screenshot-002.png") != NULL);
    snprintf(app->out_dir, sizeof app->out_dir, "%s/shots/screenshot-001.png/sub", dir); /* under a file */
    app_apply(app, &shot2);
    settle(app, fx);
    printf("screenshot under a file: %s\n", app->msg);
    CHECK(app->f.msg_error && !strncmp(app->msg, "screenshot not saved", 20));
    remove(shot);
    snprintf(shot, sizeof shot, "%s/shots/screenshot-002.png", dir);
    remove(shot);
    snprintf(shot, sizeof shot, "%s/shots", dir);
    remove(shot);
}

/* The restart dialog: Cancel closes it, Enter confirms it (no trainer here). */
static void test_dialog(App *app, Fixture *fx) {
    Action ask = {.kind = ACT_ASK_RESTART, .ds = GS_DATASET_MNIST};
    snprintf(ask.text, sizeof ask.text, "keras");
    app_apply(app, &ask);
    settle(app, fx);
    CHECK(app->f.confirm);
    click(app, fx, part(app, "confirm", "no", 0));
    CHECK(!app->f.confirm && !strstr(app->msg, "restarting"));
    ask.ds = GS_DATASET_FASHION;
    app_apply(app, &ask);
    settle(app, fx);
    event(app, SDL_KEYDOWN, 0, 0, SDLK_RETURN);
    CHECK(!app->f.confirm);
    CHECK_MSG(!strcmp(app->msg, "restarting with preset keras on fashion..."), "%s", app->msg);
}

/* Waits up to 60 s until the trainer's watch shows phase p of step `step` with no phase under way. */
static int wait_phase(Trainer *t, int64_t step, int p) {
    static GsStepWatch w;
    uint64_t seen = 0;
    int running = -1;
    for (int i = 0; i < 6000; i++) {
        trainer_watch(t, &seen, &w, &running);
        if (w.step == step && w.phase == p && running < 0) return 1;
        SDL_Delay(10);
    }
    return 0;
}

/* Slow motion in the trainer: one phase per TRAINER_REQ_PHASE, shared through its watch;
 * the step counts after the sixth; a save in the middle of the next step finishes it
 * first; and the saved run equals a GAN stepped twice by gs_gan_step, bit for bit. */
static int test_slowmo(const char *dir) {
    int fails_before = check_failures;
    GsError err;
    GsConfig cfg;
    CHECK(gs_config_preset(&cfg, "fast", &err) == GS_OK);
    cfg.batch = 8, cfg.seed = 5;
    GsGan gan, ref;
    GsImages data, ref_data;
    GsSnapshotBuffer *sb;
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK && gs_gan_create(&ref, &cfg, &err) == GS_OK);
    CHECK(gs_data_load(NULL, GS_DATASET_MNIST, &data, &err) == GS_OK);
    CHECK(gs_data_load(NULL, GS_DATASET_MNIST, &ref_data, &err) == GS_OK);
    CHECK(gs_snapshot_create(&sb, 1, &err) == GS_OK);
    static Trainer t;
    CHECK(trainer_start(&t, &gan, &data, NULL, GS_DATASET_MNIST, 1, 1, 0, sb, NULL, NULL, &err) == GS_OK);
    for (int p = 0; p < GS_PHASE_COUNT; p++) {
        trainer_step(&t, TRAINER_REQ_PHASE);
        CHECK_MSG(wait_phase(&t, 1, p), "slow motion: phase %d of step 1 not shown", p);
        if (p < GS_PHASE_COUNT - 1) CHECK(trainer_steps_done(&t) == 0); /* not a step yet */
    }
    CHECK(wait_records(sb, 1));
    trainer_step(&t, TRAINER_REQ_PHASE);
    CHECK(wait_phase(&t, 2, GS_PHASE_FAKES));
    char path[700], msg[512];
    snprintf(path, sizeof path, "%s/slowmo.gsck", dir);
    uint64_t seen = 0;
    int is_error = 0;
    trainer_message(&t, &seen, msg, 512, &is_error);
    trainer_save(&t, path); /* finishes step 2 first */
    CHECK(wait_message(&t, &seen, msg, &is_error));
    printf("slow motion, a save in the middle of step 2: %s\n", msg);
    CHECK(!is_error && strstr(msg, "at step 2"));
    trainer_stop(&t);
    GsMetrics m;
    gs_gan_set_threads(&ref, 1, &err);
    for (int i = 0; i < 2; i++) gs_gan_step(&ref, &ref_data, &m);
    GsGan saved;
    CHECK(gs_ckpt_load(&saved, path, &err) == GS_OK);
    CHECK_MSG(saved.step == 2 && !memcmp(saved.g.params, ref.g.params, ref.g.n_params * sizeof(float)) &&
                  !memcmp(saved.d.params, ref.d.params, ref.d.n_params * sizeof(float)) &&
                  !memcmp(saved.accum_g, ref.accum_g, ref.g.n_params * sizeof(float)) &&
                  !memcmp(&saved.rng, &ref.rng, sizeof ref.rng),
              "slow motion: the saved run differs from two steps of gs_gan_step");
    gs_gan_destroy(&saved), gs_gan_destroy(&ref), gs_images_free(&ref_data);
    gs_snapshot_destroy(sb);
    remove(path);
    return check_failures != fails_before;
}

/* The scenario menu from the keyboard: B opens it, a number asks the restart dialog for
 * that scenario (the menu closes), Esc in the dialog cancels, B again closes the menu. */
static void test_scenario_keys(App *app, Fixture *fx) {
    int n;
    const GsScenario *list = gs_scenario_list(&n);
    event(app, SDL_KEYDOWN, 0, 0, SDLK_b);
    settle(app, fx);
    CHECK(app->f.scenarios);
    event(app, SDL_KEYDOWN, 0, 0, SDLK_4);
    settle(app, fx);
    CHECK(!app->f.scenarios && app->f.confirm);
    CHECK_MSG(!strcmp(app->f.confirm_preset, list[3].name), "asked for %s", app->f.confirm_preset);
    event(app, SDL_KEYDOWN, 0, 0, SDLK_ESCAPE);
    settle(app, fx);
    CHECK(!app->f.confirm);
    event(app, SDL_KEYDOWN, 0, 0, SDLK_b);
    event(app, SDL_KEYDOWN, 0, 0, SDLK_b);
    settle(app, fx);
    CHECK(!app->f.scenarios);
}

/* The replay through the app: moments in the store show on the timeline; a drag on its
 * track shows the first moment, then the last, and letting go is live again; Play runs
 * through the moments by the frame clock and ends live; Esc leaves a held moment without
 * quitting; Export writes the run directory's replay.png (an APNG) off this thread. */
static void test_replay(App *app, Fixture *fx, const char *dir) {
    GsError err;
    snprintf(app->out_dir, sizeof app->out_dir, "%s/replay", dir);
    CHECK(gs_file_mkdirs(app->out_dir, &err) == GS_OK);
    settle(app, fx);
    static float img[REPLAY_IMAGES * GS_IMG_SIZE];
    for (int k = 0; k < 4; k++) {
        for (int p = 0; p < REPLAY_IMAGES * GS_IMG_SIZE; p++) img[p] = 0.25f * k;
        GsMetrics m = {.step = 5 * k, .d_loss = 0.7f, .g_loss = 0.7f};
        CHECK(replay_store_add(app->replay, app->f.run, &m, k, img, 0, &err) == GS_OK);
    }
    settle(app, fx);
    CHECK_MSG(app->f.replay_n == 4 && app->f.replay_last == 15, "%d moments", app->f.replay_n);
    SDL_Rect tr = part(app, "timeline", "track", 0);
    event(app, SDL_MOUSEMOTION, tr.x + 1, tr.y + tr.h / 2, 0);
    event(app, SDL_MOUSEBUTTONDOWN, tr.x + 1, tr.y + tr.h / 2, 0);
    settle(app, fx);
    CHECK_MSG(app->f.replay_active && app->f.replay_step == 0, "pressed: active %d step %lld", app->f.replay_active,
              (long long)app->f.replay_step);
    event(app, SDL_MOUSEMOTION, tr.x + tr.w - 1, tr.y + tr.h / 2, 0);
    settle(app, fx);
    CHECK(app->f.replay_active && app->f.replay_index == 3 && app->f.replay_frame && app->f.replay_frame->pixels[0] == 191);
    event(app, SDL_MOUSEBUTTONUP, tr.x + tr.w - 1, tr.y + tr.h / 2, 0);
    settle(app, fx);
    CHECK_MSG(!app->f.replay_active, "let go: still replaying");
    click(app, fx, part(app, "timeline", "play", 0)); /* 4 moments a second, from the start */
    CHECK(app->f.replay_playing && app->f.replay_speed == 4 && app->f.replay_index <= 1);
    double t0 = app->f.now;
    app_frame(app, t0 + 0.55);
    CHECK_MSG(app->f.replay_active && app->f.replay_index >= 2, "playing: moment %d", app->f.replay_index);
    app_frame(app, t0 + 1.3);
    CHECK_MSG(!app->f.replay_active && !app->f.replay_playing, "played to the end: not live");
    Action seek = {.kind = ACT_REPLAY_SEEK, .i = 1, .at = app->f.now};
    app_apply(app, &seek);
    CHECK(app->f.replay_active && app->f.replay_step == 5);
    event(app, SDL_KEYDOWN, 0, 0, SDLK_ESCAPE);
    CHECK(!app->f.replay_active && !app->quit);
    char path[1200];
    snprintf(path, sizeof path, "%s/replay.png", app->out_dir);
    unlink(path);
    click(app, fx, part(app, "timeline", "export", 0));
    for (int i = 0; i < 500 && !strstr(app->msg, "exported"); i++) {
        SDL_Delay(10);
        app_frame(app, app->f.now + 0.02);
    }
    CHECK_MSG(strstr(app->msg, "exported") && strstr(app->msg, path), "export: %s", app->msg);
    void *png;
    size_t size;
    CHECK(gs_file_read_all(path, &png, &size, 1 << 24, &err) == GS_OK && size > 100 &&
          memmem(png, size, "acTL", 4) != NULL);
    free(png);
}

int main(void) {
    Fixture fx;
    CHECK(fix_init(&fx));
    App *app = NULL;
    GsError err;
    CHECK(app_create(&app, NULL, fx.r, fx.font, NULL, fx.infer, fx.sb, 1, 7, &err) == GS_OK);
    CHECK_MSG(app && app->text_ok, "font %s did not load", fx.font);
    char dir[512];
    const char *tmpdir = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ganscope-render-%d", tmpdir && tmpdir[0] ? tmpdir : "/tmp", (int)getpid());
    if (app) {
        test_views(app, &fx);
        test_retained(app, &fx);
        test_screenshot(app, &fx, dir);
        test_dialog(app, &fx);
        test_scenario_keys(app, &fx);
        test_replay(app, &fx, dir);
    }
    app_free(app);
    CHECK(test_restart(dir) == 0);
    gs_file_mkdirs(dir, &err);
    CHECK(test_slowmo(dir) == 0);
    remove(dir);
    fix_free(&fx);
    CHECK_DONE();
}

/* cmd_window.c: `ganscope` / `ganscope window`: the window's entry point.
 *
 * Threads and data flow:
 *
 *   trainer thread (trainer.c)           inference thread (infer.c)        render thread (here)
 *   steps the GAN; every 30 ms:          on a new snapshot or request:     frame loop below:
 *   GsGan --copy--> snapshot buffer ---> pins the newest snapshot, runs    events -> views (views.h)
 *          (double-buffered, gs_snapshot) G and D on its weights in place   read a const Frame (snapshot
 *      |                                  for each view's request:          metadata, history, trainer)
 *      +-- notify: wake both ------->    preview, strip, grid (+ tasks)     take their results
 *                                        -> results under its lock          draw (retained, draw.h)
 *                                        -> wake the render loop -------->  return actions
 *   commands (pause, step, lr, save,                                        -> app_apply (dispatch.c)
 *   restart...) <---- trainer_* calls <------------------------------------ the dispatcher
 *
 *   A slider drag: explorer view -> ACT_SET_Z -> app_apply -> explorer posts an inference
 *   request (infer_post) -> worker runs it -> result -> the explorer takes it (infer_take)
 *   -> pixels in the next frame.
 *
 *   The model overview (view_model.c): before each phase of a step the trainer copies what
 *   the phases left (GsStepWatch) under its lock; the app takes it into Frame.watch
 *   (trainer_watch) with the phase under way. Slow motion asks for one phase at a time.
 *
 * The render loop is idle while nothing changes and draws at most 60 frames/s. On close
 * the trainer stops first (it is what wakes the others), then the inference worker.
 * --stats-out writes the frame and latency figures as JSON (stats.h).
 *
 * The run lives in a locked run directory (run_dir_open, as `ganscope train`): the app
 * autosaves its checkpoint through the trainer thread (autosave.c), a saved run found there
 * on start is offered (view_resume.c), and on quit the run is saved and the settings
 * written (settings.h). README, "Runs, autosave and settings", has the rules. */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app.h"
#include "cli.h"
#include "gs_ckpt.h"
#include "gs_data.h"
#include "gs_file.h"
#include "gs_scenario.h"
#include "model_flags.h"
#include "run_data.h"
#include "run_files.h"
#include "settings.h"
#include "window.h"

typedef struct WindowOptions {
    ModelFlags m;
    const char *stats_out;
    double exit_after;
    double autosave;   /* seconds between autosaves (0: on quit only) */
    long long replay_every; /* steps between replay moments (-1: the preset's) */
    int paused, fresh;
    int dataset_set;   /* --dataset given */
    const char *scenario; /* --scenario NAME, or NULL */
} WindowOptions;

#define AUTOSAVE_SECONDS 120.0 /* the default autosave interval */
/* The longest the save on quit waits for the step under way (a keras step at batch 256:
 * about 3.5 s on two cores). Past it the step is abandoned, as before autosave, and the
 * last autosave stands: closing never hangs on a slow machine. */
#define QUIT_SAVE_WAIT 15.0

static const char *window_help =
    "usage: ganscope [window] [OPTIONS]\n"
    "Opens the window and trains the DCGAN live: the generator's digits, the losses, and\n"
    "a latent explorer to play with while it learns.\n\n"
    "  --preset fast|keras    model size (default fast; keras is the tutorial's model)\n"
    "  --batch N              real images per step (preset default; fast: 16, then 128 after\n"
    "                         step 1000; a batch given here is every step's)\n"
    "  --steps N              pause when the run reaches N steps (default: no limit)\n"
    "  --seed N               random seed (default 1)\n"
    "  --data PATH            MNIST-style directory or one IDX images file\n"
    "  --dataset mnist|fashion  which set to search for when --data is not given\n"
    "  --out DIR              the run's directory: DIR/checkpoint.gsck (autosave, Ctrl+S,\n"
    "                         Ctrl+O) and F12 screenshots (default\n"
    "                         $XDG_DATA_HOME/ganscope/runs/DATASET-PRESET)\n"
    "  --resume FILE          continue this checkpoint (saves go back to it; the run's\n"
    "                         directory is its directory unless --out)\n"
    "  --fresh                start over even if the run's directory holds a saved run\n"
    "                         (it is replaced at the first autosave)\n"
    "  --autosave S           seconds between autosaves (default 120; 0: only on quit)\n"
    "  --scenario NAME        a run set up to fail on purpose (see ganscope scenarios;\n"
    "                         the window's Break it menu starts them too)\n"
    "  --threads N            compute threads for training (default: all cores)\n"
    "  --replay-every N       keep the grid's first 16 samples every N steps for the\n"
    "                         timeline under the grid (default 10 keras, 50 fast; 0: none)\n"
    "  --paused               open paused (Space starts training)\n"
    "  --exit-after S         close by itself after S seconds (for measurements)\n"
    "  --stats-out FILE       on exit, write frame times, preview latency and steps/s as JSON\n"
    "  --help                 this text\n\n"
    "Press H in the window for the keyboard shortcuts. The window draws with SDL's software\n"
    "renderer (cheapest without a GPU); SDL_RENDER_DRIVER=opengl ganscope uses the GPU.\n";

static int parse_window(int argc, char **argv, WindowOptions *o) {
    static const struct option longopts[] = {
        MODEL_FLAG_OPTIONS,
        {"paused", no_argument, 0, 'P'},          {"exit-after", required_argument, 0, 'x'},
        {"stats-out", required_argument, 0, 'O'}, {"help", no_argument, 0, 'h'},
        {"fresh", no_argument, 0, 'F'},           {"autosave", required_argument, 0, 'A'},
        {"scenario", required_argument, 0, 'Z'},
        {"replay-every", required_argument, 0, 'R'},
        {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    model_flags_defaults(&o->m);
    const char *default_dataset = o->m.dataset;
    o->exit_after = -1, o->autosave = AUTOSAVE_SECONDS, o->replay_every = -1;
    optind = 1, opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int ok = model_flag("window", c, optarg, argv, &o->m);
        if (ok >= 0) {
            if (!ok) return 0;
            continue;
        }
        ok = 1;
        switch (c) {
        case 'P': o->paused = 1; break;
        case 'x': ok = cli_double("window", "exit-after", optarg, 0, 1e9, &o->exit_after); break;
        case 'O': o->stats_out = optarg; break;
        case 'F': o->fresh = 1; break;
        case 'Z': ok = model_flag_scenario("window", optarg, &o->scenario); break;
        case 'A': ok = cli_double("window", "autosave", optarg, 0, 1e9, &o->autosave); break;
        case 'R': ok = cli_int("window", "replay-every", optarg, 0, 1000000000, &o->replay_every); break;
        case 'h': fputs(window_help, stdout); return -1;
        }
        if (!ok) return 0;
    }
    o->dataset_set = o->m.dataset != default_dataset;
    if (o->scenario && (o->m.preset_set || o->m.batch_set || o->m.resume)) {
        cli_error("window: --scenario sets the model; drop --preset, --batch and --resume");
        return 0;
    }
    if (o->scenario) o->m.preset = o->scenario, o->m.preset_set = 1; /* its own run directory */
    if (o->fresh && o->m.resume) {
        cli_error("window: --fresh and --resume contradict each other (--fresh starts over)");
        return 0;
    }
    if (optind < argc) {
        cli_error("window: unexpected argument '%s' (see ganscope window --help)", argv[optind]);
        return 0;
    }
    return 1;
}

/* The shipped font: next to the program, in the install's data directory, in the source
 * tree it was built from, or the system's DejaVu. */
int window_find_font(char *out, size_t size) {
    const char *name = "DejaVuSans.ttf";
    char *base = SDL_GetBasePath();
    const char *env = getenv("GANSCOPE_ASSETS");
    char cand[6][1200];
    int n = 0;
    if (env && snprintf(cand[n], sizeof cand[0], "%s/%s", env, name) < (int)sizeof cand[0]) n++;
    if (base) {
        snprintf(cand[n++], sizeof cand[0], "%sassets/%s", base, name);
        snprintf(cand[n++], sizeof cand[0], "%s../share/ganscope/assets/%s", base, name);
        SDL_free(base);
    }
#ifdef GS_ASSETS_DIR
    snprintf(cand[n++], sizeof cand[0], "%s/%s", GS_ASSETS_DIR, name);
#endif
    snprintf(cand[n++], sizeof cand[0], "/usr/share/fonts/truetype/dejavu/%s", name);
    struct stat sb;
    for (int i = 0; i < n; i++)
        if (stat(cand[i], &sb) == 0 && strlen(cand[i]) < size) {
            memcpy(out, cand[i], strlen(cand[i]) + 1);
            return 1;
        }
    return 0;
}

/* How the other threads wake the render loop: one SDL user event at a time. */
typedef struct Wake {
    Uint32 event;         /* registered SDL event type */
    atomic_int pending;   /* an event is in the queue */
    Infer *infer;         /* the trainer's news also wakes the inference worker */
} Wake;

/* From the trainer and inference threads: wake the render loop. */
static void wake_ui(void *ctx) {
    Wake *w = ctx;
    if (atomic_exchange(&w->pending, 1)) return;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = w->event;
    if (SDL_PushEvent(&e) <= 0) atomic_store(&w->pending, 0);
}

static void on_trainer_news(void *ctx) {
    Wake *w = ctx;
    if (w->infer) infer_wake(w->infer);
    wake_ui(ctx);
}

/* Everything one window session holds, in the order it is made. */
typedef struct Session {
    WindowOptions o;
    GsImages data;
    GsDataset data_ds;
    const char *data_path;  /* NULL: the built-in set */
    GsGan gan;
    int have_gan;
    GsCkptSections secs;    /* the loaded checkpoint's sections: its replay */
    char startup_msg[1200]; /* a problem with the data or checkpoint, shown in the window */
    Settings settings;      /* remembered from the last session */
    char settings_path[1100]; /* "" : none (no HOME) */
    char run_dir[1024], ckpt[1100];
    int lock_fd;            /* the run directory's lock, held to the end */
    int offer;              /* the run directory held a saved run: the dialog asks */
    char other_data[1200];  /* "" or: the saved run trained on other data than s->data */
    double offer_age;
    SDL_Window *win;
    SDL_Renderer *ren;
    int sdl_up;
    GsSnapshotBuffer *sb;
    Wake wake;
    Trainer *trainer;
    Infer *infer;
    App *app;
} Session;

/* The settings file; what it remembers fills in the flags not given. A damaged file is
 * ignored with a message (it is rewritten on quit). */
static void load_settings(Session *s) {
    GsError err;
    GsConfig cfg;
    GsDataset ds;
    settings_defaults(&s->settings);
    if (!settings_path(s->settings_path, sizeof s->settings_path)) s->settings_path[0] = 0;
    else if (settings_load(&s->settings, s->settings_path, &err) != GS_OK)
        fprintf(stderr, "ganscope: settings ignored: %s\n", err.msg);
    Settings *t = &s->settings;
    if (!s->o.m.preset_set && t->preset[0] && gs_config_preset(&cfg, t->preset, &err) == GS_OK) s->o.m.preset = t->preset;
    if (!s->o.dataset_set && !s->o.m.data && t->dataset[0] && gs_dataset_parse(t->dataset, &ds, &err) == GS_OK)
        s->o.m.dataset = t->dataset;
}

/* The default run directory of a data set and preset: $XDG_DATA_HOME/ganscope/runs/DS-PRESET. */
static void default_run_dir(char *out, size_t size, GsDataset ds, const char *preset) {
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg == '/') snprintf(out, size, "%s/ganscope/runs/%s-%s", xdg, gs_dataset_name(ds), preset);
    else if (home && *home) snprintf(out, size, "%s/.local/share/ganscope/runs/%s-%s", home, gs_dataset_name(ds), preset);
    else snprintf(out, size, "ganscope-run");
}

/* The run's directory: --out, the --resume checkpoint's, or one a data set and preset
 * under $XDG_DATA_HOME/ganscope/runs. Locked like `ganscope train`'s (run_dir_open): two
 * windows, or a window and a train, never write one run. */
static int open_run_dir(Session *s, GsDataset ds) {
    GsError err;
    if (s->o.m.out || s->o.m.resume) model_flags_out_dir(&s->o.m, s->run_dir, sizeof s->run_dir);
    else default_run_dir(s->run_dir, sizeof s->run_dir, ds, s->o.m.preset);
    if (s->o.m.resume) snprintf(s->ckpt, sizeof s->ckpt, "%s", s->o.m.resume);
    else snprintf(s->ckpt, sizeof s->ckpt, "%s/checkpoint.gsck", s->run_dir);
    GsStatus st = run_dir_open(s->run_dir, s->ckpt, &s->lock_fd, &err);
    return st == GS_OK ? EXIT_OK : cli_fail(&err, st);
}

/* App.run_switch: a restart with another preset or data set moves a run in the default
 * place to that pair's directory (locked first; the old one is released). With --out or
 * --resume the run stays where the user put it. */
static int switch_run(void *ctx, const char *preset, GsDataset ds, int *saved) {
    Session *s = ctx;
    App *a = s->app;
    GsError err;
    char dir[1024], ckpt[1100];
    int fd = -1;
    struct stat sb;
    *saved = 0;
    if (s->o.m.out || s->o.m.resume) return 0;
    default_run_dir(dir, sizeof dir, ds, preset);
    if (!strcmp(dir, s->run_dir)) return 0;
    snprintf(ckpt, sizeof ckpt, "%s/checkpoint.gsck", dir);
    if (run_dir_open(dir, ckpt, &fd, &err) != GS_OK) { /* in use: never write another's run */
        a->autosave_on = 0;
        app_message(a, 1, "autosave is off: %s", err.msg);
        return 0;
    }
    if (s->lock_fd >= 0) gs_file_unlock_dir(s->lock_fd);
    s->lock_fd = fd;
    snprintf(s->run_dir, sizeof s->run_dir, "%s", dir);
    snprintf(s->ckpt, sizeof s->ckpt, "%s", ckpt);
    snprintf(a->run_dir, sizeof a->run_dir, "%s", dir);
    snprintf(a->out_dir, sizeof a->out_dir, "%s", dir);
    snprintf(a->ckpt_path, sizeof a->ckpt_path, "%s", ckpt);
    *saved = stat(ckpt, &sb) == 0;
    return 1;
}

/* The data and the GAN. Problems with the data or checkpoint show in the window; training
 * goes on with the built-in set or fresh weights. Returns an exit status (EXIT_OK: go on). */
static int load_inputs(Session *s) {
    GsError err, err2;
    GsStatus st;
    GsDataset ds;
    GsConfig cfg;
    load_settings(s);
    if ((st = gs_dataset_parse(s->o.m.dataset, &ds, &err)) != GS_OK) return cli_fail(&err, st);
    st = s->o.scenario ? gs_scenario_config(gs_scenario_find(s->o.scenario), (uint64_t)s->o.m.seed, &cfg, &err)
                       : model_flags_config(&s->o.m, &cfg, &err);
    if (st != GS_OK) return cli_fail(&err, st);
    s->data_ds = ds, s->data_path = s->o.m.data;
    if (gs_data_load(s->o.m.data, ds, &s->data, &err) != GS_OK) {
        s->data_ds = GS_DATASET_MNIST, s->data_path = NULL;
        snprintf(s->startup_msg, sizeof s->startup_msg, "%s; using the built-in MNIST test set", err.msg);
        if ((st = gs_data_load(NULL, GS_DATASET_MNIST, &s->data, &err2)) != GS_OK) return cli_fail(&err2, st);
    }
    int rc = open_run_dir(s, ds);
    if (rc != EXIT_OK) return rc;
    struct stat sb;
    int saved = !s->o.m.resume && !s->o.fresh && stat(s->ckpt, &sb) == 0;
    if (s->o.m.resume || saved) {
        char was[sizeof s->data.source];
        if (gs_ckpt_load_with(&s->gan, &s->secs, s->ckpt, &err) == GS_OK) {
            s->have_gan = 1, s->offer = saved;
            /* other data than it trained on: the dialog says so (or, with --resume and no
             * dialog, the message line) */
            if (run_data_other(&s->secs, &s->data, was, sizeof was))
                snprintf(s->other_data, sizeof s->other_data, "It trained on %s; here it goes on with %s.", was,
                         s->data.source);
            if (!s->offer && !s->startup_msg[0] && s->other_data[0])
                snprintf(s->startup_msg, sizeof s->startup_msg, "%s", s->other_data);
        } else snprintf(s->startup_msg, sizeof s->startup_msg, "%s; starting from new weights", err.msg);
    }
    if (s->offer) {
        s->offer_age = difftime(time(NULL), sb.st_mtime);
        printf("ganscope: %s holds a saved run at step %lld: continue or start over in the window\n", s->run_dir,
               (long long)s->gan.step);
        fflush(stdout);
    }
    if (!s->have_gan && (st = gs_gan_create(&s->gan, &cfg, &err)) != GS_OK) return cli_fail(&err, st);
    /* a new run: the learning rates the user chose last (a scenario keeps its own) */
    if (!s->have_gan && s->settings.has_lr && !s->o.scenario)
        s->gan.opt_d.lr = s->settings.lr_d, s->gan.opt_g.lr = s->settings.lr_g;
    s->have_gan = 1;
    return EXIT_OK;
}

/* The first window's size: 1280x800, or the largest size under it that fits the screen's
 * usable area (without panels) with a margin for the title bar and borders: a 1366x768
 * laptop gets 1280x704. The layout works down to 1024x600 and below. */
static void first_window_size(int *w, int *h) {
    SDL_Rect ub;
    *w = 1280, *h = 800;
    if (SDL_GetDisplayUsableBounds(0, &ub) != 0 || ub.w <= 0 || ub.h <= 0) return;
    if (*w > ub.w - 32) *w = ub.w - 32;
    if (*h > ub.h - 64) *h = ub.h - 64;
    if (*w < 320) *w = 320;
    if (*h < 240) *h = 240;
}

/* The window and its renderer. Returns an exit status (EXIT_OK: go on). */
static int open_window(Session *s) {
    const char *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY"), *drv = getenv("SDL_VIDEODRIVER");
    const char *no_display = "cannot open a window: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
                             "use 'ganscope train' to train without one";
    if (!(x11 && *x11) && !(wl && *wl) && !(drv && *drv)) return cli_error("%s", no_display), EXIT_USAGE;
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    /* SDL's own software renderer drawing into the window's framebuffer (XShm on X11),
     * unless the user names another driver in SDL_RENDER_DRIVER. The views are flat 2D,
     * and the laptops this is for have no GPU: there the OpenGL renderer runs on Mesa's
     * llvmpipe, whose full-window copy per frame cost 6-7 ms of CPU taken from training,
     * against about 1.4 ms for a whole software frame (see README, Window performance). */
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        cli_error("cannot open a window: %s (use 'ganscope train' without a display)", SDL_GetError());
        return EXIT_USAGE;
    }
    s->sdl_up = 1;
    /* With no display SDL quietly falls back to its offscreen driver: the user would get a
     * training run nobody can see. Only the tests ask for that on purpose. */
    const char *driver = SDL_GetCurrentVideoDriver(), *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")) && !(asked && *asked))
        return cli_error("%s", no_display), EXIT_USAGE;
    if (TTF_Init() != 0) fprintf(stderr, "ganscope: text disabled: %s\n", TTF_GetError());
    int w, h;
    first_window_size(&w, &h);
    s->win = SDL_CreateWindow("ganscope", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                              SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    s->ren = s->win ? SDL_CreateRenderer(s->win, -1, SDL_RENDERER_PRESENTVSYNC) : NULL;
    if (s->win && !s->ren) s->ren = SDL_CreateRenderer(s->win, -1, SDL_RENDERER_SOFTWARE);
    if (!s->ren) return cli_error("cannot open a window: %s", SDL_GetError()), EXIT_INTERNAL;
    s->wake.event = SDL_RegisterEvents(1);
    return EXIT_OK;
}

/* The saved run's replay: the checkpoint's RPLY section, else the run directory's
 * replay.gsr (a run `ganscope train` made), up to the checkpoint's step; for the trainer's
 * first run (1). A damaged one is reported and left out. */
static void restore_replay(Session *s) {
    GsError err;
    const GsCkptSection *sec = gs_ckpt_sections_find(&s->secs, GS_REPLAY_SECTION);
    char path[1200];
    void *data = NULL;
    size_t len = 0;
    GsStatus st = GS_OK;
    if (sec) snprintf(path, sizeof path, "%s", s->ckpt), st = replay_store_restore(s->app->replay, 1, sec->data, sec->len, s->gan.step, path, &err);
    else if (s->have_gan && s->gan.step > 0) {
        snprintf(path, sizeof path, "%s/%s", s->run_dir, GS_REPLAY_FILE);
        if (gs_file_read_all(path, &data, &len, (size_t)1 << 32, &err) == GS_OK)
            st = replay_store_restore(s->app->replay, 1, data, len, s->gan.step, path, &err);
        free(data);
    }
    if (st != GS_OK) app_message(s->app, 1, "replay left out: %s", err.msg);
    gs_ckpt_sections_free(&s->secs);
}

/* The snapshot buffer, the app and its views, the trainer and inference threads. */
static int start_threads(Session *s) {
    GsError err;
    char font[1200];
    int have_font = window_find_font(font, sizeof font);
    if (gs_snapshot_create(&s->sb, 2, &err) != GS_OK || infer_create(&s->infer, s->sb, wake_ui, &s->wake, &err) != GS_OK)
        return cli_error("%s", err.msg), EXIT_INTERNAL;
    if (!(s->trainer = calloc(1, sizeof *s->trainer))) return cli_error("out of memory for the trainer"), EXIT_INTERNAL;
    int paused = s->o.paused || s->offer; /* the saved-run dialog answers first */
    if (app_create(&s->app, s->win, s->ren, have_font ? font : NULL, s->trainer, s->infer, s->sb, paused,
                   (uint64_t)s->o.m.seed + 12345, &err) != GS_OK)
        return cli_error("%s", err.msg), EXIT_INTERNAL;
    s->wake.infer = s->infer;
    App *a = s->app;
    if (!a->text_ok) fprintf(stderr, "ganscope: no usable font found (assets/DejaVuSans.ttf); text is off\n");
    app_set_real(a, s->data.pixels, s->data.n < FRAME_MAX_REAL ? (int)s->data.n : FRAME_MAX_REAL);
    snprintf(a->out_dir, sizeof a->out_dir, "%s", s->run_dir); /* screenshots go here */
    snprintf(a->run_dir, sizeof a->run_dir, "%s", s->run_dir);
    snprintf(a->ckpt_path, sizeof a->ckpt_path, "%s", s->ckpt);
    a->autosave_on = 1, a->autosave_every = s->o.autosave > 0 ? s->o.autosave : 1e18;
    a->saved_at = 0, a->saved_step = s->gan.step;
    a->seed = (uint64_t)s->o.m.seed, a->start_running = !s->o.paused;
    a->run_switch = switch_run, a->run_switch_ctx = s;
    snprintf(a->run_preset, sizeof a->run_preset, "%s", s->gan.cfg.preset);
    a->run_dataset = s->data_ds;
    a->user_scale = s->settings.scale;
    a->high_contrast = s->settings.projector;
    ui_theme_default(&a->ui.th, a->high_contrast);
    a->has_lr = s->settings.has_lr, a->lr_d = s->settings.lr_d, a->lr_g = s->settings.lr_g;
    if (s->offer) {
        a->f.resume_offer = 1, a->f.resume_step = s->gan.step, a->f.resume_age = s->offer_age;
        a->f.resume_data = s->other_data;
        a->f.cfg = s->gan.cfg; /* the dialog names the preset before the first snapshot */
    }
    restore_replay(s);
    replay_store_set_every(a->replay, s->o.replay_every);
    trainer_set_replay(s->trainer, a->replay);
    if (s->startup_msg[0]) app_message(a, 1, "%s", s->startup_msg);
    else app_message(a, 0, "training preset %s on %s; press H for help", s->gan.cfg.preset, s->data.source);
    if (trainer_start(s->trainer, &s->gan, &s->data, s->data_path, s->data_ds, (int)s->o.m.threads, paused,
                      s->o.m.steps, s->sb, on_trainer_news, &s->wake, &err) != GS_OK ||
        infer_start(s->infer, &err) != GS_OK)
        return cli_error("%s", err.msg), EXIT_INTERNAL;
    s->have_gan = 0; /* the trainer owns it now */
    return EXIT_OK;
}

/* The frame loop: wait for an event (input, or a wake from the trainer or the inference
 * worker) or for the next frame's time; hand the events to the app; draw a frame when
 * something changed, at most 60 a second, and at least every half second (tooltips and
 * messages time out). Ends on quit or after --exit-after. Returns the seconds it ran. */
static double frame_loop(Session *s) {
    App *a = s->app;
    const double t0 = cli_now(), limit = s->o.exit_after;
    double next_frame = 0, last_frame = 0;
    while (!a->quit) {
        double now = cli_now();
        int timeout = a->dirty ? (next_frame > now ? (int)((next_frame - now) * 1000) + 1 : 0) : 500;
        if (limit >= 0 && (int)((t0 + limit - now) * 1000) + 1 < timeout)
            timeout = t0 + limit - now < 0 ? 0 : (int)((t0 + limit - now) * 1000) + 1;
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, timeout)) do {
                if (e.type == s->wake.event) atomic_store(&s->wake.pending, 0), a->dirty = 1;
                else if (app_event(a, &e)) a->dirty = 1;
            } while (SDL_PollEvent(&e));
        now = cli_now();
        stats_button(&a->stats, a->ui.down, now);
        if ((limit >= 0 && now - t0 >= limit) || a->quit) break;
        if (now < next_frame || (!a->dirty && now - last_frame < 0.5)) continue;
        double f0 = cli_now();
        a->dirty = 0;
        app_frame(a, now);
        SDL_RenderPresent(s->ren);
        stats_frame(&a->stats, (cli_now() - f0) * 1000, a->ui.down);
        last_frame = now, next_frame = f0 + 1.0 / 60;
        app_autosave_tick(a, now);
    }
    double seconds = cli_now() - t0;
    stats_button(&a->stats, 0, t0 + seconds);
    return seconds;
}

/* On quit: the run is saved (by the trainer thread, after the step under way) unless
 * nothing was trained or the saved-run dialog was never answered; the settings too. */
static void save_on_quit(Session *s, int64_t steps) {
    App *a = s->app;
    GsError err;
    if (!a) return;
    if (a->autosave_on && !a->f.resume_offer && steps > 0 && s->trainer->started &&
        !trainer_save_wait(s->trainer, a->ckpt_path, QUIT_SAVE_WAIT))
        cli_error("the run was not saved on quit (the step under way took over %.0f s, or the write failed); "
                  "%s holds the last autosave", QUIT_SAVE_WAIT, a->ckpt_path);
    if (!s->settings_path[0]) return;
    Settings *t = &s->settings;
    t->scale = a->user_scale, t->projector = a->high_contrast;
    t->has_lr = a->has_lr, t->lr_d = a->lr_d, t->lr_g = a->lr_g;
    snprintf(t->preset, sizeof t->preset, "%s", a->run_preset);
    snprintf(t->dataset, sizeof t->dataset, "%s", gs_dataset_name(a->run_dataset));
    if (settings_save(t, s->settings_path, &err) != GS_OK) cli_error("settings not saved: %s", err.msg);
}

/* Stops the threads in order (the trainer wakes the inference worker, so it goes first),
 * writes the stats and frees everything the session made, whatever got made. */
static void teardown(Session *s, double seconds) {
    if (s->win) SDL_HideWindow(s->win);
    int64_t steps = s->trainer && s->trainer->started ? trainer_steps_done(s->trainer) : 0;
    save_on_quit(s, steps);
    if (s->trainer) trainer_stop(s->trainer);
    infer_stop(s->infer);
    if (s->o.stats_out && s->app) {
        SDL_RendererInfo info;
        if (SDL_GetRendererInfo(s->ren, &info) != 0) info.name = "?";
        StatsRun run = {seconds, steps, s->app->f.cfg.preset, info.name, gs_config_batch_at(&s->app->f.cfg, s->app->f.step), s->app->f.paused,
                        s->app->f.step, s->app->autosaves, s->app->user_scale, s->app->high_contrast,
                        s->app->f.has_metrics ? s->app->f.metrics.lr_d : 0,
                        s->app->f.has_metrics ? s->app->f.metrics.lr_g : 0};
        if (!stats_write(&s->app->stats, &run, s->o.stats_out)) cli_error("cannot write %s", s->o.stats_out);
    }
    app_free(s->app);
    infer_free(s->infer);
    free(s->trainer);
    if (s->sb) gs_snapshot_destroy(s->sb);
    if (s->ren) SDL_DestroyRenderer(s->ren);
    if (s->win) SDL_DestroyWindow(s->win);
    if (s->sdl_up) TTF_Quit(), SDL_Quit();
    if (s->have_gan) gs_gan_destroy(&s->gan);
    gs_ckpt_sections_free(&s->secs);
    gs_images_free(&s->data);
    if (s->lock_fd >= 0) gs_file_unlock_dir(s->lock_fd);
}

int cmd_window(int argc, char **argv) {
    Session *s = calloc(1, sizeof *s);
    if (!s) return cli_error("out of memory"), EXIT_INTERNAL;
    s->lock_fd = -1;
    int parsed = parse_window(argc, argv, &s->o), rc = parsed < 0 ? EXIT_OK : EXIT_USAGE;
    if (parsed > 0 && (rc = load_inputs(s)) == EXIT_OK && (rc = open_window(s)) == EXIT_OK &&
        (rc = start_threads(s)) == EXIT_OK)
        teardown(s, frame_loop(s));
    else
        teardown(s, 0);
    free(s);
    return rc;
}

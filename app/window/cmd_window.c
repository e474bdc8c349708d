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
 * The render loop is idle while nothing changes and draws at most 60 frames/s. On close
 * the trainer stops first (it is what wakes the others), then the inference worker.
 * --stats-out writes the frame and latency figures as JSON (stats.h). */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "cli.h"
#include "gs_ckpt.h"
#include "gs_data.h"
#include "gs_file.h"
#include "model_flags.h"
#include "window.h"

typedef struct WindowOptions {
    ModelFlags m;
    const char *stats_out;
    double exit_after;
    int paused;
} WindowOptions;

static const char *window_help =
    "usage: ganscope [window] [OPTIONS]\n"
    "Opens the window and trains the DCGAN live: the generator's digits, the losses, and\n"
    "a latent explorer to play with while it learns.\n\n"
    "  --preset fast|keras    model size (default fast; keras is the tutorial's model)\n"
    "  --batch N              real images per step (preset default)\n"
    "  --steps N              pause when the run reaches N steps (default: no limit)\n"
    "  --seed N               random seed (default 1)\n"
    "  --data PATH            MNIST-style directory or one IDX images file\n"
    "  --dataset mnist|fashion  which set to search for when --data is not given\n"
    "  --resume FILE          start from a checkpoint (Ctrl+S / Ctrl+O use this file)\n"
    "  --out DIR              where Ctrl+S saves DIR/checkpoint.gsck and F12 screenshots\n"
    "                         (default ganscope-run)\n"
    "  --threads N            compute threads for training (default: all cores)\n"
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
        {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    model_flags_defaults(&o->m);
    o->exit_after = -1;
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
        case 'h': fputs(window_help, stdout); return -1;
        }
        if (!ok) return 0;
    }
    if (optind < argc) {
        cli_error("window: unexpected argument '%s' (see ganscope window --help)", argv[optind]);
        return 0;
    }
    return 1;
}

/* The shipped font: next to the program, in the install's data directory, in the source
 * tree it was built from, or the system's DejaVu. */
static int find_font(char *out, size_t size) {
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
    char startup_msg[1200]; /* a problem with the data or checkpoint, shown in the window */
    SDL_Window *win;
    SDL_Renderer *ren;
    int sdl_up;
    GsSnapshotBuffer *sb;
    Wake wake;
    Trainer *trainer;
    Infer *infer;
    App *app;
} Session;

/* The data and the GAN. Problems with the data or checkpoint show in the window; training
 * goes on with the built-in set or fresh weights. Returns an exit status (EXIT_OK: go on). */
static int load_inputs(Session *s) {
    GsError err, err2;
    GsStatus st;
    GsDataset ds;
    GsConfig cfg;
    if ((st = gs_dataset_parse(s->o.m.dataset, &ds, &err)) != GS_OK) return cli_fail(&err, st);
    if ((st = model_flags_config(&s->o.m, &cfg, &err)) != GS_OK) return cli_fail(&err, st);
    s->data_ds = ds, s->data_path = s->o.m.data;
    if (gs_data_load(s->o.m.data, ds, &s->data, &err) != GS_OK) {
        s->data_ds = GS_DATASET_MNIST, s->data_path = NULL;
        snprintf(s->startup_msg, sizeof s->startup_msg, "%s; using the built-in MNIST test set", err.msg);
        if ((st = gs_data_load(NULL, GS_DATASET_MNIST, &s->data, &err2)) != GS_OK) return cli_fail(&err2, st);
    }
    if (s->o.m.resume) {
        if (gs_ckpt_load(&s->gan, s->o.m.resume, &err) == GS_OK) s->have_gan = 1;
        else snprintf(s->startup_msg, sizeof s->startup_msg, "%s; starting from new weights", err.msg);
    }
    if (!s->have_gan && (st = gs_gan_create(&s->gan, &cfg, &err)) != GS_OK) return cli_fail(&err, st);
    s->have_gan = 1;
    return EXIT_OK;
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
    s->win = SDL_CreateWindow("ganscope", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                              SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    s->ren = s->win ? SDL_CreateRenderer(s->win, -1, SDL_RENDERER_PRESENTVSYNC) : NULL;
    if (s->win && !s->ren) s->ren = SDL_CreateRenderer(s->win, -1, SDL_RENDERER_SOFTWARE);
    if (!s->ren) return cli_error("cannot open a window: %s", SDL_GetError()), EXIT_INTERNAL;
    s->wake.event = SDL_RegisterEvents(1);
    return EXIT_OK;
}

/* The snapshot buffer, the app and its views, the trainer and inference threads. */
static int start_threads(Session *s) {
    GsError err;
    char font[1200], ckpt[1100];
    int have_font = find_font(font, sizeof font);
    if (gs_snapshot_create(&s->sb, 2, &err) != GS_OK || infer_create(&s->infer, s->sb, wake_ui, &s->wake, &err) != GS_OK)
        return cli_error("%s", err.msg), EXIT_INTERNAL;
    if (!(s->trainer = calloc(1, sizeof *s->trainer))) return cli_error("out of memory for the trainer"), EXIT_INTERNAL;
    if (app_create(&s->app, s->win, s->ren, have_font ? font : NULL, s->trainer, s->infer, s->sb, s->o.paused,
                   (uint64_t)s->o.m.seed + 12345, &err) != GS_OK)
        return cli_error("%s", err.msg), EXIT_INTERNAL;
    s->wake.infer = s->infer;
    App *a = s->app;
    if (!a->text_ok) fprintf(stderr, "ganscope: no usable font found (assets/DejaVuSans.ttf); text is off\n");
    app_set_real(a, s->data.pixels, s->data.n < FRAME_MAX_REAL ? (int)s->data.n : FRAME_MAX_REAL);
    model_flags_out_dir(&s->o.m, a->out_dir, sizeof a->out_dir); /* screenshots go here */
    if (s->o.m.resume) snprintf(ckpt, sizeof ckpt, "%s", s->o.m.resume);
    else snprintf(ckpt, sizeof ckpt, "%s/checkpoint.gsck", a->out_dir), gs_file_mkdirs(a->out_dir, &err);
    snprintf(a->ckpt_path, sizeof a->ckpt_path, "%s", ckpt);
    if (s->startup_msg[0]) app_message(a, 1, "%s", s->startup_msg);
    else app_message(a, 0, "training preset %s on %s; press H for help", s->gan.cfg.preset, s->data.source);
    if (trainer_start(s->trainer, &s->gan, &s->data, s->data_path, s->data_ds, (int)s->o.m.threads, s->o.paused,
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
    }
    double seconds = cli_now() - t0;
    stats_button(&a->stats, 0, t0 + seconds);
    return seconds;
}

/* Stops the threads in order (the trainer wakes the inference worker, so it goes first),
 * writes the stats and frees everything the session made, whatever got made. */
static void teardown(Session *s, double seconds) {
    if (s->win) SDL_HideWindow(s->win);
    int64_t steps = s->trainer && s->trainer->started ? trainer_steps_done(s->trainer) : 0;
    if (s->trainer) trainer_stop(s->trainer);
    infer_stop(s->infer);
    if (s->o.stats_out && s->app) {
        SDL_RendererInfo info;
        if (SDL_GetRendererInfo(s->ren, &info) != 0) info.name = "?";
        StatsRun run = {seconds, steps, s->app->f.cfg.preset, info.name, s->app->f.cfg.batch, s->app->f.paused};
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
    gs_images_free(&s->data);
}

int cmd_window(int argc, char **argv) {
    Session *s = calloc(1, sizeof *s);
    if (!s) return cli_error("out of memory"), EXIT_INTERNAL;
    int parsed = parse_window(argc, argv, &s->o), rc = parsed < 0 ? EXIT_OK : EXIT_USAGE;
    if (parsed > 0 && (rc = load_inputs(s)) == EXIT_OK && (rc = open_window(s)) == EXIT_OK &&
        (rc = start_threads(s)) == EXIT_OK)
        teardown(s, frame_loop(s));
    else
        teardown(s, 0);
    free(s);
    return rc;
}

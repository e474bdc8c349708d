/* cmd_window.c: `ganscope` / `ganscope window`: opens the window, starts the trainer and
 * view-inference threads, runs the render loop (idle while nothing changes, at most 60
 * frames/s), and on close stops everything in order. --stats-out writes the frame and
 * latency figures as JSON. */
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

static Uint32 wake_event;
static atomic_int wake_pending;

/* From the trainer and inference threads: wake the render loop (one event at a time). */
static void wake_ui(void *ctx) {
    (void)ctx;
    if (atomic_exchange(&wake_pending, 1)) return;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = wake_event;
    if (SDL_PushEvent(&e) <= 0) atomic_store(&wake_pending, 0);
}

static Infer *g_infer_for_trainer; /* the trainer's callback also wakes the view inference */
static void on_trainer_news(void *ctx) {
    if (g_infer_for_trainer) infer_wake(g_infer_for_trainer);
    wake_ui(ctx);
}

static int cmp_float(const void *x, const void *y) {
    float a = *(const float *)x, b = *(const float *)y;
    return (a > b) - (a < b);
}

static double percentile(float *v, int n, double q) {
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_float);
    int i = (int)(q * (n - 1) + 0.5);
    return v[i];
}

/* Frames drawn while the mouse button was held (a slider drag: new pixels every frame). */
typedef struct DragStats {
    double seconds, since; /* since: when the current press began (< 0: not pressed) */
    int frames;
} DragStats;

static void write_stats(const char *path, App *a, double seconds, int64_t steps, const char *renderer,
                        const DragStats *drag) {
    FILE *f = fopen(path, "w");
    if (!f) {
        cli_error("cannot write %s", path);
        return;
    }
    int nf = a->n_frames, nl = a->n_lat;
    fprintf(f,
            "{\n  \"seconds\": %.3f,\n  \"frames\": %d,\n  \"fps\": %.2f,\n"
            "  \"frame_ms_median\": %.3f,\n  \"frame_ms_p99\": %.3f,\n"
            "  \"preview_updates\": %d,\n  \"preview_latency_ms_p95\": %.3f,\n"
            "  \"steps\": %lld,\n  \"steps_per_second\": %.3f,\n  \"preset\": \"%s\",\n  \"batch\": %d,\n"
            "  \"paused_at_exit\": %s,\n  \"renderer\": \"%s\",\n"
            "  \"drag_seconds\": %.3f,\n  \"drag_frames\": %d,\n  \"drag_fps\": %.2f\n}\n",
            seconds, nf, seconds > 0 ? nf / seconds : 0, percentile(a->frame_ms, nf, 0.5),
            percentile(a->frame_ms, nf, 0.99), nl, percentile(a->lat_ms, nl, 0.95), (long long)steps,
            seconds > 0 ? steps / seconds : 0, a->cfg.preset, a->cfg.batch, a->paused ? "true" : "false",
            renderer, drag->seconds, drag->frames, drag->seconds > 0 ? drag->frames / drag->seconds : 0);
    fclose(f);
}

int cmd_window(int argc, char **argv) {
    WindowOptions o;
    int parsed = parse_window(argc, argv, &o);
    if (parsed <= 0) return parsed < 0 ? EXIT_OK : EXIT_USAGE;
    GsError err;
    GsStatus st;
    GsDataset ds;
    if ((st = gs_dataset_parse(o.m.dataset, &ds, &err)) != GS_OK) return cli_fail(&err, st);
    GsConfig cfg;
    if ((st = model_flags_config(&o.m, &cfg, &err)) != GS_OK) return cli_fail(&err, st);

    /* Problems with the data or checkpoint show in the window; training goes on with the
     * built-in set or fresh weights. */
    char startup_msg[1200] = "";
    GsImages data;
    GsDataset loaded_ds = ds;
    const char *loaded_path = o.m.data;
    if (gs_data_load(o.m.data, ds, &data, &err) != GS_OK) {
        loaded_ds = GS_DATASET_MNIST, loaded_path = NULL;
        snprintf(startup_msg, sizeof startup_msg, "%s; using the built-in MNIST test set", err.msg);
        GsError err2;
        if ((st = gs_data_load(NULL, GS_DATASET_MNIST, &data, &err2)) != GS_OK) return cli_fail(&err2, st);
    }
    char ckpt[1100], out[1024];
    model_flags_out_dir(&o.m, out, sizeof out);
    if (o.m.resume) snprintf(ckpt, sizeof ckpt, "%s", o.m.resume);
    else snprintf(ckpt, sizeof ckpt, "%s/checkpoint.gsck", out);
    GsGan gan;
    int have_gan = 0;
    if (o.m.resume) {
        if (gs_ckpt_load(&gan, o.m.resume, &err) == GS_OK) have_gan = 1;
        else snprintf(startup_msg, sizeof startup_msg, "%s; starting from new weights", err.msg);
    }
    if (!have_gan && (st = gs_gan_create(&gan, &cfg, &err)) != GS_OK) {
        gs_images_free(&data);
        return cli_fail(&err, st);
    }

    const char *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY"), *drv = getenv("SDL_VIDEODRIVER");
    if (!(x11 && *x11) && !(wl && *wl) && !(drv && *drv)) {
        cli_error("cannot open a window: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
                  "use 'ganscope train' to train without one");
        gs_gan_destroy(&gan), gs_images_free(&data);
        return EXIT_USAGE;
    }
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
        gs_gan_destroy(&gan), gs_images_free(&data);
        return EXIT_USAGE;
    }
    /* With no display SDL quietly falls back to its offscreen driver: the user would get a
     * training run nobody can see. Only the tests ask for that on purpose. */
    const char *driver = SDL_GetCurrentVideoDriver(), *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")) && !(asked && *asked)) {
        cli_error("cannot open a window: no display found (DISPLAY/WAYLAND_DISPLAY unset?); "
                  "use 'ganscope train' to train without one");
        SDL_Quit();
        gs_gan_destroy(&gan), gs_images_free(&data);
        return EXIT_USAGE;
    }
    if (TTF_Init() != 0) fprintf(stderr, "ganscope: text disabled: %s\n", TTF_GetError());
    SDL_Window *win = SDL_CreateWindow("ganscope", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                       SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_PRESENTVSYNC) : NULL;
    if (win && !ren) ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!ren) {
        cli_error("cannot open a window: %s", SDL_GetError());
        if (win) SDL_DestroyWindow(win);
        TTF_Quit(), SDL_Quit();
        gs_gan_destroy(&gan), gs_images_free(&data);
        return EXIT_INTERNAL;
    }
    wake_event = SDL_RegisterEvents(1);

    GsSnapshotBuffer *sb;
    if ((st = gs_snapshot_create(&sb, 2, &err)) != GS_OK) return cli_fail(&err, st);
    static Trainer trainer;
    static Infer infer;
    static App app;
    char font[1200];
    int have_font = find_font(font, sizeof font);
    uint8_t real[INFER_MAX_TILES * 784];
    int n_real = data.n < INFER_MAX_TILES ? data.n : INFER_MAX_TILES;
    memcpy(real, data.pixels, (size_t)n_real * 784);
    infer_init(&infer, sb, wake_ui, NULL);
    g_infer_for_trainer = &infer;
    app_init(&app, win, ren, have_font ? font : NULL, &trainer, &infer, sb, o.paused, (uint64_t)o.m.seed + 12345);
    if (!app.text_ok) fprintf(stderr, "ganscope: no usable font found (assets/DejaVuSans.ttf); text is off\n");
    app_set_real(&app, real, n_real);
    snprintf(app.ckpt_path, sizeof app.ckpt_path, "%s", ckpt);
    model_flags_out_dir(&o.m, app.out_dir, sizeof app.out_dir); /* screenshots go here */
    if (!o.m.resume) gs_file_mkdirs(app.out_dir, &err); /* Ctrl+S saves OUT/checkpoint.gsck */
    if (startup_msg[0]) app_message(&app, 1, "%s", startup_msg);
    else app_message(&app, 0, "training preset %s on %s; press H for help", gan.cfg.preset, data.source);
    trainer.max_steps = 0;
    if ((st = trainer_start(&trainer, &gan, &data, loaded_path, loaded_ds, (int)o.m.threads, o.paused, sb, on_trainer_news, NULL, &err)) != GS_OK ||
        (st = infer_start(&infer, &err)) != GS_OK) {
        cli_error("%s", err.msg);
        return EXIT_INTERNAL;
    }
    trainer.max_steps = o.m.steps; /* read by the thread between steps only */
    app_start_views(&app);

    const double t0 = cli_now();
    double next_frame = 0, last_frame = 0;
    DragStats drag = {0, -1, 0};
    while (!app.quit) {
        double now = cli_now();
        int timeout;
        if (app.dirty) timeout = next_frame > now ? (int)((next_frame - now) * 1000) + 1 : 0;
        else timeout = 500; /* idle: tooltips and messages still time out */
        if (o.exit_after >= 0) {
            int left = (int)((t0 + o.exit_after - now) * 1000) + 1;
            if (left < timeout) timeout = left < 0 ? 0 : left;
        }
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, timeout)) {
            do {
                if (e.type == wake_event) atomic_store(&wake_pending, 0), app.dirty = 1;
                else if (app_event(&app, &e)) app.dirty = 1;
            } while (SDL_PollEvent(&e));
        }
        now = cli_now();
        if (app.ui.down && drag.since < 0) drag.since = now;
        if (!app.ui.down && drag.since >= 0) drag.seconds += now - drag.since, drag.since = -1;
        if (o.exit_after >= 0 && now - t0 >= o.exit_after) break;
        if (app.quit) break;
        if (now < next_frame) continue;
        if (!app.dirty && now - last_frame < 0.5) continue;
        double f0 = cli_now();
        app.dirty = 0;
        app_frame(&app, now);
        SDL_RenderPresent(ren);
        double f1 = cli_now();
        if (app.n_frames < APP_MAX_FRAMES) app.frame_ms[app.n_frames++] = (float)((f1 - f0) * 1000);
        drag.frames += app.ui.down;
        last_frame = now;
        next_frame = f0 + 1.0 / 60;
    }
    double seconds = cli_now() - t0;
    if (drag.since >= 0) drag.seconds += t0 + seconds - drag.since;
    SDL_HideWindow(win);
    infer_stop(&infer);
    int64_t steps_before_stop = trainer_steps_done(&trainer);
    trainer_stop(&trainer);
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(ren, &info) != 0) info.name = "?";
    if (o.stats_out) write_stats(o.stats_out, &app, seconds, steps_before_stop, info.name, &drag);
    app_free(&app);
    gs_snapshot_destroy(sb);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    TTF_Quit();
    SDL_Quit();
    return EXIT_OK;
}

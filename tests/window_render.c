/* window_render.c: the window's views drawn by SDL's software renderer into a surface
 * (offscreen video driver, no display needed), checked pixel by pixel: the grid changes
 * after training steps, dragging a latent slider changes the preview, the loss graph draws
 * its series, the interpolation strip follows Set A / Set B, F12 writes a PNG screenshot,
 * the restart dialog answers; a trainer restarts with another preset and keeps training
 * when the other data set is damaged.
 * No trainer thread: snapshots are published here and the view inference runs
 * synchronously. */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "check.h"
#include "gs_data.h"
#include "gs_file.h"

static App app;
static Infer infer;

static void publish(GsSnapshotBuffer *sb, GsGan *gan, const GsMetrics *m, int n_m) {
    GsSnapshot *s = gs_snapshot_begin(sb);
    GsError err;
    CHECK(gs_snapshot_copy_gan(s, gan, &err) == GS_OK);
    s->run = 1;
    s->n_recent = n_m;
    for (int i = 0; i < n_m; i++) s->recent[i] = m[i];
    s->has_metrics = n_m > 0;
    if (n_m) s->metrics = m[n_m - 1];
    gs_snapshot_publish(sb);
}

/* Renders frames until the inference has nothing left to do after the last one. */
static void settle(SDL_Renderer *r) {
    double t = 1.0;
    for (int i = 0; i < 50; i++) {
        app_frame(&app, t += 0.02); /* input handled here may ask for new inference */
        SDL_RenderPresent(r);
        if (!infer_work(&infer, 1)) break;
    }
}

/* Sum of absolute differences of region rect between two captures of the surface. */
static long diff(const Uint32 *a, const Uint32 *b, int pitch_px, SDL_Rect rc) {
    long d = 0;
    for (int y = rc.y; y < rc.y + rc.h; y++)
        for (int x = rc.x; x < rc.x + rc.w; x++) {
            Uint32 p = a[y * pitch_px + x], q = b[y * pitch_px + x];
            for (int k = 0; k < 24; k += 8) d += labs((long)((p >> k) & 255) - (long)((q >> k) & 255));
        }
    return d;
}

/* A left click at (x, y): press, one frame, release, one frame. */
static void click(SDL_Renderer *r, int x, int y) {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION, e.motion.x = x, e.motion.y = y;
    app_event(&app, &e);
    e.type = SDL_MOUSEBUTTONDOWN, e.button.button = SDL_BUTTON_LEFT, e.button.x = x, e.button.y = y;
    app_event(&app, &e);
    settle(r);
    e.type = SDL_MOUSEBUTTONUP;
    app_event(&app, &e);
    settle(r);
}

/* Largest difference between two 28x28 images. */
static float img_diff(const float *x, const float *y) {
    float m = 0;
    for (int i = 0; i < 784; i++) m = fmaxf(m, fabsf(x[i] - y[i]));
    return m;
}

static Uint32 *capture(SDL_Surface *s) {
    size_t n = (size_t)s->pitch / 4 * s->h;
    Uint32 *c = malloc(n * 4);
    memcpy(c, s->pixels, n * 4);
    return c;
}

/* Pixels in rc close to colour c. */
static int count_color(SDL_Surface *s, SDL_Rect rc, SDL_Color c) {
    int n = 0;
    const Uint32 *px = s->pixels;
    for (int y = rc.y; y < rc.y + rc.h; y++)
        for (int x = rc.x; x < rc.x + rc.w; x++) {
            Uint8 r, g, b;
            SDL_GetRGB(px[y * (s->pitch / 4) + x], s->format, &r, &g, &b);
            if (abs(r - c.r) < 40 && abs(g - c.g) < 40 && abs(b - c.b) < 40) n++;
        }
    return n;
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
    CHECK(trainer_start(&t, &gan, &data, NULL, GS_DATASET_MNIST, 1, 1, sb, NULL, NULL, &err) == GS_OK);
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

int main(void) {
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    CHECK(TTF_Init() == 0);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1280, 800, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    CHECK(surf && r);
    char font[1024];
    const char *src = getenv("GS_SOURCE_DIR");
    snprintf(font, sizeof font, "%s/assets/DejaVuSans.ttf", src ? src : ".");

    GsError err;
    GsConfig cfg;
    CHECK(gs_config_preset(&cfg, "fast", &err) == GS_OK);
    cfg.batch = 8, cfg.seed = 3;
    GsGan gan;
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK);
    GsImages data;
    CHECK(gs_data_load(NULL, GS_DATASET_MNIST, &data, &err) == GS_OK);
    GsSnapshotBuffer *sb;
    CHECK(gs_snapshot_create(&sb, 2, &err) == GS_OK);
    infer_init(&infer, sb, NULL, NULL);
    CHECK(app_init(&app, NULL, r, font, NULL, &infer, sb, 1, 7));
    CHECK_MSG(app.text_ok, "font %s did not load", font);
    publish(sb, &gan, NULL, 0);
    app_start_views(&app);
    settle(r);
    CHECK(app.grid_n_shown == 64);
    SDL_Rect grid = app.lay.grid, preview = app.lay.preview;
    Uint32 *before = capture(surf);
    int pitch = surf->pitch / 4;

    /* Train a few steps, publish: the same tiles now show other digits. */
    GsMetrics m[20];
    for (int i = 0; i < 20; i++) gs_gan_step(&gan, &data, &m[i]);
    publish(sb, &gan, m, 20);
    settle(r);
    Uint32 *after = capture(surf);
    long d_grid = diff(before, after, pitch, grid);
    printf("grid change after 20 steps: %ld\n", d_grid);
    CHECK_MSG(d_grid > 10000, "grid did not change (%ld)", d_grid);
    CHECK(app.grid_step == 20);
    /* The loss graph draws both series in their colours. */
    int d_px = count_color(surf, app.lay.plots[0], app.ui.th.d_color);
    int g_px = count_color(surf, app.lay.plots[0], app.ui.th.g_color);
    printf("loss plot pixels: D %d, G %d\n", d_px, g_px);
    CHECK(d_px > 40 && g_px > 40);

    /* Drag the 6th noise slider from bottom to top: the preview must change. */
    SDL_Rect sl = app.lay.zslider[5];
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN, e.button.button = SDL_BUTTON_LEFT;
    e.button.x = sl.x + sl.w / 2, e.button.y = sl.y + sl.h - 1;
    app_event(&app, &e);
    settle(r);
    float z_low = app.z[5];
    e.type = SDL_MOUSEMOTION, e.motion.x = sl.x + sl.w / 2, e.motion.y = sl.y;
    app_event(&app, &e);
    settle(r);
    e.type = SDL_MOUSEBUTTONUP, e.button.x = sl.x + sl.w / 2, e.button.y = sl.y;
    app_event(&app, &e);
    settle(r);
    printf("slider 6: %.3f -> %.3f\n", z_low, app.z[5]);
    CHECK(z_low < -0.95f && app.z[5] > 0.95f);
    Uint32 *dragged = capture(surf);
    long d_prev = diff(after, dragged, pitch, preview);
    printf("preview change after the drag: %ld\n", d_prev);
    CHECK_MSG(d_prev > 1000, "preview did not change (%ld)", d_prev);
    CHECK(diff(after, dragged, pitch, grid) == 0); /* the grid stayed as it was */

    /* Interpolation strip: shown under the grid; Set B / Set A take the explorer's vector
     * and change its frames; clicking a frame loads its vector into the explorer. */
    SDL_Rect strip = app.lay.interp;
    CHECK_MSG(strip.h > 0 && strip.y >= grid.y + grid.h, "no room for the strip (%d x %d)", strip.w, strip.h);
    CHECK(app.interp_shown == app.interp_n && app.interp_n >= 8 && app.interp_n <= 10);
    click(r, app.lay.set_b.x + app.lay.set_b.w / 2, app.lay.set_b.y + app.lay.set_b.h / 2);
    Uint32 *set_b = capture(surf);
    long d_b = diff(dragged, set_b, pitch, strip);
    printf("strip change after Set B: %ld\n", d_b);
    CHECK_MSG(d_b > 1000, "Set B did not change the strip (%ld)", d_b);
    CHECK(!memcmp(app.interp_b, app.z, sizeof(float) * app.zdim));
    /* A to B now ends at the explorer's vector: the last frame is the preview's image */
    CHECK(img_diff(app.interp_img + (size_t)(app.interp_n - 1) * 784, app.preview) < 1e-3f);
    for (int i = 0; i < app.zdim; i++) app.z[i] = -app.z[i];
    app_set_z(&app, 0, app.z[0], 2.0);
    settle(r);
    Uint32 *before_a = capture(surf);
    click(r, app.lay.set_a.x + app.lay.set_a.w / 2, app.lay.set_a.y + app.lay.set_a.h / 2);
    Uint32 *set_a = capture(surf);
    long d_a = diff(before_a, set_a, pitch, strip);
    printf("strip change after Set A: %ld\n", d_a);
    CHECK_MSG(d_a > 1000, "Set A did not change the strip (%ld)", d_a);
    CHECK(!memcmp(app.interp_a, app.z, sizeof(float) * app.zdim));
    SDL_Rect fr = app.lay.interp_frame[3];
    click(r, fr.x + fr.w / 2, fr.y + fr.h / 2);
    float want = app.interp_a[7] + 3.0f / (app.interp_n - 1) * (app.interp_b[7] - app.interp_a[7]);
    printf("frame 4 click: z[7] %.4f, expected %.4f\n", app.z[7], want);
    CHECK(fabsf(app.z[7] - want) < 1e-5f);
    CHECK(img_diff(app.preview, app.interp_img + (size_t)3 * 784) < 1e-3f);
    free(set_b), free(before_a), free(set_a);

    /* Retained frames: with nothing new no region is drawn again, and what the cache puts
     * on the screen is what drawing every region straight to the screen gives, pixel for
     * pixel, after all the changes above. */
    settle(r);
    app_frame(&app, 10.0);
    SDL_RenderPresent(r);
    printf("regions replayed by an unchanged frame: %d\n", app.draw.last_replayed);
    CHECK(app.draw.use_cache && app.draw.last_replayed == 0);
    Uint32 *cached = capture(surf);
    app.draw.use_cache = 0;
    SDL_FillRect(surf, NULL, 0xffff00ffu); /* nothing left over from earlier frames */
    app_frame(&app, 10.0);
    SDL_RenderPresent(r);
    long d_cache = diff(cached, surf->pixels, pitch, (SDL_Rect){0, 0, 1280, 800});
    printf("cached frame vs frame drawn whole: %ld\n", d_cache);
    CHECK(d_cache == 0 && app.draw.last_replayed > 5);
    app.draw.use_cache = 1;
    app_frame(&app, 10.0); /* fills the cache again */
    SDL_RenderPresent(r);
    app_set_z(&app, 9, app.z[9] > 0 ? -0.5f : 0.5f, 10.0); /* one slider: explorer regions only */
    infer_work(&infer, 1);
    app_frame(&app, 10.1);
    SDL_RenderPresent(r);
    printf("regions replayed after one slider moved: %d\n", app.draw.last_replayed);
    CHECK(app.draw.last_replayed >= 1 && app.draw.last_replayed <= 3);
    free(cached);

    /* Screenshot (F12): the next frame goes to out_dir/screenshot-NNN.png as a 1280x800 PNG,
     * the status line says where; a directory that cannot be made is an error message. */
    char dir[512], bad[sizeof app.out_dir];
    const char *tmpdir = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ganscope-render-%d", tmpdir && tmpdir[0] ? tmpdir : "/tmp", (int)getpid());
    snprintf(app.out_dir, sizeof app.out_dir, "%s/shots", dir);
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN, e.key.keysym.sym = SDLK_F12;
    app_event(&app, &e);
    settle(r);
    printf("screenshot: %s\n", app.msg);
    CHECK_MSG(!app.msg_error && !strncmp(app.msg, "saved ", 6), "%s", app.msg);
    char shot[700];
    snprintf(shot, sizeof shot, "%s/shots/screenshot-001.png", dir);
    CHECK(!strcmp(app.shot_path, shot));
    FILE *f = fopen(shot, "rb");
    unsigned char head[24] = {0};
    CHECK(f && fread(head, 1, 24, f) == 24);
    if (f) fclose(f);
    CHECK(!memcmp(head + 1, "PNG", 3));
    CHECK(head[16] == 0 && head[17] == 0 && head[18] == 1280 >> 8 && head[19] == (1280 & 255));
    CHECK(head[20] == 0 && head[21] == 0 && head[22] == 800 >> 8 && head[23] == (800 & 255));
    app_request_screenshot(&app); /* numbers go up */
    settle(r);
    CHECK(strstr(app.shot_path, "screenshot-002.png") != NULL);
    snprintf(bad, sizeof bad, "%s/shots/screenshot-001.png/sub", dir); /* under a file */
    snprintf(app.out_dir, sizeof app.out_dir, "%s", bad);
    app_request_screenshot(&app);
    settle(r);
    printf("screenshot into %s: %s\n", bad, app.msg);
    CHECK(app.msg_error && !strncmp(app.msg, "screenshot not saved", 20));
    remove(shot);
    snprintf(shot, sizeof shot, "%s/shots/screenshot-002.png", dir);
    remove(shot);
    snprintf(shot, sizeof shot, "%s/shots", dir);
    remove(shot);

    /* The restart dialog: Cancel closes it, Enter confirms it (no trainer here). */
    app_ask_restart(&app, "keras", GS_DATASET_MNIST);
    settle(r);
    CHECK(app.confirm && app.confirm_no.w > 0);
    click(r, app.confirm_no.x + 4, app.confirm_no.y + 4);
    CHECK(!app.confirm && !strstr(app.msg, "restarting"));
    app_ask_restart(&app, "keras", GS_DATASET_FASHION);
    settle(r);
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN, e.key.keysym.sym = SDLK_RETURN;
    app_event(&app, &e);
    CHECK(!app.confirm);
    CHECK_MSG(!strcmp(app.msg, "restarting with preset keras on fashion..."), "%s", app.msg);

    free(before), free(after), free(dragged);
    app_free(&app);
    infer_stop(&infer);
    gs_snapshot_destroy(sb);
    CHECK(test_restart(dir) == 0);
    gs_images_free(&data);
    gs_gan_destroy(&gan);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    TTF_Quit();
    SDL_Quit();
    CHECK_DONE();
}

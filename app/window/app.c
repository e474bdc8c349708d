/* app.c: the window's frame: pulls the newest snapshot and inference results, lays the
 * views out for the window size, routes keys and mouse, and keeps the measurements. */
#include "app.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "gs_file.h"
#include "gs_png.h"
#include "gs_rng.h"

static float rand_pm1(App *a) { /* xorshift for Random and the grid noise; any values do */
    uint64_t x = a->rng_state;
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    a->rng_state = x;
    return (float)((x >> 40) / (double)(1 << 24)) * 2.0f - 1.0f;
}

void app_message(App *a, int error, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_error = error;
    a->msg_time = SDL_GetTicks() / 1000.0;
    a->dirty = 1;
}

static void send_grid(App *a) {
    if (a->infer) infer_set_grid(a->infer, a->grid_noise, a->grid_side * a->grid_side, a->zdim);
}

static void send_z(App *a, double now) {
    if (!a->infer) return;
    infer_set_z(a->infer, a->z, a->zdim);
    a->z_sent++;
    a->z_sent_at[a->z_sent % 64] = now;
}

/* The strip's vectors: A to B in equal steps, both ends included. */
static void send_interp(App *a) {
    int n = a->interp_n, dim = a->zdim;
    float z[INFER_MAX_INTERP * INFER_MAX_Z];
    for (int f = 0; f < n; f++) {
        float t = n > 1 ? (float)f / (float)(n - 1) : 0;
        for (int i = 0; i < dim; i++) {
            float v = f == n - 1 ? a->interp_b[i] : a->interp_a[i] + t * (a->interp_b[i] - a->interp_a[i]);
            a->interp_z[(size_t)f * INFER_MAX_Z + i] = v;
            z[(size_t)f * dim + i] = v;
        }
    }
    a->interp_seq_sent++;
    if (a->infer) infer_set_interp(a->infer, z, n, dim);
}

void app_set_interp_end(App *a, int end) {
    memcpy(end ? a->interp_b : a->interp_a, a->z, sizeof a->z);
    send_interp(a);
    a->dirty = 1;
}

void app_set_z(App *a, int i, float v, double now) {
    a->z[i] = v;
    send_z(a, now);
}

int app_init(App *a, SDL_Window *win, SDL_Renderer *r, const char *font_path, Trainer *t,
             Infer *in, GsSnapshotBuffer *sb, int paused, uint64_t seed) {
    memset(a, 0, sizeof *a);
    a->win = win, a->r = r, a->trainer = t, a->infer = in, a->snapshots = sb;
    a->paused = paused;
    a->user_scale = 1.0f;
    a->grid_side = 8;
    a->zdim = 100;
    a->smooth = 1;
    a->rng_state = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    for (int i = 0; i < INFER_MAX_TILES * INFER_MAX_Z; i++) a->grid_noise[i] = rand_pm1(a);
    for (int i = 0; i < INFER_MAX_Z; i++) a->z[i] = a->grid_noise[i];
    /* the strip starts from the first tile to the last one of the 8x8 grid */
    a->interp_n = INFER_MAX_INTERP;
    memcpy(a->interp_a, a->grid_noise, sizeof a->interp_a);
    memcpy(a->interp_b, a->grid_noise + (size_t)63 * INFER_MAX_Z, sizeof a->interp_b);
    a->lr_d_log = log10f(8e-4f), a->lr_g_log = log10f(4e-4f);
    a->frame_ms = malloc(sizeof(float) * APP_MAX_FRAMES);
    a->lat_ms = malloc(sizeof(float) * APP_MAX_LAT);
    snprintf(a->ckpt_path, sizeof a->ckpt_path, "ganscope-window.gsck");
    snprintf(a->out_dir, sizeof a->out_dir, "ganscope-run");
    a->shot_next = 1;
    history_clear(&a->hist, 0);
    ui_theme_default(&a->ui.th, 0);
    a->ui.d = &a->draw;
    a->ui.scale = 1;
    a->text_ok = draw_init(&a->draw, r, font_path, 15);
    a->dirty = 1;
    return a->frame_ms && a->lat_ms;
}

void app_free(App *a) {
    draw_free(&a->draw);
    if (a->grid_tex) SDL_DestroyTexture(a->grid_tex);
    free(a->frame_ms), free(a->lat_ms);
    a->frame_ms = a->lat_ms = NULL;
}

void app_set_real(App *a, const uint8_t *pixels, int n) {
    a->n_real = n < INFER_MAX_TILES ? n : INFER_MAX_TILES;
    for (int i = 0; i < a->n_real * 784; i++) a->real[i] = pixels[i] / 255.0f;
}

/* Scale from the window size (HiDPI included: output pixels) times the user's +/-. */
static float ui_scale(App *a) {
    int w, h;
    SDL_GetRendererOutputSize(a->r, &w, &h);
    float s = fminf(w / 1280.0f, h / 800.0f);
    s = fmaxf(0.6f, s) * a->user_scale;
    if (a->high_contrast) s *= 1.25f;
    return s;
}

static void layout(App *a) {
    Layout *L = &a->lay;
    int w, h;
    SDL_GetRendererOutputSize(a->r, &w, &h);
    float s = ui_scale(a);
    if (fabsf(s - a->ui.scale) > 0.01f) {
        a->ui.scale = s;
        a->text_ok = draw_set_size(&a->draw, (int)(15 * s + 0.5f));
    }
    int m = (int)(10 * s), top_h = (int)(40 * s) * (a->top_rows > 1 ? 2 : 1), status_h = draw_line_height(&a->draw, FONT_NORMAL) + m;
    L->top = (SDL_Rect){0, 0, w, top_h};
    L->status = (SDL_Rect){0, h - status_h, w, status_h};
    int body_y = top_h + m, body_h = h - top_h - status_h - 2 * m;
    int title = draw_line_height(&a->draw, FONT_NORMAL);
    /* grid: a square on the left, up to 42% of the width, leaving room for the strip */
    int strip_min = 2 * title + (int)(56 * s) + m;
    int side = body_h - strip_min < (int)(w * 0.42f) ? body_h - strip_min : (int)(w * 0.42f);
    if (side < (int)(240 * s)) side = body_h < (int)(w * 0.42f) ? body_h : (int)(w * 0.42f); /* no strip */
    int n = a->grid_side;
    L->tile_gap = (int)(6 * s) > 2 ? (int)(6 * s) : 2;
    L->tile = (side - title - (n + 1) * L->tile_gap) / n;
    if (L->tile < 8) L->tile = 8;
    int gside = n * L->tile + (n + 1) * L->tile_gap;
    L->grid = (SDL_Rect){m, body_y, gside, gside + title};
    /* interpolation strip under the grid: title row with Set A / Set B, then the frames */
    int sy0 = L->grid.y + L->grid.h + m, sh0 = body_y + body_h - sy0;
    L->interp = (SDL_Rect){m, sy0, gside, sh0 >= strip_min - m ? sh0 : 0};
    if (L->interp.h > 0) {
        int nf = a->interp_n, gap = L->tile_gap, bh = title + (int)(6 * s);
        int bw = draw_text_width(&a->draw, FONT_NORMAL, "Set B") + (int)(16 * s);
        L->set_b = (SDL_Rect){L->interp.x + L->interp.w - gap - bw, sy0 + gap / 2, bw, bh};
        L->set_a = (SDL_Rect){L->set_b.x - gap - bw, sy0 + gap / 2, bw, bh};
        int fy = sy0 + gap + bh + gap, small = draw_line_height(&a->draw, FONT_SMALL);
        int fs = (gside - (nf + 1) * gap) / nf, fmax = sy0 + sh0 - fy - 2 * small - gap;
        if (fs > fmax) fs = fmax;
        fy += (sy0 + sh0 - fy - fs - 2 * small) / 2; /* frames and labels centred below the title */
        int fx = L->interp.x + (gside - nf * fs - (nf - 1) * gap) / 2;
        for (int f = 0; f < nf; f++) L->interp_frame[f] = (SDL_Rect){fx + f * (fs + gap), fy, fs, fs};
    }
    /* latent explorer on the right, plots in between */
    int lat_w = (int)(w * 0.27f);
    L->latent = (SDL_Rect){w - lat_w - m, body_y, lat_w, body_h};
    int px = L->grid.x + L->grid.w + m, pw = L->latent.x - m - px;
    int ph = (body_h - 2 * m) / 3;
    for (int i = 0; i < 3; i++) L->plots[i] = (SDL_Rect){px, body_y + i * (ph + m), pw, ph};
    int pv = lat_w - 2 * m;
    int pv_max = body_h / 2;
    if (pv > pv_max) pv = pv_max;
    pv = pv / 28 * 28;
    L->preview = (SDL_Rect){L->latent.x + (lat_w - pv) / 2, L->latent.y + title + m / 2, pv, pv};
    /* 100 sliders: 4 rows of 25 under the preview and its buttons */
    int rows = 4, cols = (a->zdim + rows - 1) / rows;
    int sy = L->preview.y + pv + (int)(46 * s);
    int sh = (L->latent.y + L->latent.h - sy - (rows - 1) * m) / rows;
    if (sh > (int)(80 * s)) sh = (int)(80 * s);
    float sw = (float)(lat_w - 2 * m) / cols;
    for (int i = 0; i < a->zdim; i++) {
        int r = i / cols, c = i % cols;
        int x0 = L->latent.x + m + (int)(c * sw), x1 = L->latent.x + m + (int)((c + 1) * sw);
        L->zslider[i] = (SDL_Rect){x0, sy + r * (sh + m), x1 - x0 - 1 > 2 ? x1 - x0 - 1 : 2, sh};
    }
}

/* Copies what this frame shows from the newest snapshot. */
static void pull_snapshot(App *a, double now) {
    const GsSnapshot *s = gs_snapshot_acquire(a->snapshots);
    if (!s) return;
    if (s->seq != a->snap_seq) {
        a->dirty = 1;
        a->snap_seq = s->seq;
        if (s->run != a->hist.run) {
            history_clear(&a->hist, s->run);
            a->rate_t0 = now, a->rate_s0 = s->step;
        }
        /* the trainer puts the key of the newest record in `user` (keys count half steps
         * too); without one (tests) the step is the key */
        for (int i = 0; i < s->n_recent; i++)
            history_add(&a->hist, &s->recent[i],
                        s->user ? (int64_t)s->user - (s->n_recent - 1 - i) : s->recent[i].step);
        a->cfg = s->cfg;
        a->have_snap = 1;
        a->has_metrics = s->has_metrics;
        a->metrics = s->metrics;
        a->step = s->step, a->images_seen = s->images_seen, a->train_seconds = s->seconds;
        if (s->cfg.noise_dim != a->zdim && s->cfg.noise_dim <= INFER_MAX_Z) {
            a->zdim = s->cfg.noise_dim;
            send_grid(a);
            send_interp(a);
        }
        if (a->run != s->run) { /* new run: sliders follow its learning rates */
            a->run = s->run;
            if (s->has_metrics || s->step == 0) {
                a->lr_d_log = log10f(s->metrics.lr_d > 0 ? s->metrics.lr_d : s->cfg.lr_d);
                a->lr_g_log = log10f(s->metrics.lr_g > 0 ? s->metrics.lr_g : s->cfg.lr_g);
            }
        }
    }
    /* steps/s over about a second, or over as long as one step takes (keras: seconds) */
    if ((now - a->rate_t0 >= 1.0 && s->step > a->rate_s0) || now - a->rate_t0 >= 20.0) {
        a->rate = (s->step - a->rate_s0) / (now - a->rate_t0);
        a->rate_t0 = now, a->rate_s0 = s->step;
    }
    gs_snapshot_release(a->snapshots, s);
}

static void pull_infer(App *a, double now) {
    Infer *in = a->infer;
    if (!in) return;
    pthread_mutex_lock(&in->lock);
    if (in->preview_z_seq != a->z_shown) {
        /* Slider latency: from the change the app made to this preview being drawn (with
         * a drag going on, newer changes wait behind it: they are counted when answered). */
        uint64_t k = in->preview_z_seq;
        double at = a->z_sent - k < 64 ? a->z_sent_at[k % 64] : 0;
        if (at > 0 && a->n_lat < APP_MAX_LAT) a->lat_ms[a->n_lat++] = (float)((now - at) * 1000);
        memcpy(a->preview, in->preview, sizeof a->preview);
        a->preview_verdict = in->preview_verdict;
        a->z_shown = in->preview_z_seq;
        a->dirty = 1;
    } else if (in->preview_z_seq) {
        memcpy(a->preview, in->preview, sizeof a->preview); /* newer weights, same z */
        a->preview_verdict = in->preview_verdict;
    }
    if (in->grid_snap_seq != a->grid_seq_shown && in->grid_done_n > 0) {
        int n = in->grid_done_n;
        a->grid_n_shown = n;
        a->grid_seq_shown = in->grid_snap_seq;
        a->grid_step = in->grid_step;
        memcpy(a->verdict, in->verdict, sizeof(float) * n);
        /* tiles into one image: side x side tiles of 28 + 2 px border */
        int side = 1;
        while (side * side < n) side++;
        int W = side * 30;
        for (int t = 0; t < n; t++) {
            int ox = (t % side) * 30, oy = (t / side) * 30;
            for (int y = 0; y < 30; y++)
                for (int x = 0; x < 30; x++) {
                    Uint32 px = 0xff000000u;
                    if (x >= 1 && x < 29 && y >= 1 && y < 29) {
                        float v = in->grid[(size_t)t * 784 + (y - 1) * 28 + (x - 1)];
                        int g = v != v ? 0 : v <= 0 ? 0 : v >= 1 ? 255 : (int)(v * 255 + 0.5f);
                        px |= (Uint32)(g << 16 | g << 8 | g);
                    }
                    a->grid_px[(oy + y) * W + ox + x] = px;
                }
        }
        a->dirty = 1;
    }
    if (in->interp_done_n > 0 &&
        (in->interp_snap_seq != a->interp_snap_shown || in->interp_done_seq != a->interp_seq_shown)) {
        int n = in->interp_done_n;
        memcpy(a->interp_img, in->interp, sizeof(float) * (size_t)n * 784);
        memcpy(a->interp_verdict, in->interp_verdict, sizeof(float) * (size_t)n);
        a->interp_shown = n;
        a->interp_snap_shown = in->interp_snap_seq, a->interp_seq_shown = in->interp_done_seq;
        a->dirty = 1;
    }
    if (in->error[0]) {
        app_message(a, 1, "view inference: %s", in->error);
        in->error[0] = 0;
    }
    pthread_mutex_unlock(&in->lock);
}

void app_ask_restart(App *a, const char *preset, GsDataset ds) {
    snprintf(a->confirm_preset, sizeof a->confirm_preset, "%s", preset);
    a->confirm_dataset = ds;
    a->confirm = 1;
    a->dirty = 1;
}

void app_answer_restart(App *a, int yes) {
    if (!a->confirm) return;
    a->confirm = 0;
    a->dirty = 1;
    if (!yes) return;
    if (a->trainer) trainer_restart(a->trainer, a->confirm_preset, a->confirm_dataset);
    app_message(a, 0, "restarting with preset %s on %s...", a->confirm_preset,
                gs_dataset_name(a->confirm_dataset));
}

void app_request_screenshot(App *a) {
    a->shot_pending = 1;
    a->dirty = 1;
}

/* Reads the frame just drawn and writes it as the first free out_dir/screenshot-NNN.png.
 * Failures go to the status line. */
static void save_screenshot(App *a) {
    a->shot_pending = 0;
    GsError err;
    if (gs_file_mkdirs(a->out_dir, &err) != GS_OK) {
        app_message(a, 1, "screenshot not saved: %s", err.msg);
        return;
    }
    char path[sizeof a->shot_path];
    struct stat sb;
    int n = a->shot_next;
    for (;; n++) {
        if (snprintf(path, sizeof path, "%s/screenshot-%03d.png", a->out_dir, n) >= (int)sizeof path) {
            app_message(a, 1, "screenshot not saved: the directory name is too long");
            return;
        }
        if (stat(path, &sb) != 0 || n >= 99999) break;
    }
    int w, h;
    if (SDL_GetRendererOutputSize(a->r, &w, &h) != 0 || w <= 0 || h <= 0) {
        app_message(a, 1, "screenshot not saved: %s", SDL_GetError());
        return;
    }
    uint8_t *px = malloc((size_t)w * h * 3);
    if (!px) {
        app_message(a, 1, "screenshot not saved: out of memory (%dx%d)", w, h);
        return;
    }
    if (SDL_RenderReadPixels(a->r, NULL, SDL_PIXELFORMAT_RGB24, px, w * 3) != 0)
        app_message(a, 1, "screenshot not saved: cannot read the window's pixels: %s", SDL_GetError());
    else if (gs_png_write(path, px, w, h, 3, &err) != GS_OK)
        app_message(a, 1, "screenshot not saved: %s", err.msg);
    else {
        a->shot_next = n + 1;
        snprintf(a->shot_path, sizeof a->shot_path, "%s", path);
        app_message(a, 0, "saved %s (%dx%d)", path, w, h);
    }
    free(px);
}

static void toggle_pause(App *a) {
    a->paused = !a->paused;
    if (a->trainer) trainer_set_running(a->trainer, !a->paused);
    a->dirty = 1;
}

/* Keyboard shortcuts (help overlay lists them). */
static int key(App *a, const SDL_KeyboardEvent *k) {
    int ctrl = (k->keysym.mod & KMOD_CTRL) != 0;
    if (a->confirm) { /* the dialog takes Enter and Esc; other keys act as usual */
        if (k->keysym.sym == SDLK_RETURN || k->keysym.sym == SDLK_KP_ENTER) return app_answer_restart(a, 1), 1;
        if (k->keysym.sym == SDLK_ESCAPE) return app_answer_restart(a, 0), 1;
    }
    switch (k->keysym.sym) {
    case SDLK_ESCAPE:
        if (a->help) a->help = 0;
        else a->quit = 1;
        return 1;
    case SDLK_SPACE: toggle_pause(a); return 1;
    case SDLK_s:
        if (ctrl) {
            if (a->trainer) trainer_save(a->trainer, a->ckpt_path);
            app_message(a, 0, "saving %s...", a->ckpt_path);
        } else if (a->trainer) trainer_step(a->trainer, TRAINER_REQ_STEP);
        return 1;
    case SDLK_o:
        if (ctrl && a->trainer) trainer_load(a->trainer, a->ckpt_path), app_message(a, 0, "loading %s...", a->ckpt_path);
        return 1;
    case SDLK_d: if (a->trainer) trainer_step(a->trainer, TRAINER_REQ_STEP_D); return 1;
    case SDLK_g: if (a->trainer) trainer_step(a->trainer, TRAINER_REQ_STEP_G); return 1;
    case SDLK_h: case SDLK_SLASH: case SDLK_F1: a->help = !a->help; return 1;
    case SDLK_r: a->show_real = !a->show_real; return 1;
    case SDLK_p: a->high_contrast = !a->high_contrast, ui_theme_default(&a->ui.th, a->high_contrast); return 1;
    case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS:
        a->user_scale = fminf(2.0f, a->user_scale * 1.1f); return 1;
    case SDLK_MINUS: case SDLK_KP_MINUS: a->user_scale = fmaxf(0.5f, a->user_scale / 1.1f); return 1;
    case SDLK_F12: app_request_screenshot(a); return 1;
    case SDLK_F11:
        if (a->win) {
            int fs = (SDL_GetWindowFlags(a->win) & SDL_WINDOW_FULLSCREEN_DESKTOP) != 0;
            SDL_SetWindowFullscreen(a->win, fs ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
        }
        return 1;
    default: return 0;
    }
}

int app_event(App *a, const SDL_Event *e) {
    switch (e->type) {
    case SDL_QUIT: a->quit = 1; return 1;
    case SDL_KEYDOWN: return key(a, &e->key);
    case SDL_WINDOWEVENT: return 1;
    case SDL_RENDER_TARGETS_RESET: case SDL_RENDER_DEVICE_RESET: /* the cache's pixels are gone */
        draw_invalidate(&a->draw);
        return 1;
    default: return ui_event(&a->ui, e);
    }
}

void app_frame(App *a, double now) {
    pull_snapshot(a, now);
    pull_infer(a, now);
    if (a->trainer) {
        char buf[512];
        int err = 0;
        if (trainer_message(a->trainer, &a->msg_seen, buf, sizeof buf, &err)) app_message(a, err, "%s", buf);
        uint8_t real[TRAINER_REAL_MAX * 784];
        int n_real = 0;
        if (trainer_data(a->trainer, &a->data_seen, &a->dataset, &a->data_n, real, &n_real))
            app_set_real(a, real, n_real);
        TrainerState st = trainer_state(a->trainer);
        if (st == TRAINER_PAUSED && !a->paused) a->paused = 1; /* the trainer paused itself */
    }
    layout(a);
    UiTheme *th = &a->ui.th;
    Layout *L = &a->lay;
    Draw *d = &a->draw;
    ui_begin(&a->ui, now);
    int mx = a->ui.mx, my = a->ui.my;
    if (a->confirm || a->help) a->ui.mx = a->ui.my = -100000; /* modal: the views see no mouse */
    /* each view its own region: only those whose drawing changed are drawn again */
    draw_frame_begin(d, th->bg);
    draw_region(d, L->top, th->panel);
    view_controls(a);
    draw_region(d, L->grid, th->panel);
    view_grid(a);
    view_plots(a);
    draw_region(d, L->latent, th->panel);
    view_latent(a);
    if (L->interp.h > 0) draw_region(d, L->interp, th->panel);
    view_interp(a);
    draw_region(d, L->status, th->panel);
    view_status(a);
    draw_frame_end(d);
    a->ui.mx = mx, a->ui.my = my;
    if (a->confirm) view_confirm(a);
    if (a->help) view_help(a);
    if (a->shot_pending) save_screenshot(a); /* before the tooltip: the picture shows the views */
    ui_end(&a->ui);
}

void app_start_views(App *a) {
    send_grid(a);
    send_interp(a);
    send_z(a, 0); /* at time 0: the first preview is not a user's drag */
}

/* cmd_plot.c: `ganscope plot RUN_DIR`: a run's metrics.csv drawn to a PNG by the window's
 * own graph views (view_plots, view_quality) on SDL's software renderer over a surface,
 * so no display is needed. */
#define _POSIX_C_SOURCE 200809L
#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gs_png.h"
#include "view_inst.h"
#include "view_quality.h"
#include "views.h"
#include "window.h"

#define PLOT_W 900
#define PLOT_H 1100

static const char *plot_help =
    "usage: ganscope plot RUN_DIR [--out FILE] [--dataset mnist|fashion] [--x steps|seconds]\n"
    "Draws RUN_DIR/metrics.csv (losses, accuracies, D's outputs and, when the run was\n"
    "scored, recognisability, coverage and fd) against steps, with the window's graphs, to\n"
    "a PNG. Needs no display.\n\n"
    "  --out FILE             the PNG (default RUN_DIR/curves.png)\n"
    "  --x steps|seconds      the x axis: steps (default) or seconds of training\n"
    "  --dataset mnist|fashion  the run's data set (the scores' caption; default mnist)\n"
    "  --help                 this text\n";

enum { C_STEP, C_D_LOSS, C_D_ACC, C_G_LOSS, C_G_ACC, C_D_REAL, C_D_FAKE, C_REC, C_COV, C_FD, C_SECONDS, C_COLS };
static const char *const col_names[C_COLS] = {"step", "d_loss", "d_acc", "g_loss", "g_acc", "d_real",
                                              "d_fake", "recognisability", "coverage", "fd", "seconds"};

/* The run's curves: every row into h, each score row into the quality view. Returns an
 * exit status (bad input: 2, with one line naming the file and line). */
static int read_csv(const char *path, int by_seconds, History *h, ViewInst *q, int *n_scores) {
    FILE *f = fopen(path, "r");
    if (!f) return cli_error("plot: cannot open %s: %s", path, strerror(errno)), EXIT_USAGE;
    char line[4096];
    int at[C_COLS], lineno = 1, rc = EXIT_OK;
    for (int c = 0; c < C_COLS; c++) at[c] = -1;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return cli_error("plot: %s: empty (no header line)", path), EXIT_USAGE;
    }
    line[strcspn(line, "\r\n")] = 0;
    int ncol = 0;
    for (char *save, *tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save), ncol++)
        for (int c = 0; c < C_COLS; c++)
            if (!strcmp(tok, col_names[c])) at[c] = ncol;
    for (int c = 0; c <= C_D_FAKE; c++)
        if (at[c] < 0) {
            fclose(f);
            return cli_error("plot: %s: not a metrics.csv (no '%s' column in its header)", path, col_names[c]), EXIT_USAGE;
        }
    if (by_seconds && at[C_SECONDS] < 0) {
        fclose(f);
        return cli_error("plot: %s: no 'seconds' column to plot against", path), EXIT_USAGE;
    }
    history_clear(h, 0);
    int64_t key = 0;
    while (rc == EXIT_OK && fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            rc = EXIT_USAGE, cli_error("plot: %s: line %d is too long", path, lineno);
            break;
        }
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0]) continue;
        double v[C_COLS];
        for (int c = 0; c < C_COLS; c++) v[c] = NAN;
        int k = 0;
        char *p = line;
        for (;; k++) { /* fields may be empty (score columns on unscored rows) */
            char *end = p + strcspn(p, ",");
            char *num_end = p;
            double x = end > p ? strtod(p, &num_end) : NAN;
            if (end > p && num_end != end) {
                rc = EXIT_USAGE, cli_error("plot: %s: line %d, field %d is not a number", path, lineno, k + 1);
                break;
            }
            for (int c = 0; c < C_COLS; c++)
                if (at[c] == k) v[c] = x;
            if (!*end) break;
            p = end + 1;
        }
        if (rc != EXIT_OK) break;
        if (k + 1 != ncol) {
            rc = EXIT_USAGE, cli_error("plot: %s: line %d has %d fields, the header %d", path, lineno, k + 1, ncol);
            break;
        }
        if (!isfinite(v[C_STEP])) {
            rc = EXIT_USAGE, cli_error("plot: %s: line %d has no step", path, lineno);
            break;
        }
        if (by_seconds && !(v[C_SECONDS] >= 0 && v[C_SECONDS] < 1e9)) {
            rc = EXIT_USAGE, cli_error("plot: %s: line %d has no seconds", path, lineno);
            break;
        }
        /* against time, the graphs' x is milliseconds of training (Frame.x_in_ms) */
        int64_t x = by_seconds ? llround(v[C_SECONDS] * 1000.0) : (int64_t)v[C_STEP];
        GsMetrics m = {x, (float)v[C_D_LOSS], (float)v[C_D_ACC], (float)v[C_G_LOSS],
                       (float)v[C_G_ACC], (float)v[C_D_REAL], (float)v[C_D_FAKE], 0, 0};
        history_add(h, &m, ++key);
        if (isfinite(v[C_REC]) && isfinite(v[C_COV])) {
            JudgeScore s = {.step = m.step};
            s.s.recognisability = v[C_REC], s.s.coverage = v[C_COV], s.s.fd = v[C_FD];
            view_quality_add(q->self, &s); /* no histogram in the file: the graph alone */
            ++*n_scores;
        }
    }
    fclose(f);
    if (rc == EXIT_OK && h->n == 0) rc = EXIT_USAGE, cli_error("plot: %s: no rows to plot", path);
    return rc;
}

/* Both views drawn once into a surface, written as a PNG. */
static int render(const char *font, History *h, ViewInst *plots, ViewInst *q, int scored, GsDataset ds,
                  int by_seconds, const char *out) {
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, PLOT_W, PLOT_H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    static Draw draw;
    static Ui ui;
    int rc = EXIT_INTERNAL;
    if (!r) {
        cli_error("plot: cannot make an offscreen renderer: %s", SDL_GetError());
    } else if (!draw_init(&draw, r, font, 15)) {
        cli_error("plot: the font %s did not load", font);
    } else {
        ui_theme_default(&ui.th, 0);
        ui.d = &draw, ui.scale = 1, ui.mx = ui.my = -1;
        Frame f = {.zdim = 100, .grid_side = 8, .control_rows = 1, .hist = h, .dataset = ds,
                   .x_in_ms = by_seconds};
        Actions acts = {0};
        ViewCtx c = {&f, &ui, &draw, NULL, &acts, NULL};
        int m = 10, qh = scored ? 320 : 0;
        SDL_Rect pa = {m, m, PLOT_W - 2 * m, PLOT_H - 2 * m - (qh ? qh + m : 0)}, qa = {m, PLOT_H - m - qh, PLOT_W - 2 * m, qh};
        draw_frame_begin(&draw, ui.th.bg);
        draw_region(&draw, pa, ui.th.panel);
        view_run(plots, pa, &c);
        if (scored) draw_region(&draw, qa, ui.th.panel), view_run(q, qa, &c);
        draw_frame_end(&draw);
        SDL_RenderPresent(r);
        uint8_t *px = malloc((size_t)PLOT_W * PLOT_H * 3);
        GsError err;
        if (!px) cli_error("plot: out of memory");
        else if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGB24, px, PLOT_W * 3) != 0)
            cli_error("plot: cannot read the pixels: %s", SDL_GetError());
        else if (gs_png_write(out, px, PLOT_W, PLOT_H, 3, &err) != GS_OK)
            rc = cli_fail_write(&err);
        else
            rc = EXIT_OK;
        free(px);
        draw_free(&draw);
    }
    if (r) SDL_DestroyRenderer(r);
    if (surf) SDL_FreeSurface(surf);
    return rc;
}

int cmd_plot(int argc, char **argv) {
    const char *dir = NULL, *out = NULL;
    GsDataset ds = GS_DATASET_MNIST;
    int by_seconds = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) return fputs(plot_help, stdout), EXIT_OK;
        if (!strcmp(a, "--out") || !strcmp(a, "--dataset") || !strcmp(a, "--x")) {
            if (i + 1 >= argc) return cli_error("plot: %s needs a value", a), EXIT_USAGE;
            const char *v = argv[++i];
            if (!strcmp(a, "--x")) {
                if (strcmp(v, "steps") && strcmp(v, "seconds"))
                    return cli_error("plot: --x takes steps or seconds, not '%s'", v), EXIT_USAGE;
                by_seconds = !strcmp(v, "seconds");
            } else if (!strcmp(a, "--out")) {
                if (!cli_path("plot", "--out", v)) return EXIT_USAGE;
                out = v;
            } else if (!cli_dataset("plot", v, &ds)) {
                return EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            return cli_error("plot: unknown flag %s (see ganscope plot --help)", a), EXIT_USAGE;
        } else if (dir) {
            return cli_error("plot: one run directory only (got %s and %s)", dir, a), EXIT_USAGE;
        } else {
            dir = a;
        }
    }
    if (!dir || !dir[0]) return cli_error("plot: which run? (ganscope plot RUN_DIR)"), EXIT_USAGE;
    char csv[4200], def_out[4200], font[1200];
    if (snprintf(csv, sizeof csv, "%s/metrics.csv", dir) >= (int)sizeof csv ||
        snprintf(def_out, sizeof def_out, "%s/curves.png", dir) >= (int)sizeof def_out)
        return cli_error("plot: %s: the path is too long", dir), EXIT_USAGE;
    if (!window_find_font(font, sizeof font))
        return cli_error("plot: no font found (assets/DejaVuSans.ttf)"), EXIT_INTERNAL;
    static History h;
    ViewInst plots, q;
    if (TTF_Init() != 0) return cli_error("plot: %s", TTF_GetError()), EXIT_INTERNAL;
    if (!view_create(&plots, &view_plots, 1, NULL) || !view_create(&q, &view_quality, 1, NULL)) {
        TTF_Quit();
        return cli_error("plot: out of memory"), EXIT_INTERNAL;
    }
    int scored = 0, rc = read_csv(csv, by_seconds, &h, &q, &scored);
    if (rc == EXIT_OK) rc = render(font, &h, &plots, &q, scored, ds, by_seconds, out ? out : def_out);
    if (rc == EXIT_OK && by_seconds)
        printf("wrote %s (%.1f s, %d scores)\n", out ? out : def_out, h.n ? h.step[h.n - 1] / 1000.0 : 0.0, scored);
    else if (rc == EXIT_OK)
        printf("wrote %s (%d steps, %d scores)\n", out ? out : def_out, (int)(h.n ? h.step[h.n - 1] : 0), scored);
    view_destroy(&plots), view_destroy(&q);
    TTF_Quit();
    SDL_Quit();
    return rc;
}

/* cmd_export.c: `ganscope export RUN_DIR`: the run's replay (replay.gsr) as an animated PNG of
 * the digits forming, the step drawn on each frame, and/or a contact sheet PNG. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gs_apng.h"
#include "gs_file.h"
#include "gs_font.h"
#include "gs_model.h"
#include "gs_png.h"
#include "gs_replay.h"

static const char *export_help =
    "usage: ganscope export RUN_DIR [--out FILE.png] [--sheet FILE.png] [OPTIONS]\n"
    "Shows how a run learned, from RUN_DIR/replay.gsr (written by ganscope train).\n\n"
    "  --out FILE.png     an animated PNG of the samples forming, the step on each frame\n"
    "  --sheet FILE.png   a contact sheet: up to --sheet-frames moments in one picture\n"
    "  --max-frames N     at most N animation frames, spread over the run (default 150)\n"
    "  --delay MS         milliseconds per frame (default 120; the last one shows 2 s)\n"
    "  --scale N          pixels per sample pixel in the animation (default 2)\n"
    "  --sheet-frames N   moments on the contact sheet (default 24)\n"
    "  --help             this text\n"
    "At least one of --out and --sheet. Plays in Firefox and Chromium; viewers without APNG\n"
    "support show the first frame.\n";

typedef struct ExportOptions {
    const char *dir, *out, *sheet;
    long long max_frames, delay, scale, sheet_frames;
} ExportOptions;

static int parse_export(int argc, char **argv, ExportOptions *o) {
    static const struct option longopts[] = {
        {"out", required_argument, 0, 'o'},        {"sheet", required_argument, 0, 'S'},
        {"max-frames", required_argument, 0, 'm'}, {"delay", required_argument, 0, 'd'},
        {"scale", required_argument, 0, 'x'},      {"sheet-frames", required_argument, 0, 'f'},
        {"help", no_argument, 0, 'h'},             {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->max_frames = 150, o->delay = 120, o->scale = 2, o->sheet_frames = 24;
    optind = 1, opterr = 0;
    int c, ok = 1;
    while (ok && (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o->out = optarg, ok = cli_path("export", "out", optarg); break;
        case 'S': o->sheet = optarg, ok = cli_path("export", "sheet", optarg); break;
        case 'm': ok = cli_int("export", "max-frames", optarg, 1, 10000, &o->max_frames); break;
        case 'd': ok = cli_int("export", "delay", optarg, 10, 10000, &o->delay); break;
        case 'x': ok = cli_int("export", "scale", optarg, 1, 8, &o->scale); break;
        case 'f': ok = cli_int("export", "sheet-frames", optarg, 1, 400, &o->sheet_frames); break;
        case 'h': fputs(export_help, stdout); return -1;
        case ':': cli_error("export: %s needs a value", argv[optind - 1]); return 0;
        default: cli_error("export: unknown option '%s' (see ganscope export --help)", argv[optind - 1]); return 0;
        }
    }
    if (!ok) return 0;
    if (optind != argc - 1) {
        cli_error(optind < argc ? "export: one RUN_DIR, got '%s' too" : "export: give the run's directory%s",
                  optind < argc ? argv[argc - 1] : "");
        return 0;
    }
    o->dir = argv[optind];
    if (!cli_path("export", "RUN_DIR", o->dir)) return 0;
    if (!o->out && !o->sheet) {
        cli_error("export: say what to write: --out FILE.png and/or --sheet FILE.png");
        return 0;
    }
    return 1;
}

/* Draws frame f's samples as a grid at scale into dst (w x h) at (x, y), with "STEP N" under
 * it at font scale fs. */
static void draw_moment(uint8_t *dst, int w, int h, int x, int y, const GsReplayFrame *f, int scale, int fs) {
    int cols = 1;
    while (cols * cols < f->count) cols++;
    int rows = (f->count + cols - 1) / cols, gw, gh;
    gs_grid_size(rows, cols, GS_IMG_SIDE, GS_IMG_SIDE, 2, &gw, &gh);
    for (int t = 0; t < f->count; t++) {
        int tx = 2 + (t % cols) * (GS_IMG_SIDE + 2), ty = 2 + (t / cols) * (GS_IMG_SIDE + 2);
        for (int py = 0; py < GS_IMG_SIDE * scale; py++)
            for (int px = 0; px < GS_IMG_SIDE * scale; px++) {
                int X = x + (tx * scale) + px, Y = y + (ty * scale) + py;
                if (X < w && Y < h)
                    dst[(size_t)Y * w + X] = f->pixels[(size_t)t * GS_IMG_SIZE + (py / scale) * GS_IMG_SIDE + px / scale];
            }
    }
    char label[40];
    snprintf(label, sizeof label, "STEP %lld", (long long)f->step);
    gs_font_draw(dst, w, h, x + 2 * scale, y + gh * scale + fs, fs, label, 255);
}

/* The size of one moment as draw_moment lays it out. */
static void moment_size(int count, int scale, int fs, int *w, int *h) {
    int cols = 1;
    while (cols * cols < count) cols++;
    gs_grid_size((count + cols - 1) / cols, cols, GS_IMG_SIDE, GS_IMG_SIDE, 2, w, h);
    *w *= scale;
    *h = *h * scale + (GS_FONT_HEIGHT + 2) * fs;
}

/* The index of the k-th of n picks spread evenly over frames [0, total), last included. */
static int pick(int k, int n, int total) { return n <= 1 ? total - 1 : (int)((long long)k * (total - 1) / (n - 1)); }

static GsStatus write_apng(const GsReplay *r, const ExportOptions *o, GsError *err) {
    int n = r->n < o->max_frames ? r->n : (int)o->max_frames, scale = (int)o->scale, fs = scale + 1, w, h;
    moment_size(r->frames[0].count, scale, fs, &w, &h);
    uint8_t *pix = calloc((size_t)n, (size_t)w * h);
    const uint8_t **frames = malloc(sizeof *frames * (size_t)n);
    int *delays = malloc(sizeof *delays * (size_t)n);
    GsStatus st = GS_OK;
    if (!pix || !frames || !delays) st = gs_fail(err, GS_ERR_NOMEM, "%s: out of memory for %d frames", o->out, n);
    for (int k = 0; st == GS_OK && k < n; k++) {
        uint8_t *f = pix + (size_t)k * w * h;
        draw_moment(f, w, h, 0, 0, &r->frames[pick(k, n, r->n)], scale, fs);
        frames[k] = f;
        delays[k] = k == n - 1 ? 2000 : (int)o->delay;
    }
    uint8_t *png = NULL;
    size_t size = 0;
    if (st == GS_OK && (st = gs_apng_encode(frames, n, w, h, delays, &png, &size, err)) == GS_OK)
        st = gs_file_write_atomic(o->out, png, size, err);
    free(png);
    free(pix);
    free(frames);
    free(delays);
    return st;
}

static GsStatus write_sheet(const GsReplay *r, const ExportOptions *o, GsError *err) {
    int n = r->n < o->sheet_frames ? r->n : (int)o->sheet_frames, mw, mh;
    moment_size(r->frames[0].count, 1, 2, &mw, &mh);
    int cols = n < 6 ? n : 6, rows = (n + cols - 1) / cols, gap = 6;
    int w = cols * (mw + gap) + gap, h = rows * (mh + gap) + gap;
    uint8_t *pix = calloc((size_t)w, (size_t)h);
    if (!pix) return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory", o->sheet);
    memset(pix, 64, (size_t)w * h);
    for (int k = 0; k < n; k++) {
        int x = gap + (k % cols) * (mw + gap), y = gap + (k / cols) * (mh + gap);
        for (int yy = 0; yy < mh; yy++) memset(pix + (size_t)(y + yy) * w + x, 0, (size_t)mw);
        draw_moment(pix, w, h, x, y, &r->frames[pick(k, n, r->n)], 1, 2);
    }
    GsStatus st = gs_png_write(o->sheet, pix, w, h, 1, err);
    free(pix);
    return st;
}

int cmd_export(int argc, char **argv) {
    ExportOptions o;
    int parsed = parse_export(argc, argv, &o);
    if (parsed <= 0) return parsed < 0 ? EXIT_OK : EXIT_USAGE;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", o.dir, GS_REPLAY_FILE);
    GsReplay r;
    GsError err;
    GsStatus st = gs_replay_load(path, &r, &err);
    if (st != GS_OK) return cli_fail(&err, st);
    if (r.n == 0) {
        gs_replay_free(&r);
        cli_error("export: %s holds no frames yet", path);
        return EXIT_USAGE;
    }
    for (int i = 1; i < r.n; i++)
        if (r.frames[i].count != r.frames[0].count) {
            gs_replay_free(&r);
            cli_error("export: %s: frames with different image counts", path);
            return EXIT_USAGE;
        }
    if (o.out && (st = write_apng(&r, &o, &err)) == GS_OK)
        fprintf(stderr, "ganscope: %s: %d frames, steps %lld to %lld\n", o.out, r.n < o.max_frames ? r.n : (int)o.max_frames,
                (long long)r.frames[0].step, (long long)r.frames[r.n - 1].step);
    if (st == GS_OK && o.sheet && (st = write_sheet(&r, &o, &err)) == GS_OK) fprintf(stderr, "ganscope: %s written\n", o.sheet);
    gs_replay_free(&r);
    return st == GS_OK ? EXIT_OK : cli_fail_write(&err); /* a failed write or no memory */
}

/* cmd_export.c: `ganscope export RUN_DIR|CHECKPOINT`: the run's replay (replay.gsr, or the
 * checkpoint's RPLY section) as an animated PNG of the digits forming, the step drawn on each
 * frame, and/or a contact sheet PNG (gs_replay_draw.h). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include <sys/stat.h>

#include "gs_ckpt.h"
#include "gs_file.h"
#include "gs_png.h"
#include "gs_replay.h"
#include "gs_replay_draw.h"

static const char *export_help =
    "usage: ganscope export RUN_DIR|CHECKPOINT [--out FILE.png] [--sheet FILE.png] [OPTIONS]\n"
    "Shows how a run learned, from RUN_DIR/replay.gsr (written by ganscope train and the\n"
    "window) or from the replay a checkpoint file carries.\n\n"
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

/* The replay of src: a run directory's replay.gsr, or a checkpoint's RPLY section. */
static GsStatus load_replay(const char *src, GsReplay *r, char *name, size_t size, GsError *err) {
    struct stat sb;
    if (stat(src, &sb) == 0 && S_ISREG(sb.st_mode)) {
        snprintf(name, size, "%s", src);
        GsGan gan;
        GsCkptSections secs;
        GsStatus st = gs_ckpt_load_with(&gan, &secs, src, err);
        if (st != GS_OK) return st;
        gs_gan_destroy(&gan);
        const GsCkptSection *sec = gs_ckpt_sections_find(&secs, GS_REPLAY_SECTION);
        st = sec ? gs_replay_from_bytes(sec->data, sec->len, src, r, err)
                 : gs_fail(err, GS_ERR_FORMAT, "%s: this checkpoint carries no replay (saved before replays were kept)", src);
        gs_ckpt_sections_free(&secs);
        return st;
    }
    snprintf(name, size, "%s/%s", src, GS_REPLAY_FILE);
    return gs_replay_load(name, r, err);
}

int cmd_export(int argc, char **argv) {
    ExportOptions o;
    int parsed = parse_export(argc, argv, &o);
    if (parsed <= 0) return parsed < 0 ? EXIT_OK : EXIT_USAGE;
    char path[4200];
    GsReplay r;
    GsError err;
    GsStatus st = load_replay(o.dir, &r, path, sizeof path, &err);
    if (st != GS_OK) return cli_fail(&err, st);
    if ((st = gs_replay_check(&r, path, &err)) != GS_OK) {
        gs_replay_free(&r);
        cli_error("export: %s", err.msg);
        return EXIT_USAGE;
    }
    uint8_t *png = NULL, *pix = NULL;
    size_t size = 0;
    int w, h;
    if (o.out && (st = gs_replay_apng(&r, (int)o.max_frames, (int)o.delay, (int)o.scale, &png, &size, &err)) == GS_OK &&
        (st = gs_file_write_atomic(o.out, png, size, &err)) == GS_OK)
        fprintf(stderr, "ganscope: %s: %d frames, steps %lld to %lld\n", o.out, gs_replay_anim_frames(&r, (int)o.max_frames),
                (long long)r.frames[0].step, (long long)r.frames[r.n - 1].step);
    if (st == GS_OK && o.sheet && (st = gs_replay_sheet(&r, (int)o.sheet_frames, &pix, &w, &h, &err)) == GS_OK &&
        (st = gs_png_write(o.sheet, pix, w, h, 1, &err)) == GS_OK)
        fprintf(stderr, "ganscope: %s written\n", o.sheet);
    free(png);
    free(pix);
    gs_replay_free(&r);
    return st == GS_OK ? EXIT_OK : cli_fail_write(&err); /* a failed write or no memory */
}

/* model_flags.c: parsing the flags shared by train and the window. */
#include "model_flags.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "gs_pool.h"
#include "gs_scenario.h"

void model_flags_defaults(ModelFlags *f) {
    memset(f, 0, sizeof *f);
    f->preset = "fast", f->dataset = "mnist", f->seed = 1;
}

int model_flag(const char *cmd, int c, const char *arg, char **argv, ModelFlags *f) {
    switch (c) {
    case 'p': f->preset = arg, f->preset_set = 1; return 1;
    case 'b': f->batch_set = 1; return cli_int(cmd, "batch", arg, 1, 4096, &f->batch);
    case 'n': return cli_int(cmd, "steps", arg, 0, 1000000000, &f->steps);
    case 's': f->seed_set = 1; return cli_int(cmd, "seed", arg, 0, INT64_MAX, &f->seed);
    case 'd': f->data = arg; return cli_path(cmd, "data", arg);
    case 'D': f->dataset = arg, f->dataset_set = 1; return 1;
    case 'o': f->out = arg; return cli_path(cmd, "out", arg);
    case 'r': f->resume = arg; return cli_path(cmd, "resume", arg);
    case 'j': return cli_int(cmd, "threads", arg, 1, GS_THREADS_MAX, &f->threads);
    case ':': cli_error("%s: %s needs a value", cmd, argv[optind - 1]); return 0;
    case '?': cli_error("%s: unknown option '%s' (see ganscope %s --help)", cmd, argv[optind - 1], cmd); return 0;
    default: return -1;
    }
}

GsStatus model_flags_config(const ModelFlags *f, GsConfig *cfg, GsError *err) {
    GsStatus st = gs_config_preset(cfg, f->preset, err);
    if (st != GS_OK) return st;
    /* a batch asked for is the batch of every step: no second phase with another */
    if (f->batch_set) cfg->batch = (int)f->batch, cfg->late_from = 0;
    cfg->seed = (uint64_t)f->seed;
    return gs_config_validate(cfg, err);
}

void model_flags_out_dir(const ModelFlags *f, char *dir, size_t size) {
    if (f->out || !f->resume) {
        snprintf(dir, size, "%s", f->out ? f->out : "ganscope-run");
        return;
    }
    snprintf(dir, size, "%s", f->resume);
    char *slash = strrchr(dir, '/');
    if (!slash) snprintf(dir, size, ".");
    else if (slash == dir) slash[1] = 0; /* "/x.gsck" keeps "/" */
    else *slash = 0;
}

int model_flag_scenario(const char *cmd, const char *arg, const char **out) {
    if (!gs_scenario_find(arg)) {
        cli_error("%s: --scenario: unknown scenario '%s' (see ganscope scenarios)", cmd, arg);
        return 0;
    }
    *out = arg;
    return 1;
}

/* model_flags.h: the flags `ganscope train` and the window share: which model, which data,
 * where the run lives, how many threads. One parser for both, so they cannot drift. */
#ifndef GS_MODEL_FLAGS_H
#define GS_MODEL_FLAGS_H

#include <getopt.h>
#include <stddef.h>

#include "gs_model.h"

typedef struct ModelFlags {
    const char *preset;  /* "fast" unless --preset */
    const char *data;    /* --data PATH, or NULL to search */
    const char *dataset; /* "mnist" unless --dataset */
    const char *out;     /* --out DIR, or NULL for the command's default */
    const char *resume;  /* --resume FILE, or NULL */
    long long batch, steps, seed, threads; /* steps: the command sets its own default */
    int preset_set, batch_set, seed_set, dataset_set; /* given on the command line */
} ModelFlags;

/* getopt_long entries for the shared flags; each command appends its own and {0}. */
#define MODEL_FLAG_OPTIONS                                                                 \
    {"preset", required_argument, 0, 'p'}, {"batch", required_argument, 0, 'b'},           \
        {"steps", required_argument, 0, 'n'}, {"seed", required_argument, 0, 's'},         \
        {"data", required_argument, 0, 'd'}, {"dataset", required_argument, 0, 'D'},       \
        {"out", required_argument, 0, 'o'}, {"resume", required_argument, 0, 'r'},         \
        {"threads", required_argument, 0, 'j'}

void model_flags_defaults(ModelFlags *f);
/* Handles getopt's result c for command cmd: 1 when it was a shared flag and its value is
 * good, 0 when the value is bad (a one-line error was printed), -1 when c is not a shared
 * flag. ':' and '?' are reported here too (returning 0). */
int model_flag(const char *cmd, int c, const char *arg, char **argv, ModelFlags *f);

/* --scenario NAME for command cmd: 1 and *out = arg when it names a break-it scenario,
 * else a one-line error and 0. */
int model_flag_scenario(const char *cmd, const char *arg, const char **out);

/* The configuration the flags ask for: --preset, then --batch and --seed on top, validated. */
GsStatus model_flags_config(const ModelFlags *f, GsConfig *cfg, GsError *err);
/* The run's directory: --out, else the directory of the --resume checkpoint ("." for a bare
 * name), else ganscope-run. */
void model_flags_out_dir(const ModelFlags *f, char *dir, size_t size);

#endif

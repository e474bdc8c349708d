/* fuzz_flags.c: libFuzzer target for the command-line flag parser shared by train and the
 * window (model_flags.c, cli.c's number parsing): the input is NUL-separated arguments,
 * parsed as train parses them, then turned into a configuration and a run directory.
 * Seeds in tests/fuzz/flags/. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "model_flags.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const struct option longopts[] = {
        MODEL_FLAG_OPTIONS,
        {"seconds", required_argument, 0, 't'},      {"sample-every", required_argument, 0, 'S'},
        {"checkpoint-every", required_argument, 0, 'C'}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    char buf[4097];
    if (size > 4096) return 0;
    memcpy(buf, data, size);
    buf[size] = 0;
    char *argv[66];
    int argc = 0;
    argv[argc++] = "train";
    for (size_t i = 0; i < size && argc < 65;) {
        argv[argc++] = buf + i;
        i += strlen(buf + i) + 1;
    }
    argv[argc] = NULL;
    ModelFlags f;
    model_flags_defaults(&f);
    long long every;
    double seconds;
    optind = 0, opterr = 0; /* 0: glibc's getopt starts over completely */
    int c, ok = 1;
    while (ok && (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        ok = model_flag("train", c, optarg, argv, &f);
        if (ok >= 0) continue;
        ok = 1;
        switch (c) {
        case 't': ok = cli_double("train", "seconds", optarg, 0, 1e9, &seconds); break;
        case 'S': ok = cli_int("train", "sample-every", optarg, 1, 1000000000, &every); break;
        case 'C': ok = cli_int("train", "checkpoint-every", optarg, 1, 1000000000, &every); break;
        default: break;
        }
    }
    GsConfig cfg;
    GsError err;
    if (ok) model_flags_config(&f, &cfg, &err);
    char dir[4096];
    model_flags_out_dir(&f, dir, sizeof dir);
    return 0;
}

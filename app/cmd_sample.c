/* cmd_sample.c: `ganscope sample`: images from a checkpoint's generator, as a PNG grid or an
 * IDX3 file other tools can read. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gs_ckpt.h"
#include "gs_idx.h"
#include "run_files.h"

static const char *sample_help =
    "usage: ganscope sample --checkpoint FILE --out FILE [--count N] [--seed N]\n"
    "Generates N images (default 16) with the checkpoint's generator from noise drawn with\n"
    "--seed (default 1). FILE ending in .png: a grid; ending in .idx: an IDX3 ubyte file\n"
    "(magic 0x803, N x 28 x 28).\n";

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int cmd_sample(int argc, char **argv) {
    static const struct option longopts[] = {
        {"checkpoint", required_argument, 0, 'c'}, {"count", required_argument, 0, 'n'},
        {"seed", required_argument, 0, 's'},       {"out", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},             {0, 0, 0, 0}};
    const char *ckpt = NULL, *out = NULL;
    long long count = 16, seed = 1;
    optind = 1, opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int ok = 1;
        switch (c) {
        case 'c': ckpt = optarg; break;
        case 'o': out = optarg; break;
        case 'n': ok = cli_int("sample", "count", optarg, 1, 100000, &count); break;
        case 's': ok = cli_int("sample", "seed", optarg, 0, INT64_MAX, &seed); break;
        case 'h': fputs(sample_help, stdout); return EXIT_OK;
        case ':': cli_error("sample: %s needs a value", argv[optind - 1]); return EXIT_USAGE;
        default: cli_error("sample: unknown option '%s' (see ganscope sample --help)", argv[optind - 1]); return EXIT_USAGE;
        }
        if (!ok) return EXIT_USAGE;
    }
    if (optind < argc) {
        cli_error("sample: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!ckpt || !out) {
        cli_error("sample: --checkpoint and --out are required (see ganscope sample --help)");
        return EXIT_USAGE;
    }
    int png = ends_with(out, ".png"), idx = ends_with(out, ".idx");
    if (!png && !idx) {
        cli_error("sample: --out %s: the name must end in .png or .idx", out);
        return EXIT_USAGE;
    }
    GsError err;
    GsStatus st;
    GsGan gan;
    if ((st = gs_ckpt_load(&gan, ckpt, &err)) != GS_OK) return cli_fail(&err, st);
    float *noise = malloc(sizeof(float) * count * gan.cfg.noise_dim);
    float *images = malloc(sizeof(float) * count * GS_IMG_SIZE);
    uint8_t *bytes = malloc((size_t)count * GS_IMG_SIZE);
    int rc = EXIT_OK;
    if (!noise || !images || !bytes) {
        cli_error("sample: out of memory for %lld images", count);
        rc = EXIT_INTERNAL;
        goto done;
    }
    GsRng rng;
    gs_rng_seed(&rng, (uint64_t)seed);
    gs_gan_noise(&gan, &rng, noise, (int)count);
    gs_gan_generate(&gan, noise, (int)count, images);
    if (png) {
        st = samples_write_grid(images, (int)count, out, &err);
    } else {
        for (size_t i = 0; i < (size_t)count * GS_IMG_SIZE; i++) {
            float v = images[i] * 255.0f + 0.5f;
            bytes[i] = v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)v;
        }
        st = gs_idx_write_images(out, bytes, (int)count, GS_IMG_SIDE, GS_IMG_SIDE, &err);
    }
    if (st != GS_OK) rc = cli_fail_write(&err);
    else fprintf(stderr, "ganscope: wrote %lld images to %s\n", count, out);
done:
    free(noise), free(images), free(bytes);
    gs_gan_destroy(&gan);
    return rc;
}

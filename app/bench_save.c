/* bench_save.c: the checkpoint save with and without the replay section (bench_save.h). */
#define _POSIX_C_SOURCE 200809L
#include "bench_save.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "gs_ckpt.h"
#include "gs_model.h"
#include "gs_replay.h"

#define SAVES 7

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int bench_save_replay(GsGan *gan, int moments) {
    GsError err;
    GsReplayBuf b = {0};
    float img[GS_FIXED_NOISE_COUNT * GS_IMG_SIZE];
    uint8_t px[GS_FIXED_NOISE_COUNT * GS_IMG_SIZE];
    gs_gan_generate(gan, gan->fixed_noise, GS_FIXED_NOISE_COUNT, img);
    gs_replay_quantize(px, img, GS_FIXED_NOISE_COUNT * GS_IMG_SIZE);
    for (int i = 0; i < moments; i++) {
        GsReplayFrame f = {i * 50LL, i * 4.7f, 0.6f, 0.9f, 0.8f, 0.7f, 60.0f, 0, GS_FIXED_NOISE_COUNT, px};
        if (gs_replay_buf_append(&b, &f, &err) != GS_OK) return cli_fail(&err, GS_ERR_NOMEM);
    }
    const char *tmp = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/ganscope-bench-%ld.gsck", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    GsCkptSection sec = {{'R', 'P', 'L', 'Y'}, b.data, b.len};
    double t[2][SAVES];
    off_t size[2] = {0, 0};
    GsStatus st = GS_OK;
    for (int k = 0; k < SAVES && st == GS_OK; k++)
        for (int with = 0; with < 2 && st == GS_OK; with++) { /* alternating: the disk's mood hits both */
            double t0 = cli_now();
            st = gs_ckpt_save_with(gan, &sec, with, path, &err);
            t[with][k] = cli_now() - t0;
            struct stat sb;
            if (st == GS_OK && stat(path, &sb) == 0) size[with] = sb.st_size;
        }
    unlink(path);
    gs_replay_buf_free(&b);
    if (st != GS_OK) return cli_fail_write(&err);
    qsort(t[0], SAVES, sizeof(double), cmp_double);
    qsort(t[1], SAVES, sizeof(double), cmp_double);
    printf("ganscope bench: checkpoint save, preset %s, %s (written, synced and renamed; median of %d)\n",
           gan->cfg.preset, path, SAVES);
    printf("  without the replay  %8.1f ms  %10lld bytes\n", t[0][SAVES / 2] * 1e3, (long long)size[0]);
    printf("  with %5d moments  %8.1f ms  %10lld bytes (RPLY section %zu bytes)\n", moments, t[1][SAVES / 2] * 1e3,
           (long long)size[1], b.len ? b.len : (size_t)(size[1] - size[0]));
    return EXIT_OK;
}

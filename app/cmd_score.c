/* cmd_score.c: `ganscope score`: the judge's scores (gs_scores.h) of an IDX3 file of images
 * or of samples from a checkpoint's generator, one `name value` per line. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gs_blas.h"
#include "gs_ckpt.h"
#include "gs_file.h"
#include "gs_pool.h"
#include "gs_scores.h"

static const char *score_help =
    "usage: ganscope score FILE [--count N] [--seed S] [--dataset mnist|fashion]\n"
    "                           [--judge FILE] [--data DIR] [--probes N] [--trained]\n"
    "Scores images with the digit judge. FILE: an IDX3 images file (raw or gzip), or a\n"
    "checkpoint, whose generator then makes N images (default 2000) from noise drawn with\n"
    "seed S (default 1). The judge is the built-in one for --dataset (default mnist), or\n"
    "--judge FILE; real images are the data set's test set (--data DIR: its t10k files) and\n"
    "its training set for memorisation (the first --probes images, default 1000, are compared\n"
    "with every training image; 0 skips it). Prints one `name value` per line:\n"
    "recognisability, coverage, histogram (ten counts), fd, fd_floor, memorisation,\n"
    "memorisation_real, memorisation_ratio. A checkpoint's samples come from the moving\n"
    "average of its generator's weights when it keeps one; --trained uses the trained\n"
    "generator itself.\n";

/* The images to score, from FILE: a checkpoint's samples or an IDX3 file's images. */
static int load_images(const char *file, long long count, long long seed, int trained, float **images,
                       int *n) {
    GsError err;
    GsStatus st;
    char magic[4] = {0};
    FILE *f = fopen(file, "rb");
    if (f) {
        if (fread(magic, 1, 4, f) != 4) magic[0] = 0;
        fclose(f);
    }
    if (!memcmp(magic, "GSCK", 4)) {
        GsGan gan;
        if ((st = gs_ckpt_load(&gan, file, &err)) != GS_OK) return cli_fail(&err, st);
        if (trained) gs_gan_drop_ema(&gan);
        float *noise = malloc(sizeof(float) * count * gan.cfg.noise_dim);
        *images = malloc(sizeof(float) * count * GS_IMG_SIZE);
        if (!noise || !*images) {
            free(noise), free(*images), gs_gan_destroy(&gan);
            cli_error("score: out of memory for %lld images", count);
            return EXIT_INTERNAL;
        }
        GsRng rng;
        gs_rng_seed(&rng, (uint64_t)seed);
        gs_gan_noise(&gan, &rng, noise, (int)count);
        gs_gan_generate(&gan, noise, (int)count, *images);
        *n = (int)count;
        free(noise);
        gs_gan_destroy(&gan);
        return EXIT_OK;
    }
    GsImages im;
    if ((st = gs_idx_read_images(file, &im, &err)) != GS_OK) return cli_fail(&err, st);
    if (im.rows != 28 || im.cols != 28 || im.n < 2) {
        cli_error("%s: %d images of %dx%d; scoring needs at least 2 of 28x28", file, im.n, im.rows, im.cols);
        gs_images_free(&im);
        return EXIT_USAGE;
    }
    *images = malloc(sizeof(float) * im.n * GS_IMG_SIZE);
    if (!*images) {
        gs_images_free(&im);
        cli_error("score: out of memory");
        return EXIT_INTERNAL;
    }
    gs_images_to_float(*images, im.pixels, (size_t)im.n * GS_IMG_SIZE);
    *n = im.n;
    gs_images_free(&im);
    return EXIT_OK;
}

static void print_scores(const GsScores *s) {
    printf("images %d\nrecognisability %.4f\ncoverage %.4f\nhistogram", s->n, s->recognisability,
           s->coverage);
    for (int k = 0; k < GS_JUDGE_CLASSES; k++) printf(" %d", s->histogram[k]);
    printf("\nfd %.4f\nfd_floor %.4f\n", s->fd, s->fd_floor);
    if (!isnan(s->memorisation))
        printf("memorisation %.4f\nmemorisation_real %.4f\nmemorisation_ratio %.4f\n",
               s->memorisation, s->memorisation_real, s->memorisation_ratio);
}

int cmd_score(int argc, char **argv) {
    static const struct option longopts[] = {
        {"count", required_argument, 0, 'n'},  {"seed", required_argument, 0, 's'},
        {"dataset", required_argument, 0, 'D'}, {"judge", required_argument, 0, 'j'},
        {"data", required_argument, 0, 'd'},   {"probes", required_argument, 0, 'p'},
        {"trained", no_argument, 0, 't'},      {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *judge_path = NULL, *data = NULL;
    long long count = 2000, seed = 1, probes = 1000;
    int trained = 0;
    GsDataset ds = GS_DATASET_MNIST;
    GsError err;
    GsStatus st;
    optind = 1, opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int ok = 1;
        switch (c) {
        case 'n': ok = cli_int("score", "count", optarg, 2, 100000, &count); break;
        case 's': ok = cli_int("score", "seed", optarg, 0, INT64_MAX, &seed); break;
        case 'p': ok = cli_int("score", "probes", optarg, 0, 100000, &probes); break;
        case 'j': judge_path = optarg; break;
        case 't': trained = 1; break;
        case 'd': data = optarg; break;
        case 'D': ok = cli_dataset("score", optarg, &ds); break;
        case 'h': fputs(score_help, stdout); return EXIT_OK;
        case ':': cli_error("score: %s needs a value", argv[optind - 1]); return EXIT_USAGE;
        default: cli_error("score: unknown option '%s' (see ganscope score --help)", argv[optind - 1]); return EXIT_USAGE;
        }
        if (!ok) return EXIT_USAGE;
    }
    if (argc - optind != 1) {
        cli_error("score: needs one FILE (an IDX3 images file or a checkpoint; see ganscope score --help)");
        return EXIT_USAGE;
    }
    double t0 = cli_now();
    float *images = NULL;
    int n = 0, rc;
    if ((rc = load_images(argv[optind], count, seed, trained, &images, &n)) != EXIT_OK) return rc;
    gs_blas_set_threads(gs_cpu_count()); /* the generator set it to 1 for its own pool */
    GsJudge judge;
    GsImages test = {0}, train = {0};
    GsScoreRef ref = {0};
    if ((st = gs_judge_open(&judge, judge_path, ds, 256, &err)) != GS_OK) {
        free(images);
        return cli_fail(&err, st);
    }
    /* the judge's stored statistics are of its data set's standard test set */
    int fresh_stats = data || judge.real.n == 0;
    if (((fresh_stats || probes > 0) && (st = gs_data_load_test(data, ds, &test, &err)) != GS_OK) ||
        (probes > 0 && (st = gs_data_load(data, ds, &train, &err)) != GS_OK)) {
        rc = cli_fail(&err, st);
        goto done;
    }
    GsImages real = test, refimg = train;
    if (probes > 0 && train.n == test.n &&
        !memcmp(train.pixels, test.pixels, (size_t)test.n * GS_IMG_SIZE)) {
        /* only the test set is at hand (the built-in one): half of it plays the training set */
        refimg.n = test.n / 2;
        real.pixels += (size_t)refimg.n * GS_IMG_SIZE, real.labels = NULL, real.n -= refimg.n;
        fprintf(stderr, "ganscope: no training set found; memorisation compares with half of the test set\n");
    }
    if ((fresh_stats && (st = gs_real_stats_compute(&judge.real, &judge, &test, &err)) != GS_OK) ||
        (st = gs_score_ref_create(&ref, &judge.real, &real, probes > 0 ? &refimg : NULL, 0, (int)probes, &err)) != GS_OK) {
        rc = cli_fail(&err, st);
        goto done;
    }
    GsScores s;
    if ((st = gs_scores_compute(&s, &judge, &ref, images, n, (int)probes, &err)) != GS_OK) {
        rc = cli_fail(&err, st);
        goto done;
    }
    print_scores(&s);
    fprintf(stderr, "ganscope: scored %d images in %.2f s\n", n, cli_now() - t0);
done:
    gs_score_ref_destroy(&ref);
    gs_images_free(&test);
    gs_images_free(&train);
    gs_judge_destroy(&judge);
    free(images);
    return rc;
}

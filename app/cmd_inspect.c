/* cmd_inspect.c: `ganscope inspect`: the "look inside" algorithms without the window, on a
 * checkpoint's networks: each writes a PNG into --out and prints how long it took. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "gs_ckpt.h"
#include "gs_data.h"
#include "gs_directions.h"
#include "gs_featuremaps.h"
#include "gs_invert.h"
#include "gs_judge.h"
#include "gs_neighbours.h"
#include "gs_saliency.h"
#include "run_files.h"

static const char *inspect_help =
    "usage: ganscope inspect --checkpoint FILE --out DIR WHAT... [OPTIONS]\n"
    "Looks inside a checkpoint's networks; writes PNGs into DIR and prints each one's time.\n\n"
    "WHAT (one or more):\n"
    "  --invert PATH      the noise whose image is closest to a drawing: image --index (default\n"
    "                     0) of PATH (an IDX3 images file, raw or .gz, or an MNIST-style\n"
    "                     directory); invert.png: the drawing, then the generator's best match\n"
    "  --directions       the 8 noise directions that change the image most; directions.png:\n"
    "                     a row per direction, steps -2..2 from one sample\n"
    "  --saliency         where the discriminator looks, for 8 samples; saliency.png: samples\n"
    "                     above |d logit / d pixel|\n"
    "  --neighbours       the 6 training images nearest (in pixels) to each of 4 samples;\n"
    "                     neighbours.png: a sample, then its neighbours, per row; also\n"
    "                     timed: the same search in the judge's 64 features\n"
    "  --featuremaps      each generator stage's first 16 feature maps for one sample;\n"
    "                     featuremaps.png: a row per stage, 7x7 up to 28x28\n"
    "  --all              all but --invert\n\n"
    "OPTIONS:\n"
    "  --index N          which image of --invert's PATH (default 0)\n"
    "  --starts N         inversion: random starts (default 8)\n"
    "  --iters N          inversion: Adam steps per start (default 300)\n"
    "  --samples N        directions: noise vectors averaged (default 16)\n"
    "  --seed N           noise of the samples (default 1)\n"
    "  --threads N        threads (default: all cores)\n"
    "  --data PATH, --dataset mnist|fashion   training images for --neighbours, as for train\n";

/* Seconds of CPU time used by every thread of the process: on a busy machine the wall time
 * says how long this took here, the CPU time how much work it was. */
static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

enum { DO_INVERT = 1, DO_DIRECTIONS = 2, DO_SALIENCY = 4, DO_NEIGHBOURS = 8, DO_FEATUREMAPS = 16 };

typedef struct InspectOpts {
    const char *ckpt, *out, *invert, *data, *dataset;
    int what;
    long long index, starts, iters, samples, seed, threads;
} InspectOpts;

/* Writes count 28x28 float images as a rows x cols grid to DIR/name. */
static GsStatus write_grid(const InspectOpts *o, const char *name, const float *images, int count, int rows,
                           int cols, GsError *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", o->out, name);
    GsStatus st = samples_write_rows(images, count, rows, cols, path, err);
    if (st == GS_OK) printf("  wrote %s\n", path);
    return st;
}

/* The RMS distance to target of the closest of n random noise vectors' images: what the
 * search has to beat. */
static double best_of_random(GsGan *gan, const float *target, int n, uint64_t seed) {
    enum { CHUNK = 16 };
    float z[CHUNK * 4096], img[CHUNK * GS_IMG_SIZE];
    double best = INFINITY;
    GsRng rng;
    gs_rng_seed(&rng, seed);
    for (int i = 0; i < n; i += CHUNK) {
        int m = n - i < CHUNK ? n - i : CHUNK;
        gs_gan_noise(gan, &rng, z, m);
        gs_gan_generate(gan, z, m, img);
        for (int k = 0; k < m; k++) {
            double se = 0.0;
            for (int p = 0; p < GS_IMG_SIZE; p++) {
                double d = (double)img[k * GS_IMG_SIZE + p] - target[p];
                se += d * d;
            }
            best = fmin(best, sqrt(se / GS_IMG_SIZE));
        }
    }
    return best;
}

static GsStatus do_invert(GsGan *gan, const InspectOpts *o, GsError *err) {
    GsImages im;
    GsStatus st = gs_data_load(o->invert, GS_DATASET_MNIST, &im, err);
    if (st != GS_OK) return st;
    if (o->index >= im.n) {
        gs_fail(err, GS_ERR_ARG, "--index %lld: %s has %d images", o->index, im.source, im.n);
        gs_images_free(&im);
        return GS_ERR_ARG;
    }
    float pair[2 * GS_IMG_SIZE], *noise = malloc(sizeof(float) * gan->cfg.noise_dim);
    for (int p = 0; p < GS_IMG_SIZE; p++) pair[p] = im.pixels[(size_t)o->index * GS_IMG_SIZE + p] / 255.0f;
    gs_images_free(&im);
    if (!noise) return gs_fail(err, GS_ERR_NOMEM, "out of memory");
    GsInvertOptions opt;
    gs_invert_defaults(&opt);
    opt.starts = (int)o->starts, opt.iters = (int)o->iters, opt.seed = (uint64_t)o->seed;
    GsInvertResult res;
    double t0 = cli_now(), c0 = cpu_now();
    st = gs_invert(&gan->g, pair, &opt, NULL, noise, &res, err);
    double t = cli_now() - t0, c = cpu_now() - c0;
    if (st == GS_OK) {
        printf("invert: %d starts x %d steps in %.2f s (CPU %.2f s); RMS pixel distance %.4f (best of 1000 "
               "random noise vectors: %.4f)\n", opt.starts, opt.iters, t, c, res.distance,
               best_of_random(gan, pair, 1000, (uint64_t)o->seed));
        memcpy(pair + GS_IMG_SIZE, res.image, sizeof res.image);
        st = write_grid(o, "invert.png", pair, 2, 1, 2, err);
    }
    free(noise);
    return st;
}

static GsStatus do_directions(GsGan *gan, const InspectOpts *o, const float *z0, GsError *err) {
    const int Z = gan->cfg.noise_dim, K = GS_DIRECTIONS_COUNT, STEPS = 9;
    GsDirections d;
    GsStatus st = gs_directions_create(&d, &gan->g, Z < K ? Z : K, err);
    if (st != GS_OK) return st;
    GsDirectionsOptions opt;
    gs_directions_defaults(&opt);
    opt.samples = (int)o->samples, opt.seed = (uint64_t)o->seed;
    double t0 = cli_now(), c0 = cpu_now();
    st = gs_directions_compute(&gan->g, &opt, NULL, &d, err);
    double t = cli_now() - t0, c = cpu_now() - c0;
    float *z = malloc(sizeof(float) * d.count * STEPS * Z), *img = malloc(sizeof(float) * d.count * STEPS * GS_IMG_SIZE);
    if (st == GS_OK && (!z || !img)) st = gs_fail(err, GS_ERR_NOMEM, "out of memory");
    if (st == GS_OK) {
        printf("directions: %d from %d noise vectors in %.2f s (CPU %.2f s); RMS pixel change per unit step:",
               d.count, d.samples_done, t, c);
        for (int k = 0; k < d.count; k++) printf(" %.3f", d.effect[k]);
        printf("\n");
        for (int k = 0; k < d.count; k++)
            for (int s = 0; s < STEPS; s++) {
                float step = -2.0f + 4.0f * s / (STEPS - 1);
                for (int i = 0; i < Z; i++) z[((size_t)k * STEPS + s) * Z + i] = z0[i] + step * d.dirs[(size_t)k * Z + i];
            }
        /* what the window's Sliders page makes for each new vector: 5 steps along each */
        double t1 = cli_now(), c1 = cpu_now();
        gs_gan_generate(gan, z, d.count * 5, img);
        printf("directions: thumbnails (%d directions x 5 steps) in %.1f ms (CPU %.1f ms)\n", d.count,
               (cli_now() - t1) * 1e3, (cpu_now() - c1) * 1e3);
        gs_gan_generate(gan, z, d.count * STEPS, img);
        st = write_grid(o, "directions.png", img, d.count * STEPS, d.count, STEPS, err);
    }
    free(z), free(img);
    gs_directions_destroy(&d);
    return st;
}

static GsStatus do_saliency(GsGan *gan, const InspectOpts *o, const float *samples, GsError *err) {
    enum { N = 8 };
    float img[2 * N * GS_IMG_SIZE], maps[N * GS_IMG_SIZE], logits[N];
    memcpy(img, samples, sizeof(float) * N * GS_IMG_SIZE);
    double t0 = cli_now(), c0 = cpu_now();
    GsStatus st = gs_saliency(&gan->d, img, 1, maps, logits, err); /* one image: what a view asks */
    double t1 = cli_now(), c1 = cpu_now();
    if (st == GS_OK) st = gs_saliency(&gan->d, img, N, maps, logits, err);
    if (st != GS_OK) return st;
    printf("saliency: one image in %.1f ms (CPU %.1f ms); D(sample) =", (t1 - t0) * 1e3, (c1 - c0) * 1e3);
    for (int k = 0; k < N; k++) {
        printf(" %.2f", 1.0 / (1.0 + exp(-logits[k])));
        gs_saliency_magnitude(maps + (size_t)k * GS_IMG_SIZE, img + (size_t)(N + k) * GS_IMG_SIZE);
    }
    printf("\n");
    {   /* what the window's quiz deals: 8 images from G, then D's verdict on 16 */
        float deal[2 * N * GS_IMG_SIZE], *zq = malloc(sizeof(float) * N * gan->cfg.noise_dim);
        if (!zq) return gs_fail(err, GS_ERR_NOMEM, "out of memory");
        GsRng rng;
        gs_rng_seed(&rng, (uint64_t)o->seed + 1);
        gs_gan_noise(gan, &rng, zq, N);
        double t2 = cli_now(), c2 = cpu_now();
        gs_gan_generate(gan, zq, N, deal);
        memcpy(deal + (size_t)N * GS_IMG_SIZE, samples, sizeof(float) * N * GS_IMG_SIZE);
        for (int i = 0, nb; i < 2 * N; i += nb) { /* within D's batch (the run's) */
            nb = 2 * N - i < gan->d.max_batch ? 2 * N - i : gan->d.max_batch;
            gs_net_forward(&gan->d, deal + (size_t)i * GS_IMG_SIZE, nb, 0, NULL);
        }
        printf("quiz: a round (8 generated, 16 judged by D) in %.1f ms (CPU %.1f ms)\n", (cli_now() - t2) * 1e3,
               (cpu_now() - c2) * 1e3);
        free(zq);
    }
    return write_grid(o, "saliency.png", img, 2 * N, 2, N, err);
}

static double median(double *v, int n) {
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
    return v[n / 2];
}

/* The same search in the judge's 64 features (the window's Police page): the index's build
 * and the median query, one thread as the page's worker runs it. */
static GsStatus time_judge_neighbours(const GsImages *set, GsDataset ds, const float *samples, GsError *err) {
    enum { N = 4, K = GS_NEIGHBOURS_K, REPEAT = 15 };
    GsJudge judge;
    GsStatus st = gs_judge_load_builtin(&judge, ds, 256, err);
    if (st != GS_OK) return st;
    GsNeighbours nb;
    double t0 = cli_now(), c0 = cpu_now();
    if ((st = gs_neighbours_create(&nb, set, gs_judge_embed, &judge, GS_JUDGE_FEATURES, err)) != GS_OK) {
        gs_judge_destroy(&judge);
        return st;
    }
    double t_build = cli_now() - t0, c_build = cpu_now() - c0, times[REPEAT], cpu[REPEAT];
    int idx[K];
    float dist[K];
    for (int r = 0; r < REPEAT && st == GS_OK; r++) {
        double t = cli_now(), c = cpu_now();
        st = gs_neighbours_find(&nb, samples + (size_t)(r % N) * GS_IMG_SIZE, K, idx, dist, err);
        times[r] = cli_now() - t, cpu[r] = cpu_now() - c;
    }
    if (st == GS_OK)
        printf("neighbours in the judge's features: indexed in %.2f s (CPU %.2f s); one query %.1f ms (CPU %.1f ms; "
               "medians of %d; the last compared %d images in full)\n", t_build, c_build, median(times, REPEAT) * 1e3,
               median(cpu, REPEAT) * 1e3, REPEAT, nb.last_full);
    gs_neighbours_destroy(&nb);
    gs_judge_destroy(&judge);
    return st;
}

static GsStatus do_neighbours(GsGan *gan, const InspectOpts *o, const float *samples, GsError *err) {
    enum { N = 4, K = GS_NEIGHBOURS_K, REPEAT = 15 };
    GsDataset ds;
    GsStatus st = gs_dataset_parse(o->dataset, &ds, err);
    if (st != GS_OK) return st;
    GsImages set;
    if ((st = gs_data_load(o->data, ds, &set, err)) != GS_OK) return st;
    GsNeighbours nb;
    double t0 = cli_now();
    if ((st = gs_neighbours_create(&nb, &set, NULL, NULL, 0, err)) != GS_OK) {
        gs_images_free(&set);
        return st;
    }
    double t_build = cli_now() - t0, times[REPEAT], cpu[REPEAT];
    gs_neighbours_set_pool(&nb, gan->pool);
    float *grid = malloc(sizeof(float) * N * (K + 1) * GS_IMG_SIZE);
    int idx[K];
    float dist[K];
    for (int r = 0; r < REPEAT && st == GS_OK; r++) { /* the first rounds also fill the grid */
        double t = cli_now(), c = cpu_now();
        st = gs_neighbours_find(&nb, samples + (size_t)(r % N) * GS_IMG_SIZE, K, idx, dist, err);
        times[r] = cli_now() - t, cpu[r] = cpu_now() - c;
        if (r >= N || st != GS_OK || !grid) continue;
        float *row = grid + (size_t)r * (K + 1) * GS_IMG_SIZE;
        memcpy(row, samples + (size_t)r * GS_IMG_SIZE, sizeof(float) * GS_IMG_SIZE);
        printf("  sample %d: nearest", r);
        for (int j = 0; j < K; j++) {
            printf(" #%d (%.2f)", idx[j], dist[j]);
            for (int p = 0; p < GS_IMG_SIZE; p++)
                row[(size_t)(j + 1) * GS_IMG_SIZE + p] = set.pixels[(size_t)idx[j] * GS_IMG_SIZE + p] / 255.0f;
        }
        printf("\n");
    }
    if (st == GS_OK && !grid) st = gs_fail(err, GS_ERR_NOMEM, "out of memory");
    if (st == GS_OK) {
        printf("neighbours: %d images (%s) indexed in %.2f s; one query %.1f ms (CPU %.1f ms; medians of %d; "
               "the last compared %d images in full)\n", set.n, set.source, t_build, median(times, REPEAT) * 1e3,
               median(cpu, REPEAT) * 1e3, REPEAT, nb.last_full);
        st = write_grid(o, "neighbours.png", grid, N * (K + 1), N, K + 1, err);
    }
    if (st == GS_OK) st = time_judge_neighbours(&set, ds, samples, err);
    free(grid);
    gs_neighbours_destroy(&nb);
    gs_images_free(&set);
    return st;
}

static GsStatus do_featuremaps(GsGan *gan, const InspectOpts *o, const float *z0, GsError *err) {
    GsFeatureMaps fm;
    GsStatus st = gs_featuremaps_create(&fm, &gan->g, err);
    if (st != GS_OK) return st;
    double t0 = cli_now(), c0 = cpu_now();
    gs_featuremaps_compute(&fm, &gan->g, z0);
    printf("featuremaps: %d stages in %.1f ms (CPU %.1f ms):", fm.n_stages, (cli_now() - t0) * 1e3,
           (cpu_now() - c0) * 1e3);
    /* each map scaled up (nearest) to 28x28, a row per stage */
    const int cols = GS_FEATUREMAPS_SHOWN;
    float *tiles = calloc((size_t)fm.n_stages * cols * GS_IMG_SIZE, sizeof(float));
    uint8_t *tile = malloc(GS_IMG_SIZE);
    if (!tiles || !tile) st = gs_fail(err, GS_ERR_NOMEM, "out of memory");
    for (int s = 0; s < fm.n_stages && st == GS_OK; s++) {
        const GsFeatureStage *S = &fm.stage[s];
        printf(" %dx%dx%d", S->h, S->w, S->c);
        for (int k = 0; k < S->shown; k++) {
            gs_featuremaps_tile(S, k, tile);
            float *dst = tiles + ((size_t)s * cols + k) * GS_IMG_SIZE;
            for (int y = 0; y < GS_IMG_SIDE; y++)
                for (int x = 0; x < GS_IMG_SIDE; x++)
                    dst[y * GS_IMG_SIDE + x] = tile[(y * S->h / GS_IMG_SIDE) * S->w + x * S->w / GS_IMG_SIDE] / 255.0f;
        }
    }
    printf("\n");
    if (st == GS_OK) st = write_grid(o, "featuremaps.png", tiles, fm.n_stages * cols, fm.n_stages, cols, err);
    free(tiles), free(tile);
    gs_featuremaps_destroy(&fm);
    return st;
}

static int parse(int argc, char **argv, InspectOpts *o) {
    static const struct option longopts[] = {
        {"checkpoint", required_argument, 0, 'c'}, {"out", required_argument, 0, 'o'},
        {"invert", required_argument, 0, 'I'},     {"directions", no_argument, 0, 'D'},
        {"saliency", no_argument, 0, 'S'},         {"neighbours", no_argument, 0, 'N'},
        {"featuremaps", no_argument, 0, 'F'},      {"all", no_argument, 0, 'A'},
        {"index", required_argument, 0, 'x'},      {"starts", required_argument, 0, 'r'},
        {"iters", required_argument, 0, 'i'},      {"samples", required_argument, 0, 'm'},
        {"seed", required_argument, 0, 's'},       {"threads", required_argument, 0, 't'},
        {"data", required_argument, 0, 'd'},       {"dataset", required_argument, 0, 'g'},
        {"help", no_argument, 0, 'h'},             {0, 0, 0, 0}};
    optind = 1, opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int ok = 1;
        switch (c) {
        case 'c': o->ckpt = optarg; break;
        case 'o': o->out = optarg; break;
        case 'I': o->invert = optarg, o->what |= DO_INVERT; break;
        case 'D': o->what |= DO_DIRECTIONS; break;
        case 'S': o->what |= DO_SALIENCY; break;
        case 'N': o->what |= DO_NEIGHBOURS; break;
        case 'F': o->what |= DO_FEATUREMAPS; break;
        case 'A': o->what |= DO_DIRECTIONS | DO_SALIENCY | DO_NEIGHBOURS | DO_FEATUREMAPS; break;
        case 'x': ok = cli_int("inspect", "index", optarg, 0, INT32_MAX, &o->index); break;
        case 'r': ok = cli_int("inspect", "starts", optarg, 1, 1024, &o->starts); break;
        case 'i': ok = cli_int("inspect", "iters", optarg, 1, 100000, &o->iters); break;
        case 'm': ok = cli_int("inspect", "samples", optarg, 1, 10000, &o->samples); break;
        case 's': ok = cli_int("inspect", "seed", optarg, 0, INT64_MAX, &o->seed); break;
        case 't': ok = cli_int("inspect", "threads", optarg, 1, 256, &o->threads); break;
        case 'd': o->data = optarg; break;
        case 'g': o->dataset = optarg; break;
        case 'h': fputs(inspect_help, stdout); return -1;
        case ':': cli_error("inspect: %s needs a value", argv[optind - 1]); return EXIT_USAGE;
        default: cli_error("inspect: unknown option '%s' (see ganscope inspect --help)", argv[optind - 1]); return EXIT_USAGE;
        }
        if (!ok) return EXIT_USAGE;
    }
    if (optind < argc) {
        cli_error("inspect: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!o->ckpt || !o->out || !o->what) {
        cli_error("inspect: --checkpoint, --out and at least one of --invert, --directions, --saliency, "
                  "--neighbours, --featuremaps, --all are required");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cmd_inspect(int argc, char **argv) {
    InspectOpts o = {.dataset = "mnist", .starts = 8, .iters = 300, .samples = 16, .seed = 1};
    int rc = parse(argc, argv, &o);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    GsError err;
    GsStatus st;
    GsGan gan;
    if ((st = gs_ckpt_load(&gan, o.ckpt, &err)) != GS_OK) return cli_fail(&err, st);
    gs_gan_adopt_ema(&gan); /* the algorithms read G's layers: the generator people see */
    if (o.threads && (st = gs_gan_set_threads(&gan, (int)o.threads, &err)) != GS_OK) {
        gs_gan_destroy(&gan);
        return cli_fail(&err, st);
    }
    if (mkdir(o.out, 0777) != 0 && errno != EEXIST) {
        cli_error("inspect: --out %s: cannot create the directory (%s)", o.out, strerror(errno));
        gs_gan_destroy(&gan);
        return EXIT_USAGE;
    }
    printf("inspect: %s (%s preset, step %lld)\n", o.ckpt, gan.cfg.preset, (long long)gan.step);
    /* eight samples from --seed: the first is the featuremaps' and directions' centre */
    enum { N = 8 };
    const int Z = gan.cfg.noise_dim;
    float *z = malloc(sizeof(float) * N * Z), *samples = malloc(sizeof(float) * N * GS_IMG_SIZE);
    if (!z || !samples) {
        st = gs_fail(&err, GS_ERR_NOMEM, "out of memory");
    } else {
        GsRng rng;
        gs_rng_seed(&rng, (uint64_t)o.seed);
        gs_gan_noise(&gan, &rng, z, N);
        gs_gan_generate(&gan, z, N, samples);
    }
    if (st == GS_OK && (o.what & DO_INVERT)) st = do_invert(&gan, &o, &err);
    if (st == GS_OK && (o.what & DO_DIRECTIONS)) st = do_directions(&gan, &o, z, &err);
    if (st == GS_OK && (o.what & DO_SALIENCY)) st = do_saliency(&gan, &o, samples, &err);
    if (st == GS_OK && (o.what & DO_NEIGHBOURS)) st = do_neighbours(&gan, &o, samples, &err);
    if (st == GS_OK && (o.what & DO_FEATUREMAPS)) st = do_featuremaps(&gan, &o, z, &err);
    free(z), free(samples);
    gs_gan_destroy(&gan);
    return st == GS_OK ? EXIT_OK : cli_fail(&err, st);
}

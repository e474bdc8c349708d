/* cmd_bench.c: `ganscope bench`: how fast a training step is on this machine, and how close
 * that is to what the hardware allows (this machine's own sgemm rate, measured in the same
 * run). Trains on the built-in MNIST set so it needs no data. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench_save.h"
#include "cli.h"
#include "gs_blas.h"
#include "gs_builtin.h"
#include "gs_gan.h"
#include "gs_ops.h"
#include "gs_pool.h"

static const char *bench_help =
    "usage: ganscope bench [--preset fast|keras] [--batch N] [--steps N] [--threads N]\n"
    "                      [--profile] [--unfused] [--save-replay N]\n"
    "Times training steps (median after one warm-up step) and prints the work per step,\n"
    "the rate achieved, this machine's cblas_sgemm peak measured in the same run, the ratio,\n"
    "and peak resident memory. --profile adds a per-layer breakdown; --unfused runs the\n"
    "generator's upsample and convolution as separate layers (the plain path), for comparison.\n"
    "--save-replay N times the checkpoint save instead, without and with a replay of N\n"
    "moments in it (768: an hour of fast, 108: of keras).\n"
    "Defaults: preset fast, the preset's batch, 10 steps (3 for keras), all cores.\n";

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* GFLOP/s of one large square single-precision product, median of 5 after a warm-up. */
#define SGEMM_N 2048 /* the reference product's side: 16 MB a matrix */

static double sgemm_peak(int *size_out) {
    const int n = SGEMM_N;
    float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
    if (!a || !b || !c) { /* the caller reports "not measured" */
        free(a), free(b), free(c);
        return 0.0;
    }
    for (size_t i = 0; i < (size_t)n * n; i++) a[i] = (float)(i % 7) * 0.1f, b[i] = (float)(i % 5) * 0.1f;
    double rates[5];
    for (int r = -1; r < 5; r++) {
        double t = cli_now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
        t = cli_now() - t;
        if (r >= 0) rates[r] = 2.0 * n * n * (double)n / t / 1e9;
    }
    free(a), free(b), free(c);
    *size_out = n;
    return median(rates, 5);
}

/* What handing work to the pool costs: microseconds per run of empty parts, median of 5
 * rounds of 2,000 runs (a fast step posts about 150 runs). */
static void no_work(void *ctx, int part, int parts) { (void)ctx, (void)part, (void)parts; }

static double pool_run_us(GsPool *pool) {
    double us[5];
    for (int r = 0; r < 5; r++) {
        double t = cli_now();
        for (int i = 0; i < 2000; i++) gs_pool_run(pool, no_work, NULL, 8);
        us[r] = (cli_now() - t) / 2000 * 1e6;
    }
    return median(us, 5);
}

/* Multiply-adds of one training step, from the layer shapes (see gs_gan_step). */
static double step_macs(const GsGan *gan, int nominal) {
    const double B = gan->cfg.batch;
    double g_fwd = 0, g_bwd = 0, d_fwd = 0, d_in = 0, d_first = 0;
    for (int i = 0; i < gan->g.n_layers; i++) {
        double m = gs_net_layer_macs(&gan->g, i, nominal);
        g_fwd += m;
        g_bwd += i == 0 ? m : 2 * m; /* the first layer needs no input gradient */
    }
    for (int i = 0; i < gan->d.n_layers; i++) {
        double m = gs_net_layer_macs(&gan->d, i, nominal);
        d_fwd += m;
        d_in += m;
        if (i == 0) d_first = m;
    }
    double d_step = B * g_fwd + 2 * B * (d_fwd + d_fwd + d_in - d_first);
    double g_step = B * (g_fwd + d_fwd + d_in + g_bwd);
    return d_step + g_step;
}

static void print_profile(const char *title, const GsNet *net, double step_s, int steps) {
    printf("\n%s                             forward ms  backward ms  share of step\n", title);
    for (int i = 0; i < net->n_layers; i++) {
        char name[96];
        gs_net_layer_name(net, i, name, sizeof name);
        double f = net->prof_fwd[i] / steps * 1e3, b = net->prof_bwd[i] / steps * 1e3;
        printf("  %-40s %9.2f %12.2f %8.1f%%\n", name, f, b, 100.0 * (f + b) / (step_s * 1e3));
    }
}

int cmd_bench(int argc, char **argv) {
    static const struct option longopts[] = {
        {"preset", required_argument, 0, 'p'}, {"batch", required_argument, 0, 'b'},
        {"steps", required_argument, 0, 'n'},  {"threads", required_argument, 0, 'j'},
        {"profile", no_argument, 0, 'P'},      {"unfused", no_argument, 0, 'U'},
        {"save-replay", required_argument, 0, 'R'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *preset = "fast";
    long long batch = 0, steps = 0, threads = 0, save_replay = 0;
    int profile = 0, unfused = 0;
    optind = 1, opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int ok = 1;
        switch (c) {
        case 'p': preset = optarg; break;
        case 'b': ok = cli_int("bench", "batch", optarg, 1, 4096, &batch); break;
        case 'n': ok = cli_int("bench", "steps", optarg, 1, 100000, &steps); break;
        case 'j': ok = cli_int("bench", "threads", optarg, 1, GS_THREADS_MAX, &threads); break;
        case 'P': profile = 1; break;
        case 'U': unfused = 1; break;
        case 'R': ok = cli_int("bench", "save-replay", optarg, 1, 1000000, &save_replay); break;
        case 'h': fputs(bench_help, stdout); return EXIT_OK;
        case ':': cli_error("bench: %s needs a value", argv[optind - 1]); return EXIT_USAGE;
        default: cli_error("bench: unknown option '%s' (see ganscope bench --help)", argv[optind - 1]); return EXIT_USAGE;
        }
        if (!ok) return EXIT_USAGE;
    }
    if (optind < argc) {
        cli_error("bench: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    GsError err;
    GsStatus st;
    GsConfig cfg;
    if ((st = gs_config_preset(&cfg, preset, &err)) != GS_OK) return cli_fail(&err, st);
    if (batch) cfg.batch = (int)batch;
    if (!steps) steps = strcmp(preset, "keras") == 0 ? 3 : 10;
    cfg.seed = 1, cfg.unfused = unfused;
    GsImages data;
    size_t size;
    const unsigned char *gz = gs_builtin_images(&size);
    if ((st = gs_idx_read_images_mem(gz, size, "built-in MNIST test set", &data, &err)) != GS_OK)
        return cli_fail(&err, st);
    GsGan gan;
    if ((st = gs_gan_create(&gan, &cfg, &err)) != GS_OK) {
        gs_images_free(&data);
        return cli_fail(&err, st);
    }
    if (threads && (st = gs_gan_set_threads(&gan, (int)threads, &err)) != GS_OK) {
        gs_gan_destroy(&gan);
        gs_images_free(&data);
        return cli_fail(&err, st);
    }
    if (save_replay) { /* the checkpoint save alone */
        int rc = bench_save_replay(&gan, (int)save_replay);
        gs_gan_destroy(&gan);
        gs_images_free(&data);
        return rc;
    }
    GsMetrics m;
    gs_gan_step(&gan, &data, &m); /* warm-up: first-touch of every buffer, BLAS start-up */
    gan.g.profile = gan.d.profile = profile;
    double *times = malloc(sizeof(double) * steps), total = 0;
    if (!times) {
        cli_error("bench: out of memory for %lld step times", steps);
        gs_gan_destroy(&gan);
        gs_images_free(&data);
        return EXIT_INTERNAL;
    }
    for (long long i = 0; i < steps; i++) {
        double t = cli_now();
        gs_gan_step(&gan, &data, &m);
        times[i] = cli_now() - t;
        total += times[i];
    }
    double mean = total / steps, med = median(times, (int)steps);
    double lo = times[0], hi = times[steps - 1];
    /* Peak memory of training, read before the sgemm test allocates its own matrices. */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* What a slider drag costs: the generator on one noise vector, inference mode. */
    double infer[21];
    float image[GS_IMG_SIZE];
    gan.g.profile = 0;
    for (int i = 0; i < 21; i++) {
        double t = cli_now();
        gs_gan_generate(&gan, gan.fixed_noise, 1, image);
        infer[i] = cli_now() - t;
    }
    double infer_ms = median(infer + 1, 20) * 1e3;
    /* What a replay moment costs the trainer: the 16 fixed-noise samples (window and train) */
    float moment[GS_FIXED_NOISE_COUNT * GS_IMG_SIZE];
    for (int i = 0; i < 21; i++) {
        double t = cli_now();
        gs_gan_generate(&gan, gan.fixed_noise, GS_FIXED_NOISE_COUNT, moment);
        infer[i] = cli_now() - t;
    }
    double moment_ms = median(infer + 1, 20) * 1e3;
    double pool_us = pool_run_us(gan.pool);
    /* the hardware's rate: OpenBLAS threading one big product over the same threads */
    int peak_n = 0;
    gs_blas_set_threads(gs_pool_threads(gan.pool));
    double peak = sgemm_peak(&peak_n);
    gs_blas_set_threads(1);
    double gflop = 2 * step_macs(&gan, 0) / 1e9, gflop_nominal = 2 * step_macs(&gan, 1) / 1e9;

    printf("ganscope bench: preset %s%s, batch %d, %d threads, %lld timed steps after 1 warm-up\n",
           preset, unfused ? " (unfused)" : "", cfg.batch, gs_pool_threads(gan.pool), steps);
    printf("  step time     median %.1f ms (min %.1f, max %.1f)\n", med * 1e3, lo * 1e3, hi * 1e3);
    printf("  work per step %.1f GFLOP performed; %.1f GFLOP at the tutorial layers' nominal cost\n",
           gflop, gflop_nominal);
    printf("                (dense and convolution products only, counted as performed: the fused\n"
           "                 upsample+conv's 3x3 phases, no padding taps where skipped)\n");
    printf("  achieved      %.1f GFLOP/s (%.1f GFLOP/s nominal)\n", gflop / med, gflop_nominal / med);
    if (peak > 0) {
        printf("  sgemm peak    %.1f GFLOP/s (cblas_sgemm %dx%dx%d, same threads, median of 5)\n", peak,
               peak_n, peak_n, peak_n);
        printf("  ratio         %.0f%% of the sgemm peak\n", 100.0 * gflop / med / peak);
    } else {
        printf("  sgemm peak    not measured\n");
        printf("  ratio         not measured\n");
    }
    printf("  peak memory   %.0f MB resident (training)\n", ru.ru_maxrss / 1024.0);
    const char *coretype = getenv("OPENBLAS_CORETYPE"), *l2 = getenv("OPENBLAS_L2_SIZE");
    printf("  openblas      %s kernels (OPENBLAS_CORETYPE %s, OPENBLAS_L2_SIZE %s); %s\n", gs_blas_corename(),
           coretype ? coretype : "unset", l2 ? l2 : "unset", gs_blas_config());
    printf("  direct conv   %s build of the few-filter loops\n", gs_conv_direct_variant());
    printf("  1 image       %.2f ms for the generator alone (median of 20)\n", infer_ms);
    printf("  16 images     %.2f ms: a replay moment (median of 20)\n", moment_ms);
    printf("  thread pool   %.2f us to hand out and collect one run of 8 empty parts (median of 5 x 2,000)\n",
           pool_us);
    if (profile) {
        print_profile("generator", &gan.g, mean, (int)steps);
        print_profile("discriminator", &gan.d, mean, (int)steps);
    }
    free(times);
    gs_gan_destroy(&gan);
    gs_images_free(&data);
    if (peak <= 0) { /* the reference the ratio needs is missing: not a full result */
        cli_error("bench: out of memory for the %dx%d sgemm reference: the ratio was not measured", SGEMM_N, SGEMM_N);
        return EXIT_INTERNAL;
    }
    return EXIT_OK;
}

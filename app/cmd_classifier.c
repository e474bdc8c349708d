/* cmd_classifier.c: `ganscope classifier train|test`: training the digit judge (gs_judge.h)
 * and measuring its accuracy on a test set. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "gs_blas.h"
#include "gs_judge.h"
#include "gs_pool.h"
#include "gs_scores.h"

static const char *classifier_help =
    "usage: ganscope classifier train [--data PATH] [--dataset mnist|fashion] [--seed N]\n"
    "                                 [--epochs N] [--batch N] [--lr X] [--threads N] --out FILE\n"
    "       ganscope classifier test FILE|builtin [--data DIR] [--dataset mnist|fashion]\n"
    "train: trains the judge (a small CNN) on the training set found as `ganscope train` finds\n"
    "it (--data: a directory or an IDX3 file with labels next to it), Adam with a cosine\n"
    "decay (defaults: 8 epochs, batch 64, lr 2e-3, seed 1), and writes FILE (.gsj). The same\n"
    "seed and --threads (default: one per core) give the same weights on the same CPU.\n"
    "test: prints the test-set accuracy of FILE (or of the built-in judge) on the t10k images\n"
    "of --data DIR, else of the data set it was trained on.\n";

typedef struct Progress {
    double t0;
} Progress;

static void print_epoch(void *ctx, int epoch, double loss, double acc) {
    Progress *p = ctx;
    fprintf(stderr, "epoch %d: loss %.4f, train accuracy %.4f (%.0f s)\n", epoch, loss, acc,
            cli_now() - p->t0);
}

/* The judge's threads: a pool (threads 0: one per core), products single-threaded inside
 * it. The images are split between the threads, so the weights a seed gives depend on it. */
static int use_threads(GsJudge *j, int threads, GsPool **pool) {
    GsError err;
    GsStatus st = gs_pool_create(pool, threads > 0 ? threads : gs_cpu_count(), &err);
    if (st == GS_OK) st = gs_net_set_pool(&j->net, *pool, &err);
    if (st != GS_OK) return cli_fail(&err, st);
    gs_blas_set_threads(1);
    return EXIT_OK;
}

static int classifier_train(int argc, char **argv) {
    static const struct option longopts[] = {
        {"data", required_argument, 0, 'd'}, {"dataset", required_argument, 0, 'D'},
        {"seed", required_argument, 0, 's'}, {"epochs", required_argument, 0, 'e'},
        {"batch", required_argument, 0, 'b'}, {"lr", required_argument, 0, 'l'},
        {"out", required_argument, 0, 'o'},  {"threads", required_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},       {0, 0, 0, 0}};
    const char *data = NULL, *out = NULL;
    long long seed = 1, epochs = 8, batch = 64, threads = 0;
    double lr = 2e-3;
    GsDataset ds = GS_DATASET_MNIST;
    GsError err;
    GsStatus st;
    optind = 1, opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int ok = 1;
        switch (c) {
        case 'd': data = optarg; break;
        case 'o': out = optarg; break;
        case 'D': ok = cli_dataset("classifier", optarg, &ds); break;
        case 's': ok = cli_int("classifier", "seed", optarg, 0, INT64_MAX, &seed); break;
        case 'e': ok = cli_int("classifier", "epochs", optarg, 1, 1000, &epochs); break;
        case 'b': ok = cli_int("classifier", "batch", optarg, 1, 1024, &batch); break;
        case 'l': ok = cli_double("classifier", "lr", optarg, 1e-6, 1.0, &lr); break;
        case 'j': ok = cli_int("classifier", "threads", optarg, 1, 256, &threads); break;
        case 'h': fputs(classifier_help, stdout); return EXIT_OK;
        case ':': cli_error("classifier: %s needs a value", argv[optind - 1]); return EXIT_USAGE;
        default: cli_error("classifier: unknown option '%s' (see ganscope classifier --help)", argv[optind - 1]); return EXIT_USAGE;
        }
        if (!ok) return EXIT_USAGE;
    }
    if (optind < argc) {
        cli_error("classifier train: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!out) {
        cli_error("classifier train: --out FILE is required");
        return EXIT_USAGE;
    }
    GsImages train;
    if ((st = gs_data_load(data, ds, &train, &err)) != GS_OK) return cli_fail(&err, st);
    if (!train.labels) {
        cli_error("classifier train: %s: no labels file next to the images", train.source);
        gs_images_free(&train);
        return EXIT_USAGE;
    }
    fprintf(stderr, "ganscope: training the %s judge on %d images from %s\n", gs_dataset_name(ds),
            train.n, train.source);
    GsJudge judge;
    GsPool *pool = NULL;
    int rc = EXIT_OK;
    if ((st = gs_judge_create(&judge, ds, (int)batch, (uint64_t)seed, &err)) != GS_OK) {
        gs_images_free(&train);
        return cli_fail(&err, st);
    }
    if ((rc = use_threads(&judge, (int)threads, &pool)) != EXIT_OK) goto done;
    Progress prog = {cli_now()};
    GsJudgeTrainOptions opt = {(int)epochs, (int)batch, (float)lr, (uint64_t)seed, print_epoch, &prog};
    if ((st = gs_judge_train(&judge, &train, &opt, &err)) != GS_OK) {
        rc = cli_fail(&err, st);
        goto done;
    }
    /* The test set's feature statistics go into the file, so scoring need not recompute
     * them; without a test set the file simply has none. */
    GsImages test;
    if ((st = gs_data_load_test(NULL, ds, &test, &err)) == GS_OK) {
        st = gs_real_stats_compute(&judge.real, &judge, &test, &err);
        gs_images_free(&test);
    }
    if (st != GS_OK) cli_error("warning: %s; %s will hold no real-image statistics", err.msg, out);
    if ((st = gs_judge_save(&judge, out, &err)) != GS_OK) {
        rc = cli_fail(&err, st), rc = EXIT_INTERNAL; /* a write failure is not bad input */
        goto done;
    }
    fprintf(stderr, "ganscope: wrote %s (%.0f s)\n", out, cli_now() - prog.t0);
done:
    gs_judge_destroy(&judge);
    gs_pool_destroy(pool);
    gs_images_free(&train);
    return rc;
}

static int classifier_test(int argc, char **argv) {
    static const struct option longopts[] = {
        {"data", required_argument, 0, 'd'}, {"dataset", required_argument, 0, 'D'},
        {"help", no_argument, 0, 'h'},       {0, 0, 0, 0}};
    const char *data = NULL, *dsname = NULL;
    GsError err;
    GsStatus st;
    optind = 1, opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': data = optarg; break;
        case 'D': dsname = optarg; break;
        case 'h': fputs(classifier_help, stdout); return EXIT_OK;
        case ':': cli_error("classifier: %s needs a value", argv[optind - 1]); return EXIT_USAGE;
        default: cli_error("classifier: unknown option '%s' (see ganscope classifier --help)", argv[optind - 1]); return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_error("classifier test: needs one judge FILE (or 'builtin')");
        return EXIT_USAGE;
    }
    const char *file = argv[optind];
    GsDataset ds = GS_DATASET_MNIST;
    if (dsname && !cli_dataset("classifier", dsname, &ds)) return EXIT_USAGE;
    GsJudge judge;
    st = strcmp(file, "builtin") ? gs_judge_load(&judge, file, 256, &err)
                                 : gs_judge_load_builtin(&judge, ds, 256, &err);
    if (st != GS_OK) return cli_fail(&err, st);
    if (!dsname) ds = judge.dataset; /* a judge is tested on what it judges */
    GsImages test;
    GsPool *pool = NULL;
    int rc = EXIT_OK;
    if ((st = gs_data_load_test(data, ds, &test, &err)) != GS_OK) {
        gs_judge_destroy(&judge);
        return cli_fail(&err, st);
    }
    double acc = 0, t0 = cli_now();
    if ((rc = use_threads(&judge, 0, &pool)) == EXIT_OK) {
        if ((st = gs_judge_accuracy(&judge, &test, 0, test.n, &acc, &err)) != GS_OK) rc = cli_fail(&err, st);
        else printf("accuracy %.4f\nimages %d\nsource %s\nseconds %.2f\n", acc, test.n, test.source, cli_now() - t0);
    }
    gs_judge_destroy(&judge);
    gs_pool_destroy(pool);
    gs_images_free(&test);
    return rc;
}

int cmd_classifier(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(classifier_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (!strcmp(argv[1], "train")) return classifier_train(argc - 1, argv + 1);
    if (!strcmp(argv[1], "test")) return classifier_test(argc - 1, argv + 1);
    cli_error("classifier: unknown subcommand '%s' (train or test)", argv[1]);
    return EXIT_USAGE;
}

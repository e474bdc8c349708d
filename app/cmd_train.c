/* cmd_train.c: `ganscope train`: headless training with progress, metrics, sample grids and
 * checkpoints; stops at --steps or --seconds, or cleanly on Ctrl-C after saving. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "gs_blas.h"
#include "gs_ckpt.h"
#include "gs_data.h"
#include "gs_file.h"
#include "gs_scenario.h"
#include "model_flags.h"
#include "run_data.h"
#include "run_files.h"
#include "run_watch.h"
#include "train_scores.h"

typedef struct TrainOptions {
    ModelFlags m;
    long long sample_every, checkpoint_every, replay_every;
    double seconds;
    const char *scenario; /* --scenario NAME, or NULL */
    long long score_steps; /* --score-every: steps, or seconds in score_seconds; -1 default */
    double score_seconds;
    long long score_count; /* --score-count: samples a score */
} TrainOptions;

static const char *train_help =
    "usage: ganscope train [OPTIONS]\n"
    "Trains the DCGAN without a window.\n\n"
    "  --preset fast|keras    model size: 'fast' (default) shows digits within a minute;\n"
    "                         'keras' is the tutorial's model and settings exactly\n"
    "  --batch N              real images per step (preset default: fast 16, then 128 with\n"
    "                         D dropout 0.4 after step 1000; keras 256); a batch given here\n"
    "                         is every step's, with no second phase\n"
    "  --steps N              stop after N steps in total (default 10000)\n"
    "  --seconds S            stop after S seconds of this run (default: no limit)\n"
    "  --seed N               random seed: same seed, data and threads = same weights (default 1)\n"
    "  --data PATH            MNIST-style directory or one IDX images file (.gz or raw)\n"
    "  --dataset mnist|fashion  which set to search for when --data is not given\n"
    "  --out DIR              output directory (default ganscope-run; with --resume, the\n"
    "                         checkpoint's directory)\n"
    "  --sample-every N       write a 4x4 sample grid every N steps (default 500 keras, 100 fast)\n"
    "  --checkpoint-every N   save DIR/checkpoint.gsck every N steps (default 500)\n"
    "  --resume FILE          continue a checkpoint exactly where it stopped\n"
    "  --threads N            BLAS threads (default: all cores)\n"
    "  --score-every N|Ns     the judge's scores of 500 fixed samples every N steps or N\n"
    "                         seconds, as metrics.csv columns (default: keras 20, fast 30s;\n"
    "                         0: off)\n"
    "  --score-count N        samples a score (default 500)\n"
    "  --scenario NAME        a run set up to fail on purpose (see ganscope scenarios)\n"
    "  --replay-every N       keep the 16 samples every N steps in DIR/replay.gsr for\n"
    "                         ganscope export; 0: none (default 10 keras, 50 fast)\n"
    "  --help                 this text\n\n"
    "Writes DIR/metrics.csv (a row per step), DIR/samples/*.png and DIR/checkpoint.gsck.\n"
    "Data search without --data: $GANSCOPE_DATA, ./data/<set>, ~/.local/share/ganscope/<set>,\n"
    "the install's share/ganscope/<set>, then the built-in MNIST test set.\n";

static volatile sig_atomic_t stop_requested = 0;
static void on_signal(int sig) {
    (void)sig;
    stop_requested = 1;
}

static int parse_train(int argc, char **argv, TrainOptions *o) {
    static const struct option longopts[] = {
        MODEL_FLAG_OPTIONS,
        {"seconds", required_argument, 0, 't'},      {"sample-every", required_argument, 0, 'S'},
        {"checkpoint-every", required_argument, 0, 'C'}, {"help", no_argument, 0, 'h'},
        {"score-every", required_argument, 0, 'E'}, {"score-count", required_argument, 0, 'Q'},
        {"scenario", required_argument, 0, 'Z'},     {"replay-every", required_argument, 0, 'R'},
        {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    model_flags_defaults(&o->m);
    o->m.steps = 10000, o->sample_every = -1, o->checkpoint_every = 500, o->seconds = -1;
    o->replay_every = -1;
    o->score_steps = -1;
    optind = 1, opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int ok = model_flag("train", c, optarg, argv, &o->m);
        if (ok >= 0) {
            if (!ok) return 0;
            continue;
        }
        ok = 1;
        switch (c) {
        case 't': ok = cli_double("train", "seconds", optarg, 0, 1e9, &o->seconds); break;
        case 'S': ok = cli_int("train", "sample-every", optarg, 1, 1000000000, &o->sample_every); break;
        case 'C': ok = cli_int("train", "checkpoint-every", optarg, 1, 1000000000, &o->checkpoint_every); break;
        case 'E':
            if (!(ok = train_scorer_parse(optarg, &o->score_steps, &o->score_seconds)))
                cli_error("train: --score-every: '%s' is not a step count, a number of seconds "
                          "like 30s, or 0", optarg);
            break;
        case 'Q': ok = cli_int("train", "score-count", optarg, 2, 100000, &o->score_count); break;
        case 'R': ok = cli_int("train", "replay-every", optarg, 0, 1000000000, &o->replay_every); break;
        case 'Z': ok = model_flag_scenario("train", optarg, &o->scenario); break;
        case 'h': fputs(train_help, stdout); return -1;
        }
        if (!ok) return 0;
    }
    if (optind < argc) {
        cli_error("train: unexpected argument '%s' (see ganscope train --help)", argv[optind]);
        return 0;
    }
    if (o->m.resume && (o->m.preset_set || o->m.batch_set || o->m.seed_set || o->scenario)) {
        cli_error("train: --preset, --batch, --seed and --scenario come from the checkpoint; drop them with --resume");
        return 0;
    }
    if (o->scenario && (o->m.preset_set || o->m.batch_set)) {
        cli_error("train: --scenario sets the model; drop --preset and --batch");
        return 0;
    }
    return 1;
}

static void print_progress(const GsMetrics *m, long long target, double rate, int final) {
    static double last = -1;
    double now = cli_now();
    int tty = isatty(STDERR_FILENO);
    if (!final && now - last < (tty ? 0.25 : 5.0)) return;
    last = now;
    double eta = rate > 0 ? (target - m->step) / rate : 0;
    fprintf(stderr, "%sstep %lld/%lld  %.2f steps/s  D loss %.3f acc %.2f  G loss %.3f acc %.2f  ETA %dm%02ds%s",
            tty ? "\r" : "", (long long)m->step, target, rate, m->d_loss, m->d_acc, m->g_loss, m->g_acc,
            (int)(eta / 60), (int)eta % 60, tty && !final ? "  " : "\n");
    fflush(stderr);
}

/* The checkpoint with the replay so far and the data's name (run_data.h) as sections. */
static GsStatus save(const GsGan *gan, const RunWatch *watch, const GsImages *data, const char *ckpt,
                     GsError *err) {
    GsCkptSection sec[2];
    int n = run_watch_section(watch, &sec[0]);
    sec[n++] = run_data_section(data);
    return gs_ckpt_save_with(gan, sec, n, ckpt, err);
}

int cmd_train(int argc, char **argv) {
    TrainOptions o;
    int parsed = parse_train(argc, argv, &o);
    if (parsed <= 0) return parsed < 0 ? EXIT_OK : EXIT_USAGE;

    GsError err;
    GsStatus st;
    GsDataset ds;
    if ((st = gs_dataset_parse(o.m.dataset, &ds, &err)) != GS_OK) return cli_fail(&err, st);
    char out[4096];
    model_flags_out_dir(&o.m, out, sizeof out);
    char ckpt[4200], samples[4200];
    snprintf(ckpt, sizeof ckpt, "%s/checkpoint.gsck", out);
    snprintf(samples, sizeof samples, "%s/samples", out);

    GsGan gan;
    GsCkptSections secs = {0};
    if (o.m.resume) {
        if ((st = gs_ckpt_load_with(&gan, &secs, o.m.resume, &err)) != GS_OK) return cli_fail(&err, st);
    } else {
        GsConfig cfg;
        st = o.scenario ? gs_scenario_config(gs_scenario_find(o.scenario), (uint64_t)o.m.seed, &cfg, &err)
                        : model_flags_config(&o.m, &cfg, &err);
        if (st != GS_OK) return cli_fail(&err, st);
        if ((st = gs_gan_create(&gan, &cfg, &err)) != GS_OK) return cli_fail(&err, st);
    }
    if (o.sample_every < 0) o.sample_every = strcmp(gan.cfg.preset, "keras") == 0 ? 500 : 100;
    if (o.replay_every < 0) o.replay_every = strcmp(gan.cfg.preset, "keras") == 0 ? 10 : 50;
    if (o.m.threads && (st = gs_gan_set_threads(&gan, (int)o.m.threads, &err)) != GS_OK) {
        gs_ckpt_sections_free(&secs);
        gs_gan_destroy(&gan);
        return cli_fail(&err, st);
    }

    GsImages data;
    if ((st = gs_data_load(o.m.data, ds, &data, &err)) != GS_OK) {
        gs_ckpt_sections_free(&secs);
        gs_gan_destroy(&gan);
        return cli_fail(&err, st);
    }
    if (o.m.resume && !o.m.data && !o.m.dataset_set && (st = run_data_check(&secs, &data, o.m.resume, &err)) != GS_OK) {
        gs_ckpt_sections_free(&secs);
        gs_images_free(&data);
        gs_gan_destroy(&gan);
        return cli_fail(&err, st);
    }
    const GsScenario *scenario = gs_scenario_find(gan.cfg.preset); /* a resumed one too, by its name */
    GsImages train = gs_scenario_view(scenario, &data);            /* its real-set limit */
    int rc = EXIT_OK, lock_fd = -1, watching = 0;
    FILE *metrics = NULL;
    RunWatch watch;
    char doctor[128];
    TrainScorer scorer = {0};
    GsScores scores;
    double t_offset = 0;
    if ((st = run_dir_open(out, o.m.resume, &lock_fd, &err)) != GS_OK) {
        rc = cli_fail(&err, st);
        goto done;
    }
    /* From here every failure is a failed write: exit 1 (cli_fail_write). */
    int restored = 0; /* a run directory without the checkpoint's replay gets it back */
    if (o.m.resume && o.replay_every &&
        (st = run_watch_restore(out, &secs, o.m.resume, gan.step, &restored, &err)) != GS_OK) {
        rc = cli_fail_write(&err);
        goto done;
    }
    gs_ckpt_sections_free(&secs);
    if (restored)
        fprintf(stderr, "ganscope: %s/%s restored from the checkpoint (%d moments)\n", out, GS_REPLAY_FILE, restored);
    if ((st = metrics_open(out, o.m.resume ? gan.step : -1, &metrics, &t_offset, &err)) != GS_OK ||
        (st = samples_write_real(&train, out, &err)) != GS_OK) {
        rc = cli_fail_write(&err);
        goto done;
    }
    char batch[96];
    gs_config_batch_text(&gan.cfg, batch, sizeof batch);
    fprintf(stderr, "ganscope: training preset %s, batch %s, on %s (%s%d images); writing %s/\n",
            gan.cfg.preset, batch, data.source, train.n < data.n ? "the first " : "", train.n, out);
    if (scenario && gan.step == 0) gs_scenario_prepare(scenario, &gan, &train);
    if ((st = run_watch_start(&watch, &gan, &train, out, o.m.resume ? gan.step : -1, o.replay_every, &err)) != GS_OK) {
        rc = cli_fail_write(&err);
        goto done;
    }
    watching = 1;
    if ((st = run_watch_verdicts(&watch, &data, train.n < data.n ? train.n : 0, &err)) != GS_OK) {
        rc = cli_fail(&err, st);
        goto done;
    }
    if (gan.step == 0 && (st = samples_write_step(&gan, out, &err)) != GS_OK) {
        rc = cli_fail_write(&err);
        goto done;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    const double t0 = cli_now();
    const long long start_step = gan.step;
    train_scorer_init(&scorer, &gan, ds, o.score_steps, o.score_seconds, (int)o.score_count, t0);
    GsMetrics m = {0};
    m.step = gan.step;
    while (gan.step < o.m.steps && !stop_requested && (o.seconds < 0 || cli_now() - t0 < o.seconds)) {
        gs_gan_step(&gan, &train, &m);
        double elapsed = cli_now() - t0;
        int scored = train_scorer_maybe(&scorer, &gan, cli_now(), &scores);
        if ((st = run_watch_step(&watch, &gan, &m, t_offset + elapsed, scored ? &scores : NULL, doctor,
                                 sizeof doctor, &err)) != GS_OK ||
            (st = metrics_write(metrics, out, &m, t_offset + elapsed, scored ? &scores : NULL, doctor, &err)) != GS_OK)
            break;
        if (!isfinite(m.d_loss) || !isfinite(m.g_loss) || gs_gan_diverged(&gan)) {
            cli_error("training diverged at step %lld (a loss or weight became NaN/inf); "
                      "the last good checkpoint %s is kept",
                      (long long)m.step, ckpt);
            rc = EXIT_INTERNAL;
            goto done;
        }
        print_progress(&m, o.m.steps, (gan.step - start_step) / elapsed, 0);
        if (gan.step % o.sample_every == 0 && (st = samples_write_step(&gan, out, &err)) != GS_OK) break;
        if (gan.step % o.checkpoint_every == 0 && ((st = metrics_sync(metrics, out, &err)) != GS_OK ||
                                                   (st = run_watch_sync(&watch, &err)) != GS_OK ||
                                                   (st = save(&gan, &watch, &data, ckpt, &err)) != GS_OK))
            break;
    }
    if (st != GS_OK) {
        rc = cli_fail_write(&err);
        goto done;
    }
    if (gan.step > start_step) print_progress(&m, o.m.steps, (gan.step - start_step) / (cli_now() - t0), 1);
    /* Final state: the latest samples and checkpoint, whatever stopped the loop. */
    if (gan.step == start_step) m.d_loss = m.g_loss = NAN; /* no step ran: no losses to show */
    if ((gan.step % o.sample_every != 0 && (st = samples_write_step(&gan, out, &err)) != GS_OK) ||
        (st = run_watch_final(&watch, &gan, &m, t_offset + cli_now() - t0, &err)) != GS_OK ||
        (st = metrics_sync(metrics, out, &err)) != GS_OK ||
        (st = save(&gan, &watch, &data, ckpt, &err)) != GS_OK) {
        rc = cli_fail_write(&err);
        goto done;
    }
    fprintf(stderr, "ganscope: %s after %lld steps; samples in %s/, checkpoint %s\n",
            stop_requested ? "stopped by signal" : "done", (long long)gan.step, samples, ckpt);
    if (scorer.count)
        fprintf(stderr, "ganscope: scoring (%d times) took %.2f s, %.1f%% of the run\n",
                scorer.count, scorer.seconds, 100.0 * scorer.seconds / (cli_now() - t0));
done:
    gs_ckpt_sections_free(&secs);
    train_scorer_free(&scorer);
    if (watching && (st = run_watch_finish(&watch, &err)) != GS_OK && rc == EXIT_OK) rc = cli_fail_write(&err);
    if (metrics && (st = metrics_close(metrics, out, &err)) != GS_OK && rc == EXIT_OK) rc = cli_fail_write(&err);
    gs_file_unlock_dir(lock_fd);
    gs_images_free(&data);
    gs_gan_destroy(&gan);
    return rc;
}

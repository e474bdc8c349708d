/* trainer.c: the trainer thread (trainer.h): a loop that takes the UI's requests between
 * steps, steps while running, and publishes snapshots at most every publish_every seconds
 * (and after every single step asked for). */
#define _GNU_SOURCE /* gettid */
#include "trainer.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "gs_ckpt.h"
#include "gs_file.h"
#include "gs_scenario.h"
#include "run_data.h"

#define TRAINER_NICE 5 /* how far below the window's threads training runs */

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void notify(Trainer *t) {
    if (t->notify) t->notify(t->notify_ctx);
}

static void say(Trainer *t, int error, const char *fmt, ...) {
    pthread_mutex_lock(&t->lock);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->message, sizeof t->message, fmt, ap);
    va_end(ap);
    t->message_error = error;
    t->message_seq++;
    pthread_mutex_unlock(&t->lock);
    notify(t);
}

static void record(Trainer *t, const GsMetrics *m) {
    t->last = *m;
    t->records++;
    t->recent[t->recent_head] = *m;
    t->recent_head = (t->recent_head + 1) % GS_SNAPSHOT_RECENT;
    if (t->recent_n < GS_SNAPSHOT_RECENT) t->recent_n++;
}

static void publish(Trainer *t) {
    GsSnapshot *s = gs_snapshot_begin(t->snapshots);
    GsError err;
    if (gs_snapshot_copy_gan_as(s, &t->gan, t->by_hand, &err) != GS_OK) {
        say(t, 1, "%s", err.msg);
        return;
    }
    s->run = t->run;
    s->user = t->records;
    s->seconds = t->seconds;
    s->n_recent = t->recent_n;
    s->has_metrics = t->recent_n > 0;
    int first = (t->recent_head - t->recent_n + GS_SNAPSHOT_RECENT) % GS_SNAPSHOT_RECENT;
    for (int i = 0; i < t->recent_n; i++) s->recent[i] = t->recent[(first + i) % GS_SNAPSHOT_RECENT];
    if (s->has_metrics) s->metrics = s->recent[s->n_recent - 1];
    else memset(&s->metrics, 0, sizeof s->metrics);
    gs_snapshot_publish(t->snapshots);
    notify(t);
}

/* Shares the watch (what the model overview shows) and the phase under way (-1: none);
 * wake: tell the window now rather than at the next publish. */
static void share_watch(Trainer *t, int running, int wake) {
    pthread_mutex_lock(&t->lock);
    t->watch_shared = t->watch;
    t->watch_running = running;
    t->watch_seq++;
    pthread_mutex_unlock(&t->lock);
    if (wake) notify(t);
}

/* A fresh run: metrics history restarts. */
static void new_run(Trainer *t) {
    t->run++;
    t->recent_n = t->recent_head = 0;
    memset(&t->last, 0, sizeof t->last);
    t->seconds = 0;
    memset(&t->watch, 0, sizeof t->watch);
    t->watch.phase = -1;
    share_watch(t, -1, 0);
}

/* The phases of a full step from the next one up to before `last`, into t->step_m, the
 * watch shared before each: the overview highlights the phase under way (a step slower
 * than a tenth of a second wakes the window for it; a phase asked for alone always does). */
static void run_phases(Trainer *t, int last, int wake) {
    double t0 = now_s();
    for (int p = gs_gan_next_phase(&t->gan); p < last && !gs_gan_stopped(&t->gan); p++) {
        share_watch(t, p, wake || now_s() - t0 > 0.1);
        gs_gan_step_phase(&t->gan, trainer_train_set(t), (GsStepPhase)p, &t->step_m, NULL);
    }
    share_watch(t, -1, wake);
}

/* One step of the given kind, timed and recorded (half steps too: the graphs get a point
 * at the same step count, with the other half's latest values). Returns 0 when training
 * diverged. A full step runs the six phases from the next one (finishing a step begun
 * phase by phase); TRAINER_REQ_PHASE runs one and records the step after its last. A stop
 * abandons it between layers (gs_gan_set_stop): nothing is recorded, the GAN is about to
 * be freed. */
static int do_step(Trainer *t, unsigned kind) {
    GsMetrics m = t->last;
    double t0 = now_s();
    if (kind == TRAINER_REQ_STEP_D) gs_gan_step_d(&t->gan, trainer_train_set(t), &m), share_watch(t, -1, 0);
    else if (kind == TRAINER_REQ_STEP_G) gs_gan_step_g(&t->gan, &m), share_watch(t, -1, 0);
    else {
        int next = gs_gan_next_phase(&t->gan), last = kind == TRAINER_REQ_PHASE ? next + 1 : GS_PHASE_COUNT;
        run_phases(t, last, kind == TRAINER_REQ_PHASE);
        m = t->step_m;
        if (last < GS_PHASE_COUNT) { /* a step under way: recorded when its last phase ran */
            t->seconds += now_s() - t0;
            return 1;
        }
    }
    if (gs_gan_stopped(&t->gan)) return 1;
    t->seconds += now_s() - t0;
    m.step = t->gan.step; /* half steps keep the step count */
    record(t, &m);
    if (kind == TRAINER_REQ_STEP || kind == TRAINER_REQ_PHASE) trainer_doctor_step(t, &m); /* a whole step */
    pthread_mutex_lock(&t->lock);
    t->steps_done++;
    pthread_mutex_unlock(&t->lock);
    int bad = (kind != TRAINER_REQ_STEP_G && !isfinite(m.d_loss)) ||
              (kind != TRAINER_REQ_STEP_D && !isfinite(m.g_loss)) ||
              (t->gan.step % 50 == 0 && gs_gan_diverged(&t->gan));
    return !bad;
}

/* A replay moment when one is due: the 16 samples of the grid's first noise vectors, by the
 * GAN in prediction mode (no RNG drawn: training is unchanged). On this thread, between
 * steps: about one generator pass of 16 every 50 steps (fast) or 10 (keras). */
static void record_moment(Trainer *t) {
    /* only between steps: in the middle of a slow-motion step the generator's buffers hold
     * the step's own fakes, which the next phase reads */
    if (gs_gan_next_phase(&t->gan) != GS_PHASE_FAKES) return;
    if (!t->replay || !replay_store_due(t->replay, t->run, t->gan.step, replay_store_every(t->replay, &t->gan.cfg))) return;
    int zdim = t->gan.cfg.noise_dim;
    float *noise = malloc(sizeof(float) * REPLAY_IMAGES * (size_t)zdim);
    float *img = malloc(sizeof(float) * REPLAY_IMAGES * GS_IMG_SIZE);
    GsError err;
    if (!noise || !img) say(t, 1, "replay: out of memory");
    else {
        replay_store_noise(t->replay, zdim, noise);
        gs_gan_generate(&t->gan, noise, REPLAY_IMAGES, img);
        GsMetrics m = t->last;
        m.step = t->gan.step;
        if (!t->recent_n) m.d_loss = m.g_loss = NAN; /* before the first step */
        if (replay_store_add(t->replay, t->run, &m, t->seconds, img, trainer_doctor_raised(t), &err) != GS_OK) say(t, 1, "replay: %s", err.msg);
    }
    free(noise);
    free(img);
}

/* Saves the GAN to path with the replay as its RPLY section and the data's name as its DSRC
 * (run_data.h: what `train --resume` checks), and the replay as replay.gsr next to it (the
 * run directory's, for ganscope export). */
static GsStatus save_with_replay(Trainer *t, const char *path, GsError *err) {
    uint8_t *bytes = NULL;
    size_t len = 0;
    GsStatus st = t->replay ? replay_store_bytes(t->replay, &bytes, &len, err) : GS_OK;
    GsCkptSection sec[2] = {{{'R', 'P', 'L', 'Y'}, bytes, len}};
    const int n = len ? 1 : 0;
    sec[n] = run_data_section(&t->data);
    if (st == GS_OK) st = gs_ckpt_save_with(&t->gan, sec, n + 1, path, err);
    if (st == GS_OK && len) {
        char file[1100];
        const char *slash = strrchr(path, '/');
        if (slash) snprintf(file, sizeof file, "%.*s/%s", (int)(slash - path), path, GS_REPLAY_FILE);
        else snprintf(file, sizeof file, "%s", GS_REPLAY_FILE);
        st = gs_file_write_atomic(file, bytes, len, err);
    }
    free(bytes);
    return st;
}

/* Shares the training set's kind, size and first images with the UI. (thread or start) */
static void share_data(Trainer *t, GsDataset ds) {
    pthread_mutex_lock(&t->lock);
    t->dataset = t->data_path_ds = ds;
    t->data_n = t->data.n;
    t->real_n = t->data.n < TRAINER_REAL_MAX ? (int)t->data.n : TRAINER_REAL_MAX;
    memcpy(t->real, t->data.pixels, (size_t)t->real_n * GS_IMG_SIZE);
    t->data_seq++;
    pthread_mutex_unlock(&t->lock);
}

static void replace_gan(Trainer *t, GsGan *fresh) {
    GsError err;
    if (t->threads > 0) gs_gan_set_threads(fresh, t->threads, &err);
    gs_gan_destroy(&t->gan);
    t->gan = *fresh;
    gs_gan_set_stop(&t->gan, &t->stop_flag);
    gs_gan_set_watch(&t->gan, &t->watch);
    new_run(t);
}

/* TRAINER_REQ_RESTART: everything new is made before anything old is dropped. */
static void restart(Trainer *t, const char *preset, GsDataset ds, GsDataset cur) {
    GsError err;
    GsConfig cfg;
    const GsScenario *sc = gs_scenario_find(preset); /* a break-it scenario is restarted like a preset */
    if ((sc ? gs_scenario_config(sc, t->gan.cfg.seed, &cfg, &err) : gs_config_preset(&cfg, preset, &err)) != GS_OK) {
        say(t, 1, "restart failed: %s", err.msg);
        return;
    }
    cfg.seed = t->gan.cfg.seed;
    GsImages data;
    memset(&data, 0, sizeof data);
    int new_data = ds != cur;
    const char *path = ds == t->data_path_ds && t->data_path[0] ? t->data_path : NULL; /* --data */
    if (new_data && gs_data_load(path, ds, &data, &err) != GS_OK) {
        say(t, 1, "no %s data, training goes on as it was: %s", gs_dataset_name(ds), err.msg);
        return;
    }
    GsGan fresh;
    if (gs_gan_create(&fresh, &cfg, &err) != GS_OK) {
        if (new_data) gs_images_free(&data);
        say(t, 1, "restart failed: %s", err.msg);
        return;
    }
    replace_gan(t, &fresh);
    if (new_data) {
        gs_images_free(&t->data);
        t->data = data;
        share_data(t, ds);
    }
    trainer_scenario_prepare(t);
    char batch[96];
    gs_config_batch_text(&t->gan.cfg, batch, sizeof batch);
    say(t, 0, "restarted: preset %s, batch %s, on %s", t->gan.cfg.preset, batch, t->data.source);
}

/* Training takes every core it can; the render and view-inference threads need a few
 * milliseconds now and then, and must get them at once for a slider drag to feel live. So
 * the trainer thread runs a little below normal priority, and the pool threads it creates
 * inherit that (on Linux, nice is per thread and inherited). Elsewhere: no change. */
static void run_in_background(void) {
#ifdef __linux__
    pid_t tid = gettid();
    errno = 0;
    int cur = getpriority(PRIO_PROCESS, (id_t)tid);
    if (errno == 0) setpriority(PRIO_PROCESS, (id_t)tid, cur + TRAINER_NICE);
#endif
}

/* The commands asked for since the last look, copied out under the lock. */
typedef struct Commands {
    unsigned req;
    int steps;
    float lr_d, lr_g;
    uint64_t seed;
    char preset[sizeof ((Trainer *)0)->restart_preset];
    GsDataset ds, cur_ds;
    char load[sizeof ((Trainer *)0)->load_path], save[sizeof ((Trainer *)0)->save_path];
} Commands;

/* Takes the pending commands (under the lock) and applies pause / run to the state. */
static void take_commands(Trainer *t, Commands *c) {
    c->req = t->requests, c->steps = t->steps_pending;
    c->lr_d = t->lr_d, c->lr_g = t->lr_g, c->seed = t->reset_seed;
    memcpy(c->preset, t->restart_preset, sizeof c->preset);
    c->ds = t->restart_dataset, c->cur_ds = t->dataset;
    memcpy(c->load, t->load_path, sizeof c->load);
    memcpy(c->save, t->save_path, sizeof c->save);
    t->requests = 0, t->steps_pending = 0;
    if (c->req & TRAINER_REQ_PAUSE) t->state = TRAINER_PAUSED;
    if (c->req & TRAINER_REQ_RUN) t->state = TRAINER_RUNNING;
}

/* Learning rates, reset, restart, load, save (outside the lock); returns 1 if the GAN or
 * its settings changed (a snapshot is due). */
static int run_commands(Trainer *t, const Commands *c) {
    GsError err;
    int changed = 0;
    /* first: a save asked together with a restart, reset or load keeps the run before it */
    if (c->req & TRAINER_REQ_SAVE) {
        GsStatus st = save_with_replay(t, c->save, &err);
        if (st != GS_OK) say(t, 1, "save failed: %s", err.msg);
        else say(t, 0, "saved %s at step %lld", c->save, (long long)t->gan.step);
        pthread_mutex_lock(&t->lock);
        t->saves_done++, t->save_ok = st == GS_OK;
        pthread_mutex_unlock(&t->lock);
    }
    if (c->req & TRAINER_REQ_LR) {
        t->gan.opt_d.lr = c->lr_d, t->gan.opt_g.lr = c->lr_g;
        changed = 1;
    }
    if (c->req & TRAINER_REQ_RESET) {
        GsConfig cfg = t->gan.cfg;
        cfg.seed = c->seed;
        GsGan fresh;
        if (gs_gan_create(&fresh, &cfg, &err) != GS_OK) say(t, 1, "reset failed: %s", err.msg);
        else {
            replace_gan(t, &fresh);
            trainer_scenario_prepare(t);
            say(t, 0, "reset: new weights from seed %llu", (unsigned long long)c->seed);
        }
        changed = 1;
    }
    if (c->req & TRAINER_REQ_RESTART) restart(t, c->preset, c->ds, c->cur_ds), changed = 1;
    if (c->req & TRAINER_REQ_LOAD) {
        GsGan fresh;
        GsCkptSections secs;
        char was[sizeof t->data.source];
        if (gs_ckpt_load_with(&fresh, &secs, c->load, &err) != GS_OK) say(t, 1, "load failed: %s", err.msg);
        else {
            replace_gan(t, &fresh);
            const GsCkptSection *rp = gs_ckpt_sections_find(&secs, GS_REPLAY_SECTION);
            if (t->replay && !rp) replay_store_reset(t->replay, t->run); /* none: the old run's go */
            if (t->replay && rp && replay_store_restore(t->replay, t->run, rp->data, rp->len, t->gan.step, c->load, &err) != GS_OK)
                say(t, 1, "loaded %s, but not its replay: %s", c->load, err.msg);
            else if (run_data_other(&secs, &t->data, was, sizeof was))
                say(t, 1, "loaded %s (preset %s, step %lld), trained on %s; it continues here on %s", c->load,
                    t->gan.cfg.preset, (long long)t->gan.step, was, t->data.source);
            else say(t, 0, "loaded %s (preset %s, step %lld)", c->load, t->gan.cfg.preset, (long long)t->gan.step);
            gs_ckpt_sections_free(&secs);
        }
        changed = 1;
    }
    return changed;
}

static void *trainer_main(void *arg) {
    Trainer *t = arg;
    double last_publish = 0;
    run_in_background();
    GsError err;
    if (t->threads > 0 && gs_gan_set_threads(&t->gan, t->threads, &err) != GS_OK)
        say(t, 1, "training on one thread: %s", err.msg);
    record_moment(t); /* where the run starts */
    publish(t); /* the window has its first picture before a scenario's head start */
    if (trainer_scenario_prepare(t)) publish(t);
    pthread_mutex_lock(&t->lock);
    for (;;) {
        while (!t->requests && t->state == TRAINER_PAUSED) pthread_cond_wait(&t->cond, &t->lock);
        if (t->requests & TRAINER_REQ_STOP) break;
        Commands c;
        take_commands(t, &c);
        unsigned req = c.req;
        int steps = c.steps;
        const int64_t max_steps = t->max_steps; /* read under the lock: trainer_set_max_steps */
        int running = t->state == TRAINER_RUNNING;
        if (!running && (req & (TRAINER_REQ_STEP | TRAINER_REQ_STEP_D | TRAINER_REQ_STEP_G | TRAINER_REQ_PHASE)))
            t->state = TRAINER_STEPPING;
        pthread_mutex_unlock(&t->lock);
        int ok = 1, changed = 0;
        if (running) t->by_hand = 0;
        else if (steps > 0 || (req & (TRAINER_REQ_STEP_D | TRAINER_REQ_STEP_G | TRAINER_REQ_PHASE))) t->by_hand = 1;
        /* a step begun phase by phase ends before a save or a half step (a saved run
         * resumes bit for bit only from between steps) */
        if (gs_gan_next_phase(&t->gan) != GS_PHASE_FAKES && (req & (TRAINER_REQ_SAVE | TRAINER_REQ_STEP_D | TRAINER_REQ_STEP_G)))
            ok = do_step(t, TRAINER_REQ_STEP), changed = 1;
        if (run_commands(t, &c)) {
            changed = 1;
            record_moment(t); /* a new run's step 0 */
        }
        if (ok && (req & TRAINER_REQ_PHASE)) ok = do_step(t, TRAINER_REQ_PHASE), changed = 1;
        for (int i = 0; i < steps && ok; i++) ok = do_step(t, TRAINER_REQ_STEP), changed = 1;
        if (ok && (req & TRAINER_REQ_STEP_D)) ok = do_step(t, TRAINER_REQ_STEP_D), changed = 1;
        if (ok && (req & TRAINER_REQ_STEP_G)) ok = do_step(t, TRAINER_REQ_STEP_G), changed = 1;
        if (ok && running) ok = do_step(t, TRAINER_REQ_STEP);
        if (ok) record_moment(t);

        int limit = max_steps > 0 && t->gan.step >= max_steps;
        double now = now_s();
        if (changed || !ok || limit || !running || now - last_publish >= t->publish_every) {
            publish(t);
            last_publish = now;
        }
        pthread_mutex_lock(&t->lock);
        if (t->state == TRAINER_STEPPING) t->state = TRAINER_PAUSED;
        if ((!ok || limit) && t->state == TRAINER_RUNNING) {
            t->state = TRAINER_PAUSED;
            pthread_mutex_unlock(&t->lock);
            if (!ok)
                say(t, 1, "training diverged at step %lld (a loss or weight is NaN/inf): "
                          "reset or load a checkpoint", (long long)t->gan.step);
            else say(t, 0, "reached %lld steps: paused", (long long)max_steps);
            pthread_mutex_lock(&t->lock);
        }
    }
    t->state = TRAINER_STOPPING;
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

void trainer_set_replay(Trainer *t, ReplayStore *rs) { t->replay = rs; }

GsStatus trainer_start(Trainer *t, GsGan *gan, GsImages *data, const char *data_path, GsDataset ds,
                       int threads, int paused, int64_t max_steps, GsSnapshotBuffer *snapshots, TrainerNotify cb,
                       void *ctx, GsError *err) {
    ReplayStore *replay = t->replay; /* trainer_set_replay's, before the start */
    memset(t, 0, sizeof *t);
    t->replay = replay;
    t->gan = *gan, t->data = *data;
    memset(gan, 0, sizeof *gan), memset(data, 0, sizeof *data);
    snprintf(t->data_path, sizeof t->data_path, "%s", data_path ? data_path : "");
    t->dataset = t->data_path_ds = ds;
    t->data_n = t->data.n;
    t->real_n = t->data.n < TRAINER_REAL_MAX ? (int)t->data.n : TRAINER_REAL_MAX;
    memcpy(t->real, t->data.pixels, (size_t)t->real_n * GS_IMG_SIZE);
    t->data_seq = 1;
    t->threads = threads;
    t->max_steps = max_steps; /* before the thread exists; later only under the lock */
    t->publish_every = 0.03;
    t->snapshots = snapshots, t->notify = cb, t->notify_ctx = ctx;
    t->run = 1;
    t->lr_d = t->gan.opt_d.lr, t->lr_g = t->gan.opt_g.lr;
    t->state = paused ? TRAINER_PAUSED : TRAINER_RUNNING;
    atomic_init(&t->stop_flag, 0);
    gs_gan_set_stop(&t->gan, &t->stop_flag);
    t->watch.phase = t->watch_shared.phase = t->watch_running = -1;
    gs_gan_set_watch(&t->gan, &t->watch);
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->cond, NULL);
    if (pthread_create(&t->thread, NULL, trainer_main, t) != 0) {
        pthread_mutex_destroy(&t->lock);
        pthread_cond_destroy(&t->cond);
        t->state = TRAINER_STOPPED;
        return gs_fail(err, GS_ERR_INTERNAL, "cannot start the trainer thread");
    }
    t->started = 1;
    return GS_OK;
}

static void request(Trainer *t, unsigned bits) {
    if (bits & TRAINER_REQ_STOP) atomic_store(&t->stop_flag, 1);
    pthread_mutex_lock(&t->lock);
    t->requests |= bits;
    if (bits & TRAINER_REQ_STEP) t->steps_pending++;
    if (bits & TRAINER_REQ_RUN) t->requests &= ~TRAINER_REQ_PAUSE;
    if (bits & TRAINER_REQ_PAUSE) t->requests &= ~TRAINER_REQ_RUN;
    /* the state says at once what was asked: the window, reading PAUSED before the thread
     * woke up to a play, took it for a pause of the trainer's own (limit, divergence) */
    if ((bits & TRAINER_REQ_RUN) && (t->state == TRAINER_PAUSED || t->state == TRAINER_STEPPING)) t->state = TRAINER_RUNNING;
    pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

void trainer_stop(Trainer *t) {
    if (!t->started) return;
    request(t, TRAINER_REQ_STOP);
    pthread_join(t->thread, NULL);
    t->started = 0;
    t->state = TRAINER_STOPPED;
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->cond);
    gs_gan_destroy(&t->gan);
    gs_images_free(&t->data);
}

void trainer_set_running(Trainer *t, int running) {
    request(t, running ? TRAINER_REQ_RUN : TRAINER_REQ_PAUSE);
}
void trainer_step(Trainer *t, unsigned which) { request(t, which); }

void trainer_set_lr(Trainer *t, float lr_d, float lr_g) {
    pthread_mutex_lock(&t->lock);
    t->lr_d = lr_d, t->lr_g = lr_g;
    pthread_mutex_unlock(&t->lock);
    request(t, TRAINER_REQ_LR);
}

void trainer_reset(Trainer *t, uint64_t seed) {
    pthread_mutex_lock(&t->lock);
    t->reset_seed = seed;
    pthread_mutex_unlock(&t->lock);
    request(t, TRAINER_REQ_RESET);
}

void trainer_load(Trainer *t, const char *path) {
    pthread_mutex_lock(&t->lock);
    snprintf(t->load_path, sizeof t->load_path, "%s", path);
    pthread_mutex_unlock(&t->lock);
    request(t, TRAINER_REQ_LOAD);
}

void trainer_save(Trainer *t, const char *path) {
    pthread_mutex_lock(&t->lock);
    snprintf(t->save_path, sizeof t->save_path, "%s", path);
    pthread_mutex_unlock(&t->lock);
    request(t, TRAINER_REQ_SAVE);
}

int trainer_save_wait(Trainer *t, const char *path, double timeout_s) {
    if (!t->started) return 0;
    pthread_mutex_lock(&t->lock);
    snprintf(t->save_path, sizeof t->save_path, "%s", path);
    uint64_t want = t->saves_done + 1;
    pthread_mutex_unlock(&t->lock);
    request(t, TRAINER_REQ_SAVE | TRAINER_REQ_PAUSE);
    const struct timespec tick = {0, 5000000};
    for (double waited = 0; waited < timeout_s; waited += 0.005) {
        pthread_mutex_lock(&t->lock);
        int done = t->saves_done >= want, ok = t->save_ok;
        pthread_mutex_unlock(&t->lock);
        if (done) return ok;
        nanosleep(&tick, NULL);
    }
    return 0;
}

void trainer_restart(Trainer *t, const char *preset, GsDataset ds) {
    pthread_mutex_lock(&t->lock);
    snprintf(t->restart_preset, sizeof t->restart_preset, "%s", preset);
    t->restart_dataset = ds;
    pthread_mutex_unlock(&t->lock);
    request(t, TRAINER_REQ_RESTART);
}

int trainer_data(Trainer *t, uint64_t *seen, GsDataset *ds, int64_t *n, uint8_t *real, int *real_n) {
    if (!t->started) return 0;
    pthread_mutex_lock(&t->lock);
    int fresh = t->data_seq != *seen;
    if (fresh) {
        *seen = t->data_seq;
        *ds = t->dataset, *n = t->data_n, *real_n = t->real_n;
        memcpy(real, t->real, (size_t)t->real_n * GS_IMG_SIZE);
    }
    pthread_mutex_unlock(&t->lock);
    return fresh;
}

int trainer_watch(Trainer *t, uint64_t *seen, GsStepWatch *w, int *running) {
    if (!t->started) return 0;
    pthread_mutex_lock(&t->lock);
    int fresh = t->watch_seq != *seen;
    if (fresh) *seen = t->watch_seq, *w = t->watch_shared, *running = t->watch_running;
    pthread_mutex_unlock(&t->lock);
    return fresh;
}

TrainerState trainer_state(Trainer *t) {
    if (!t->started) return TRAINER_STOPPED;
    pthread_mutex_lock(&t->lock);
    TrainerState s = t->state;
    pthread_mutex_unlock(&t->lock);
    return s;
}

void trainer_set_max_steps(Trainer *t, int64_t n) {
    pthread_mutex_lock(&t->lock);
    t->max_steps = n > 0 ? n : 0;
    pthread_mutex_unlock(&t->lock);
}

int64_t trainer_steps_done(Trainer *t) {
    if (!t->started) return t->steps_done; /* the thread has ended: no race */
    pthread_mutex_lock(&t->lock);
    int64_t n = t->steps_done;
    pthread_mutex_unlock(&t->lock);
    return n;
}

int trainer_message(Trainer *t, uint64_t *seen, char *buf, int size, int *is_error) {
    if (!t->started) return 0;
    pthread_mutex_lock(&t->lock);
    int fresh = t->message_seq != *seen;
    if (fresh) {
        *seen = t->message_seq;
        snprintf(buf, (size_t)size, "%s", t->message);
        if (is_error) *is_error = t->message_error;
    }
    pthread_mutex_unlock(&t->lock);
    return fresh;
}

/* window_trainer.c: the window's trainer thread stops at its step limit, and the limit can
 * be changed while it trains. CI runs this under ThreadSanitizer: the limit is read by the
 * trainer thread and written by another, so both must hold the trainer's lock (an unlocked
 * write, or a write after the thread started without one, is a reported race). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "trainer.h"

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Waits up to 20 s for the trainer to be paused with at least n steps done (commands are
 * asynchronous: just after "run" it may still be paused); returns 1 when it is. */
static int wait_paused(Trainer *t, int64_t n) {
    for (int i = 0; i < 4000; i++) {
        if (trainer_state(t) == TRAINER_PAUSED && trainer_steps_done(t) >= n) return 1;
        sleep_ms(5);
    }
    return 0;
}

typedef struct Setter {
    Trainer *t;
    atomic_int done;
} Setter;

/* Another thread moving the limit back and forth while the trainer steps. */
static void *set_limits(void *arg) {
    Setter *s = arg;
    for (int i = 0; !atomic_load(&s->done); i++) {
        trainer_set_max_steps(s->t, 100000 + i % 7);
        sleep_ms(1);
    }
    return NULL;
}

/* The latest snapshot's g_trained, or -1 when there is none. */
static int latest_trained(GsSnapshotBuffer *sb) {
    const GsSnapshot *s = gs_snapshot_acquire(sb);
    if (!s) return -1;
    int v = s->g_trained;
    gs_snapshot_release(sb, s);
    return v;
}

int main(void) {
    GsError err;
    GsConfig cfg;
    CHECK(gs_config_preset(&cfg, "fast", &err) == GS_OK);
    /* a tiny model: steps of well under a millisecond, so the limit is what stops it */
    cfg.batch = 4, cfg.g_dense_c = 4, cfg.g_c[0] = 4, cfg.g_c[1] = 3, cfg.g_c[2] = 2;
    cfg.d_c[0] = 2, cfg.d_c[1] = 4, cfg.d_c[2] = 4, cfg.d_c[3] = 4;
    GsGan gan;
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK);
    GsImages data;
    memset(&data, 0, sizeof data);
    data.n = 32, data.rows = data.cols = 28;
    data.pixels = malloc((size_t)data.n * 784);
    for (int i = 0; i < data.n * 784; i++) data.pixels[i] = (uint8_t)((i * 2654435761u) >> 24);
    GsSnapshotBuffer *sb = NULL;
    CHECK(gs_snapshot_create(&sb, 2, &err) == GS_OK);

    /* A limit given at start: the thread pauses exactly there. */
    Trainer *t = calloc(1, sizeof *t);
    CHECK(trainer_start(t, &gan, &data, NULL, GS_DATASET_MNIST, 1, 0, 15, sb, NULL, NULL, &err) == GS_OK);
    /* Touch nothing of the trainer's for a while, so its first reads of the limit are not
     * ordered after trainer_start's writes by a later lock of ours: a limit written after
     * the thread started (the old bug) is then a race TSan sees. */
    sleep_ms(300);
    CHECK_MSG(wait_paused(t, 15), "the trainer did not pause at its start limit");
    sleep_ms(50);
    CHECK_MSG(trainer_steps_done(t) == 15, "paused after %lld steps, limit 15", (long long)trainer_steps_done(t));

    /* Raised while paused, then moved by another thread while running: no race (TSan), and
     * the last limit set is where it pauses. */
    trainer_set_max_steps(t, 100000);
    trainer_set_running(t, 1);
    Setter s = {t, 0};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, set_limits, &s) == 0);
    for (int i = 0; i < 4000 && trainer_steps_done(t) < 40; i++) sleep_ms(5);
    atomic_store(&s.done, 1);
    pthread_join(th, NULL);
    CHECK_MSG(trainer_steps_done(t) > 15, "the trainer did not run on after the limit was raised");
    trainer_set_running(t, 0);
    sleep_ms(50);
    CHECK(wait_paused(t, 0));
    int64_t done = trainer_steps_done(t);
    trainer_set_max_steps(t, done + 20);
    trainer_set_running(t, 1);
    CHECK_MSG(wait_paused(t, done + 20), "the trainer did not pause at the new limit");
    sleep_ms(50);
    int64_t at = trainer_steps_done(t);
    CHECK_MSG(at == done + 20, "paused at %lld, limit %lld", (long long)at, (long long)(done + 20));

    /* 0 lifts the limit: it trains past where it stopped. */
    trainer_set_max_steps(t, 0);
    trainer_set_running(t, 1);
    for (int i = 0; i < 4000 && trainer_steps_done(t) < at + 30; i++) sleep_ms(5);
    CHECK(trainer_steps_done(t) >= at + 30);

    /* Running, the window sees G's moving average; a step made by hand shows the trained G
     * (one step moves the average by a thousandth of the change), until Play again. */
    CHECK_MSG(latest_trained(sb) == 0, "running: the snapshot should hold G's average");
    trainer_set_running(t, 0);
    CHECK(wait_paused(t, 0));
    done = trainer_steps_done(t);
    trainer_step(t, TRAINER_REQ_STEP_G);
    CHECK(wait_paused(t, done + 1));
    sleep_ms(50);
    CHECK_MSG(latest_trained(sb) == 1, "after Step G: the snapshot should hold the trained G");
    trainer_set_running(t, 1);
    for (int i = 0; i < 4000 && trainer_steps_done(t) < done + 10; i++) sleep_ms(5);
    sleep_ms(50);
    CHECK_MSG(latest_trained(sb) == 0, "playing again: the snapshot should hold G's average");
    trainer_stop(t);

    /* A scenario with a real-set limit (no-dropout: the first 200 digits) trains on those
     * only, and the doctor checks D's verdicts on 64 of them and the 64 after them at step
     * 100, as `train` does. */
    snprintf(cfg.preset, sizeof cfg.preset, "no-dropout");
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK);
    data.n = 300;
    data.pixels = malloc((size_t)data.n * 784);
    for (int i = 0; i < data.n * 784; i++) data.pixels[i] = (uint8_t)((i * 2654435761u) >> 24);
    memset(t, 0, sizeof *t);
    CHECK(trainer_start(t, &gan, &data, NULL, GS_DATASET_MNIST, 1, 0, 100, sb, NULL, NULL, &err) == GS_OK);
    CHECK_MSG(wait_paused(t, 100), "the scenario run did not pause at 100 steps");
    sleep_ms(50);
    pthread_mutex_lock(&t->lock); /* the thread is paused: its doctor holds still */
    CHECK(t->doctor.view.n == 200 && t->doctor.verdicts);
    CHECK_MSG(t->doctor.dr.seen >= 0 && t->doctor.dr.seen <= 1 && t->doctor.dr.unseen >= 0,
              "verdicts %g %g", t->doctor.dr.seen, t->doctor.dr.unseen);
    pthread_mutex_unlock(&t->lock);
    trainer_stop(t);
    free(t);
    gs_snapshot_destroy(sb);
    CHECK_DONE();
}

/* test_pool.c: the thread pool runs every part exactly once, run after run, with contexts
 * that live on the caller's stack only for their run (a worker still holding the previous
 * run would write into the wrong counters and fail the count). Back-to-back runs find the
 * threads spinning; the runs with pauses make them fall asleep between runs (the worker)
 * and while waiting for a slow part (the caller), the pool's other two paths. Run it under
 * -DGS_TSAN=ON to check the synchronisation too. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <stdatomic.h>
#include <time.h>

#include "check.h"
#include "gs_pool.h"

typedef struct Ctx {
    atomic_int hits[64];
    int run;
} Ctx;

static void pause_us(long us) {
    struct timespec t = {0, us * 1000};
    nanosleep(&t, NULL);
}

static void count_part(void *ctx, int part, int parts) {
    Ctx *c = ctx;
    (void)parts;
    atomic_fetch_add(&c->hits[part], c->run + 1);
}

/* The last part is slow (longer than the pool spins), so whoever waits for it sleeps. */
static void slow_last_part(void *ctx, int part, int parts) {
    if (part == parts - 1) pause_us(1000);
    count_part(ctx, part, parts);
}

/* One run of `parts` parts with fn; returns how many parts ran a wrong number of times. */
static int run_once(GsPool *pool, GsPoolFn fn, int run, int parts) {
    Ctx c;
    c.run = run;
    for (int i = 0; i < 64; i++) atomic_init(&c.hits[i], 0);
    gs_pool_run(pool, fn, &c, parts);
    int bad = 0;
    for (int i = 0; i < 64; i++) bad += atomic_load(&c.hits[i]) != (i < parts ? run + 1 : 0);
    return bad;
}

int main(void) {
    GsError err;
    for (int threads = 1; threads <= 4; threads++) {
        GsPool *pool;
        CHECK(gs_pool_create(&pool, threads, &err) == GS_OK);
        CHECK(gs_pool_threads(pool) == threads);
        int bad = 0;
        for (int run = 0; run < 3000; run++) bad += run_once(pool, count_part, run, 1 + run % 64);
        CHECK_MSG(bad == 0, "%d threads: %d parts ran a wrong number of times", threads, bad);
        gs_pool_destroy(pool);
    }
    for (int threads = 2; threads <= 3; threads++) {
        GsPool *pool;
        CHECK(gs_pool_create(&pool, threads, &err) == GS_OK);
        int bad = 0;
        for (int run = 0; run < 120; run++) {
            if (run % 2) pause_us(1000); /* the workers give up spinning and sleep */
            bad += run_once(pool, run % 3 ? count_part : slow_last_part, run, 2 + run % 5);
        }
        CHECK_MSG(bad == 0, "%d threads with pauses: %d parts ran a wrong number of times", threads, bad);
        gs_pool_destroy(pool);
    }
    GsPool *pool;
    CHECK(gs_pool_create(&pool, 0, &err) == GS_ERR_ARG);
    Ctx c = {.run = 0};
    for (int i = 0; i < 64; i++) atomic_init(&c.hits[i], 0);
    gs_pool_run(NULL, count_part, &c, 5); /* no pool: runs on the caller */
    CHECK(atomic_load(&c.hits[4]) == 1);
    CHECK_DONE();
}

/* test_pool.c: the thread pool runs every part exactly once, run after run, with contexts
 * that live on the caller's stack only for their run (a worker still holding the previous
 * run would write into the wrong counters and fail the count). Run it under -DGS_TSAN=ON
 * to check the synchronisation too. */
#include <stdatomic.h>

#include "check.h"
#include "gs_pool.h"

typedef struct Ctx {
    atomic_int hits[64];
    int run;
} Ctx;

static void count_part(void *ctx, int part, int parts) {
    Ctx *c = ctx;
    (void)parts;
    atomic_fetch_add(&c->hits[part], c->run + 1);
}

int main(void) {
    GsError err;
    for (int threads = 1; threads <= 4; threads++) {
        GsPool *pool;
        CHECK(gs_pool_create(&pool, threads, &err) == GS_OK);
        CHECK(gs_pool_threads(pool) == threads);
        int bad = 0;
        for (int run = 0; run < 3000; run++) {
            Ctx c;
            c.run = run;
            int parts = 1 + run % 64;
            for (int i = 0; i < 64; i++) atomic_init(&c.hits[i], 0);
            gs_pool_run(pool, count_part, &c, parts);
            for (int i = 0; i < 64; i++) bad += atomic_load(&c.hits[i]) != (i < parts ? run + 1 : 0);
        }
        CHECK_MSG(bad == 0, "%d threads: %d parts ran a wrong number of times", threads, bad);
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

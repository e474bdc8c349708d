/* gs_pool.c: workers sleep on a condition variable until a run is posted, then take parts
 * from a shared counter alongside the caller. The caller returns only when every worker has
 * reported for this run, so no worker can still hold a finished run's function and context
 * when the next run resets the counter. */
#define _POSIX_C_SOURCE 200809L /* sysconf */
#include "gs_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>


struct GsPool {
    pthread_mutex_t mu;
    pthread_cond_t wake, done;
    pthread_t workers[GS_POOL_MAX_THREADS];
    int n_workers;
    unsigned long generation; /* bumped for every run; workers compare with what they saw */
    int quit;
    GsPoolFn fn; /* the current run */
    void *ctx;
    int parts;
    atomic_int next;     /* next part to take */
    int reported;        /* workers done with the current run (under mu) */
};

/* Takes parts until none are left. */
static void work(GsPool *p, GsPoolFn fn, void *ctx, int parts) {
    int i;
    while ((i = atomic_fetch_add(&p->next, 1)) < parts) fn(ctx, i, parts);
}

static void *worker_main(void *arg) {
    GsPool *p = arg;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->generation == seen) pthread_cond_wait(&p->wake, &p->mu);
        if (p->quit) break;
        seen = p->generation;
        GsPoolFn fn = p->fn;
        void *ctx = p->ctx;
        int parts = p->parts;
        pthread_mutex_unlock(&p->mu);
        work(p, fn, ctx, parts);
        pthread_mutex_lock(&p->mu);
        if (++p->reported == p->n_workers) pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

GsStatus gs_pool_create(GsPool **out, int threads, GsError *err) {
    *out = NULL;
    if (threads < 1 || threads > GS_THREADS_MAX)
        return gs_fail(err, GS_ERR_ARG, "thread count %d out of range (1 to %d)", threads, GS_THREADS_MAX);
    GsPool *p = calloc(1, sizeof *p);
    if (!p) return gs_fail(err, GS_ERR_NOMEM, "out of memory for the thread pool");
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->done, NULL);
    for (int i = 0; i < threads - 1; i++) {
        if (pthread_create(&p->workers[i], NULL, worker_main, p) != 0) {
            gs_pool_destroy(p);
            return gs_fail(err, GS_ERR_INTERNAL, "cannot start thread %d of the pool", i + 1);
        }
        p->n_workers++;
    }
    *out = p;
    return GS_OK;
}

void gs_pool_destroy(GsPool *p) {
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n_workers; i++) pthread_join(p->workers[i], NULL);
    pthread_cond_destroy(&p->wake);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

int gs_pool_threads(const GsPool *p) { return p ? p->n_workers + 1 : 1; }

void gs_pool_run(GsPool *p, GsPoolFn fn, void *ctx, int parts) {
    if (!p || p->n_workers == 0 || parts <= 1) {
        for (int i = 0; i < parts; i++) fn(ctx, i, parts);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->fn = fn, p->ctx = ctx, p->parts = parts, p->reported = 0;
    atomic_store(&p->next, 0);
    p->generation++;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
    work(p, fn, ctx, parts);
    pthread_mutex_lock(&p->mu);
    while (p->reported < p->n_workers) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

int gs_cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > GS_THREADS_MAX ? GS_THREADS_MAX : (int)n;
}

/* gs_pool.c: workers wait for a run to be posted, then take parts from a shared counter
 * alongside the caller. The caller returns only when every worker has reported for this
 * run, so no worker can still hold a finished run's function and context when the next run
 * resets the counter.
 *
 * Both waits spin for a short while before they sleep. A training step posts a hundred or
 * more runs, most of them a fraction of a millisecond long, and waking a sleeping thread
 * through the kernel cost 60-120 us a run on these machines: a fifth of a small step. A
 * spinning worker sees the next run within a microsecond; after about SPIN_NS of nothing
 * (between steps, or when the window is only drawing) it sleeps on the condition variable,
 * so an idle pool costs no CPU. The generation and the report count change under the mutex
 * as well, so a thread that decides to sleep cannot miss the change it waits for. */
#define _POSIX_C_SOURCE 200809L /* sysconf, clock_gettime */
#include "gs_pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define SPIN_NS 100000 /* 0.1 ms: longer than the gaps between a step's runs */

struct GsPool {
    pthread_mutex_t mu;
    pthread_cond_t wake, done;
    pthread_t workers[GS_POOL_MAX_THREADS];
    int n_workers;
    atomic_ulong generation; /* bumped for every run; workers compare with what they saw */
    atomic_int quit;
    GsPoolFn fn; /* the current run: written before generation is bumped */
    void *ctx;
    int parts;
    atomic_int next;     /* next part to take */
    atomic_int reported; /* workers done with the current run */
};

static void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Spins until done(p, arg) or SPIN_NS pass; the clock is read once per 64 tries. */
static int spin_until(GsPool *p, int (*done)(GsPool *, unsigned long), unsigned long arg) {
    long long end = 0;
    for (int i = 1;; i++) {
        if (done(p, arg)) return 1;
        relax();
        if ((i & 63) == 0) {
            sched_yield(); /* a thread that needs this core (the window's) gets it */
            long long t = now_ns();
            if (!end) end = t + SPIN_NS;
            else if (t > end) return 0;
        }
    }
}

static int posted(GsPool *p, unsigned long seen) {
    return atomic_load(&p->quit) || atomic_load(&p->generation) != seen;
}

static int all_reported(GsPool *p, unsigned long n) { return (unsigned long)atomic_load(&p->reported) == n; }

/* Takes parts until none are left. */
static void work(GsPool *p, GsPoolFn fn, void *ctx, int parts) {
    int i;
    while ((i = atomic_fetch_add(&p->next, 1)) < parts) fn(ctx, i, parts);
}

static void *worker_main(void *arg) {
    GsPool *p = arg;
    unsigned long seen = 0;
    for (;;) {
        if (!spin_until(p, posted, seen)) {
            pthread_mutex_lock(&p->mu);
            while (!posted(p, seen)) pthread_cond_wait(&p->wake, &p->mu);
            pthread_mutex_unlock(&p->mu);
        }
        if (atomic_load(&p->quit)) break;
        seen = atomic_load(&p->generation);
        work(p, p->fn, p->ctx, p->parts);
        pthread_mutex_lock(&p->mu);
        if (atomic_fetch_add(&p->reported, 1) + 1 == p->n_workers) pthread_cond_signal(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
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
    atomic_store(&p->quit, 1);
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
    p->fn = fn, p->ctx = ctx, p->parts = parts;
    atomic_store(&p->reported, 0);
    atomic_store(&p->next, 0);
    atomic_fetch_add(&p->generation, 1); /* seq_cst: publishes the run's fields above */
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
    work(p, fn, ctx, parts);
    if (!spin_until(p, all_reported, (unsigned long)p->n_workers)) {
        pthread_mutex_lock(&p->mu);
        while (!all_reported(p, (unsigned long)p->n_workers)) pthread_cond_wait(&p->done, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
}

int gs_cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > GS_THREADS_MAX ? GS_THREADS_MAX : (int)n;
}

/* gs_pool.h: a tiny persistent thread pool for the work OpenBLAS does not parallelise
 * (elementwise layers, im2col, the direct convolution): run fn over `parts` pieces on the
 * pool's threads and the caller's, and return when all are done. Owned by whoever creates
 * it (the trainer); networks borrow it. A NULL pool runs everything on the caller. */
#ifndef GS_POOL_H
#define GS_POOL_H

#include <stddef.h>

#include "gs_status.h"

#define GS_POOL_MAX_THREADS 64                  /* worker threads */
#define GS_THREADS_MAX (GS_POOL_MAX_THREADS + 1) /* the caller too: the --threads limit */

typedef struct GsPool GsPool;

/* fn(ctx, part, parts) handles piece `part` of `parts`; pieces must be independent. */
typedef void (*GsPoolFn)(void *ctx, int part, int parts);

/* threads counts the caller: 1 makes a pool with no workers. */
GsStatus gs_pool_create(GsPool **pool, int threads, GsError *err);
void gs_pool_destroy(GsPool *pool);
int gs_pool_threads(const GsPool *pool); /* 1 for NULL */
int gs_cpu_count(void);                  /* processors online, at least 1 */
/* Runs all parts and waits for them. Not reentrant: one run at a time per pool. */
void gs_pool_run(GsPool *pool, GsPoolFn fn, void *ctx, int parts);

/* Part `part` of `parts` of a float array of n elements, as [*lo, *hi): the pieces start on
 * 64-byte lines (multiples of 16 floats), so two threads never write one cache line; a
 * piece may be empty. */
static inline void gs_pool_piece(size_t n, int part, int parts, size_t *lo, size_t *hi) {
    *lo = (n * part / parts) & ~(size_t)15;
    *hi = part == parts - 1 ? n : (n * (part + 1) / parts) & ~(size_t)15;
}

#endif

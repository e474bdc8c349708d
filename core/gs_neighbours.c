/* gs_neighbours.c: exact nearest rows by a projected lower bound, then full comparisons.
 * For an orthonormal basis U, |x - q|^2 = |U'x - U'q|^2 + |r_x - r_q|^2 >= |U'x - U'q|^2 +
 * (|r_x| - |r_q|)^2 (r: the parts outside U). With U the rows' top principal directions the
 * bound is tight, so one product over n x 64 floats (not n x 784) rules out nearly every
 * row; the rest are compared in full. Any orthonormal U keeps the result exact. */
#include "gs_neighbours.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs_blas.h"
#include "gs_model.h"
#include "gs_pool.h"
#include "gs_rng.h"

#define EMBED_BATCH 256
#define RANK 64            /* projection size */
#define BASIS_SAMPLE 8192  /* rows the second-moment matrix is estimated from */
#define BASIS_ITERS 8      /* subspace iterations: any basis is exact, better ones prune more */

/* Orthonormalises the columns of q (rows x cols) by modified Gram-Schmidt in double; a
 * column that vanishes is replaced by a unit vector not yet spanned. */
static void orthonormalise(float *q, int rows, int cols) {
    int axis = 0; /* the next axis to try for a vanished column: one of any cols+1 is new */
    for (int j = 0; j < cols; j++) {
        for (int attempt = 0; attempt < 2; attempt++) {
            for (int i = 0; i < j; i++) {
                double dot = 0.0;
                for (int r = 0; r < rows; r++) dot += (double)q[r * cols + i] * q[r * cols + j];
                for (int r = 0; r < rows; r++) q[r * cols + j] -= (float)(dot * q[r * cols + i]);
            }
        }
        double norm = 0.0;
        for (int r = 0; r < rows; r++) norm += (double)q[r * cols + j] * q[r * cols + j];
        if (norm < 1e-20) { /* degenerate: restart this column from an axis and redo it */
            for (int r = 0; r < rows; r++) q[r * cols + j] = r == axis % rows ? 1.0f : 0.0f;
            axis++;
            j--;
            continue;
        }
        for (int r = 0; r < rows; r++) q[r * cols + j] = (float)(q[r * cols + j] / sqrt(norm));
    }
}

static GsStatus build_bound(GsNeighbours *nb, GsError *err) {
    const int n = nb->n, d = nb->dim, r = nb->rank, m = n < BASIS_SAMPLE ? n : BASIS_SAMPLE;
    float *c = malloc(sizeof(float) * d * d), *t = malloc(sizeof(float) * d * r);
    if (!c || !t) {
        free(c), free(t);
        return gs_fail(err, GS_ERR_NOMEM, "neighbours: out of memory");
    }
    /* second moments of every (n/m)-th row, then subspace iteration from a random start */
    const int stride = n / m;
    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, d, m, 1.0f, nb->rows, d * stride, 0.0f, c, d);
    for (int i = 0; i < d; i++)
        for (int j = 0; j < i; j++) c[i * d + j] = c[j * d + i];
    GsRng rng;
    gs_rng_seed(&rng, 1);
    for (int i = 0; i < d * r; i++) nb->basis[i] = gs_rng_range(&rng, -1.0f, 1.0f);
    orthonormalise(nb->basis, d, r);
    for (int it = 0; it < BASIS_ITERS; it++) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, d, r, d, 1.0f, c, d, nb->basis, r, 0.0f, t, r);
        memcpy(nb->basis, t, sizeof(float) * d * r);
        orthonormalise(nb->basis, d, r);
    }
    free(c), free(t);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, r, d, 1.0f, nb->rows, d, nb->basis, r, 0.0f,
                nb->proj, r);
    for (int i = 0; i < n; i++) {
        double p = 0.0;
        for (int j = 0; j < r; j++) p += (double)nb->proj[(size_t)i * r + j] * nb->proj[(size_t)i * r + j];
        nb->pnorms[i] = (float)p;
        nb->resid[i] = (float)sqrt(nb->norms[i] > p ? nb->norms[i] - p : 0.0);
    }
    return GS_OK;
}

GsStatus gs_neighbours_create(GsNeighbours *nb, const GsImages *set, GsEmbedFn embed, void *embed_ctx,
                              int dim, GsError *err) {
    memset(nb, 0, sizeof *nb);
    if (set->n < 1 || set->rows != GS_IMG_SIDE || set->cols != GS_IMG_SIDE)
        return gs_fail(err, GS_ERR_ARG, "neighbours: %s: need 28x28 images", set->source);
    if (!embed) dim = GS_IMG_SIZE;
    if (dim < 1) return gs_fail(err, GS_ERR_ARG, "neighbours: feature size %d", dim);
    const size_t n = set->n;
    nb->n = set->n, nb->dim = dim, nb->rank = dim < RANK ? dim : RANK, nb->embed = embed, nb->embed_ctx = embed_ctx;
    nb->rows = malloc(sizeof(float) * n * dim);
    nb->norms = malloc(sizeof(float) * n);
    nb->basis = malloc(sizeof(float) * dim * nb->rank);
    nb->proj = malloc(sizeof(float) * n * nb->rank);
    nb->pnorms = malloc(sizeof(float) * n);
    nb->resid = malloc(sizeof(float) * n);
    nb->scores = malloc(sizeof(float) * n);
    nb->query = malloc(sizeof(float) * (dim + nb->rank));
    nb->seen = calloc(n, 1);
    nb->seen_list = malloc(sizeof(int) * n);
    float *pix = embed ? malloc(sizeof(float) * EMBED_BATCH * GS_IMG_SIZE) : NULL;
    if (!nb->rows || !nb->norms || !nb->basis || !nb->proj || !nb->pnorms || !nb->resid || !nb->scores ||
        !nb->query || !nb->seen || !nb->seen_list || (embed && !pix)) {
        free(pix);
        gs_neighbours_destroy(nb);
        return gs_fail(err, GS_ERR_NOMEM, "neighbours: out of memory for %d images", set->n);
    }
    nb->pquery = nb->query + dim;
    for (int i0 = 0; i0 < nb->n; i0 += EMBED_BATCH) {
        int m = nb->n - i0 < EMBED_BATCH ? nb->n - i0 : EMBED_BATCH;
        float *dst = embed ? pix : nb->rows + (size_t)i0 * dim;
        for (size_t j = 0; j < (size_t)m * GS_IMG_SIZE; j++)
            dst[j] = set->pixels[(size_t)i0 * GS_IMG_SIZE + j] / 255.0f;
        if (embed) {
            GsStatus st = embed(embed_ctx, pix, m, nb->rows + (size_t)i0 * dim, err);
            if (st != GS_OK) {
                free(pix);
                gs_neighbours_destroy(nb);
                return st;
            }
        }
    }
    free(pix);
    for (int i = 0; i < nb->n; i++) {
        const float *r = nb->rows + (size_t)i * dim;
        double s = 0.0;
        for (int j = 0; j < dim; j++) s += (double)r[j] * r[j];
        nb->norms[i] = (float)s;
    }
    GsStatus st = build_bound(nb, err);
    if (st != GS_OK) gs_neighbours_destroy(nb);
    return st;
}

void gs_neighbours_destroy(GsNeighbours *nb) {
    free(nb->rows), free(nb->norms), free(nb->basis), free(nb->proj), free(nb->pnorms), free(nb->resid);
    free(nb->scores), free(nb->query), free(nb->seen), free(nb->seen_list);
    memset(nb, 0, sizeof *nb);
}

void gs_neighbours_set_pool(GsNeighbours *nb, GsPool *pool) { nb->pool = pool; }

/* scores = |proj|^2 - 2 proj.pq over a band of rows (the query's own terms come later) */
static void bound_part(void *ctx, int part, int parts) {
    const GsNeighbours *nb = ctx;
    int lo = (int)((long long)nb->n * part / parts), hi = (int)((long long)nb->n * (part + 1) / parts);
    if (hi <= lo) return;
    memcpy(nb->scores + lo, nb->pnorms + lo, sizeof(float) * (hi - lo));
    cblas_sgemv(CblasRowMajor, CblasNoTrans, hi - lo, nb->rank, -2.0f, nb->proj + (size_t)lo * nb->rank,
                nb->rank, nb->pquery, 1, 1.0f, nb->scores + lo, 1);
}

typedef struct Best {
    int k, found;
    int *index;
    float *d2; /* squared distances, ascending */
} Best;

/* Compares row i in full and keeps it if it is among the k nearest so far. */
static void consider(GsNeighbours *nb, Best *b, int i, float qq, int *n_seen) {
    nb->seen[i] = 1;
    nb->seen_list[(*n_seen)++] = i;
    float d2 = nb->norms[i] + qq - 2.0f * cblas_sdot(nb->dim, nb->rows + (size_t)i * nb->dim, 1, nb->query, 1);
    if (b->found == b->k && d2 >= b->d2[b->k - 1]) return;
    int j = b->found < b->k ? b->found++ : b->k - 1;
    for (; j > 0 && b->d2[j - 1] > d2; j--) b->d2[j] = b->d2[j - 1], b->index[j] = b->index[j - 1];
    b->d2[j] = d2, b->index[j] = i;
}

GsStatus gs_neighbours_find(GsNeighbours *nb, const float *image, int k, int *index, float *dist,
                            GsError *err) {
    if (k < 1 || k > GS_NEIGHBOURS_MAX_K || k > nb->n)
        return gs_fail(err, GS_ERR_ARG, "neighbours: k = %d (1 to %d)", k,
                       nb->n < GS_NEIGHBOURS_MAX_K ? nb->n : GS_NEIGHBOURS_MAX_K);
    if (nb->embed) {
        GsStatus st = nb->embed(nb->embed_ctx, image, 1, nb->query, err);
        if (st != GS_OK) return st;
    } else {
        memcpy(nb->query, image, sizeof(float) * GS_IMG_SIZE);
    }
    const int r = nb->rank;
    double qq = 0.0, pqq = 0.0;
    for (int j = 0; j < nb->dim; j++) qq += (double)nb->query[j] * nb->query[j];
    cblas_sgemv(CblasRowMajor, CblasTrans, nb->dim, r, 1.0f, nb->basis, r, nb->query, 1, 0.0f, nb->pquery, 1);
    for (int j = 0; j < r; j++) pqq += (double)nb->pquery[j] * nb->pquery[j];
    const float rq = (float)sqrt(qq > pqq ? qq - pqq : 0.0);
    gs_pool_run(nb->pool, bound_part, nb, gs_pool_threads(nb->pool));
    /* bounds; the slack covers float rounding of the norms and products (relative 1e-4) */
    float *lb = nb->scores;
    for (int i = 0; i < nb->n; i++) {
        float dr = nb->resid[i] - rq;
        lb[i] += (float)pqq + dr * dr - 1e-4f * (nb->norms[i] + (float)qq) - 1e-6f;
    }
    /* the 4k smallest bounds first, compared in full, give a good k-th distance; then every
     * row whose bound is below the k-th distance found so far is compared too */
    int cand[4 * GS_NEIGHBOURS_MAX_K], nc = 0, want = 4 * k < nb->n ? 4 * k : nb->n, n_seen = 0;
    float cb[4 * GS_NEIGHBOURS_MAX_K];
    for (int i = 0; i < nb->n; i++) {
        if (nc == want && lb[i] >= cb[want - 1]) continue;
        int j = nc < want ? nc++ : want - 1;
        for (; j > 0 && cb[j - 1] > lb[i]; j--) cb[j] = cb[j - 1], cand[j] = cand[j - 1];
        cb[j] = lb[i], cand[j] = i;
    }
    Best b = {k, 0, index, dist};
    for (int j = 0; j < nc; j++) consider(nb, &b, cand[j], (float)qq, &n_seen);
    for (int i = 0; i < nb->n; i++)
        if (!nb->seen[i] && lb[i] < b.d2[k - 1]) consider(nb, &b, i, (float)qq, &n_seen);
    for (int j = 0; j < n_seen; j++) nb->seen[nb->seen_list[j]] = 0;
    nb->last_full = n_seen;
    for (int j = 0; j < k; j++) dist[j] = sqrtf(dist[j] > 0.0f ? dist[j] : 0.0f);
    return GS_OK;
}

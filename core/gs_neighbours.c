/* gs_neighbours.c: |x - q|^2 = |x|^2 - 2 x.q + |q|^2 for every row x at once: one sgemv per
 * query (split over threads by rows), then a single pass keeping the k best. */
#include "gs_neighbours.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs_blas.h"
#include "gs_model.h"
#include "gs_pool.h"

#define EMBED_BATCH 256

GsStatus gs_neighbours_create(GsNeighbours *nb, const GsImages *set, GsEmbedFn embed, void *embed_ctx,
                              int dim, GsError *err) {
    memset(nb, 0, sizeof *nb);
    if (set->n < 1 || set->rows != GS_IMG_SIDE || set->cols != GS_IMG_SIDE)
        return gs_fail(err, GS_ERR_ARG, "neighbours: %s: need 28x28 images", set->source);
    if (!embed) dim = GS_IMG_SIZE;
    if (dim < 1) return gs_fail(err, GS_ERR_ARG, "neighbours: feature size %d", dim);
    nb->n = set->n, nb->dim = dim, nb->embed = embed, nb->embed_ctx = embed_ctx;
    nb->rows = malloc(sizeof(float) * nb->n * dim);
    nb->norms = malloc(sizeof(float) * nb->n);
    nb->scores = malloc(sizeof(float) * nb->n);
    nb->query = malloc(sizeof(float) * dim);
    float *pix = embed ? malloc(sizeof(float) * EMBED_BATCH * GS_IMG_SIZE) : NULL;
    if (!nb->rows || !nb->norms || !nb->scores || !nb->query || (embed && !pix)) {
        free(pix);
        gs_neighbours_destroy(nb);
        return gs_fail(err, GS_ERR_NOMEM, "neighbours: out of memory for %d images", set->n);
    }
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
    return GS_OK;
}

void gs_neighbours_destroy(GsNeighbours *nb) {
    free(nb->rows), free(nb->norms), free(nb->scores), free(nb->query);
    memset(nb, 0, sizeof *nb);
}

void gs_neighbours_set_pool(GsNeighbours *nb, GsPool *pool) { nb->pool = pool; }

/* scores = norms - 2 rows.q over a band of rows */
static void score_part(void *ctx, int part, int parts) {
    const GsNeighbours *nb = ctx;
    int lo = (int)((long long)nb->n * part / parts), hi = (int)((long long)nb->n * (part + 1) / parts);
    if (hi <= lo) return;
    memcpy(nb->scores + lo, nb->norms + lo, sizeof(float) * (hi - lo));
    cblas_sgemv(CblasRowMajor, CblasNoTrans, hi - lo, nb->dim, -2.0f, nb->rows + (size_t)lo * nb->dim,
                nb->dim, nb->query, 1, 1.0f, nb->scores + lo, 1);
}

GsStatus gs_neighbours_find(GsNeighbours *nb, const float *image, int k, int *index, float *dist,
                            GsError *err) {
    if (k < 1 || k > 64 || k > nb->n)
        return gs_fail(err, GS_ERR_ARG, "neighbours: k = %d (1 to %d)", k, nb->n < 64 ? nb->n : 64);
    if (nb->embed) {
        GsStatus st = nb->embed(nb->embed_ctx, image, 1, nb->query, err);
        if (st != GS_OK) return st;
    } else {
        memcpy(nb->query, image, sizeof(float) * GS_IMG_SIZE);
    }
    double qq = 0.0;
    for (int j = 0; j < nb->dim; j++) qq += (double)nb->query[j] * nb->query[j];
    gs_pool_run(nb->pool, score_part, nb, gs_pool_threads(nb->pool));
    /* the k smallest, kept sorted by insertion */
    int found = 0;
    for (int i = 0; i < nb->n; i++) {
        float s = nb->scores[i];
        if (found == k && s >= dist[k - 1]) continue;
        int j = found < k ? found++ : k - 1;
        for (; j > 0 && dist[j - 1] > s; j--) dist[j] = dist[j - 1], index[j] = index[j - 1];
        dist[j] = s, index[j] = i;
    }
    for (int j = 0; j < k; j++) {
        double d2 = (double)dist[j] + qq;
        dist[j] = (float)sqrt(d2 > 0.0 ? d2 : 0.0);
    }
    return GS_OK;
}

/* gs_neighbours.h: "is it just copying?": the training images nearest to a given image, in
 * pixels or in any feature space (e.g. a digit classifier's penultimate layer). Exact, and
 * fast: one matrix-vector product against a 64-dimensional projection of every row (with
 * precomputed squared norms) gives a lower bound on each distance, and only the rows whose
 * bound beats the best found so far are compared in full. */
#ifndef GS_NEIGHBOURS_H
#define GS_NEIGHBOURS_H

#include <stdint.h>

#include "gs_idx.h"
#include "gs_status.h"

#define GS_NEIGHBOURS_K 6 /* what a view shows */
#define GS_NEIGHBOURS_MAX_K 64

struct GsPool;

/* Maps n images (784 floats in [0,1] each) to n rows of dim features. The pixel index uses
 * none (the features are the pixels); a feature-space index passes its embedding here, and
 * the same function embeds each query, so both sides are always in the same space. */
typedef GsStatus (*GsEmbedFn)(void *ctx, const float *images, int n, float *features, GsError *err);

typedef struct GsNeighbours {
    int n, dim, rank;
    float *rows;   /* n x dim */
    float *norms;  /* n squared norms */
    float *basis;  /* dim x rank, orthonormal columns spanning most of the rows' energy */
    float *proj;   /* n x rank: rows . basis */
    float *pnorms; /* n: |proj|^2 */
    float *resid;  /* n: length of each row's part outside the basis */
    float *scores; /* n: scratch for one query, so one find at a time per index */
    float *query, *pquery; /* dim and rank: the query's features and projection */
    uint8_t *seen; /* n: rows compared in full during this query */
    int *seen_list;
    int last_full; /* rows the last find compared in full (the rest were ruled out) */
    GsEmbedFn embed; /* NULL: pixels */
    void *embed_ctx;
    struct GsPool *pool; /* borrowed threads for the product, NULL: the caller's alone */
} GsNeighbours;

/* An index over every image of set (28x28). embed NULL: pixels (dim 784, /255); else
 * features of dim from embed, computed here in batches. */
GsStatus gs_neighbours_create(GsNeighbours *nb, const GsImages *set, GsEmbedFn embed, void *embed_ctx,
                              int dim, GsError *err);
void gs_neighbours_destroy(GsNeighbours *nb);
/* Spreads each query's product over pool's threads (borrowed, not shared with a thread that
 * may run it at the same time; NULL: one thread). */
void gs_neighbours_set_pool(GsNeighbours *nb, struct GsPool *pool);

/* The k (<= GS_NEIGHBOURS_MAX_K, <= n) rows nearest to image (784 floats in [0,1]),
 * nearest first: their indices in the set and Euclidean distances (pixel units for the
 * pixel index). */
GsStatus gs_neighbours_find(GsNeighbours *nb, const float *image, int k, int *index, float *dist,
                            GsError *err);

#endif

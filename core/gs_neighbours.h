/* gs_neighbours.h: "is it just copying?": the training images nearest to a given image, in
 * pixels or in any feature space (e.g. a digit classifier's penultimate layer), by one
 * matrix-vector product against precomputed rows and squared norms. */
#ifndef GS_NEIGHBOURS_H
#define GS_NEIGHBOURS_H

#include "gs_idx.h"
#include "gs_status.h"

#define GS_NEIGHBOURS_K 6 /* what a view shows */

struct GsPool;

/* Maps n images (784 floats in [0,1] each) to n rows of dim features. The pixel index uses
 * none (the features are the pixels); a feature-space index passes its embedding here, and
 * the same function embeds each query, so both sides are always in the same space. */
typedef GsStatus (*GsEmbedFn)(void *ctx, const float *images, int n, float *features, GsError *err);

typedef struct GsNeighbours {
    int n, dim;
    float *rows;   /* n x dim */
    float *norms;  /* n squared norms */
    float *scores; /* n: scratch for one query, so one find at a time per index */
    float *query;  /* dim: the query's features */
    GsEmbedFn embed; /* NULL: pixels */
    void *embed_ctx;
    struct GsPool *pool; /* borrowed threads for the product, NULL: the caller's alone */
} GsNeighbours;

/* An index over every image of set (28x28). embed NULL: pixels (dim 784, /255); else
 * features of dim from embed, computed here in batches. */
GsStatus gs_neighbours_create(GsNeighbours *nb, const GsImages *set, GsEmbedFn embed, void *embed_ctx,
                              int dim, GsError *err);
void gs_neighbours_destroy(GsNeighbours *nb);
/* Spreads each query's product over pool's threads (borrowed; NULL: one thread). */
void gs_neighbours_set_pool(GsNeighbours *nb, struct GsPool *pool);

/* The k (<= 64, <= n) rows nearest to image (784 floats in [0,1]), nearest first: their
 * indices in the set and Euclidean distances (pixel units for the pixel index). */
GsStatus gs_neighbours_find(GsNeighbours *nb, const float *image, int k, int *index, float *dist,
                            GsError *err);

#endif

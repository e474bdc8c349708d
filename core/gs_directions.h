/* gs_directions.h: "sliders that mean something": the directions in noise space along which
 * the generated image changes most, i.e. the top eigenvectors of the generator's average
 * J^T J (J = d image / d noise, 784 x noise_dim), ordered by effect. */
#ifndef GS_DIRECTIONS_H
#define GS_DIRECTIONS_H

#include <stdint.h>

#include "gs_inspect.h"
#include "gs_net.h"
#include "gs_status.h"

#define GS_DIRECTIONS_COUNT 8 /* the sliders a view shows */

typedef struct GsDirectionsOptions {
    int samples;   /* noise vectors J^T J is averaged over (16) */
    float h;       /* central-difference step along each noise axis (0.01) */
    uint64_t seed; /* of the sample noise vectors (1) */
} GsDirectionsOptions;

void gs_directions_defaults(GsDirectionsOptions *o);

typedef struct GsDirections {
    int count, noise_dim;
    float *dirs;   /* count x noise_dim, orthonormal rows, the strongest first */
    float *effect; /* count: RMS pixel change per unit step along each, sqrt(eigenvalue / 784) */
    int samples_done; /* noise vectors averaged */
    int complete;  /* 0 when cancelled: then dirs come from the samples done (none: all 0) */
} GsDirections;

/* Allocates room for count (<= noise_dim) directions of g's noise size. */
GsStatus gs_directions_create(GsDirections *d, const GsNet *g, int count, GsError *err);
void gs_directions_destroy(GsDirections *d);

/* J is measured column by column with central differences of the inference forward pass
 * (2 x noise_dim images per sample, in batches of g->max_batch), J^T J averaged over the
 * samples, and its eigenvectors found with Jacobi rotations in double precision. Each
 * direction's sign is fixed (largest component positive) so recomputing after more training
 * does not flip a slider. g: a generator the caller owns for the duration. */
GsStatus gs_directions_compute(GsNet *g, const GsDirectionsOptions *opt, const GsProgress *progress,
                               GsDirections *d, GsError *err);

/* The symmetric eigen-decomposition used above, exposed for tests: a (n x n, row-major,
 * destroyed) -> eigenvalues (n, descending) and eigenvectors as the rows of vecs (n x n). */
void gs_sym_eigen(double *a, int n, double *values, double *vecs);

#endif

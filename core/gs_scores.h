/* gs_scores.h: how good a set of generated 28x28 images is, in the judge's eyes (gs_judge.h):
 *   recognisability  mean top-class probability (1: every image clearly some class)
 *   coverage         entropy of the predicted-class histogram / log(10) (1: all ten classes
 *                    equally often; 0: one class only)
 *   fd               Frechet distance between Gaussians fitted to the judge's 64 features of
 *                    the images and of the real test images (the MNIST analogue of FID);
 *                    fd_floor is the same between the two halves of the real test set
 *   memorisation     median pixel-space (Euclidean, pixels in [0,1]) distance from each image
 *                    to its nearest training image; memorisation_real the same for real test
 *                    images; their ratio far below 1 means copying.
 * The reference (real statistics, training images) is built once and only read afterwards,
 * so threads can share it; each thread needs its own judge. */
#ifndef GS_SCORES_H
#define GS_SCORES_H

#include "gs_idx.h"
#include "gs_judge.h"
#include "gs_status.h"

typedef struct GsScores {
    double recognisability, coverage;
    int histogram[GS_JUDGE_CLASSES]; /* images predicted as each class */
    double fd, fd_floor;
    /* NaN when not computed (no reference images, or not asked for) */
    double memorisation, memorisation_real, memorisation_ratio;
    int n;                           /* images scored */
} GsScores;

/* Feature statistics of real images through the judge: mean, covariance and the floor (the
 * distance between the even and the odd images: MNIST's test set has different writers in
 * its two halves, so not first half against second). */
GsStatus gs_real_stats_compute(GsRealStats *out, GsJudge *judge, const GsImages *real,
                               GsError *err);

typedef struct GsScoreRef {
    GsRealStats real;            /* the real images' feature statistics */
    double sqrt_cov[GS_JUDGE_FEATURES * GS_JUDGE_FEATURES]; /* sqrt(real.cov), factored once */
    float *train;                /* (n_train, 784) training images for memorisation, or NULL */
    float *train_sq;             /* their squared norms */
    int n_train;
    double memorisation_real;    /* NaN without training images */
} GsScoreRef;

/* Builds the reference from real feature statistics (a judge's stored ones, or
 * gs_real_stats_compute's) and, when train is not NULL, up to max_train of its images (0:
 * all) for memorisation, whose real figure uses up to `probes` of the images in test (not
 * shared with train; not needed without train). */
GsStatus gs_score_ref_create(GsScoreRef *ref, const GsRealStats *real, const GsImages *test,
                             const GsImages *train, int max_train, int probes, GsError *err);
void gs_score_ref_destroy(GsScoreRef *ref);

/* Scores n images (n, 784) in [0,1]. memorisation uses the first `probes` images (0 skips
 * it; it costs probes x n_train x 784 multiply-adds, one matrix product). */
GsStatus gs_scores_compute(GsScores *out, GsJudge *judge, const GsScoreRef *ref,
                           const float *images, int n, int probes, GsError *err);

/* Median distance from each of np probe images to its nearest of nr reference images
 * (r_sq: their squared norms), by matrix products with cblas. NaN on no memory. */
double gs_scores_nn_median(const float *probe, int np, const float *ref, const float *r_sq,
                           int nr);

#endif

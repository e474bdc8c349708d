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

typedef struct GsScoreRef {
    int n_real;                  /* real test images the feature statistics come from */
    double mu[GS_JUDGE_FEATURES];
    double cov[GS_JUDGE_FEATURES * GS_JUDGE_FEATURES];
    double sqrt_cov[GS_JUDGE_FEATURES * GS_JUDGE_FEATURES];
    double fd_floor;
    float *train;                /* (n_train, 784) training images for memorisation, or NULL */
    float *train_sq;             /* their squared norms */
    int n_train;
    double memorisation_real;    /* NaN without training images */
} GsScoreRef;

/* Builds the reference from real test images (features through judge) and, when train is
 * not NULL, up to max_train of its images (0: all) for memorisation; memorisation_real uses
 * up to probes of the test images. The two sets must not share images. */
GsStatus gs_score_ref_create(GsScoreRef *ref, GsJudge *judge, const GsImages *test,
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

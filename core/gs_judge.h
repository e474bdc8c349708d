/* gs_judge.h: the digit judge: a small CNN classifier of 28x28 images (MNIST digits or
 * Fashion-MNIST articles) that ganscope trains itself and uses to score generated images.
 * Caller-owned state, no globals: a window's background thread can hold its own judge.
 *
 * Network (gs_net layer table, input 28x28x1 in [0,1]): conv 5x5/2 32 -> ReLU -> conv 3x3/2
 * 64 -> ReLU -> conv 3x3/2 64 -> ReLU -> dense 64 -> ReLU (the 64 features) -> dense 10
 * (logits). 122,570 parameters (479 KiB as float32).
 *
 * Weight file (.gsj), framed as gs_frame.h with magic "GSJD", version 1; payload: data set
 * (u32: 0 mnist, 1 fashion), parameter count (u64), the parameters (float32), then the real
 * test images' feature statistics: their count (u32; 0: none stored), and when not 0 the
 * mean (64 f64), covariance (64x64 f64) and FD floor (f64). Stored so that scoring never has
 * to run the 10,000 test images through the judge again. */
#ifndef GS_JUDGE_H
#define GS_JUDGE_H

#include <stddef.h>
#include <stdint.h>

#include "gs_data.h"
#include "gs_idx.h"
#include "gs_net.h"
#include "gs_status.h"

#define GS_JUDGE_CLASSES 10
#define GS_JUDGE_FEATURES 64 /* width of the penultimate layer */
#define GS_JUDGE_VERSION 1

/* Gaussian statistics of real images' features (gs_real_stats_compute in gs_scores.h). */
typedef struct GsRealStats {
    int n;              /* images they come from; 0: not computed */
    double mu[GS_JUDGE_FEATURES];
    double cov[GS_JUDGE_FEATURES * GS_JUDGE_FEATURES];
    double fd_floor;    /* Frechet distance between the even and the odd images' features */
} GsRealStats;

typedef struct GsJudge {
    GsNet net;
    GsDataset dataset;  /* what it was trained on (decides which real images it compares with) */
    int feature_layer;  /* layer whose output is the features */
    GsRealStats real;   /* of the data set's test images, when the file had them */
} GsJudge;

/* Builds an untrained judge for up to max_batch images per forward pass, with weights drawn
 * from seed (glorot uniform, zero biases). */
GsStatus gs_judge_create(GsJudge *j, GsDataset ds, int max_batch, uint64_t seed, GsError *err);
void gs_judge_destroy(GsJudge *j);

/* Loads weights from a .gsj file, from memory (name used in messages), or the one built
 * into the program for ds. Damaged files are GS_ERR_FORMAT with one line naming them. */
GsStatus gs_judge_load(GsJudge *j, const char *path, int max_batch, GsError *err);
GsStatus gs_judge_load_mem(GsJudge *j, const void *data, size_t size, const char *name,
                           int max_batch, GsError *err);
GsStatus gs_judge_load_builtin(GsJudge *j, GsDataset ds, int max_batch, GsError *err);
/* A path when given, else the built-in judge for ds. */
GsStatus gs_judge_open(GsJudge *j, const char *path, GsDataset ds, int max_batch, GsError *err);
GsStatus gs_judge_save(const GsJudge *j, const char *path, GsError *err);

/* n images (n, 784) in [0,1] -> class probabilities (n, 10) and/or features (n, 64); either
 * output may be NULL. Any n (run in pieces of max_batch). */
void gs_judge_classify(GsJudge *j, const float *images, int n, float *probs, float *features);

/* gs_judge_classify's features as a gs_neighbours GsEmbedFn (ctx: the GsJudge): nearest
 * images "in the judge's eyes" (its 64 features) rather than in pixels. Never fails. */
GsStatus gs_judge_embed(void *judge, const float *images, int n, float *features, GsError *err);

/* Bytes (0..255) to the floats the networks take (/255). */
void gs_images_to_float(float *out, const uint8_t *pixels, size_t count);

/* Fraction of images[first, first+count) (which must have labels) classified correctly. */
GsStatus gs_judge_accuracy(GsJudge *j, const GsImages *im, int first, int count, double *acc,
                           GsError *err);

/* Training: Adam (lr `lr` with a cosine decay to 0 over all steps, betas 0.9/0.999), batches
 * drawn by shuffling each epoch with the seed. progress (may be NULL) is called after each
 * epoch with the epoch's mean loss and accuracy. */
typedef struct GsJudgeTrainOptions {
    int epochs, batch;
    float lr;
    uint64_t seed;
    void (*progress)(void *ctx, int epoch, double loss, double acc);
    void *ctx;
} GsJudgeTrainOptions;
GsStatus gs_judge_train(GsJudge *j, const GsImages *train, const GsJudgeTrainOptions *opt,
                        GsError *err);

#endif

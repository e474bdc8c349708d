/* gs_gan.h: the DCGAN trainer: two networks, their RMSprop states and one RNG, stepped
 * exactly as the Keras DCGAN tutorial does (README, "The model, and how it matches the
 * tutorial": D trains on B real and B fake images, then G through the frozen D). Owns
 * everything it needs; borrows the training images. */
#ifndef GS_GAN_H
#define GS_GAN_H

#include <stdint.h>

#include "gs_ema.h"
#include "gs_idx.h"
#include "gs_model.h"
#include "gs_net.h"
#include "gs_rmsprop.h"
#include "gs_rng.h"
#include "gs_status.h"

#define GS_FIXED_NOISE_COUNT 16 /* the tutorial's 4x4 grid of comparable samples */

/* Everything one step reports; kept whole per step (metrics.csv has a row per step). */
typedef struct GsMetrics {
    int64_t step;   /* steps completed, this one included */
    float d_loss;   /* discriminator BCE on B real + B fake images */
    float d_acc;    /* its binary accuracy */
    float g_loss;   /* adversarial BCE of D(G(z)) against label 1 */
    float g_acc;    /* fraction of fakes D called real in the adversarial pass */
    float d_real;   /* mean D(x) on the real half, discriminator pass */
    float d_fake;   /* mean D(G(z)) on the fake half, discriminator pass */
    float lr_d;     /* learning rates used by this step's updates */
    float lr_g;
} GsMetrics;

typedef struct GsGan {
    GsConfig cfg;
    GsNet g, d;                 /* generator (batch B), discriminator (batch 2B) */
    GsRmsprop opt_g, opt_d;
    float *accum_g, *accum_d;   /* RMSprop accumulators, laid out as g.params / d.params */
    GsRng rng;                  /* the only source of randomness while training */
    int64_t step;               /* steps completed */
    float *noise;               /* (B, noise_dim) */
    float *d_in;                /* (2B, 28, 28, 1): real then fake */
    float *labels;              /* (2B): ones then zeros */
    float *dlogits;             /* (2B) */
    float *fixed_noise;         /* (GS_FIXED_NOISE_COUNT, noise_dim): the comparable samples */
    struct GsPool *pool;        /* threads for the work OpenBLAS does not spread, shared by g, d */
    GsEma ema;                  /* average of g's weights (cfg.ema_decay > 0), else empty */
} GsGan;

/* Builds both networks and initialises them from cfg->seed (Keras initializers). */
GsStatus gs_gan_create(GsGan *gan, const GsConfig *cfg, GsError *err);
void gs_gan_destroy(GsGan *gan);

/* One training step on data (28x28 images): D on B real + B fakes from G in inference
 * mode, then G through a frozen D with labels 1. Fills *m. */
void gs_gan_step(GsGan *gan, const GsImages *data, GsMetrics *m);

/* The two halves of a step, for stepping D or G alone (the visualizer's step buttons).
 * gs_gan_step is exactly: zero *m, step_d, step_g, ++gan->step, then the moving average
 * of G (when kept) takes in the new weights. */
void gs_gan_step_d(GsGan *gan, const GsImages *data, GsMetrics *m);
void gs_gan_step_g(GsGan *gan, GsMetrics *m);

/* Generator in inference mode: n noise vectors (n, noise_dim) -> images (n, 28*28) in [0,1].
 * Any n; uses the generator's buffers. Runs the moving average of G's weights when the GAN
 * keeps one (what samples, scores and the window show), else the trained G. Not between a
 * G forward and its backward. */
void gs_gan_generate(GsGan *gan, const float *noise, int n, float *images);
/* Drops the moving average: from then on gs_gan_generate and checkpoints use the trained G
 * alone (`score --trained`). */
void gs_gan_drop_ema(GsGan *gan);
/* Makes G the moving average for good (its params and BN state become the average's, which
 * is then dropped): for tools that work on G's layers directly (inversion, directions,
 * feature maps), so they see the generator the samples come from. No-op without one. */
void gs_gan_adopt_ema(GsGan *gan);

/* Fills out (n, noise_dim) with noise uniform in [-1, 1] from rng. */
void gs_gan_noise(const GsGan *gan, GsRng *rng, float *out, int n);

/* Uses n threads (n >= 1): OpenBLAS's (a process-wide setting) and the trainer's own pool.
 * Results depend on the seed and on n only through OpenBLAS's summation order. */
GsStatus gs_gan_set_threads(GsGan *gan, int n, GsError *err);

/* Lets a slow step be abandoned: while *flag (borrowed, may be NULL) reads non-zero, the
 * networks skip their remaining layers and the step functions return without updating
 * weights, optimizer state or the step count. Batch-norm statistics and the RNG may have
 * moved already, so a stopped GAN no longer resumes bit for bit: meant for closing. */
void gs_gan_set_stop(GsGan *gan, const atomic_int *flag);
int gs_gan_stopped(const GsGan *gan);

/* True when any parameter of either network is NaN or infinite. */
int gs_gan_diverged(const GsGan *gan);

#endif

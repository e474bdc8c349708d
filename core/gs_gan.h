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
    /* a step run phase by phase (gs_gan_step_phase) */
    int phase_next;             /* the phase it runs next (GsStepPhase); 0: no step under way */
    const float *half_fake;     /* G's output of GS_PHASE_NEW_FAKES, read by the next phase */
    struct GsStepWatch *watch;  /* borrowed, may be NULL (gs_gan_set_watch) */
    GsEma ema;                  /* average of g's weights (cfg.ema_decay > 0), else empty */
} GsGan;

/* A training step, phase by phase: the six things a step does, in order. gs_gan_step runs
 * all six; gs_gan_step_d the first three, gs_gan_step_g the last three. The model
 * overview's slow motion runs them one at a time (gs_gan_step_phase). */
typedef enum GsStepPhase {
    GS_PHASE_FAKES,     /* G (prediction mode) makes B fakes; B real digits are drawn */
    GS_PHASE_D_JUDGES,  /* D (training mode) judges the 2B images: verdicts, D's loss */
    GS_PHASE_D_UPDATE,  /* D's gradients and its RMSprop update */
    GS_PHASE_NEW_FAKES, /* G (training mode) makes B new fakes from new noise */
    GS_PHASE_G_JUDGED,  /* D, frozen, judges them against label 1: G's loss */
    GS_PHASE_G_UPDATE,  /* the gradient flows back through D into G; G's update */
    GS_PHASE_COUNT
} GsStepPhase;

#define GS_WATCH_VERDICTS 4 /* verdicts kept of each kind */

/* What each phase leaves for the model overview (gs_gan_set_watch): the first images and
 * noise of the batch, the verdicts, the losses. Filled as the phases run; what a phase did
 * not touch keeps the value of the last phase that did. */
typedef struct GsStepWatch {
    int phase;           /* the last phase run (GsStepPhase); -1: none yet */
    int64_t step;        /* the step it belongs to (counting from 1) */
    int noise_dim;
    float noise[GS_MAX_NOISE_DIM]; /* the half's first noise vector (FAKES, NEW_FAKES) */
    float fake[GS_IMG_SIZE];       /* the first fake, in [0,1] (FAKES, then NEW_FAKES) */
    float real[GS_IMG_SIZE];       /* the first real digit (FAKES) */
    float d_real[GS_WATCH_VERDICTS]; /* D's probability "real" for the first real digits, */
    float d_fake[GS_WATCH_VERDICTS]; /* the first fakes (D_JUDGES) */
    float g_fake[GS_WATCH_VERDICTS]; /* and the first new fakes (G_JUDGED) */
    float d_loss, g_loss;            /* D_JUDGES, G_JUDGED */
    float fake_grad[GS_IMG_SIZE];  /* d(G's loss)/d(the first new fake): where G is told to
                                      change its pixels (G_UPDATE) */
    float d_grad_norm, g_grad_norm; /* L2 norms of the updates' gradients (D_UPDATE, G_UPDATE) */
} GsStepWatch;

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

/* Runs one phase of a full step. Phases come in order, GS_PHASE_FAKES first: any other
 * phase than the next (gs_gan_next_phase) is refused with GS_ERR_ARG and nothing runs.
 * The six phases do exactly what gs_gan_step does, bit for bit (m: zeroed by the first,
 * filled as gs_gan_step fills it; the last counts the step and sets m->step). Between two
 * phases nothing else may run the networks (gs_gan_generate included): they hold the
 * step's intermediate results. A step started this way and then left to gs_gan_step,
 * gs_gan_step_d or gs_gan_step_g is dropped (the RNG has moved; weights may have). */
GsStatus gs_gan_step_phase(GsGan *gan, const GsImages *data, GsStepPhase phase, GsMetrics *m, GsError *err);
/* The phase a step under way runs next; GS_PHASE_FAKES when none is under way. */
GsStepPhase gs_gan_next_phase(const GsGan *gan);
/* Every phase run from now on (by any of the step functions) fills *w (borrowed; NULL:
 * none, the default). A few small copies per phase: nothing a step would notice. */
void gs_gan_set_watch(GsGan *gan, GsStepWatch *w);

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

/* gs_model.h: the DCGAN's configuration (presets) and its two networks as layer tables.
 * The `keras` preset is the Keras DCGAN tutorial's model and hyperparameters exactly (the
 * README's "The model, and how it matches the tutorial" lists them); `fast` narrows
 * the same architecture so digits appear within a minute on two cores. */
#ifndef GS_MODEL_H
#define GS_MODEL_H

#include <stdint.h>

#include "gs_net.h"
#include "gs_status.h"

#define GS_IMG_SIDE 28
#define GS_IMG_SIZE (GS_IMG_SIDE * GS_IMG_SIDE)
/* Longest noise vector a configuration may ask for: the window's views hold vectors of
 * this size on the stack (the tutorial's is 100). gs_config_validate enforces it. */
#define GS_MAX_NOISE_DIM 256

/* How the discriminator's verdict becomes a loss. */
typedef enum GsLoss {
    GS_LOSS_LOGITS = 0,        /* BCE from the logit: stable for any value (the default) */
    GS_LOSS_SIGMOID_CLIPPED    /* BCE on the clipped sigmoid output, as the tutorial's Keras
                                  computes it: saturates (the `sigmoid-bce` scenario) */
} GsLoss;

typedef struct GsConfig {
    char preset[16];    /* "keras", "fast" or "custom" */
    int batch;          /* B: real images per step (the discriminator sees 2B) */
    int noise_dim;      /* length of the generator's input, 100 */
    int g_dense_c;      /* generator: channels of the 7x7 map made by the dense layer */
    int g_c[3];         /* generator: filters of the three 5x5 hidden transposed convs */
    int d_c[4];         /* discriminator: filters of the four 5x5 convolutions */
    float g_dropout;    /* generator dropout after the dense layer, 0.4 */
    float d_dropout;    /* discriminator dropout after each convolution, 0.4 */
    float lr_d, decay_d;  /* discriminator RMSprop: 8e-4, 6e-8 */
    float lr_g, decay_g;  /* adversarial RMSprop: 4e-4, 3e-8 */
    float clipvalue;    /* both optimizers, 1.0 */
    float rho, epsilon; /* RMSprop rho 0.9, epsilon 1e-7 */
    float bn_momentum, bn_epsilon; /* 0.9, 1e-3 */
    float lrelu_alpha;  /* 0.2 */
    uint64_t seed;      /* everything random follows from it */
    GsLoss loss;        /* GS_LOSS_LOGITS; not saved in checkpoints: a scenario run gets it
                           back from its preset name (gs_scenario_restore) */
    int unfused;        /* 1: upsample and conv as separate layers (same results, slower;
                           for comparisons; not saved in checkpoints) */
    float ema_decay;    /* moving average of G's weights that samples and scores use (gs_ema.h);
                           0: none. Not a config field in checkpoints: their "GEMA" section
                           brings it back */
    /* The recipe's second phase (README, "The second phase"): the steps after the first
     * `late_from` run with batch `late_batch` and D's dropout `late_d_dropout`. 0: none
     * (every step as above). The first phase shows digits fast; the second keeps all ten
     * classes in proportion, which the first lets drift. */
    int64_t late_from;
    int late_batch;
    float late_d_dropout;
} GsConfig;

/* Fills cfg from a preset name ("keras" or "fast"); seed 0 and batch as the preset says. */
GsStatus gs_config_preset(GsConfig *cfg, const char *name, GsError *err);
/* The batch and D's dropout of the step after `done` completed steps (the second phase's
 * once done >= late_from > 0); the largest batch the run will use (what buffers are sized
 * for); the real images the first `done` steps drew. */
int gs_config_batch_at(const GsConfig *cfg, int64_t done);
float gs_config_d_dropout_at(const GsConfig *cfg, int64_t done);
int gs_config_max_batch(const GsConfig *cfg);
int64_t gs_config_images_seen(const GsConfig *cfg, int64_t done);
/* "16" or, with a second phase, "16 (128 and D dropout 0.4 after step 1000)": for messages. */
void gs_config_batch_text(const GsConfig *cfg, char *buf, int size);
/* Checks every field is in range (used for flags and for loaded checkpoints). */
GsStatus gs_config_validate(const GsConfig *cfg, GsError *err);

/* The layer tables. Generator: noise (1,1,noise_dim) -> image (28,28,1) in [0,1].
 * Discriminator: image -> one logit (its sigmoid, the probability "real", is folded into the
 * loss). Each returns the number of layers written (at most GS_NET_MAX_LAYERS). */
int gs_model_generator(const GsConfig *cfg, GsLayerSpec *specs);
int gs_model_discriminator(const GsConfig *cfg, GsLayerSpec *specs);

/* The generator table uses GS_LAYER_UPCONV for each UpSampling2D + Conv2DTranspose pair.
 * This writes the same network with the pairs spelled out (the plain, slower path, with
 * identical parameters and results) and returns its length, or -1 if it does not fit. */
int gs_model_unfuse(const GsLayerSpec *specs, int n, GsLayerSpec *out);

#endif

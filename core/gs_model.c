/* gs_model.c: presets and the generator/discriminator layer tables (the Keras DCGAN
 * tutorial's; README, "The model, and how it matches the tutorial"). */
#include "gs_model.h"

#include <stdio.h>
#include <string.h>

GsStatus gs_config_preset(GsConfig *cfg, const char *name, GsError *err) {
    memset(cfg, 0, sizeof *cfg);
    cfg->noise_dim = 100;
    cfg->g_dropout = 0.4f, cfg->d_dropout = 0.4f;
    cfg->lr_d = 0.0008f, cfg->decay_d = 6e-8f;
    cfg->lr_g = 0.0004f, cfg->decay_g = 3e-8f;
    cfg->clipvalue = 1.0f, cfg->rho = 0.9f, cfg->epsilon = 1e-7f;
    cfg->bn_momentum = 0.9f, cfg->bn_epsilon = 1e-3f;
    cfg->lrelu_alpha = 0.2f;
    if (strcmp(name, "keras") == 0) {
        cfg->batch = 256;
        cfg->g_dense_c = 256;
        cfg->g_c[0] = 128, cfg->g_c[1] = 64, cfg->g_c[2] = 32;
        cfg->d_c[0] = 64, cfg->d_c[1] = 128, cfg->d_c[2] = 256, cfg->d_c[3] = 512;
    } else if (strcmp(name, "fast") == 0) {
        /* Widths, batch and the training recipe chosen by measured curves (README, "The
         * fast preset's recipe"): batch 16 gives the most learning per second; without
         * dropout, and with the generator learning twice as fast as the discriminator, digits
         * sharpen in fewer steps. */
        cfg->batch = 16;
        cfg->g_dropout = 0.0f, cfg->d_dropout = 0.0f;
        cfg->lr_d = 0.0016f, cfg->lr_g = 0.0032f;
        /* The dense layer's 7x7 map at 128 channels, not 64: 13% dearer a step, and fd keeps
         * falling past the 64-channel model's plateau (README, "Against the plateau"). */
        cfg->g_dense_c = 128;
        cfg->g_c[0] = 32, cfg->g_c[1] = 16, cfg->g_c[2] = 8;
        cfg->d_c[0] = 16, cfg->d_c[1] = 32, cfg->d_c[2] = 64, cfg->d_c[3] = 128;
        /* What people see is the average of G's recent weights, which has a lower fd and
         * none of the step-to-step jumps (README, "The generator people see"). */
        cfg->ema_decay = 0.999f;
        /* After the first 1,000 steps (digits are there), batch 128 and D's dropout 0.4: the
         * first phase's settings let the ten classes drift out of proportion (a digit or
         * two nearly vanish), which these hold (README, "The second phase"). */
        cfg->late_from = 1000, cfg->late_batch = 128, cfg->late_d_dropout = 0.4f;
    } else {
        return gs_fail(err, GS_ERR_ARG, "unknown preset '%s' (choose fast or keras)", name);
    }
    strncpy(cfg->preset, name, sizeof cfg->preset - 1);
    return GS_OK;
}

static int in_range(float v, float lo, float hi) { return v >= lo && v <= hi; }

GsStatus gs_config_validate(const GsConfig *cfg, GsError *err) {
    if (cfg->batch < 1 || cfg->batch > 4096)
        return gs_fail(err, GS_ERR_ARG, "batch %d out of range (1 to 4096)", cfg->batch);
    if (cfg->noise_dim < 1 || cfg->noise_dim > GS_MAX_NOISE_DIM)
        return gs_fail(err, GS_ERR_ARG, "noise size %d out of range (1 to %d)", cfg->noise_dim, GS_MAX_NOISE_DIM);
    int widths[8] = {cfg->g_dense_c, cfg->g_c[0], cfg->g_c[1], cfg->g_c[2],
                     cfg->d_c[0], cfg->d_c[1], cfg->d_c[2], cfg->d_c[3]};
    for (int i = 0; i < 8; i++)
        if (widths[i] < 1 || widths[i] > 4096)
            return gs_fail(err, GS_ERR_ARG, "layer width %d out of range (1 to 4096)", widths[i]);
    if (!in_range(cfg->g_dropout, 0, 0.95f) || !in_range(cfg->d_dropout, 0, 0.95f))
        return gs_fail(err, GS_ERR_ARG, "dropout must be in [0, 0.95]");
    if (!in_range(cfg->lr_d, 1e-9f, 10) || !in_range(cfg->lr_g, 1e-9f, 10))
        return gs_fail(err, GS_ERR_ARG, "learning rates must be in [1e-9, 10]");
    if (!in_range(cfg->decay_d, 0, 1) || !in_range(cfg->decay_g, 0, 1) ||
        !in_range(cfg->clipvalue, 0, 1e6f) || !in_range(cfg->rho, 0, 0.9999f) ||
        !in_range(cfg->epsilon, 1e-12f, 1) || !in_range(cfg->bn_momentum, 0, 0.9999f) ||
        !in_range(cfg->bn_epsilon, 1e-12f, 1) || !in_range(cfg->lrelu_alpha, 1e-6f, 1))
        return gs_fail(err, GS_ERR_ARG, "optimizer or layer constant out of range");
    if (!(cfg->ema_decay >= 0.0f && cfg->ema_decay < 1.0f))
        return gs_fail(err, GS_ERR_ARG, "moving-average decay must be in [0, 1)");
    if (cfg->loss != GS_LOSS_LOGITS && cfg->loss != GS_LOSS_SIGMOID_CLIPPED)
        return gs_fail(err, GS_ERR_ARG, "unknown loss %d", (int)cfg->loss);
    if (cfg->late_from < 0 || cfg->late_from > ((int64_t)1 << 40) ||
        (cfg->late_from > 0 && (cfg->late_batch < 1 || cfg->late_batch > 4096 ||
                                !in_range(cfg->late_d_dropout, 0, 0.95f))))
        return gs_fail(err, GS_ERR_ARG, "second phase out of range (step %lld, batch %d, dropout %g)",
                       (long long)cfg->late_from, cfg->late_batch, (double)cfg->late_d_dropout);
    if (memchr(cfg->preset, 0, sizeof cfg->preset) == NULL)
        return gs_fail(err, GS_ERR_ARG, "preset name is not terminated");
    return GS_OK;
}

static int late(const GsConfig *cfg, int64_t done) { return cfg->late_from > 0 && done >= cfg->late_from; }

int gs_config_batch_at(const GsConfig *cfg, int64_t done) {
    return late(cfg, done) ? cfg->late_batch : cfg->batch;
}

float gs_config_d_dropout_at(const GsConfig *cfg, int64_t done) {
    return late(cfg, done) ? cfg->late_d_dropout : cfg->d_dropout;
}

int gs_config_max_batch(const GsConfig *cfg) {
    return cfg->late_from > 0 && cfg->late_batch > cfg->batch ? cfg->late_batch : cfg->batch;
}

int64_t gs_config_images_seen(const GsConfig *cfg, int64_t done) {
    if (!late(cfg, done)) return done * cfg->batch;
    return cfg->late_from * cfg->batch + (done - cfg->late_from) * cfg->late_batch;
}

void gs_config_batch_text(const GsConfig *cfg, char *buf, int size) {
    if (cfg->late_from > 0)
        snprintf(buf, (size_t)size, "%d (%d and D dropout %g after step %lld)", cfg->batch, cfg->late_batch,
                 (double)cfg->late_d_dropout, (long long)cfg->late_from);
    else
        snprintf(buf, (size_t)size, "%d", cfg->batch);
}

static GsLayerSpec layer(GsLayerKind kind) {
    GsLayerSpec s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    return s;
}

static GsLayerSpec conv(GsLayerKind kind, int filters, int stride) {
    GsLayerSpec s = layer(kind);
    s.units = filters, s.k = 5, s.stride = stride;
    return s;
}

static GsLayerSpec with_rate(GsLayerKind kind, float rate) {
    GsLayerSpec s = layer(kind);
    s.rate = rate;
    return s;
}

static GsLayerSpec batchnorm(const GsConfig *cfg) {
    GsLayerSpec s = layer(GS_LAYER_BATCHNORM);
    s.momentum = cfg->bn_momentum, s.epsilon = cfg->bn_epsilon;
    return s;
}

int gs_model_generator(const GsConfig *cfg, GsLayerSpec *specs) {
    int n = 0;
    const int side = GS_IMG_SIDE / 4; /* 7: two x2 upsamplings reach 28 */
    specs[n] = layer(GS_LAYER_DENSE), specs[n++].units = side * side * cfg->g_dense_c;
    specs[n++] = batchnorm(cfg); /* per feature of the dense output, as Keras does */
    specs[n++] = layer(GS_LAYER_RELU);
    specs[n] = layer(GS_LAYER_RESHAPE);
    specs[n].h = side, specs[n].w = side, specs[n++].c = cfg->g_dense_c;
    specs[n++] = with_rate(GS_LAYER_DROPOUT, cfg->g_dropout);
    specs[n++] = conv(GS_LAYER_UPCONV, cfg->g_c[0], 1); /* UpSampling2D + Conv2DTranspose */
    specs[n++] = batchnorm(cfg);
    specs[n++] = layer(GS_LAYER_RELU);
    specs[n++] = conv(GS_LAYER_UPCONV, cfg->g_c[1], 1);
    specs[n++] = batchnorm(cfg);
    specs[n++] = layer(GS_LAYER_RELU);
    specs[n++] = conv(GS_LAYER_CONVT, cfg->g_c[2], 1);
    specs[n++] = batchnorm(cfg);
    specs[n++] = layer(GS_LAYER_RELU);
    specs[n++] = conv(GS_LAYER_CONVT, 1, 1);
    specs[n++] = layer(GS_LAYER_SIGMOID);
    return n;
}

int gs_model_discriminator(const GsConfig *cfg, GsLayerSpec *specs) {
    int n = 0;
    const int strides[4] = {2, 2, 2, 1};
    for (int i = 0; i < 4; i++) {
        specs[n++] = conv(GS_LAYER_CONV, cfg->d_c[i], strides[i]);
        specs[n++] = with_rate(GS_LAYER_LRELU, cfg->lrelu_alpha);
        specs[n++] = with_rate(GS_LAYER_DROPOUT, cfg->d_dropout);
    }
    specs[n] = layer(GS_LAYER_DENSE), specs[n++].units = 1; /* Flatten is free in NHWC */
    return n;
}

int gs_model_unfuse(const GsLayerSpec *specs, int n, GsLayerSpec *out) {
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (specs[i].kind == GS_LAYER_UPCONV) {
            if (m + 2 > GS_NET_MAX_LAYERS) return -1;
            out[m++] = layer(GS_LAYER_UPSAMPLE);
            out[m] = specs[i], out[m++].kind = GS_LAYER_CONVT;
        } else {
            if (m + 1 > GS_NET_MAX_LAYERS) return -1;
            out[m++] = specs[i];
        }
    }
    return m;
}

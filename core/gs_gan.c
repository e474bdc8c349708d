/* gs_gan.c: one DCGAN training step, as the tutorial does it. */
#include "gs_gan.h"

#include "gs_blas.h"
#include "gs_pool.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

GsStatus gs_gan_create(GsGan *gan, const GsConfig *cfg, GsError *err) {
    memset(gan, 0, sizeof *gan);
    GsStatus st = gs_config_validate(cfg, err);
    if (st != GS_OK) return st;
    gan->cfg = *cfg;
    const int B = cfg->batch, Z = cfg->noise_dim;
    GsLayerSpec specs[GS_NET_MAX_LAYERS];
    int n = gs_model_generator(cfg, specs);
    if (cfg->unfused) {
        GsLayerSpec fused[GS_NET_MAX_LAYERS];
        memcpy(fused, specs, sizeof specs);
        n = gs_model_unfuse(fused, n, specs);
    }
    if ((st = gs_net_create(&gan->g, specs, n, 1, 1, Z, B, err)) != GS_OK) return st;
    n = gs_model_discriminator(cfg, specs);
    if ((st = gs_net_create(&gan->d, specs, n, GS_IMG_SIDE, GS_IMG_SIDE, 1, 2 * B, err)) != GS_OK) {
        gs_gan_destroy(gan);
        return st;
    }
    gan->accum_g = calloc(gan->g.n_params, sizeof(float));
    gan->accum_d = calloc(gan->d.n_params, sizeof(float));
    gan->noise = malloc(sizeof(float) * B * Z);
    gan->d_in = malloc(sizeof(float) * 2 * B * GS_IMG_SIZE);
    gan->labels = malloc(sizeof(float) * 2 * B);
    gan->dlogits = malloc(sizeof(float) * 2 * B);
    gan->fixed_noise = malloc(sizeof(float) * GS_FIXED_NOISE_COUNT * Z);
    if (!gan->accum_g || !gan->accum_d || !gan->noise || !gan->d_in || !gan->labels ||
        !gan->dlogits || !gan->fixed_noise) {
        gs_gan_destroy(gan);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory creating the trainer (batch %d)", B);
    }
    gan->opt_d = (GsRmsprop){cfg->lr_d, cfg->rho, cfg->epsilon, cfg->decay_d, cfg->clipvalue, 0};
    gan->opt_g = (GsRmsprop){cfg->lr_g, cfg->rho, cfg->epsilon, cfg->decay_g, cfg->clipvalue, 0};
    /* The fixed sample noise has its own stream, so the grid stays the same 16 digits
     * whatever the batch size or the number of steps. */
    GsRng fixed;
    gs_rng_seed(&fixed, cfg->seed ^ 0x5eed5a3b1e5ull);
    gs_gan_noise(gan, &fixed, gan->fixed_noise, GS_FIXED_NOISE_COUNT);
    gs_rng_seed(&gan->rng, cfg->seed);
    gs_net_init(&gan->g, &gan->rng);
    gs_net_init(&gan->d, &gan->rng);
    if (cfg->ema_decay > 0.0f && (st = gs_ema_create(&gan->ema, &gan->g, cfg->ema_decay, err)) != GS_OK) {
        gs_gan_destroy(gan);
        return st;
    }
    if ((st = gs_gan_set_threads(gan, gs_cpu_count(), err)) != GS_OK) {
        gs_gan_destroy(gan);
        return st;
    }
    return GS_OK;
}

GsStatus gs_gan_set_threads(GsGan *gan, int n, GsError *err) {
    GsPool *pool;
    GsStatus st = gs_pool_create(&pool, n < 1 ? 1 : n, err);
    if (st != GS_OK) return st;
    if ((st = gs_net_set_pool(&gan->g, pool, err)) != GS_OK || (st = gs_net_set_pool(&gan->d, pool, err)) != GS_OK) {
        gs_net_set_pool(&gan->g, gan->pool, NULL); /* keep the old, working setup */
        gs_net_set_pool(&gan->d, gan->pool, NULL);
        gs_pool_destroy(pool);
        return st;
    }
    gs_pool_destroy(gan->pool);
    gan->pool = pool;
    /* every product runs single-threaded inside one thread's share of the images */
    gs_blas_set_threads(1);
    return GS_OK;
}

void gs_gan_destroy(GsGan *gan) {
    gs_pool_destroy(gan->pool);
    gs_net_destroy(&gan->g);
    gs_net_destroy(&gan->d);
    free(gan->accum_g);
    free(gan->accum_d);
    free(gan->noise);
    free(gan->d_in);
    free(gan->labels);
    free(gan->dlogits);
    free(gan->fixed_noise);
    gs_ema_destroy(&gan->ema);
    memset(gan, 0, sizeof *gan);
}

void gs_gan_noise(const GsGan *gan, GsRng *rng, float *out, int n) {
    for (size_t i = 0, e = (size_t)n * gan->cfg.noise_dim; i < e; i++)
        out[i] = gs_rng_range(rng, -1.0f, 1.0f);
}

static float bce(const GsGan *gan, float *dlogits, float *acc, const float *logits,
                 const float *labels, int n) {
    return gan->cfg.loss == GS_LOSS_SIGMOID_CLIPPED
               ? gs_bce_sigmoid_clipped(dlogits, acc, logits, labels, n)
               : gs_bce_logits(dlogits, acc, logits, labels, n);
}

static float mean_sigmoid(const float *logits, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += 1.0 / (1.0 + exp(-(double)logits[i]));
    return (float)(s / n);
}

void gs_gan_step_d(GsGan *gan, const GsImages *data, GsMetrics *m) {
    const int B = gan->cfg.batch;
    /* 1. B random real images (with replacement, as np.random.randint) and B fakes from
     *    the generator in prediction mode. */
    for (int i = 0; i < B; i++) {
        const uint8_t *src = data->pixels + (size_t)gs_rng_below(&gan->rng, (uint32_t)data->n) * GS_IMG_SIZE;
        float *dst = gan->d_in + (size_t)i * GS_IMG_SIZE;
        for (int p = 0; p < GS_IMG_SIZE; p++) dst[p] = src[p] / 255.0f;
        gan->labels[i] = 1.0f, gan->labels[B + i] = 0.0f;
    }
    gs_gan_noise(gan, &gan->rng, gan->noise, B);
    const float *fake = gs_net_forward(&gan->g, gan->noise, B, 0, &gan->rng);
    memcpy(gan->d_in + (size_t)B * GS_IMG_SIZE, fake, sizeof(float) * B * GS_IMG_SIZE);
    /* 2. Train D on the 2B images. */
    const float *logits = gs_net_forward(&gan->d, gan->d_in, 2 * B, 1, &gan->rng);
    if (gs_gan_stopped(gan)) return;
    m->d_loss = bce(gan, gan->dlogits, &m->d_acc, logits, gan->labels, 2 * B);
    m->d_real = mean_sigmoid(logits, B);
    m->d_fake = mean_sigmoid(logits + B, B);
    gs_net_zero_grads(&gan->d);
    gs_net_backward(&gan->d, gan->dlogits, 1, 0);
    if (gs_gan_stopped(gan)) return;
    m->lr_d = gs_rmsprop_lr(&gan->opt_d);
    gs_rmsprop_update(&gan->opt_d, gan->d.params, gan->d.grads, gan->accum_d, gan->d.n_params);
}

void gs_gan_step_g(GsGan *gan, GsMetrics *m) {
    const int B = gan->cfg.batch;
    /* 3. B new noise vectors through G (training mode) and a frozen D, labels 1. */
    gs_gan_noise(gan, &gan->rng, gan->noise, B);
    const float *fake = gs_net_forward(&gan->g, gan->noise, B, 1, &gan->rng);
    const float *logits = gs_net_forward(&gan->d, fake, B, 1, &gan->rng);
    if (gs_gan_stopped(gan)) return;
    for (int i = 0; i < B; i++) gan->labels[i] = 1.0f;
    m->g_loss = bce(gan, gan->dlogits, &m->g_acc, logits, gan->labels, B);
    const float *dfake = gs_net_backward(&gan->d, gan->dlogits, 0, 1);
    if (gs_gan_stopped(gan)) return;
    gs_net_zero_grads(&gan->g);
    gs_net_backward(&gan->g, dfake, 1, 0);
    if (gs_gan_stopped(gan)) return;
    m->lr_g = gs_rmsprop_lr(&gan->opt_g);
    gs_rmsprop_update(&gan->opt_g, gan->g.params, gan->g.grads, gan->accum_g, gan->g.n_params);
}

void gs_gan_step(GsGan *gan, const GsImages *data, GsMetrics *m) {
    memset(m, 0, sizeof *m);
    gs_gan_step_d(gan, data, m);
    if (gs_gan_stopped(gan)) return;
    gs_gan_step_g(gan, m);
    if (gs_gan_stopped(gan)) return;
    m->step = ++gan->step;
    gs_ema_update(&gan->ema, &gan->g, gan->step);
}

void gs_gan_set_stop(GsGan *gan, const atomic_int *flag) { gan->g.stop = gan->d.stop = flag; }

int gs_gan_stopped(const GsGan *gan) { return gs_net_stopped(&gan->g) || gs_net_stopped(&gan->d); }

void gs_gan_drop_ema(GsGan *gan) {
    gs_ema_destroy(&gan->ema);
    gan->cfg.ema_decay = 0.0f;
}

void gs_gan_adopt_ema(GsGan *gan) {
    if (!gan->ema.params) return;
    /* copied, not swapped: the net frees the arrays it allocated */
    memcpy(gan->g.params, gan->ema.params, sizeof(float) * gan->g.n_params);
    if (gan->g.n_state) memcpy(gan->g.state, gan->ema.state, sizeof(float) * gan->g.n_state);
    gs_gan_drop_ema(gan);
}

void gs_gan_generate(GsGan *gan, const float *noise, int n, float *images) {
    const int Z = gan->cfg.noise_dim, B = gan->g.max_batch;
    const int avg = gan->ema.params != NULL;
    if (avg) gs_ema_swap(&gan->ema, &gan->g); /* inference reads params and state only */
    for (int i = 0; i < n; i += B) {
        int nb = n - i < B ? n - i : B;
        const float *out = gs_net_forward(&gan->g, noise + (size_t)i * Z, nb, 0, NULL);
        memcpy(images + (size_t)i * GS_IMG_SIZE, out, sizeof(float) * nb * GS_IMG_SIZE);
    }
    if (avg) gs_ema_swap(&gan->ema, &gan->g);
}

static int any_nonfinite(const float *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isfinite(p[i])) return 1;
    return 0;
}

int gs_gan_diverged(const GsGan *gan) {
    return any_nonfinite(gan->g.params, gan->g.n_params) || any_nonfinite(gan->d.params, gan->d.n_params);
}

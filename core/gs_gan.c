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
    /* buffers for the largest batch the run will use (the second phase's, when larger) */
    const int B = gs_config_max_batch(cfg), Z = cfg->noise_dim;
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

static float sigmoid(float logit) { return (float)(1.0 / (1.0 + exp(-(double)logit))); }

static float l2_norm(const float *p, size_t n) {
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += (double)p[i] * p[i];
    return (float)sqrt(s);
}

/* The watch's copies of what a phase made (only reads the step's buffers). */
static void watch_verdicts(float *out, const float *logits, int n) {
    for (int i = 0; i < GS_WATCH_VERDICTS; i++) out[i] = i < n ? sigmoid(logits[i]) : 0.0f;
}

static void watch_noise(GsStepWatch *w, const GsGan *gan, const float *fake) {
    w->noise_dim = gan->cfg.noise_dim;
    memcpy(w->noise, gan->noise, sizeof(float) * gan->cfg.noise_dim);
    memcpy(w->fake, fake, sizeof w->fake);
}

/* Phase p of a step (GsStepPhase), its arithmetic exactly as the tutorial's step. */
static void run_phase(GsGan *gan, const GsImages *data, GsStepPhase p, GsMetrics *m) {
    /* the batch and D's dropout of this step's phase of the recipe; gan->step moves only
     * after the last phase, so a step never mixes two */
    const int B = gs_config_batch_at(&gan->cfg, gan->step);
    const float rate = gs_config_d_dropout_at(&gan->cfg, gan->step);
    for (int i = 0; i < gan->d.n_layers; i++)
        if (gan->d.layers[i].spec.kind == GS_LAYER_DROPOUT) gan->d.layers[i].spec.rate = rate;
    GsStepWatch *w = gan->watch;
    switch (p) {
    case GS_PHASE_FAKES: {
        /* B random real images (with replacement, as np.random.randint) and B fakes from
         * the generator in prediction mode. */
        for (int i = 0; i < B; i++) {
            const uint8_t *src = data->pixels + (size_t)gs_rng_below(&gan->rng, (uint32_t)data->n) * GS_IMG_SIZE;
            float *dst = gan->d_in + (size_t)i * GS_IMG_SIZE;
            for (int q = 0; q < GS_IMG_SIZE; q++) dst[q] = src[q] / 255.0f;
            gan->labels[i] = 1.0f, gan->labels[B + i] = 0.0f;
        }
        gs_gan_noise(gan, &gan->rng, gan->noise, B);
        const float *fake = gs_net_forward(&gan->g, gan->noise, B, 0, &gan->rng);
        memcpy(gan->d_in + (size_t)B * GS_IMG_SIZE, fake, sizeof(float) * B * GS_IMG_SIZE);
        if (w) watch_noise(w, gan, fake), memcpy(w->real, gan->d_in, sizeof w->real);
        break;
    }
    case GS_PHASE_D_JUDGES: { /* D (training mode) on the 2B images */
        const float *logits = gs_net_forward(&gan->d, gan->d_in, 2 * B, 1, &gan->rng);
        if (gs_gan_stopped(gan)) return;
        m->d_loss = bce(gan, gan->dlogits, &m->d_acc, logits, gan->labels, 2 * B);
        m->d_real = mean_sigmoid(logits, B);
        m->d_fake = mean_sigmoid(logits + B, B);
        if (w) watch_verdicts(w->d_real, logits, B), watch_verdicts(w->d_fake, logits + B, B), w->d_loss = m->d_loss;
        break;
    }
    case GS_PHASE_D_UPDATE:
        gs_net_zero_grads(&gan->d);
        gs_net_backward(&gan->d, gan->dlogits, 1, 0);
        if (gs_gan_stopped(gan)) return;
        m->lr_d = gs_rmsprop_lr(&gan->opt_d);
        if (w) w->d_grad_norm = l2_norm(gan->d.grads, gan->d.n_params);
        gs_rmsprop_update(&gan->opt_d, gan->pool, gan->d.params, gan->d.grads, gan->accum_d, gan->d.n_params);
        break;
    case GS_PHASE_NEW_FAKES: /* B new noise vectors through G in training mode */
        gs_gan_noise(gan, &gan->rng, gan->noise, B);
        gan->half_fake = gs_net_forward(&gan->g, gan->noise, B, 1, &gan->rng);
        if (w) watch_noise(w, gan, gan->half_fake);
        break;
    case GS_PHASE_G_JUDGED: { /* a frozen D on them, labels 1 */
        const float *logits = gs_net_forward(&gan->d, gan->half_fake, B, 1, &gan->rng);
        if (gs_gan_stopped(gan)) return;
        for (int i = 0; i < B; i++) gan->labels[i] = 1.0f;
        m->g_loss = bce(gan, gan->dlogits, &m->g_acc, logits, gan->labels, B);
        if (w) watch_verdicts(w->g_fake, logits, B), w->g_loss = m->g_loss;
        break;
    }
    case GS_PHASE_G_UPDATE: {
        const float *dfake = gs_net_backward(&gan->d, gan->dlogits, 0, 1);
        if (gs_gan_stopped(gan)) return;
        if (w) memcpy(w->fake_grad, dfake, sizeof w->fake_grad);
        gs_net_zero_grads(&gan->g);
        gs_net_backward(&gan->g, dfake, 1, 0);
        if (gs_gan_stopped(gan)) return;
        m->lr_g = gs_rmsprop_lr(&gan->opt_g);
        if (w) w->g_grad_norm = l2_norm(gan->g.grads, gan->g.n_params);
        gs_rmsprop_update(&gan->opt_g, gan->pool, gan->g.params, gan->g.grads, gan->accum_g, gan->g.n_params);
        break;
    }
    default: break;
    }
    if (w) w->phase = p, w->step = gan->step + 1;
}

/* Phases first to last-1 in order; stops early when a stop is asked. */
static void run_phases(GsGan *gan, const GsImages *data, GsStepPhase first, GsStepPhase last, GsMetrics *m) {
    gan->phase_next = 0; /* a phased step under way, if any, is dropped */
    for (int p = first; p < (int)last && !gs_gan_stopped(gan); p++) run_phase(gan, data, (GsStepPhase)p, m);
}

void gs_gan_step_d(GsGan *gan, const GsImages *data, GsMetrics *m) {
    run_phases(gan, data, GS_PHASE_FAKES, GS_PHASE_NEW_FAKES, m);
}

void gs_gan_step_g(GsGan *gan, GsMetrics *m) { run_phases(gan, NULL, GS_PHASE_NEW_FAKES, GS_PHASE_COUNT, m); }

void gs_gan_step(GsGan *gan, const GsImages *data, GsMetrics *m) {
    memset(m, 0, sizeof *m);
    run_phases(gan, data, GS_PHASE_FAKES, GS_PHASE_COUNT, m);
    if (gs_gan_stopped(gan)) return;
    m->step = ++gan->step;
    gs_ema_update(&gan->ema, &gan->g, gan->step);
}

GsStatus gs_gan_step_phase(GsGan *gan, const GsImages *data, GsStepPhase phase, GsMetrics *m, GsError *err) {
    if ((int)phase != gan->phase_next)
        return gs_fail(err, GS_ERR_ARG, "step phase %d asked for, but phase %d comes next", (int)phase, gan->phase_next);
    if (phase == GS_PHASE_FAKES) memset(m, 0, sizeof *m);
    run_phase(gan, data, phase, m);
    if (gs_gan_stopped(gan)) return GS_OK; /* abandoned: the GAN is about to be freed */
    gan->phase_next = (phase + 1) % GS_PHASE_COUNT;
    if (phase == GS_PHASE_G_UPDATE) {
        m->step = ++gan->step;
        gs_ema_update(&gan->ema, &gan->g, gan->step); /* as gs_gan_step: a phased step is the same step */
    }
    return GS_OK;
}

GsStepPhase gs_gan_next_phase(const GsGan *gan) { return (GsStepPhase)gan->phase_next; }

void gs_gan_set_watch(GsGan *gan, GsStepWatch *w) { gan->watch = w; }

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

/* dump.c: the C half of the reference test. Builds a trainer (preset, batch, seed from the
 * arguments), gives it non-trivial optimizer and batch-norm state, runs one discriminator
 * step and one generator step, and writes every tensor a rebuild needs to check them into
 * DIR: the weights, state and accumulators before and after, the noise, images, dropout
 * masks, logits, losses and gradients (raw little-endian float32 / uint8, sizes in
 * meta.txt). tests/reference/compare.py reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs_gan.h"

static const char *dir;

static void dump(const char *name, const void *p, size_t bytes) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, bytes, f) != bytes || fclose(f) != 0) {
        fprintf(stderr, "reference_dump: cannot write %s\n", path);
        exit(1);
    }
}
#define DUMP_F(name, p, n) dump(name ".f32", p, sizeof(float) * (size_t)(n))

/* Every dropout layer's mask of the last training forward over n images, one file each. */
static void dump_masks(const char *prefix, const GsNet *net, int n) {
    for (int i = 0, k = 0; i < net->n_layers; i++) {
        const GsLayer *L = &net->layers[i];
        if (L->spec.kind != GS_LAYER_DROPOUT) continue;
        char name[64];
        snprintf(name, sizeof name, "%s%d.u8", prefix, k++);
        dump(name, L->mask, (size_t)n * L->out_h * L->out_w * L->out_c);
    }
}

static float uniform(GsRng *r, float lo, float hi) { return gs_rng_range(r, lo, hi); }

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: reference_dump DIR PRESET BATCH CLIPVALUE\n");
        return 2;
    }
    dir = argv[1];
    GsConfig cfg;
    GsError err;
    GsGan gan;
    if (gs_config_preset(&cfg, argv[2], &err) != GS_OK) return fprintf(stderr, "%s\n", err.msg), 2;
    cfg.batch = atoi(argv[3]), cfg.seed = 2024, cfg.clipvalue = (float)atof(argv[4]);
    if (gs_gan_create(&gan, &cfg, &err) != GS_OK) return fprintf(stderr, "%s\n", err.msg), 1;
    gs_gan_set_threads(&gan, 1, &err);
    const int B = cfg.batch, Z = cfg.noise_dim;

    /* State a fresh trainer lacks: a million updates done (so decay shows: lr / (1 +
     * decay * iterations)), non-zero RMSprop accumulators, moved BN statistics. */
    GsRng r;
    gs_rng_seed(&r, 99);
    gan.opt_d.iterations = gan.opt_g.iterations = 1000000;
    for (size_t i = 0; i < gan.g.n_params; i++) gan.accum_g[i] = uniform(&r, 0.0f, 1e-6f);
    for (size_t i = 0; i < gan.d.n_params; i++) gan.accum_d[i] = uniform(&r, 0.0f, 1e-6f);
    for (int i = 0; i < gan.g.n_layers; i++) {
        const GsLayer *L = &gan.g.layers[i];
        if (L->spec.kind != GS_LAYER_BATCHNORM) continue;
        for (int c = 0; c < L->out_c; c++) {
            gan.g.state[L->state_off + c] = uniform(&r, -0.1f, 0.1f);
            gan.g.state[L->state_off + L->out_c + c] = uniform(&r, 0.5f, 1.5f);
        }
    }
    GsImages data = {0};
    data.n = 2 * B, data.rows = data.cols = GS_IMG_SIDE;
    data.pixels = malloc((size_t)data.n * GS_IMG_SIZE);
    for (size_t i = 0; i < (size_t)data.n * GS_IMG_SIZE; i++) data.pixels[i] = (uint8_t)(gs_rng_u64(&r) >> 56);

    FILE *meta;
    char path[4096];
    snprintf(path, sizeof path, "%s/meta.txt", dir);
    if (!(meta = fopen(path, "w"))) return fprintf(stderr, "cannot write %s\n", path), 1;
    fprintf(meta, "batch %d\nnoise_dim %d\ng_dense_c %d\ng_c %d %d %d\nd_c %d %d %d %d\n", B, Z, cfg.g_dense_c,
            cfg.g_c[0], cfg.g_c[1], cfg.g_c[2], cfg.d_c[0], cfg.d_c[1], cfg.d_c[2], cfg.d_c[3]);
    fprintf(meta, "g_dropout %.9g\nd_dropout %.9g\nlrelu_alpha %.9g\nbn_momentum %.9g\nbn_epsilon %.9g\n", cfg.g_dropout,
            cfg.d_dropout, cfg.lrelu_alpha, cfg.bn_momentum, cfg.bn_epsilon);
    fprintf(meta, "lr_d %.9g\ndecay_d %.9g\nlr_g %.9g\ndecay_g %.9g\nclipvalue %.9g\nrho %.9g\nepsilon %.9g\n", cfg.lr_d,
            cfg.decay_d, cfg.lr_g, cfg.decay_g, cfg.clipvalue, cfg.rho, cfg.epsilon);
    fprintf(meta, "iterations %lld\ng_n_params %zu\ng_n_state %zu\nd_n_params %zu\n", (long long)gan.opt_d.iterations,
            gan.g.n_params, gan.g.n_state, gan.d.n_params);

    DUMP_F("g_params0", gan.g.params, gan.g.n_params);
    DUMP_F("g_state0", gan.g.state, gan.g.n_state);
    DUMP_F("g_accum0", gan.accum_g, gan.g.n_params);
    DUMP_F("d_params0", gan.d.params, gan.d.n_params);
    DUMP_F("d_accum0", gan.accum_d, gan.d.n_params);

    GsMetrics m;
    memset(&m, 0, sizeof m);
    gs_gan_step_d(&gan, &data, &m);
    DUMP_F("d_noise", gan.noise, (size_t)B * Z);
    DUMP_F("d_in", gan.d_in, (size_t)2 * B * GS_IMG_SIZE);
    dump_masks("d_mask_d", &gan.d, 2 * B);
    DUMP_F("d_logits", gan.d.layers[gan.d.n_layers - 1].out, 2 * B);
    DUMP_F("d_grads", gan.d.grads, gan.d.n_params);
    DUMP_F("d_params1", gan.d.params, gan.d.n_params);
    DUMP_F("d_accum1", gan.accum_d, gan.d.n_params);
    DUMP_F("g_state_after_d", gan.g.state, gan.g.n_state);

    gs_gan_step_g(&gan, &m);
    DUMP_F("g_noise", gan.noise, (size_t)B * Z);
    dump_masks("g_mask", &gan.g, B);
    dump_masks("d_mask_g", &gan.d, B);
    DUMP_F("g_fakes", gan.g.layers[gan.g.n_layers - 1].out, (size_t)B * GS_IMG_SIZE);
    DUMP_F("g_logits", gan.d.layers[gan.d.n_layers - 1].out, B);
    DUMP_F("g_grads", gan.g.grads, gan.g.n_params);
    DUMP_F("g_params1", gan.g.params, gan.g.n_params);
    DUMP_F("g_accum1", gan.accum_g, gan.g.n_params);
    DUMP_F("g_state1", gan.g.state, gan.g.n_state);
    DUMP_F("d_params2", gan.d.params, gan.d.n_params);
    fprintf(meta, "d_loss %.9g\ng_loss %.9g\nlr_d_used %.9g\nlr_g_used %.9g\n", m.d_loss, m.g_loss, m.lr_d, m.lr_g);
    if (fclose(meta) != 0) return 1;
    gs_images_free(&data);
    gs_gan_destroy(&gan);
    return 0;
}

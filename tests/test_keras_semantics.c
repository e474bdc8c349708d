/* test_keras_semantics.c: known answers, worked out by hand, for the places where ganscope
 * must behave exactly like Keras 2: RMSprop (decay, clipvalue), BatchNorm moving statistics,
 * dropout only in training, 'same' padding, binary cross-entropy as Keras reports it, and
 * the tutorial's layer shapes and parameter counts. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "gs_model.h"
#include "gs_net.h"
#include "gs_pool.h"
#include "gs_rmsprop.h"

static void test_rmsprop(void) {
    /* lr 0.01, decay 0.1, clipvalue 1: the -3 gradient is clipped to -1.
     * Step 1: a = 0.1 g^2, lr_t = 0.01, w -= 0.01 g / sqrt(0.1 g^2) = 0.0316227766 sign(g).
     * Step 2: a = 0.19 g^2, lr_t = 0.01/1.1, w -= (0.01/1.1)/sqrt(0.19) sign(g)
     *         = 0.0208559758 sign(g). */
    GsRmsprop opt = {0.01f, 0.9f, 1e-7f, 0.1f, 1.0f, 0};
    float w[3] = {1.0f, -2.0f, 0.5f}, g[3] = {0.5f, -3.0f, 0.1f}, a[3] = {0};
    CHECK_CLOSE(gs_rmsprop_lr(&opt), 0.01f, 1e-9, 0);
    gs_rmsprop_update(&opt, NULL, w, g, a, 3);
    CHECK_CLOSE(a[0], 0.025, 1e-7, 0);
    CHECK_CLOSE(a[1], 0.1, 1e-7, 0); /* from the clipped gradient */
    CHECK_CLOSE(w[0], 1.0 - 0.0316227766, 2e-6, 0);
    CHECK_CLOSE(w[1], -2.0 + 0.0316227766, 2e-6, 0);
    CHECK_CLOSE(w[2], 0.5 - 0.0316227766, 2e-6, 0);
    CHECK(opt.iterations == 1);
    CHECK_CLOSE(gs_rmsprop_lr(&opt), 0.01 / 1.1, 1e-9, 0);
    gs_rmsprop_update(&opt, NULL, w, g, a, 3);
    CHECK_CLOSE(w[0], 1.0 - 0.0316227766 - 0.0208559758, 2e-6, 0);
    CHECK_CLOSE(w[1], -2.0 + 0.0316227766 + 0.0208559758, 2e-6, 0);
    CHECK_CLOSE(a[1], 0.19, 1e-7, 0);
}

/* The vectorised, pool-split update against the plain formula with fminf/fmaxf, bit for
 * bit, over a range long enough to be split, with gradients past the clip and NaNs. */
static void test_rmsprop_split(void) {
    enum { N = 200003 };
    static float w[N], g[N], a[N], w_ref[N], a_ref[N];
    GsPool *pool;
    GsError err;
    CHECK(gs_pool_create(&pool, 3, &err) == GS_OK);
    for (int clipped = 0; clipped < 2; clipped++) {
        uint64_t x = 88172645463325252ull;
        for (int i = 0; i < N; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            g[i] = ((float)(x % 20001) - 10000.0f) / 4000.0f; /* -2.5 .. 2.5 */
            if (i % 9973 == 0) g[i] = NAN;                    /* clipped to -1, or kept */
            w[i] = w_ref[i] = (float)(x >> 40) / 16777216.0f - 0.5f;
            a[i] = a_ref[i] = (float)(i % 7) * 0.01f;
        }
        GsRmsprop opt = {1.6e-3f, 0.9f, 1e-7f, 0.0f, clipped ? 1.0f : 0.0f, 0}, ref = opt;
        for (int step = 0; step < 2; step++) {
            gs_rmsprop_update(&opt, pool, w, g, a, N);
            const float lr = gs_rmsprop_lr(&ref), clip = ref.clipvalue;
            for (int i = 0; i < N; i++) {
                float gi = clip > 0.0f ? fminf(fmaxf(g[i], -clip), clip) : g[i];
                a_ref[i] = ref.rho * a_ref[i] + (1.0f - ref.rho) * gi * gi;
                w_ref[i] -= lr * gi / (sqrtf(a_ref[i]) + ref.epsilon);
            }
            ref.iterations++;
        }
        int differ = 0, nan_w = 0;
        for (int i = 0; i < N; i++) nan_w += isnan(w[i]);
        CHECK_MSG(nan_w == (clipped ? 0 : (N + 9972) / 9973), "clip %d: %d NaN weights", clipped, nan_w);
        for (int i = 0; i < N; i++) differ += memcmp(&w[i], &w_ref[i], 4) != 0 || memcmp(&a[i], &a_ref[i], 4) != 0;
        CHECK_MSG(differ == 0, "clip %d: %d of %d parameters differ from the plain update", clipped, differ, N);
    }
    gs_pool_destroy(pool);
}

static GsLayerSpec spec(GsLayerKind kind) {
    GsLayerSpec s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    return s;
}

static void test_batchnorm_and_dropout(void) {
    /* Dense(1) with weight 1, bias 0 passes 4 values through to BN, then dropout 0.5. */
    GsLayerSpec bn = spec(GS_LAYER_BATCHNORM), dense = spec(GS_LAYER_DENSE), drop = spec(GS_LAYER_DROPOUT);
    bn.momentum = 0.9f, bn.epsilon = 1e-3f, dense.units = 1, drop.rate = 0.5f;
    GsLayerSpec specs[] = {dense, bn, drop};
    GsNet net;
    GsError err;
    GsRng rng;
    gs_rng_seed(&rng, 7);
    CHECK(gs_net_create(&net, specs, 3, 1, 1, 1, 4, &err) == GS_OK);
    gs_net_init(&net, &rng);
    net.params[net.layers[0].w_off] = 1.0f;
    float x[4] = {1, 2, 3, 4};
    /* Inference before any training: moving mean 0, variance 1; dropout is the identity. */
    const float *y = gs_net_forward(&net, x, 4, 0, &rng);
    for (int i = 0; i < 4; i++) CHECK_CLOSE(y[i], x[i] / sqrtf(1.0f + 1e-3f), 1e-6, 1e-6);
    /* Training: batch mean 2.5, biased variance 1.25; moving = 0.9 moving + 0.1 batch. */
    y = gs_net_forward(&net, x, 4, 1, &rng);
    const float *rm = net.state + net.layers[1].state_off, *rv = rm + 1;
    CHECK_CLOSE(rm[0], 0.25, 1e-7, 0);
    CHECK_CLOSE(rv[0], 0.9 + 0.125, 1e-6, 0);
    int kept = 0;
    for (int i = 0; i < 4; i++) {
        float bn_out = (x[i] - 2.5f) / sqrtf(1.25f + 1e-3f);
        if (y[i] != 0.0f) {
            kept++;
            CHECK_CLOSE(y[i], bn_out * 2.0f, 1e-5, 1e-5); /* inverted dropout scales by 1/(1-0.5) */
        }
    }
    CHECK(kept == (net.layers[2].mask[0] + net.layers[2].mask[1] + net.layers[2].mask[2] + net.layers[2].mask[3]));
    /* Inference after one training step uses the moving statistics, no dropout, and
     * does not change them. */
    y = gs_net_forward(&net, x, 4, 0, &rng);
    for (int i = 0; i < 4; i++) CHECK_CLOSE(y[i], (x[i] - 0.25f) / sqrtf(1.025f + 1e-3f), 1e-5, 1e-5);
    CHECK_CLOSE(rm[0], 0.25, 1e-7, 0);
    gs_net_destroy(&net);

    /* Dropout at rate 0.4 over many values keeps about 60% and preserves the mean. */
    enum { N = 100000 };
    float *in = malloc(sizeof(float) * N), *out = malloc(sizeof(float) * N);
    uint8_t *mask = malloc(N);
    for (int i = 0; i < N; i++) in[i] = 1.0f;
    gs_dropout_forward(out, mask, in, N, 0.4f, &rng);
    double sum = 0;
    int k = 0;
    for (int i = 0; i < N; i++) sum += out[i], k += mask[i];
    CHECK_MSG(fabs(k / (double)N - 0.6) < 0.01, "kept fraction %.4f", k / (double)N);
    CHECK_MSG(fabs(sum / N - 1.0) < 0.02, "mean after dropout %.4f", sum / N);
    free(in), free(out), free(mask);
}

static void test_same_padding(void) {
    /* TensorFlow 'same': out = ceil(in/stride), pad_total = max((out-1)*stride + k - in, 0),
     * top = pad_total / 2. The discriminator's shapes: 28 -> 14 -> 7 -> 4 -> 4. */
    GsConvShape s = gs_conv_shape_same(28, 28, 1, 64, 5, 2);
    CHECK(s.out_h == 14 && s.pad_top == 1);
    s = gs_conv_shape_same(14, 14, 64, 128, 5, 2);
    CHECK(s.out_h == 7 && s.pad_top == 1);
    s = gs_conv_shape_same(7, 7, 128, 256, 5, 2);
    CHECK(s.out_h == 4 && s.pad_top == 2);
    s = gs_conv_shape_same(4, 4, 256, 512, 5, 1);
    CHECK(s.out_h == 4 && s.pad_top == 2);
}

static void test_bce(void) {
    float logits[4] = {0.0f, 2.0f, -3.0f, 100.0f}, labels[4] = {1, 1, 0, 0}, d[4], acc;
    float loss = gs_bce_logits(d, &acc, logits, labels, 4);
    /* ln 2, ln(1+e^-2), ln(1+e^-3), and Keras's clipped maximum -ln(1e-7) = 16.118 */
    double want = (0.69314718 + 0.12692801 + 0.04858735 + 16.11809565) / 4;
    CHECK_CLOSE(loss, want, 1e-5, 1e-5);
    CHECK_CLOSE(acc, 0.5, 0, 0); /* logit 0 is "fake" (p > 0.5 is real); 100 vs label 0 wrong */
    CHECK_CLOSE(d[0], (0.5 - 1) / 4, 1e-7, 1e-6);
    CHECK_CLOSE(d[3], (1.0 - 0) / 4, 1e-7, 1e-6); /* the gradient is not clipped */
    float big[2] = {-1000.0f, 1000.0f}, lab[2] = {1, 0};
    loss = gs_bce_logits(d, NULL, big, lab, 2);
    CHECK(isfinite(loss) && isfinite(d[0]) && isfinite(d[1]));
}

static void test_tutorial_model(void) {
    /* The tutorial's model: Keras's summary() counts. Generator: Dense 100*12544+12544,
     * BN 4*12544 (2 trainable), convT 5*5*256*128+128, BN, 5*5*128*64+64, BN,
     * 5*5*64*32+32, BN, 5*5*32*1+1. Discriminator: 5*5*1*64+64, 5*5*64*128+128,
     * 5*5*128*256+256, 5*5*256*512+512, 4*4*512+1. */
    GsConfig cfg;
    GsError err;
    CHECK(gs_config_preset(&cfg, "keras", &err) == GS_OK);
    CHECK(cfg.batch == 256 && cfg.lr_d == 0.0008f && cfg.lr_g == 0.0004f);
    CHECK(cfg.g_dropout == 0.4f && cfg.d_dropout == 0.4f && cfg.decay_d == 6e-8f &&
          cfg.decay_g == 3e-8f && cfg.clipvalue == 1.0f && cfg.rho == 0.9f);
    /* The fast preset's own recipe (README) must not leak into keras, nor drift unnoticed. */
    GsConfig fast;
    CHECK(gs_config_preset(&fast, "fast", &err) == GS_OK);
    CHECK(fast.batch == 16 && fast.g_dropout == 0.0f && fast.d_dropout == 0.0f &&
          fast.lr_d == 0.0016f && fast.lr_g == 0.0032f && fast.decay_d == cfg.decay_d);
    GsLayerSpec specs[GS_NET_MAX_LAYERS];
    GsNet g, d;
    int n = gs_model_generator(&cfg, specs);
    CHECK(gs_net_create(&g, specs, n, 1, 1, 100, 2, &err) == GS_OK);
    size_t g_trainable = 100 * 12544 + 12544 + 2 * 12544 + 25 * 256 * 128 + 128 + 2 * 128 +
                         25 * 128 * 64 + 64 + 2 * 64 + 25 * 64 * 32 + 32 + 2 * 32 + 25 * 32 + 1;
    CHECK_MSG(g.n_params == g_trainable, "%zu vs %zu", g.n_params, g_trainable);
    CHECK(g.n_state == 2 * (12544 + 128 + 64 + 32));
    CHECK(gs_net_out_size(&g) == 784);
    n = gs_model_discriminator(&cfg, specs);
    CHECK(gs_net_create(&d, specs, n, 28, 28, 1, 2, &err) == GS_OK);
    size_t d_trainable = 25 * 64 + 64 + 25 * 64 * 128 + 128 + 25 * 128 * 256 + 256 +
                         25 * 256 * 512 + 512 + 4 * 4 * 512 + 1;
    CHECK_MSG(d.n_params == d_trainable, "%zu vs %zu", d.n_params, d_trainable);
    CHECK(gs_net_out_size(&d) == 1);
    gs_net_destroy(&g);
    gs_net_destroy(&d);
    CHECK(gs_config_preset(&cfg, "nonsense", &err) == GS_ERR_ARG && strstr(err.msg, "nonsense"));
}

int main(void) {
    test_rmsprop();
    test_rmsprop_split();
    test_batchnorm_and_dropout();
    test_same_padding();
    test_bce();
    test_tutorial_model();
    CHECK_DONE();
}

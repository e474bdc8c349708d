/* test_gradcheck.c: every layer's backward pass against central finite differences, on
 * tiny random shapes, and whole networks (the tutorial's generator and discriminator,
 * narrowed) along a random direction, in training mode and (for the layers that differ, and
 * the whole networks) in inference mode. The loss is sum(out * r) for a random r, so the
 * gradient fed to backward is r. */
#include <string.h>

#include "check.h"
#include "gs_model.h"
#include "gs_net.h"
#include "gs_ops.h"

#define FD_H 2e-3f

static GsRng test_rng;
static int fd_training = 1; /* the mode of every forward the checks run */

static void fill(float *x, size_t n, float lo, float hi) {
    for (size_t i = 0; i < n; i++) x[i] = gs_rng_range(&test_rng, lo, hi);
}

/* Loss of one forward with a fixed dropout stream, in double. *kinks gets a hash of which
 * ReLU/LeakyReLU inputs were positive: finite differences are only valid between points
 * where it is the same (no activation crossed its kink). */
static double net_loss(GsNet *net, const float *x, int n, const float *r, int training,
                       uint64_t *kinks) {
    GsRng rng;
    gs_rng_seed(&rng, 1234);
    const float *out = gs_net_forward(net, x, n, training, &rng);
    double s = 0.0;
    for (size_t i = 0, e = (size_t)n * gs_net_out_size(net); i < e; i++) s += (double)out[i] * r[i];
    uint64_t h = 1469598103934665603ull;
    for (int l = 0; l < net->n_layers; l++) {
        const GsLayer *L = &net->layers[l];
        int kinked = L->spec.kind == GS_LAYER_RELU || (L->spec.kind == GS_LAYER_LRELU && L->spec.rate != 1.0f);
        if (!kinked) continue;
        for (size_t i = 0, e = (size_t)n * L->out_h * L->out_w * L->out_c; i < e; i++)
            h = (h ^ (uint64_t)(L->out[i] > 0.0f) ^ (i << 1)) * 1099511628211ull;
    }
    if (kinks) *kinks = h;
    return s;
}

/* Central difference of the loss along v (over params then inputs) at step h; returns 0
 * and leaves *deriv unset when an activation crossed its kink in between. */
static int central_diff(GsNet *net, float *x, size_t in_n, const float *v, float h, int n,
                        const float *r, uint64_t base_kinks, double *deriv) {
    float *p0 = malloc(sizeof(float) * net->n_params), *x0 = malloc(sizeof(float) * in_n);
    memcpy(p0, net->params, sizeof(float) * net->n_params);
    memcpy(x0, x, sizeof(float) * in_n);
    double l[2];
    uint64_t k[2];
    for (int sgn = 0; sgn < 2; sgn++) {
        float hs = sgn ? -h : h;
        for (size_t i = 0; i < net->n_params; i++) net->params[i] = p0[i] + hs * v[i];
        for (size_t i = 0; i < in_n; i++) x[i] = x0[i] + hs * v[net->n_params + i];
        l[sgn] = net_loss(net, x, n, r, fd_training, &k[sgn]);
    }
    memcpy(net->params, p0, sizeof(float) * net->n_params);
    memcpy(x, x0, sizeof(float) * in_n);
    free(p0), free(x0);
    if (k[0] != base_kinks || k[1] != base_kinks) return 0;
    *deriv = (l[0] - l[1]) / (2.0 * h);
    return 1;
}

static int compare(const char *what, const char *kind, int idx, double analytic, double numeric,
                   double *worst) {
    /* atol covers float32 rounding of a loss summed over thousands of outputs */
    double err = fabs(analytic - numeric), tol = 4e-3 + 2e-2 * fabs(numeric);
    if (err / tol > *worst) *worst = err / tol;
    if (err > tol) {
        fprintf(stderr, "  %s %s[%d]: analytic %.6g numeric %.6g\n", what, kind, idx, analytic, numeric);
        return 1;
    }
    return 0;
}

/* Checks d(loss)/d(params) and d(loss)/d(input) of a net built from specs. At most `most`
 * entries of each are probed (spread over the whole buffer). Returns failures. */
static int gradcheck(const char *what, const GsLayerSpec *specs, int n_specs, int h, int w, int c,
                     int n, int most, int directional) {
    GsNet net;
    GsError err;
    if (gs_net_create(&net, specs, n_specs, h, w, c, n, &err) != GS_OK) {
        fprintf(stderr, "%s: %s\n", what, err.msg);
        return 1;
    }
    gs_net_init(&net, &test_rng);
    /* move BN's gamma/beta and zero biases away from their trivial initial values */
    fill(net.params, net.n_params, -0.5f, 0.5f);
    for (int i = 0; i < net.n_layers; i++)
        if (net.layers[i].spec.kind == GS_LAYER_BATCHNORM)
            for (size_t j = 0; j < net.layers[i].n_w; j++) net.params[net.layers[i].w_off + j] += 1.0f;
    /* moving statistics away from mean 0, variance 1, for inference mode to use */
    for (int i = 0; i < net.n_layers; i++)
        if (net.layers[i].spec.kind == GS_LAYER_BATCHNORM) {
            const GsLayer *B = &net.layers[i];
            fill(net.state + B->state_off, B->out_c, -0.5f, 0.5f);
            fill(net.state + B->state_off + B->out_c, B->out_c, 0.5f, 1.5f);
        }
    size_t in_n = (size_t)n * gs_net_in_size(&net), out_n = (size_t)n * gs_net_out_size(&net);
    float *x = malloc(sizeof(float) * in_n), *r = malloc(sizeof(float) * out_n);
    float *dx = malloc(sizeof(float) * in_n);
    fill(x, in_n, -1.0f, 1.0f);
    fill(r, out_n, -1.0f, 1.0f);

    uint64_t base;
    net_loss(&net, x, n, r, fd_training, &base);
    gs_net_zero_grads(&net);
    const float *din = gs_net_backward(&net, r, 1, 1);
    memcpy(dx, din, sizeof(float) * in_n);

    /* One coordinate at a time (a one-hot v), at most `most` of the parameters and of the
     * inputs, spread over each buffer. */
    size_t total = net.n_params + in_n;
    float *v = calloc(total, sizeof(float));
    int fails = 0, probes = 0, skipped = 0;
    double worst = 0.0;
    for (int part = 0; part < 2; part++) {
        size_t lo = part ? net.n_params : 0, cnt = part ? in_n : net.n_params;
        size_t step = cnt > (size_t)most ? cnt / most : 1;
        for (size_t i = 0; i < cnt; i += step) {
            double numeric, analytic = part ? dx[i] : net.grads[i];
            v[lo + i] = 1.0f;
            int ok = central_diff(&net, x, in_n, v, FD_H, n, r, base, &numeric);
            v[lo + i] = 0.0f;
            if (!ok) {
                skipped++;
                continue;
            }
            probes++;
            fails += compare(what, part ? "input" : "param", (int)i, analytic, numeric, &worst);
        }
    }
    printf("%-34s %3d/%d mismatches (%d probes skipped at a kink), worst %.2f of tolerance\n",
           what, fails, probes, skipped, worst);
    CHECK_MSG(probes >= 50 || skipped == 0, "%s: only %d probes did not cross a kink", what, probes);

    /* Along random directions over every parameter and input at once: the first direction
     * (of 20) whose segment crosses no kink is compared with grads.v + dx.v. */
    int found = !directional;
    for (int tries = 0; tries < 20 && !found; tries++) {
        fill(v, total, -1.0f, 1.0f);
        double analytic = 0.0, numeric;
        for (size_t i = 0; i < net.n_params; i++) analytic += (double)net.grads[i] * v[i];
        for (size_t i = 0; i < in_n; i++) analytic += (double)dx[i] * v[net.n_params + i];
        if (central_diff(&net, x, in_n, v, FD_H / 4, n, r, base, &numeric)) {
            double dworst = 0.0;
            fails += compare(what, "direction", tries, analytic, numeric, &dworst);
            printf("%-34s along a random direction: %.6g vs %.6g, %.2f of tolerance\n", what,
                   analytic, numeric, dworst);
            found = 1;
        }
    }
    CHECK_MSG(found, "%s: every random direction crossed a kink", what);
    free(v);
    free(x), free(r), free(dx);
    gs_net_destroy(&net);
    return fails;
}

static GsLayerSpec L(GsLayerKind kind, int units, int k, int stride, float rate) {
    GsLayerSpec s;
    memset(&s, 0, sizeof s);
    s.kind = kind, s.units = units, s.k = k, s.stride = stride, s.rate = rate;
    s.momentum = 0.9f, s.epsilon = 1e-3f;
    return s;
}

/* The clipped-sigmoid BCE (the `sigmoid-bce` scenario's loss): its gradient against central
 * differences of its own loss inside the clip, exactly zero where the clip holds (Keras
 * differentiates through the clip), and the same reported loss as the logit form. */
static void check_bce_sigmoid_clipped(void) {
    float logits[8] = {-12.0f, -3.5f, -0.7f, 0.0f, 0.4f, 2.5f, 6.0f, -8.0f};
    float labels[8] = {1, 0, 1, 0, 1, 0, 1, 0}, d[8], dl[8];
    const int n = 8;
    float loss = gs_bce_sigmoid_clipped(d, NULL, logits, labels, n);
    CHECK_CLOSE(loss, gs_bce_logits(dl, NULL, logits, labels, n), 1e-5, 1e-4);
    for (int i = 0; i < n; i++) {
        float x[8];
        memcpy(x, logits, sizeof x);
        const double h = 5e-2; /* smooth here; a wide step outruns float32 rounding of p near 1 */
        x[i] = logits[i] + (float)h;
        double up = gs_bce_sigmoid_clipped(NULL, NULL, x, labels, n);
        x[i] = logits[i] - (float)h;
        double down = gs_bce_sigmoid_clipped(NULL, NULL, x, labels, n);
        CHECK_CLOSE(d[i], (up - down) / (2 * h), 2e-4, 2e-3);
    }
    /* Saturated: sigmoid(20) rounds to 1 in float32, sigmoid(-20) is below 1e-7. */
    float sat[4] = {20.0f, -20.0f, 30.0f, -17.0f}, sl[4] = {0, 1, 1, 0}, sd[4], ld[4];
    float sloss = gs_bce_sigmoid_clipped(sd, NULL, sat, sl, 4);
    gs_bce_logits(ld, NULL, sat, sl, 4);
    for (int i = 0; i < 4; i++) CHECK_MSG(sd[i] == 0.0f, "clipped gradient %d = %g", i, sd[i]);
    CHECK(ld[0] > 0.2f && ld[1] < -0.2f); /* the logit form still pulls hard there */
    /* -ln(1e-7) below; above, 1 - float32(1 - 1e-7) = 1.19e-7: Keras's own two ceilings */
    CHECK_CLOSE(sloss, (15.942385 + 16.118096) / 4, 1e-4, 1e-4);
}

int main(void) {
    gs_rng_seed(&test_rng, 42);
    check_bce_sigmoid_clipped();
    GsLayerSpec dense = L(GS_LAYER_DENSE, 6, 0, 0, 0);
    {
        GsLayerSpec s[] = {dense};
        CHECK(gradcheck("dense", s, 1, 1, 1, 7, 3, 200, 1) == 0);
    }
    {
        GsLayerSpec s[] = {L(GS_LAYER_CONV, 4, 5, 1, 0)};
        CHECK(gradcheck("conv 5x5 stride 1", s, 1, 6, 5, 3, 2, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {L(GS_LAYER_CONV, 4, 5, 2, 0)};
        CHECK(gradcheck("conv 5x5 stride 2 (7x7 -> 4x4)", s, 1, 7, 7, 3, 2, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {L(GS_LAYER_CONV, 3, 3, 2, 0)};
        CHECK(gradcheck("conv 3x3 stride 2 (8x6)", s, 1, 8, 6, 2, 2, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {L(GS_LAYER_CONVT, 3, 5, 1, 0)};
        CHECK(gradcheck("transposed conv 5x5", s, 1, 5, 5, 4, 2, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {L(GS_LAYER_UPSAMPLE, 0, 0, 0, 0), L(GS_LAYER_CONV, 2, 3, 1, 0)};
        CHECK(gradcheck("upsample x2 + conv", s, 2, 3, 4, 2, 2, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {L(GS_LAYER_UPCONV, 3, 5, 1, 0)};
        CHECK(gradcheck("fused upsample+conv 5x5", s, 1, 4, 3, 2, 2, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {L(GS_LAYER_CONV, 3, 3, 1, 0), L(GS_LAYER_BATCHNORM, 0, 0, 0, 0)};
        CHECK(gradcheck("batch norm (conv channels, train)", s, 2, 4, 4, 2, 3, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {dense, L(GS_LAYER_BATCHNORM, 0, 0, 0, 0)};
        CHECK(gradcheck("batch norm (dense features, train)", s, 2, 1, 1, 5, 4, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {dense, L(GS_LAYER_RELU, 0, 0, 0, 0)};
        CHECK(gradcheck("relu", s, 2, 1, 1, 5, 4, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {dense, L(GS_LAYER_LRELU, 0, 0, 0, 0.2f)};
        CHECK(gradcheck("leaky relu 0.2", s, 2, 1, 1, 5, 4, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {dense, L(GS_LAYER_SIGMOID, 0, 0, 0, 0)};
        CHECK(gradcheck("sigmoid", s, 2, 1, 1, 5, 4, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {dense, L(GS_LAYER_DROPOUT, 0, 0, 0, 0.4f)};
        CHECK(gradcheck("dropout 0.4 (train)", s, 2, 1, 1, 5, 4, 300, 1) == 0);
    }
    {
        GsLayerSpec rs = L(GS_LAYER_RESHAPE, 0, 0, 0, 0);
        rs.h = 2, rs.w = 3, rs.c = 1;
        GsLayerSpec s[] = {dense, rs, L(GS_LAYER_CONV, 2, 3, 1, 0)};
        CHECK(gradcheck("reshape + conv", s, 3, 1, 1, 4, 2, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {dense, L(GS_LAYER_LRELU, 0, 0, 0, 0.2f), L(GS_LAYER_DROPOUT, 0, 0, 0, 0.4f),
                           L(GS_LAYER_RELU, 0, 0, 0, 0)};
        CHECK(gradcheck("in-place chain lrelu+dropout+relu", s, 4, 1, 1, 5, 4, 300, 1) == 0);
    }
    /* Inference mode (batch norm on moving statistics, dropout off): the backward pass that
     * inverting the generator and saliency maps use. */
    fd_training = 0;
    {
        GsLayerSpec s[] = {L(GS_LAYER_CONV, 3, 3, 1, 0), L(GS_LAYER_BATCHNORM, 0, 0, 0, 0)};
        CHECK(gradcheck("batch norm (conv channels, infer)", s, 2, 4, 4, 2, 3, 300, 1) == 0);
    }
    {
        GsLayerSpec s[] = {dense, L(GS_LAYER_DROPOUT, 0, 0, 0, 0.4f), L(GS_LAYER_SIGMOID, 0, 0, 0, 0),
                           L(GS_LAYER_DROPOUT, 0, 0, 0, 0.4f)};
        CHECK(gradcheck("dropout 0.4 in place and not (infer)", s, 4, 1, 1, 5, 4, 300, 1) == 0);
    }
    fd_training = 1;
    /* Whole networks: the tutorial's tables at small widths (same layers, same order). */
    GsConfig cfg;
    GsError err;
    CHECK(gs_config_preset(&cfg, "fast", &err) == GS_OK);
    cfg.noise_dim = 8, cfg.g_dense_c = 4, cfg.g_c[0] = 3, cfg.g_c[1] = 2, cfg.g_c[2] = 2;
    cfg.d_c[0] = 2, cfg.d_c[1] = 3, cfg.d_c[2] = 3, cfg.d_c[3] = 4;
    GsLayerSpec specs[GS_NET_MAX_LAYERS];
    /* Every coordinate probe that crosses no ReLU kink, on the real tables. Along a random
     * direction some of the thousands of ReLUs always cross their kink, so the directional
     * check runs on the same tables with ReLU/LeakyReLU made slope-1 LeakyReLUs: identical
     * wiring (in place, dropout, batch norm, reshape), no kinks. */
    for (int smooth = 0; smooth < 2; smooth++) {
        int n = gs_model_generator(&cfg, specs);
        for (int i = 0; smooth && i < n; i++)
            if (specs[i].kind == GS_LAYER_RELU) specs[i].kind = GS_LAYER_LRELU, specs[i].rate = 1.0f;
        CHECK(gradcheck(smooth ? "whole generator, no kinks" : "whole generator (train mode)", specs,
                        n, 1, 1, cfg.noise_dim, 3, 150, smooth) == 0);
        n = gs_model_discriminator(&cfg, specs);
        for (int i = 0; smooth && i < n; i++)
            if (specs[i].kind == GS_LAYER_LRELU) specs[i].rate = 1.0f;
        CHECK(gradcheck(smooth ? "whole discriminator, no kinks" : "whole discriminator (train)", specs,
                        n, 28, 28, 1, 3, 150, smooth) == 0);
        fd_training = 0;
        n = gs_model_generator(&cfg, specs);
        for (int i = 0; smooth && i < n; i++)
            if (specs[i].kind == GS_LAYER_RELU) specs[i].kind = GS_LAYER_LRELU, specs[i].rate = 1.0f;
        CHECK(gradcheck(smooth ? "whole generator, no kinks (infer)" : "whole generator (infer)", specs, n, 1,
                        1, cfg.noise_dim, 3, 150, smooth) == 0);
        n = gs_model_discriminator(&cfg, specs);
        for (int i = 0; smooth && i < n; i++)
            if (specs[i].kind == GS_LAYER_LRELU) specs[i].rate = 1.0f;
        CHECK(gradcheck(smooth ? "whole discriminator, no kinks (infer)" : "whole discriminator (infer)",
                        specs, n, 28, 28, 1, 3, 150, smooth) == 0);
        fd_training = 1;
    }
    CHECK_DONE();
}

/* gs_net.c: building a network from its layer table, and the generic forward and backward
 * loops over it. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime for the optional profile */
#include "gs_net.h"

#include "gs_pool.h"
#include "gs_split.h"

#include <assert.h>
#include <stdio.h>
#include <time.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* im2col workspace per thread (4 MB): enough for several images per sgemm at the big
 * layers, small enough to stay in cache. Measured on the keras preset at batch 64 with two
 * threads: 16 MB per thread was 10% slower and 50 MB bigger. */
#define GS_CONV_WORK_FLOATS ((size_t)1 << 20)

static size_t shape_size(int h, int w, int c) { return (size_t)h * w * c; }

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static void *net_alloc(GsNet *net, size_t bytes) {
    if (net->n_allocs >= (int)(sizeof net->allocs / sizeof net->allocs[0])) return NULL;
    void *p = calloc(1, bytes ? bytes : 1);
    if (p) net->allocs[net->n_allocs++] = p;
    return p;
}

static int is_elementwise(GsLayerKind k) {
    return k == GS_LAYER_RELU || k == GS_LAYER_LRELU || k == GS_LAYER_DROPOUT ||
           k == GS_LAYER_RESHAPE || k == GS_LAYER_SIGMOID;
}

/* Works out shapes and parameter offsets; checks the table makes sense. */
static GsStatus plan_layers(GsNet *net, const GsLayerSpec *specs, int n_specs, GsError *err) {
    int h = net->in_h, w = net->in_w, c = net->in_c;
    size_t p = 0, st = 0;
    for (int i = 0; i < n_specs; i++) {
        GsLayer *L = &net->layers[i];
        const GsLayerSpec *s = &specs[i];
        memset(L, 0, sizeof *L);
        L->spec = *s;
        L->in_h = h, L->in_w = w, L->in_c = c;
        if (i == 0 && is_elementwise(s->kind))
            return gs_fail(err, GS_ERR_ARG, "layer 1: a network must start with a dense, "
                                            "convolution or upsampling layer");
        switch (s->kind) {
        case GS_LAYER_DENSE:
            if (s->units <= 0) return gs_fail(err, GS_ERR_ARG, "layer %d: dense needs units > 0", i + 1);
            L->n_w = (size_t)s->units * shape_size(h, w, c), L->n_b = s->units;
            h = 1, w = 1, c = s->units;
            break;
        case GS_LAYER_CONV:
        case GS_LAYER_CONVT:
            if (s->units <= 0 || s->k <= 0 || s->k % 2 == 0 || (s->stride != 1 && s->stride != 2) ||
                (s->kind == GS_LAYER_CONVT && s->stride != 1))
                return gs_fail(err, GS_ERR_ARG, "layer %d: convolution needs filters > 0, an odd "
                               "kernel and stride 1 or 2 (1 when transposed)", i + 1);
            L->conv = gs_conv_shape_same(h, w, c, s->units, s->k, s->stride);
            L->n_w = (size_t)s->units * s->k * s->k * c, L->n_b = s->units;
            h = L->conv.out_h, w = L->conv.out_w, c = s->units;
            break;
        case GS_LAYER_UPSAMPLE: h *= 2, w *= 2; break;
        case GS_LAYER_UPCONV:
            if (s->units <= 0 || s->k != 5 || s->stride != 1)
                return gs_fail(err, GS_ERR_ARG, "layer %d: fused upsample+conv needs filters > 0, "
                               "a 5x5 kernel and stride 1", i + 1);
            L->n_w = (size_t)s->units * 25 * c, L->n_b = s->units;
            h *= 2, w *= 2, c = s->units;
            break;
        case GS_LAYER_BATCHNORM:
            if (!(s->epsilon > 0.0f) || !(s->momentum >= 0.0f && s->momentum < 1.0f))
                return gs_fail(err, GS_ERR_ARG, "layer %d: batch norm needs epsilon > 0 and "
                               "momentum in [0,1)", i + 1);
            L->n_w = c, L->n_b = c, L->state_off = st, st += 2 * (size_t)c;
            break;
        case GS_LAYER_DROPOUT:
            if (!(s->rate >= 0.0f && s->rate < 1.0f))
                return gs_fail(err, GS_ERR_ARG, "layer %d: dropout rate must be in [0,1)", i + 1);
            break;
        case GS_LAYER_LRELU:
            if (!(s->rate > 0.0f)) return gs_fail(err, GS_ERR_ARG, "layer %d: LeakyReLU slope must be > 0", i + 1);
            break;
        case GS_LAYER_RELU:
        case GS_LAYER_SIGMOID: break;
        case GS_LAYER_RESHAPE:
            if (s->h <= 0 || s->w <= 0 || s->c <= 0 || shape_size(s->h, s->w, s->c) != shape_size(h, w, c))
                return gs_fail(err, GS_ERR_ARG, "layer %d: reshape to %dx%dx%d does not match %zu values",
                               i + 1, s->h, s->w, s->c, shape_size(h, w, c));
            h = s->h, w = s->w, c = s->c;
            break;
        default: return gs_fail(err, GS_ERR_ARG, "layer %d: unknown layer kind %d", i + 1, (int)s->kind);
        }
        L->w_off = p, p += L->n_w;
        L->b_off = p, p += L->n_b;
        L->out_h = h, L->out_w = w, L->out_c = c;
        /* Working in place overwrites the previous layer's output. That is safe when that
         * layer's backward does not read its output (dense, conv, upsample, batch norm read
         * their input), or reads only its sign (ReLU/LeakyReLU: dropout and rescaling keep
         * signs, and dropped values get zero gradient anyway). Sigmoid reads its exact
         * output, so it and whatever follows it get buffers of their own. */
        L->in_place = is_elementwise(s->kind) && s->kind != GS_LAYER_SIGMOID &&
                      specs[i - 1].kind != GS_LAYER_SIGMOID;
    }
    net->n_layers = n_specs;
    net->n_params = p;
    net->n_state = st;
    return GS_OK;
}

GsStatus gs_net_count(const GsLayerSpec *specs, int n_specs, int in_h, int in_w, int in_c,
                      size_t *n_params, size_t *n_state, GsError *err) {
    if (n_specs <= 0 || n_specs > GS_NET_MAX_LAYERS || in_h <= 0 || in_w <= 0 || in_c <= 0)
        return gs_fail(err, GS_ERR_ARG, "bad network: %d layers, input %dx%dx%d", n_specs, in_h, in_w, in_c);
    GsNet *net = calloc(1, sizeof *net);
    if (!net) return gs_fail(err, GS_ERR_NOMEM, "out of memory planning a network");
    net->in_h = in_h, net->in_w = in_w, net->in_c = in_c;
    GsStatus st = plan_layers(net, specs, n_specs, err);
    *n_params = net->n_params, *n_state = net->n_state;
    free(net);
    return st;
}

GsStatus gs_net_create(GsNet *net, const GsLayerSpec *specs, int n_specs, int in_h, int in_w,
                       int in_c, int max_batch, GsError *err) {
    memset(net, 0, sizeof *net);
    if (n_specs <= 0 || n_specs > GS_NET_MAX_LAYERS)
        return gs_fail(err, GS_ERR_ARG, "a network needs 1 to %d layers, not %d", GS_NET_MAX_LAYERS, n_specs);
    if (in_h <= 0 || in_w <= 0 || in_c <= 0 || max_batch <= 0)
        return gs_fail(err, GS_ERR_ARG, "bad network input %dx%dx%d or batch %d", in_h, in_w, in_c, max_batch);
    net->in_h = in_h, net->in_w = in_w, net->in_c = in_c, net->max_batch = max_batch;
    GsStatus st = plan_layers(net, specs, n_specs, err);
    if (st != GS_OK) return st;

    /* gradient buffers hold the largest activation, the network input included */
    size_t grad_floats = (size_t)max_batch * shape_size(in_h, in_w, in_c), scratch = 0;
    for (int i = 0; i < net->n_layers; i++) {
        GsLayer *L = &net->layers[i];
        size_t out_n = (size_t)max_batch * shape_size(L->out_h, L->out_w, L->out_c);
        if (out_n > grad_floats) grad_floats = out_n;
        if (L->in_place) {
            L->out = net->layers[i - 1].out;
        } else if (!(L->out = net_alloc(net, out_n * sizeof(float)))) {
            goto nomem;
        }
        if (L->spec.kind == GS_LAYER_DROPOUT && !(L->mask = net_alloc(net, out_n))) goto nomem;
        if (L->spec.kind == GS_LAYER_BATCHNORM) {
            if (!(L->bn_mean = net_alloc(net, 2 * sizeof(float) * L->out_c))) goto nomem;
            L->bn_invstd = L->bn_mean + L->out_c;
            if ((size_t)2 * L->out_c > scratch) scratch = (size_t)2 * L->out_c;
        }
        if (L->spec.kind == GS_LAYER_UPCONV || L->spec.kind == GS_LAYER_CONV || L->spec.kind == GS_LAYER_CONVT) {
            /* a piece's dw and db, and for the fused layer its 3x3 phase gradients */
            size_t acc = L->n_w + L->n_b;
            if (L->spec.kind == GS_LAYER_UPCONV) acc += (size_t)36 * L->out_c * L->in_c;
            if (acc > net->acc_floats) net->acc_floats = acc;
        }
        if (L->spec.kind == GS_LAYER_UPCONV) {
            size_t n3 = (size_t)4 * L->out_c * 9 * L->in_c;
            if (!(L->w3 = net_alloc(net, 2 * n3 * sizeof(float)))) goto nomem;
            L->dw3 = L->w3 + n3;
            size_t per = gs_upconv_work_per_image(L->in_h, L->in_w, L->in_c, L->out_c);
            size_t want = per * (size_t)max_batch;
            if (want > GS_CONV_WORK_FLOATS) want = per > GS_CONV_WORK_FLOATS ? per : GS_CONV_WORK_FLOATS;
            if (want > net->work_floats) net->work_floats = want;
        }
        if (L->spec.kind == GS_LAYER_CONV || L->spec.kind == GS_LAYER_CONVT) {
            size_t per = gs_conv_cols_per_image(&L->conv);
            size_t want = per * (size_t)max_batch;
            if (want > GS_CONV_WORK_FLOATS) want = per > GS_CONV_WORK_FLOATS ? per : GS_CONV_WORK_FLOATS;
            if (want > net->work_floats) net->work_floats = want;
        }
    }
    if (!(net->params = net_alloc(net, net->n_params * sizeof(float))) ||
        !(net->grads = net_alloc(net, net->n_params * sizeof(float))) ||
        !(net->state = net_alloc(net, net->n_state * sizeof(float))) ||
        !(net->grad_a = net_alloc(net, grad_floats * sizeof(float))) ||
        !(net->grad_b = net_alloc(net, grad_floats * sizeof(float))) ||
        !(net->work = malloc(net->work_floats * sizeof(float))) ||
        !(net->scratch = net_alloc(net, (scratch ? scratch : 1) * sizeof(double))))
        goto nomem;
    net->parts = 1;
    return GS_OK;
nomem:
    gs_net_destroy(net);
    return gs_fail(err, GS_ERR_NOMEM, "out of memory building a network for batch %d", max_batch);
}

GsStatus gs_net_set_pool(GsNet *net, GsPool *pool, GsError *err) {
    int parts = gs_pool_threads(pool);
    float *work = malloc(sizeof(float) * net->work_floats * parts);
    float *acc = parts > 1 ? malloc(sizeof(float) * net->acc_floats * (parts - 1)) : NULL;
    if (!work || (parts > 1 && !acc)) {
        free(work), free(acc);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory for %d threads' workspaces", parts);
    }
    free(net->work), free(net->acc);
    net->work = work, net->acc = acc, net->parts = parts, net->pool = pool;
    return GS_OK;
}

void gs_net_destroy(GsNet *net) {
    free(net->work);
    free(net->acc);
    for (int i = 0; i < net->n_allocs; i++) free(net->allocs[i]);
    memset(net, 0, sizeof *net);
}

static void glorot_uniform(float *w, size_t n, size_t fan_in, size_t fan_out, GsRng *rng) {
    float limit = sqrtf(6.0f / (float)(fan_in + fan_out));
    for (size_t i = 0; i < n; i++) w[i] = gs_rng_range(rng, -limit, limit);
}

void gs_net_init(GsNet *net, GsRng *rng) {
    memset(net->params, 0, net->n_params * sizeof(float));
    for (int i = 0; i < net->n_layers; i++) {
        GsLayer *L = &net->layers[i];
        float *W = net->params + L->w_off;
        switch (L->spec.kind) {
        case GS_LAYER_DENSE:
            glorot_uniform(W, L->n_w, shape_size(L->in_h, L->in_w, L->in_c), L->spec.units, rng);
            break;
        case GS_LAYER_CONV:
        case GS_LAYER_CONVT:
        case GS_LAYER_UPCONV: {
            size_t kk = (size_t)L->spec.k * L->spec.k;
            glorot_uniform(W, L->n_w, kk * L->in_c, kk * L->spec.units, rng);
            break;
        }
        case GS_LAYER_BATCHNORM:
            for (int j = 0; j < L->out_c; j++) {
                W[j] = 1.0f;
                net->state[L->state_off + j] = 0.0f;
                net->state[L->state_off + L->out_c + j] = 1.0f;
            }
            break;
        default: break;
        }
    }
}

size_t gs_net_in_size(const GsNet *net) { return shape_size(net->in_h, net->in_w, net->in_c); }

size_t gs_net_out_size(const GsNet *net) {
    const GsLayer *L = &net->layers[net->n_layers - 1];
    return shape_size(L->out_h, L->out_w, L->out_c);
}

/* ---- elementwise layers in parallel ---------------------------------------------------- */

/* Elementwise work is split into a fixed number of pieces whatever the thread count, and
 * dropout gives each piece its own stream seeded from the trainer's RNG, so results depend
 * on the seed alone. */
#define ELEM_PARTS 8

typedef struct ElemJob {
    GsLayerKind kind;
    int backward;
    float *dst;
    const float *src, *aux; /* forward: in; backward: dout, and the forward output */
    uint8_t *mask;
    size_t count;
    float rate;
    uint64_t seeds[ELEM_PARTS];
} ElemJob;

static void elem_part(void *ctx, int part, int parts) {
    const ElemJob *j = ctx;
    size_t lo, hi;
    gs_pool_piece(j->count, part, parts, &lo, &hi);
    if (hi <= lo) return;
    size_t n = hi - lo;
    float *d = j->dst + lo;
    const float *s = j->src + lo, *a = j->aux ? j->aux + lo : NULL;
    switch (j->kind) {
    case GS_LAYER_RELU: j->backward ? gs_relu_backward(d, s, a, n) : gs_relu_forward(d, s, n); break;
    case GS_LAYER_LRELU:
        j->backward ? gs_lrelu_backward(d, s, a, n, j->rate) : gs_lrelu_forward(d, s, n, j->rate);
        break;
    case GS_LAYER_SIGMOID: j->backward ? gs_sigmoid_backward(d, s, a, n) : gs_sigmoid_forward(d, s, n); break;
    case GS_LAYER_DROPOUT:
        if (j->backward) {
            gs_dropout_backward(d, s, j->mask + lo, n, j->rate);
        } else {
            GsRng r;
            gs_rng_seed(&r, j->seeds[part]);
            gs_dropout_forward(d, j->mask + lo, s, n, j->rate, &r);
        }
        break;
    default: break;
    }
}

static void run_elementwise(GsNet *net, GsLayerKind kind, int backward, float *dst, const float *src,
                            const float *aux, uint8_t *mask, size_t count, float rate, GsRng *rng) {
    ElemJob j = {kind, backward, dst, src, aux, mask, count, rate, {0}};
    if (kind == GS_LAYER_DROPOUT && !backward)
        for (int i = 0; i < ELEM_PARTS; i++) j.seeds[i] = gs_rng_u64(rng);
    gs_pool_run(net->pool, elem_part, &j, ELEM_PARTS);
}

/* ---- batch norm in parallel: each piece a band of channels ------------------------------ */

typedef struct BnJob {
    const GsLayer *L;
    int backward, training, m;
    float *out;
    const float *in, *dout, *gamma, *beta;
    float *run_mean, *run_var, *dgamma, *dbeta;
    double *scratch;
} BnJob;

static void bn_part(void *ctx, int part, int parts) {
    const BnJob *j = ctx;
    const int c = j->L->out_c, c0 = c * part / parts, c1 = c * (part + 1) / parts, cn = c1 - c0;
    const GsLayer *L = j->L;
    if (j->backward && !j->training)
        gs_bn_backward_infer(j->out + c0, j->dgamma ? j->dgamma + c0 : NULL, j->dbeta ? j->dbeta + c0 : NULL,
                             j->dout + c0, j->in + c0, j->gamma + c0, j->run_mean + c0, j->run_var + c0, j->m,
                             cn, c, L->spec.epsilon);
    else if (j->backward)
        gs_bn_backward(j->out + c0, j->dgamma ? j->dgamma + c0 : NULL, j->dbeta ? j->dbeta + c0 : NULL,
                       j->dout + c0, j->in + c0, L->bn_mean + c0, L->bn_invstd + c0, j->gamma + c0, j->m, cn, c,
                       j->scratch + 2 * c0);
    else if (j->training)
        gs_bn_forward_train(j->out + c0, L->bn_mean + c0, L->bn_invstd + c0, j->run_mean + c0, j->run_var + c0,
                            j->in + c0, j->gamma + c0, j->beta + c0, j->m, cn, c, L->spec.momentum,
                            L->spec.epsilon, j->scratch + 2 * c0);
    else
        gs_bn_forward_infer(j->out + c0, j->in + c0, j->gamma + c0, j->beta + c0, j->run_mean + c0,
                            j->run_var + c0, j->m, cn, c, L->spec.epsilon);
}

/* Bands of at least 16 channels (a cache line of each row), one per thread at most. */
static void run_bn(GsNet *net, BnJob *j) {
    int parts = j->L->out_c / 16;
    if (parts > net->parts) parts = net->parts;
    if (parts < 1) parts = 1;
    gs_pool_run(net->pool, bn_part, j, parts);
}

int gs_net_stopped(const GsNet *net) {
    return net->stop && atomic_load_explicit(net->stop, memory_order_relaxed);
}

const float *gs_net_forward(GsNet *net, const float *in, int n, int training, GsRng *rng) {
    assert(n > 0 && n <= net->max_batch);
    net->last_in = in, net->last_n = n, net->last_training = training;
    const float *cur = in;
    const GsSplit sp = {net->pool, net->parts, net->work, net->work_floats, net->acc, net->acc_floats};
    for (int i = 0; i < net->n_layers; i++) {
        if (gs_net_stopped(net)) return net->layers[net->n_layers - 1].out; /* right size, stale */
        GsLayer *L = &net->layers[i];
        double t0 = net->profile ? seconds_now() : 0.0;
        const float *W = net->params + L->w_off, *B = net->params + L->b_off;
        size_t count = (size_t)n * shape_size(L->out_h, L->out_w, L->out_c);
        int rows = n * L->out_h * L->out_w;
        switch (L->spec.kind) {
        case GS_LAYER_DENSE:
            gs_split_dense_forward(&sp, L->out, cur, W, B, n, (int)shape_size(L->in_h, L->in_w, L->in_c),
                                   L->spec.units);
            break;
        case GS_LAYER_CONV:
        case GS_LAYER_CONVT:
            gs_split_conv_forward(&sp, L->out, cur, W, B, &L->conv, n);
            break;
        case GS_LAYER_UPSAMPLE: gs_upsample2_forward(L->out, cur, n, L->in_h, L->in_w, L->in_c); break;
        case GS_LAYER_UPCONV:
            gs_upconv_kernels(L->w3, W, L->in_c, L->out_c);
            gs_split_upconv_forward(&sp, L->out, cur, L->w3, B, n, L->in_h, L->in_w, L->in_c, L->out_c);
            break;
        case GS_LAYER_BATCHNORM: {
            float *rm = net->state + L->state_off;
            BnJob j = {L, 0, training, rows, L->out, cur, NULL, W, B, rm, rm + L->out_c, NULL, NULL, net->scratch};
            run_bn(net, &j);
            break;
        }
        case GS_LAYER_RELU:
        case GS_LAYER_LRELU:
        case GS_LAYER_SIGMOID:
            run_elementwise(net, L->spec.kind, 0, L->out, cur, NULL, NULL, count, L->spec.rate, NULL);
            break;
        case GS_LAYER_DROPOUT:
            if (training)
                run_elementwise(net, GS_LAYER_DROPOUT, 0, L->out, cur, NULL, L->mask, count, L->spec.rate, rng);
            else if (!L->in_place) memcpy(L->out, cur, sizeof(float) * count);
            break;
        case GS_LAYER_RESHAPE:
            if (!L->in_place) memcpy(L->out, cur, sizeof(float) * count);
            break;
        }
        cur = L->out;
        if (net->profile) net->prof_fwd[i] += seconds_now() - t0;
    }
    return cur;
}

const float *gs_net_backward(GsNet *net, const float *dout, int want_param_grads,
                             int want_input_grad) {
    assert(net->last_in);
    const int training = net->last_training;
    const int n = net->last_n;
    float *g = net->grad_a, *other = net->grad_b;
    const GsSplit sp = {net->pool, net->parts, net->work, net->work_floats, net->acc, net->acc_floats};
    memcpy(g, dout, sizeof(float) * n * gs_net_out_size(net));
    for (int i = net->n_layers - 1; i >= 0 && !gs_net_stopped(net); i--) {
        GsLayer *L = &net->layers[i];
        const float *in = i > 0 ? net->layers[i - 1].out : net->last_in;
        const float *W = net->params + L->w_off;
        float *dW = want_param_grads ? net->grads + L->w_off : NULL;
        float *dB = want_param_grads ? net->grads + L->b_off : NULL;
        float *din = (i > 0 || want_input_grad) ? other : NULL;
        size_t count = (size_t)n * shape_size(L->out_h, L->out_w, L->out_c);
        int swap = 1;
        double t0 = net->profile ? seconds_now() : 0.0;
        switch (L->spec.kind) {
        case GS_LAYER_DENSE:
            gs_split_dense_backward(&sp, din, dW, dB, g, in, W, n, (int)shape_size(L->in_h, L->in_w, L->in_c),
                                    L->spec.units);
            break;
        case GS_LAYER_CONV:
        case GS_LAYER_CONVT:
            gs_split_conv_backward(&sp, din, dW, dB, g, in, W, &L->conv, n);
            break;
        case GS_LAYER_UPSAMPLE:
            gs_upsample2_backward(other, g, n, L->in_h, L->in_w, L->in_c);
            break;
        case GS_LAYER_UPCONV: /* w3 is still the forward's: no update happens in between */
            gs_split_upconv_backward(&sp, din, dW, dB, L->dw3, g, in, L->w3, n, L->in_h, L->in_w, L->in_c,
                                     L->out_c);
            break;
        case GS_LAYER_BATCHNORM: {
            float *rm = net->state + L->state_off;
            BnJob j = {L, 1, training, n * L->out_h * L->out_w, din ? din : other, in, g, W, NULL, rm,
                       rm + L->out_c, dW, dB, net->scratch};
            run_bn(net, &j);
            break;
        }
        /* elementwise layers: in place on g, or into `other` when they own a buffer */
        case GS_LAYER_DROPOUT:
            if (!training) { /* the identity after an inference forward */
                if (!L->in_place) memcpy(other, g, sizeof(float) * count);
                break;
            }
            /* fall through */
        case GS_LAYER_RELU:
        case GS_LAYER_LRELU:
        case GS_LAYER_SIGMOID:
            run_elementwise(net, L->spec.kind, 1, L->in_place ? g : other, g, L->out, L->mask, count,
                            L->spec.rate, NULL);
            break;
        case GS_LAYER_RESHAPE:
            if (!L->in_place) memcpy(other, g, sizeof(float) * count);
            break;
        }
        if (L->in_place) swap = 0;
        if (net->profile) net->prof_bwd[i] += seconds_now() - t0;
        if (swap) {
            float *t = g;
            g = other, other = t;
        }
    }
    return want_input_grad ? g : NULL;
}

void gs_net_zero_grads(GsNet *net) { memset(net->grads, 0, net->n_params * sizeof(float)); }

double gs_net_layer_macs(const GsNet *net, int i, int nominal) {
    const GsLayer *L = &net->layers[i];
    switch (L->spec.kind) {
    case GS_LAYER_DENSE: return (double)shape_size(L->in_h, L->in_w, L->in_c) * L->out_c;
    case GS_LAYER_CONV:
    case GS_LAYER_CONVT:
        return nominal ? (double)L->out_h * L->out_w * L->out_c * L->spec.k * L->spec.k * L->in_c
                       : gs_conv_macs(&L->conv, net->work_floats);
    case GS_LAYER_UPCONV:
        return nominal ? (double)L->out_h * L->out_w * L->out_c * 25 * L->in_c
                       : (double)L->in_h * L->in_w * 4 * L->out_c * 9 * L->in_c;
    default: return 0.0;
    }
}

void gs_net_layer_name(const GsNet *net, int i, char *buf, int size) {
    static const char *names[] = {"dense", "conv", "conv-transpose", "upsample x2",
                                  "upsample+conv (fused)", "batchnorm", "relu", "leaky relu",
                                  "sigmoid", "dropout", "reshape"};
    const GsLayer *L = &net->layers[i];
    const char *name = (unsigned)L->spec.kind < sizeof names / sizeof names[0] ? names[L->spec.kind] : "?";
    if (L->spec.k)
        snprintf(buf, size, "%s %dx%d/%d -> %dx%dx%d", name, L->spec.k, L->spec.k,
                 L->spec.stride ? L->spec.stride : 1, L->out_h, L->out_w, L->out_c);
    else
        snprintf(buf, size, "%s -> %dx%dx%d", name, L->out_h, L->out_w, L->out_c);
}

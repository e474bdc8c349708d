/* gs_net.h: a network described as data (a table of layer specs) and run by one generic
 * forward and backward loop. All trainable parameters live in one allocation (params),
 * gradients in the same layout (grads), so zeroing is one memset and the optimizer is one
 * flat loop; Keras's non-trainable BN moving statistics live in `state`.
 *
 * Activations are kept per layer for the backward pass; elementwise layers (ReLU,
 * LeakyReLU, sigmoid, dropout) and reshapes work in place on the previous layer's buffer,
 * and activation gradients use two ping-pong buffers, which keeps the tutorial's model at
 * batch 256 well under a gigabyte. */
#ifndef GS_NET_H
#define GS_NET_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "gs_ops.h"
#include "gs_rng.h"
#include "gs_status.h"

#define GS_NET_MAX_LAYERS 32

typedef enum GsLayerKind {
    GS_LAYER_DENSE,     /* units outputs from the flattened input; weights (units, in) */
    GS_LAYER_CONV,      /* units filters, k x k, stride, 'same'; weights (units, k, k, in_c) */
    GS_LAYER_CONVT,     /* transposed conv, stride 1, 'same'; stored in conv form (gs_ops.h) */
    GS_LAYER_UPSAMPLE,  /* nearest-neighbour x2 */
    GS_LAYER_UPCONV,    /* UPSAMPLE then CONVT (k 5) as one layer, 2.8x cheaper; same weights */
    GS_LAYER_BATCHNORM, /* per channel; params gamma, beta; state moving mean, variance */
    GS_LAYER_RELU,
    GS_LAYER_LRELU,     /* negative slope in `alpha` */
    GS_LAYER_SIGMOID,
    GS_LAYER_DROPOUT,   /* fraction dropped in `rate`, training only */
    GS_LAYER_RESHAPE    /* to (h, w, c); same element count; free in NHWC */
} GsLayerKind;

typedef struct GsLayerSpec {
    GsLayerKind kind;
    int units;   /* DENSE: outputs; CONV/CONVT: filters */
    int k;       /* CONV/CONVT: kernel side (odd) */
    int stride;  /* CONV: 1 or 2; CONVT: 1 */
    float rate;  /* DROPOUT: fraction dropped; LRELU: negative slope alpha */
    int h, w, c; /* RESHAPE: target shape */
    float momentum, epsilon; /* BATCHNORM: Keras momentum (0.9 here) and epsilon (1e-3) */
} GsLayerSpec;

typedef struct GsLayer {
    GsLayerSpec spec;
    int in_h, in_w, in_c;    /* per-image input shape */
    int out_h, out_w, out_c; /* per-image output shape */
    GsConvShape conv;        /* CONV/CONVT geometry */
    size_t w_off, n_w;       /* weights (or BN gamma) in params */
    size_t b_off, n_b;       /* biases (or BN beta) in params */
    size_t state_off;        /* BN: moving mean then moving variance (out_c each) in state */
    int in_place;            /* output aliases the input buffer */
    float *out;              /* (max_batch, out_h, out_w, out_c) */
    float *bn_mean, *bn_invstd; /* BN batch statistics of the last training forward */
    uint8_t *mask;           /* DROPOUT: kept elements of the last training forward */
    float *w3, *dw3;         /* UPCONV: the four phases' 3x3 kernels and their gradient */
} GsLayer;

typedef struct GsNet {
    int n_layers;
    GsLayer layers[GS_NET_MAX_LAYERS];
    int in_h, in_w, in_c; /* per-image input shape */
    int max_batch;        /* largest n forward/backward accept */
    size_t n_params, n_state;
    float *params;        /* every trainable value, one allocation */
    float *grads;         /* d(loss)/d(params), same layout */
    float *state;         /* BN moving statistics */
    float *grad_a, *grad_b; /* activation-gradient ping-pong buffers */
    float *work;          /* im2col workspaces: parts * work_floats floats */
    size_t work_floats;   /* one piece's workspace */
    float *acc;           /* (parts - 1) * acc_floats: other pieces' gradient accumulators */
    size_t acc_floats;
    int parts;            /* pieces each layer's images are split into: the pool's threads */
    double *scratch;      /* BN sums */
    const float *last_in; /* input of the last forward, read by backward */
    int last_n, last_training;
    void *allocs[3 * GS_NET_MAX_LAYERS + 8]; /* everything to free */
    int n_allocs;
    struct GsPool *pool;  /* borrowed threads (gs_net_set_pool); NULL runs everything serially */
    int profile;          /* when set, forward/backward add each layer's seconds below */
    /* Borrowed; when it reads non-zero, forward and backward skip the layers still to run,
     * so a slow step can be abandoned between layers (the results are then meaningless). */
    const atomic_int *stop;
    double prof_fwd[GS_NET_MAX_LAYERS], prof_bwd[GS_NET_MAX_LAYERS];
} GsNet;

/* Builds the layer table's buffers for inputs of (in_h, in_w, in_c) and up to max_batch
 * images. Parameters are allocated but not initialised (see gs_net_init). */
GsStatus gs_net_create(GsNet *net, const GsLayerSpec *specs, int n_specs, int in_h, int in_w,
                       int in_c, int max_batch, GsError *err);
void gs_net_destroy(GsNet *net);
/* The parameter and state counts gs_net_create would give, without allocating anything
 * (checking a file's arrays against its settings before building a possibly huge net). */
GsStatus gs_net_count(const GsLayerSpec *specs, int n_specs, int in_h, int in_w, int in_c,
                      size_t *n_params, size_t *n_state, GsError *err);
/* Keras defaults: glorot_uniform kernels, zero biases, gamma 1, beta 0, moving mean 0,
 * moving variance 1. Draws from rng in layer order. */
void gs_net_init(GsNet *net, GsRng *rng);

size_t gs_net_in_size(const GsNet *net);  /* floats per input image */
size_t gs_net_out_size(const GsNet *net); /* floats per output */

/* Runs n <= max_batch inputs (kept by pointer until backward). training: BN uses and
 * updates batch statistics, dropout is active (drawing from rng). Returns the output,
 * owned by the net and valid until the next forward. */
const float *gs_net_forward(GsNet *net, const float *in, int n, int training, GsRng *rng);

/* Backward through the last forward, training or inference (then batch norm is the fixed
 * affine map of the moving statistics and dropout the identity: the gradient of exactly what
 * the inference forward computed, for inverting a generator or a saliency map). dout is the
 * gradient of the loss wrt the output. Adds parameter gradients into grads when
 * want_param_grads (skip it for a frozen network). Returns the gradient wrt the input
 * (owned by the net, valid until the next call) when want_input_grad, else NULL. */
const float *gs_net_backward(GsNet *net, const float *dout, int want_param_grads,
                             int want_input_grad);

void gs_net_zero_grads(GsNet *net);
int gs_net_stopped(const GsNet *net); /* net->stop is set and reads non-zero */

/* Spreads the net's work over pool's threads (borrowed; NULL: serial), sizing a workspace
 * per thread. Products then run single-threaded inside each piece (gs_split.h). */
GsStatus gs_net_set_pool(GsNet *net, struct GsPool *pool, GsError *err);

/* Multiply-adds one image costs in layer i's forward pass (dense, convolutions): what the
 * code performs (the fused upsample+conv's four 3x3 phases; convolutions that skip padding
 * taps), or with nominal set what the tutorial's plain layers would (im2col counting). The
 * backward pass costs the same again for parameter gradients and again for the input
 * gradient. */
double gs_net_layer_macs(const GsNet *net, int i, int nominal);
/* A short description of layer i, e.g. "conv 5x5/2 14x14x64". */
void gs_net_layer_name(const GsNet *net, int i, char *buf, int size);

#endif

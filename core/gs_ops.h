/* gs_ops.h: the math kernels every layer is made of, over flat float32 arrays.
 *
 * Layout: NHWC (batch, height, width, channels), like TensorFlow/Keras, so Keras's Flatten
 * and Reshape are free and a convolution over the whole batch is one matrix product.
 * Conventions (after llm.c): outputs first, then inputs, then sizes. Backward functions
 * ADD into parameter gradients (dw, db, dgamma, dbeta) and OVERWRITE the input gradient
 * (din); din may be NULL when the caller does not need it. Elementwise kernels allow
 * out == in and din == dout (in place). */
#ifndef GS_OPS_H
#define GS_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "gs_rng.h"

struct GsPool; /* gs_pool.h */

/* ---- convolution (im2col + sgemm) ------------------------------------------------------ */

/* Geometry of a 2-D convolution with Keras 'same' padding: out = ceil(in / stride), and the
 * total padding max((out-1)*stride + k - in, 0) split with the smaller half on top/left. */
typedef struct GsConvShape {
    int in_h, in_w, in_c;    /* input image size and channels */
    int out_h, out_w, out_c; /* output image size and channels (filters) */
    int k, stride;           /* square kernel side, stride in both directions */
    int pad_top, pad_left;   /* zero rows/columns added before the image */
} GsConvShape;

GsConvShape gs_conv_shape_same(int in_h, int in_w, int in_c, int out_c, int k, int stride);
size_t gs_conv_cols_per_image(const GsConvShape *s); /* im2col floats for one image */

/* cols (n*out_h*out_w, k*k*in_c), row = output pixel, column order (ky, kx, ci). */
void gs_im2col(float *cols, const float *in, const GsConvShape *s, int n);
/* din += the image-space sum of cols (the adjoint of gs_im2col). */
void gs_col2im_add(float *din, const float *cols, const GsConvShape *s, int n);

/* out (n,oh,ow,oc) = conv(in (n,ih,iw,ic), w (oc,k,k,ic)) + b (oc). work holds at least
 * gs_conv_cols_per_image floats; more lets one sgemm cover several images. */
void gs_conv_forward(float *out, float *work, size_t work_floats, const float *in,
                     const float *w, const float *b, const GsConvShape *s, int n);
/* dw (may be NULL with db to skip parameter gradients, e.g. for a frozen network). */
void gs_conv_backward(float *din, float *dw, float *db, float *work, size_t work_floats,
                      const float *dout, const float *in, const float *w,
                      const GsConvShape *s, int n);

/* The same convolution without im2col, for stride 1 and at most GS_CONV_DIRECT_MAX_OC
 * filters, where im2col + sgemm is bound by memory traffic: register-blocked loops over a
 * zero-padded copy of each image. gs_conv_forward/backward use it by themselves when
 * gs_conv_direct_suits; these are public for tests (and take any number of filters). */
#define GS_CONV_DIRECT_MAX_OC 8
int gs_conv_direct_suits(const GsConvShape *s, size_t work_floats);
/* Workspace floats the direct path needs: the weights rearranged and one padded image. */
size_t gs_conv_direct_work(const GsConvShape *s);
void gs_conv_direct_forward(float *out, float *work, const float *in, const float *w,
                            const float *b, const GsConvShape *s, int n);
void gs_conv_direct_backward(float *din, float *dw, float *db, float *work, const float *dout,
                             const float *in, const float *w, const GsConvShape *s, int n);
/* Which build of the direct loops this CPU runs: "x86-64-v3 (AVX2)" or "baseline x86-64"
 * (the loader's choice, read from the same CPU features it checks), or "single build". */
const char *gs_conv_direct_variant(void);
/* The same convolution for small images, where padding would be half of im2col's work:
 * output pixels grouped by which taps fall inside the image, only those multiplied. Used by
 * gs_conv_forward/backward when under 80% of im2col's multiply-adds would be useful. */
int gs_conv_grouped_suits(const GsConvShape *s, size_t work_floats);
void gs_conv_grouped_forward(float *out, float *work, size_t work_floats, const float *in,
                             const float *w, const float *b, const GsConvShape *s, int n);
void gs_conv_grouped_backward(float *din, float *dw, float *db, float *work, size_t work_floats,
                              const float *dout, const float *in, const float *w,
                              const GsConvShape *s, int n);
/* Multiply-adds per image that gs_conv_forward performs for this shape (the grouped path
 * skips padding taps; im2col and the direct path multiply them). */
double gs_conv_macs(const GsConvShape *s, size_t work_floats);
/* The im2col + sgemm path alone, whatever the shape. */
void gs_conv_im2col_forward(float *out, float *work, size_t work_floats, const float *in,
                            const float *w, const float *b, const GsConvShape *s, int n);
void gs_conv_im2col_backward(float *din, float *dw, float *db, float *work, size_t work_floats,
                             const float *dout, const float *in, const float *w,
                             const GsConvShape *s, int n);

/* A stride-1 'same' transposed convolution with Keras kernel K (k,k,filters,in_c) is the
 * convolution above with w[f][ky][kx][c] = K[k-1-ky][k-1-kx][f][c] (flipped, channel roles
 * swapped). ganscope stores transposed-convolution weights in that conv form; this converts. */
void gs_convt_kernel_to_conv(float *w, const float *keras_kernel, int k, int in_c, int filters);

/* ---- fused nearest x2 upsample + 5x5 stride-1 'same' convolution ------------------------ */

/* Same function as gs_upsample2_forward then gs_conv_forward with a 5x5 kernel w
 * (oc,5,5,ic), at 36/100 of the multiply-adds: each output phase is a 3x3 convolution of the
 * small input with summed taps. in (n,h,w,ic) -> out (n,2h,2w,oc). */
size_t gs_upconv_work_per_image(int h, int w, int ic, int oc); /* workspace floats per image */
/* The four phases' 3x3 kernels from the 5x5 one: w3 (4*oc, 3, 3, ic). */
void gs_upconv_kernels(float *w3, const float *w, int ic, int oc);
void gs_upconv_forward(float *out, float *work, size_t work_floats, const float *in,
                       const float *w3, const float *b, int n, int h, int w, int ic, int oc);
/* dw in the 5x5 form (added to); dw3 is scratch of w3's size; dw/db NULL skips them. */
void gs_upconv_backward(float *din, float *dw, float *db, float *dw3, float *work,
                        size_t work_floats, const float *dout, const float *in,
                        const float *w3, int n, int h, int w, int ic, int oc);

/* ---- dense ------------------------------------------------------------------------------ */

/* out (n,o) = in (n,i) * w^T + b, with w (o,i). */
void gs_dense_forward(float *out, const float *in, const float *w, const float *b, int n,
                      int in_f, int out_f);
void gs_dense_backward(float *din, float *dw, float *db, const float *dout, const float *in,
                       const float *w, int n, int in_f, int out_f);
/* The weight and bias gradient of output rows [o0, o1) only. */
void gs_dense_backward_rows(float *dw, float *db, const float *dout, const float *in, int n,
                            int in_f, int out_f, int o0, int o1);

/* ---- batch normalization (Keras semantics) ---------------------------------------------- */

/* Over m rows of c channels (NHWC: m = n*h*w), rows ld floats apart (ld = c for a whole
 * tensor; larger for a band of channels, so threads can take bands). Training: batch mean and biased variance,
 * writes mean/invstd (c each) for backward and updates the moving statistics with
 * moving = momentum*moving + (1-momentum)*batch. Sums are kept in double (scratch): a
 * channel can span 200,000 rows at batch 256. */
void gs_bn_forward_train(float *out, float *mean, float *invstd, float *run_mean,
                         float *run_var, const float *in, const float *gamma,
                         const float *beta, int m, int c, int ld, float momentum, float eps,
                         double *scratch /* 2*c */);
/* Inference: normalizes with the moving statistics. */
void gs_bn_forward_infer(float *out, const float *in, const float *gamma, const float *beta,
                         const float *run_mean, const float *run_var, int m, int c, int ld,
                         float eps);
/* Backward of the training-mode forward (batch statistics depend on the input); dgamma and
 * dbeta may be NULL together to skip parameter gradients. */
void gs_bn_backward(float *din, float *dgamma, float *dbeta, const float *dout,
                    const float *in, const float *mean, const float *invstd,
                    const float *gamma, int m, int c, int ld, double *scratch /* 2*c */);

/* Backward of the inference forward (a fixed per-channel affine map): din = dout * gamma /
 * sqrt(run_var + eps); dgamma/dbeta (NULL together to skip) get the matching sums. */
void gs_bn_backward_infer(float *din, float *dgamma, float *dbeta, const float *dout,
                          const float *in, const float *gamma, const float *run_mean,
                          const float *run_var, int m, int c, int ld, float eps);

/* ---- elementwise ------------------------------------------------------------------------ */

void gs_relu_forward(float *out, const float *in, size_t n);
void gs_relu_backward(float *din, const float *dout, const float *out, size_t n);
/* LeakyReLU: x for x > 0, alpha*x otherwise (alpha 0.2 in the tutorial). */
void gs_lrelu_forward(float *out, const float *in, size_t n, float alpha);
void gs_lrelu_backward(float *din, const float *dout, const float *out, size_t n, float alpha);
void gs_sigmoid_forward(float *out, const float *in, size_t n);
void gs_sigmoid_backward(float *din, const float *dout, const float *out, size_t n);
/* Inverted dropout: keeps each value with probability 1-rate and scales it by 1/(1-rate);
 * mask records what was kept. Only called in training; inference is the identity. */
void gs_dropout_forward(float *out, uint8_t *mask, const float *in, size_t n, float rate,
                        GsRng *rng);
void gs_dropout_backward(float *din, const float *dout, const uint8_t *mask, size_t n,
                         float rate);

/* Nearest-neighbour x2 upsampling: out (n,2h,2w,c) from in (n,h,w,c). */
void gs_upsample2_forward(float *out, const float *in, int n, int h, int w, int c);
void gs_upsample2_backward(float *din, const float *dout, int n, int h, int w, int c);

/* ---- loss ------------------------------------------------------------------------------- */

/* Binary cross-entropy of sigmoid(logits) against labels (0 or 1), from the logits so it is
 * stable for any value. Returns the mean loss as Keras reports it (probabilities clipped to
 * [1e-7, 1-1e-7], i.e. logits to +-16.118), writes the gradient of the mean loss wrt each
 * logit, (sigmoid(l) - y) / n, into dlogits (NULL to skip), and the binary accuracy
 * (sigmoid(l) > 0.5 agrees with the label) into *accuracy (NULL to skip). */
float gs_bce_logits(float *dlogits, float *accuracy, const float *logits, const float *labels,
                    int n);

/* The same loss computed as the tutorial's Keras computes it when the model ends in a
 * sigmoid: p = sigmoid(l) in float32, clipped to [1e-7, 1-1e-7], then -y ln p - (1-y) ln(1-p).
 * Where the clip is active the gradient is exactly zero (Keras differentiates through the
 * clip), so a saturated discriminator stops learning; elsewhere it is (p - y) / n. Same
 * outputs as gs_bce_logits; only the `sigmoid-bce` scenario uses it. */
float gs_bce_sigmoid_clipped(float *dlogits, float *accuracy, const float *logits,
                             const float *labels, int n);
/* Softmax cross-entropy over n rows of k logits against integer labels (0..k-1). Returns
 * the mean loss, writes the gradient of the mean loss wrt each logit, (softmax - onehot)/n,
 * into dlogits (NULL to skip) and the fraction of rows whose largest logit is the label
 * into *accuracy (NULL to skip). Stable for any logits (max subtracted first). */
float gs_softmax_xent(float *dlogits, float *accuracy, const float *logits,
                      const uint8_t *labels, int n, int k);
/* Row-wise softmax of n rows of k logits into probs (may equal logits). */
void gs_softmax(float *probs, const float *logits, int n, int k);

#endif

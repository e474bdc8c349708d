/* gs_split.h: running a layer's matrix work on all threads by giving each thread a share of
 * the batch's images, each with its own workspace and single-threaded sgemm calls.
 *
 * Why not let OpenBLAS thread each product: between products its idle threads spin in
 * sched_yield, taking the second core from everything else (im2col, elementwise layers),
 * and each product's im2col would stay on one thread. Splitting by images parallelises the
 * whole layer. Parameter gradients of pieces 1.. go to their own accumulators and are added
 * in piece order, so results depend only on the seed and the number of pieces. */
#ifndef GS_SPLIT_H
#define GS_SPLIT_H

#include <stddef.h>

#include "gs_ops.h"

typedef struct GsSplit {
    struct GsPool *pool; /* threads (NULL: the caller alone) */
    int parts;           /* pieces, one per thread */
    float *buf;          /* parts * part_floats floats: each piece's im2col workspace */
    size_t part_floats;
    float *acc;          /* (parts - 1) * acc_floats: gradient accumulators of pieces 1.. */
    size_t acc_floats;
} GsSplit;

/* Convolution (any of its paths, gs_ops.h). */
void gs_split_conv_forward(const GsSplit *sp, float *out, const float *in, const float *w,
                           const float *b, const GsConvShape *s, int n);
void gs_split_conv_backward(const GsSplit *sp, float *din, float *dw, float *db,
                            const float *dout, const float *in, const float *w,
                            const GsConvShape *s, int n);
/* Fused upsample + conv; w3 from gs_upconv_kernels. acc needs n_w + oc + 36*oc*ic floats. */
void gs_split_upconv_forward(const GsSplit *sp, float *out, const float *in, const float *w3,
                             const float *b, int n, int h, int w, int ic, int oc);
void gs_split_upconv_backward(const GsSplit *sp, float *din, float *dw, float *db, float *dw3,
                              const float *dout, const float *in, const float *w3, int n,
                              int h, int w, int ic, int oc);
/* Dense: rows of the batch (forward, input gradient) or of the weights (their gradient). */
void gs_split_dense_forward(const GsSplit *sp, float *out, const float *in, const float *w,
                            const float *b, int n, int in_f, int out_f);
void gs_split_dense_backward(const GsSplit *sp, float *din, float *dw, float *db,
                             const float *dout, const float *in, const float *w, int n,
                             int in_f, int out_f);

#endif

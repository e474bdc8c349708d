/* gs_conv.c: 2-D convolution forward and backward as im2col + cblas_sgemm, processing as
 * many images per product as the workspace holds (the workspace bounds memory at large
 * batches; bigger products keep the sgemm efficient). */
#include <assert.h>
#include <string.h>

#include "gs_blas.h"
#include "gs_ops.h"

static int images_per_chunk(const GsConvShape *s, size_t work_floats, int n) {
    size_t per = gs_conv_cols_per_image(s);
    assert(work_floats >= per);
    size_t c = work_floats / per;
    return c > (size_t)n ? n : (int)c;
}

void gs_conv_forward(float *out, float *work, size_t work_floats, const float *in,
                     const float *w, const float *b, const GsConvShape *s, int n) {
    if (gs_conv_direct_suits(s, work_floats)) gs_conv_direct_forward(out, work, in, w, b, s, n);
    else if (gs_conv_grouped_suits(s, work_floats)) gs_conv_grouped_forward(out, work, work_floats, in, w, b, s, n);
    else gs_conv_im2col_forward(out, work, work_floats, in, w, b, s, n);
}

void gs_conv_backward(float *din, float *dw, float *db, float *work, size_t work_floats,
                      const float *dout, const float *in, const float *w,
                      const GsConvShape *s, int n) {
    if (gs_conv_direct_suits(s, work_floats)) gs_conv_direct_backward(din, dw, db, work, dout, in, w, s, n);
    else if (gs_conv_grouped_suits(s, work_floats))
        gs_conv_grouped_backward(din, dw, db, work, work_floats, dout, in, w, s, n);
    else gs_conv_im2col_backward(din, dw, db, work, work_floats, dout, in, w, s, n);
}

void gs_conv_im2col_forward(float *out, float *work, size_t work_floats, const float *in,
                            const float *w, const float *b, const GsConvShape *s, int n) {
    const int kk = s->k * s->k * s->in_c;
    const size_t in_img = (size_t)s->in_h * s->in_w * s->in_c;
    const size_t out_img = (size_t)s->out_h * s->out_w * s->out_c;
    const int chunk = images_per_chunk(s, work_floats, n);
    for (int i0 = 0; i0 < n; i0 += chunk) {
        int nb = n - i0 < chunk ? n - i0 : chunk;
        int rows = nb * s->out_h * s->out_w;
        float *o = out + (size_t)i0 * out_img;
        gs_im2col(work, in + (size_t)i0 * in_img, s, nb);
        for (int r = 0; r < rows; r++) memcpy(o + (size_t)r * s->out_c, b, sizeof(float) * s->out_c);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, s->out_c, kk, 1.0f, work, kk,
                    w, kk, 1.0f, o, s->out_c);
    }
}

void gs_conv_im2col_backward(float *din, float *dw, float *db, float *work, size_t work_floats,
                             const float *dout, const float *in, const float *w,
                             const GsConvShape *s, int n) {
    const int kk = s->k * s->k * s->in_c;
    const size_t in_img = (size_t)s->in_h * s->in_w * s->in_c;
    const size_t out_img = (size_t)s->out_h * s->out_w * s->out_c;
    const int chunk = images_per_chunk(s, work_floats, n);
    if (din) memset(din, 0, sizeof(float) * in_img * n);
    for (int i0 = 0; i0 < n; i0 += chunk) {
        int nb = n - i0 < chunk ? n - i0 : chunk;
        int rows = nb * s->out_h * s->out_w;
        const float *d = dout + (size_t)i0 * out_img;
        if (dw) {
            /* dw (oc, kk) += dout^T (oc, rows) * cols (rows, kk) */
            gs_im2col(work, in + (size_t)i0 * in_img, s, nb);
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, s->out_c, kk, rows, 1.0f, d,
                        s->out_c, work, kk, 1.0f, dw, kk);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < s->out_c; c++) db[c] += d[(size_t)r * s->out_c + c];
        }
        if (din) {
            /* dcols (rows, kk) = dout (rows, oc) * w (oc, kk), then scattered back */
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, kk, s->out_c, 1.0f, d,
                        s->out_c, w, kk, 0.0f, work, kk);
            gs_col2im_add(din + (size_t)i0 * in_img, work, s, nb);
        }
    }
}

void gs_convt_kernel_to_conv(float *w, const float *keras_kernel, int k, int in_c, int filters) {
    for (int f = 0; f < filters; f++)
        for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
                for (int c = 0; c < in_c; c++)
                    w[(((size_t)f * k + ky) * k + kx) * in_c + c] =
                        keras_kernel[(((size_t)(k - 1 - ky) * k + (k - 1 - kx)) * filters + f) * in_c + c];
}

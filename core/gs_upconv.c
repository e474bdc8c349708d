/* gs_upconv.c: nearest x2 upsampling followed by a 5x5 stride-1 'same' convolution, computed
 * without the upsampled image. Output pixel (2y+py, 2x+px) only ever sees input rows
 * y-1..y+1 and columns x-1..x+1, so each of the four output phases (py, px) is a 3x3
 * convolution of the small input whose taps are sums of the 5x5 taps: 36 instead of 100
 * multiply-adds per output, exactly the same function. All four phases run as one sgemm
 * (4*filters columns); the backward pass folds the 3x3 gradients back onto the 5x5 weights. */
#include <assert.h>
#include <string.h>

#include "gs_blas.h"
#include "gs_ops.h"

/* Which 3x3 tap (0..2) the 5x5 tap k (0..4) lands on in phase p (0..1):
 * upsampled row 2y+p+k-2 reads input row y + floor((p+k-2)/2). */
static const int TAP[2][5] = {{0, 0, 1, 1, 2}, {0, 1, 1, 2, 2}};

static GsConvShape small_shape(int h, int w, int ic, int oc) {
    return gs_conv_shape_same(h, w, ic, 4 * oc, 3, 1);
}

size_t gs_upconv_work_per_image(int h, int w, int ic, int oc) {
    return (size_t)h * w * (9 * (size_t)ic + 4 * (size_t)oc);
}

void gs_upconv_kernels(float *w3, const float *w, int ic, int oc) {
    memset(w3, 0, sizeof(float) * 4 * oc * 9 * ic);
    for (int py = 0; py < 2; py++)
        for (int px = 0; px < 2; px++)
            for (int f = 0; f < oc; f++) {
                float *dst = w3 + (size_t)((py * 2 + px) * oc + f) * 9 * ic;
                const float *src = w + (size_t)f * 25 * ic;
                for (int ky = 0; ky < 5; ky++)
                    for (int kx = 0; kx < 5; kx++) {
                        float *d = dst + (size_t)(TAP[py][ky] * 3 + TAP[px][kx]) * ic;
                        const float *s = src + (size_t)(ky * 5 + kx) * ic;
                        for (int c = 0; c < ic; c++) d[c] += s[c];
                    }
            }
}

static int chunk_images(int h, int w, int ic, int oc, size_t work_floats, int n) {
    size_t per = gs_upconv_work_per_image(h, w, ic, oc);
    assert(work_floats >= per);
    size_t c = work_floats / per;
    return c > (size_t)n ? n : (int)c;
}

void gs_upconv_forward(float *out, float *work, size_t work_floats, const float *in,
                       const float *w3, const float *b, int n, int h, int w, int ic, int oc) {
    const GsConvShape s = small_shape(h, w, ic, oc);
    const int chunk = chunk_images(h, w, ic, oc, work_floats, n);
    const size_t in_img = (size_t)h * w * ic, out_img = (size_t)4 * h * w * oc;
    for (int i0 = 0; i0 < n; i0 += chunk) {
        int nb = n - i0 < chunk ? n - i0 : chunk, rows = nb * h * w;
        float *cols = work, *phase = work + (size_t)rows * 9 * ic;
        gs_im2col(cols, in + (size_t)i0 * in_img, &s, nb);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, 4 * oc, 9 * ic, 1.0f, cols,
                    9 * ic, w3, 9 * ic, 0.0f, phase, 4 * oc);
        /* scatter the phases into the (2h, 2w) image, adding the bias */
        for (int r = 0; r < rows; r++) {
            int b0 = r / (h * w), y = (r / w) % h, x = r % w;
            float *o = out + (size_t)(i0 + b0) * out_img;
            for (int p = 0; p < 4; p++) {
                float *dst = o + ((size_t)(2 * y + p / 2) * 2 * w + 2 * x + p % 2) * oc;
                const float *src = phase + (size_t)r * 4 * oc + (size_t)p * oc;
                for (int c = 0; c < oc; c++) dst[c] = src[c] + b[c];
            }
        }
    }
}

void gs_upconv_backward(float *din, float *dw, float *db, float *dw3, float *work,
                        size_t work_floats, const float *dout, const float *in,
                        const float *w3, int n, int h, int w, int ic, int oc) {
    const GsConvShape s = small_shape(h, w, ic, oc);
    const int chunk = chunk_images(h, w, ic, oc, work_floats, n);
    const size_t in_img = (size_t)h * w * ic, out_img = (size_t)4 * h * w * oc;
    if (dw) memset(dw3, 0, sizeof(float) * 4 * oc * 9 * ic);
    if (din) memset(din, 0, sizeof(float) * in_img * n);
    for (int i0 = 0; i0 < n; i0 += chunk) {
        int nb = n - i0 < chunk ? n - i0 : chunk, rows = nb * h * w;
        float *cols = work, *dphase = work + (size_t)rows * 9 * ic;
        for (int r = 0; r < rows; r++) { /* gather the four phases of each input pixel */
            int b0 = r / (h * w), y = (r / w) % h, x = r % w;
            const float *d = dout + (size_t)(i0 + b0) * out_img;
            for (int p = 0; p < 4; p++)
                memcpy(dphase + (size_t)r * 4 * oc + (size_t)p * oc,
                       d + ((size_t)(2 * y + p / 2) * 2 * w + 2 * x + p % 2) * oc, sizeof(float) * oc);
        }
        if (dw) {
            for (int r = 0; r < rows; r++)
                for (int p = 0; p < 4; p++)
                    for (int c = 0; c < oc; c++) db[c] += dphase[(size_t)r * 4 * oc + (size_t)p * oc + c];
            gs_im2col(cols, in + (size_t)i0 * in_img, &s, nb);
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, 4 * oc, 9 * ic, rows, 1.0f, dphase,
                        4 * oc, cols, 9 * ic, 1.0f, dw3, 9 * ic);
        }
        if (din) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, 9 * ic, 4 * oc, 1.0f, dphase,
                        4 * oc, w3, 9 * ic, 0.0f, cols, 9 * ic);
            gs_col2im_add(din + (size_t)i0 * in_img, cols, &s, nb);
        }
    }
    if (dw) /* each 5x5 tap gets the gradients of the 3x3 taps it was summed into */
        for (int py = 0; py < 2; py++)
            for (int px = 0; px < 2; px++)
                for (int f = 0; f < oc; f++) {
                    const float *src = dw3 + (size_t)((py * 2 + px) * oc + f) * 9 * ic;
                    float *dst = dw + (size_t)f * 25 * ic;
                    for (int ky = 0; ky < 5; ky++)
                        for (int kx = 0; kx < 5; kx++) {
                            const float *sg = src + (size_t)(TAP[py][ky] * 3 + TAP[px][kx]) * ic;
                            float *d = dst + (size_t)(ky * 5 + kx) * ic;
                            for (int c = 0; c < ic; c++) d[c] += sg[c];
                        }
                }
}

/* gs_conv_direct.c: stride-1 'same' convolution computed directly, for layers with few
 * output channels (the generator's last layers). There im2col + sgemm is bound by memory
 * traffic: it writes and packs k*k*in_c floats for every output pixel to produce only a
 * handful of values. The direct loops read each input pixel from cache instead.
 * Built for AVX2+FMA and for baseline x86-64, picked at load time where GCC/Clang allow. */
#include <string.h>

#include "gs_ops.h"

/* Not under ThreadSanitizer: its instrumented ifunc resolver runs before TSan is set up. */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__linux__) && !defined(__SANITIZE_THREAD__)
#define GS_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GS_MULTIVERSION
#endif

int gs_conv_direct_suits(const GsConvShape *s, size_t work_floats) {
    return s->stride == 1 && s->out_c <= GS_CONV_DIRECT_MAX_OC &&
           work_floats >= (size_t)s->out_c * s->k * s->k * s->in_c;
}

/* The valid kernel rows/columns for output row oy (or column): those whose input is inside
 * the image, so the loops below never test bounds per tap. */
static void tap_range(int o, int pad, int k, int in, int *lo, int *hi) {
    int first = o - pad;
    *lo = first < 0 ? -first : 0;
    *hi = first + k > in ? in - first : k;
}

#define ACC_ROW(OC)                                                                        \
    for (int c = 0; c < len; c++) {                                                        \
        const float xv = x[c], *wc = wr + (size_t)c * (OC);                                \
        for (int f = 0; f < (OC); f++) acc[f] += xv * wc[f];                               \
    }

/* The forward pass; wt is the weights as (ky, kx, c, f) when oc >= 4, else NULL. */
GS_MULTIVERSION
static void forward_images(float *out, const float *wt, const float *in, const float *w,
                           const float *b, const GsConvShape *s, int n) {
    const int k = s->k, ic = s->in_c, oc = s->out_c, H = s->in_h, W = s->in_w;
    for (int bi = 0; bi < n; bi++) {
        const float *img = in + (size_t)bi * H * W * ic;
        for (int oy = 0; oy < s->out_h; oy++) {
            int ky0, ky1;
            tap_range(oy, s->pad_top, k, H, &ky0, &ky1);
            for (int ox = 0; ox < s->out_w; ox++) {
                int kx0, kx1;
                tap_range(ox, s->pad_left, k, W, &kx0, &kx1);
                float *o = out + (((size_t)bi * s->out_h + oy) * s->out_w + ox) * oc;
                /* taps kx0..kx1 of one kernel row are contiguous in NHWC, in the input and
                 * in both weight layouts */
                const int len = (kx1 - kx0) * ic;
                if (wt) { /* vectorised across filters */
                    float acc[GS_CONV_DIRECT_MAX_OC];
                    for (int f = 0; f < oc; f++) acc[f] = b[f];
                    for (int ky = ky0; ky < ky1; ky++) {
                        const float *x = img + ((size_t)(oy - s->pad_top + ky) * W + ox - s->pad_left + kx0) * ic;
                        const float *wr = wt + ((size_t)ky * k + kx0) * ic * oc;
                        /* constant trip counts for the common widths keep acc in a register */
                        if (oc == 8) ACC_ROW(8)
                        else if (oc == 4) ACC_ROW(4)
                        else ACC_ROW(oc)
                    }
                    for (int f = 0; f < oc; f++) o[f] = acc[f];
                    continue;
                }
                for (int f = 0; f < oc; f++) { /* vectorised along each kernel row */
                    float acc[8] = {0}; /* partial sums: vectorises without reassociation */
                    for (int ky = ky0; ky < ky1; ky++) {
                        const float *x = img + ((size_t)(oy - s->pad_top + ky) * W + ox - s->pad_left + kx0) * ic;
                        const float *wv = w + ((size_t)f * k * k + (size_t)ky * k + kx0) * ic;
                        int c = 0;
                        for (; c + 8 <= len; c += 8)
                            for (int j = 0; j < 8; j++) acc[j] += x[c + j] * wv[c + j];
                        for (; c < len; c++) acc[0] += x[c] * wv[c];
                    }
                    o[f] = b[f] + (((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])));
                }
            }
        }
    }
}

/* Input gradient (overwrites din). */
GS_MULTIVERSION
static void backward_din(float *din, const float *dout, const float *w, const GsConvShape *s, int n) {
    const int k = s->k, ic = s->in_c, oc = s->out_c, H = s->in_h, W = s->in_w;
    memset(din, 0, sizeof(float) * (size_t)n * H * W * ic);
    for (int bi = 0; bi < n; bi++) {
        float *dimg = din + (size_t)bi * H * W * ic;
        for (int oy = 0; oy < s->out_h; oy++) {
            int ky0, ky1;
            tap_range(oy, s->pad_top, k, H, &ky0, &ky1);
            for (int ox = 0; ox < s->out_w; ox++) {
                int kx0, kx1;
                tap_range(ox, s->pad_left, k, W, &kx0, &kx1);
                const float *g = dout + (((size_t)bi * s->out_h + oy) * s->out_w + ox) * oc;
                const int len = (kx1 - kx0) * ic;
                for (int ky = ky0; ky < ky1; ky++) {
                    float *dx = dimg + ((size_t)(oy - s->pad_top + ky) * W + ox - s->pad_left + kx0) * ic;
                    for (int f = 0; f < oc; f++) {
                        const float gf = g[f], *wv = w + ((size_t)f * k * k + (size_t)ky * k + kx0) * ic;
                        for (int c = 0; c < len; c++) dx[c] += gf * wv[c];
                    }
                }
            }
        }
    }
}

/* Weight gradient, added to dw. */
GS_MULTIVERSION
static void backward_dw(float *dw, const float *dout, const float *in, const GsConvShape *s, int n) {
    const int k = s->k, ic = s->in_c, oc = s->out_c, H = s->in_h, W = s->in_w;
    for (int bi = 0; bi < n; bi++) {
        const float *img = in + (size_t)bi * H * W * ic;
        for (int oy = 0; oy < s->out_h; oy++) {
            int ky0, ky1;
            tap_range(oy, s->pad_top, k, H, &ky0, &ky1);
            for (int ox = 0; ox < s->out_w; ox++) {
                int kx0, kx1;
                tap_range(ox, s->pad_left, k, W, &kx0, &kx1);
                const float *g = dout + (((size_t)bi * s->out_h + oy) * s->out_w + ox) * oc;
                const int len = (kx1 - kx0) * ic;
                for (int ky = ky0; ky < ky1; ky++) {
                    const float *x = img + ((size_t)(oy - s->pad_top + ky) * W + ox - s->pad_left + kx0) * ic;
                    for (int f = 0; f < oc; f++) {
                        const float gf = g[f];
                        float *dwv = dw + ((size_t)f * k * k + (size_t)ky * k + kx0) * ic;
                        for (int c = 0; c < len; c++) dwv[c] += gf * x[c];
                    }
                }
            }
        }
    }
}

/* ---- the public entry points ------------------------------------------------------------ */

void gs_conv_direct_forward(float *out, float *work, const float *in, const float *w,
                            const float *b, const GsConvShape *s, int n) {
    const int k = s->k, ic = s->in_c, oc = s->out_c;
    /* With 4+ filters, vectorise across filters: weights as (ky, kx, c, f), so each input
     * value is multiplied into all oc accumulators at once. With fewer, vectorise each dot
     * product over the contiguous channels of a kernel row instead. */
    const float *wt = NULL;
    if (oc >= 4) {
        for (int f = 0; f < oc; f++)
            for (int t = 0; t < k * k; t++)
                for (int c = 0; c < ic; c++)
                    work[((size_t)t * ic + c) * oc + f] = w[((size_t)f * k * k + t) * ic + c];
        wt = work;
    }
    forward_images(out, wt, in, w, b, s, n);
}

void gs_conv_direct_backward(float *din, float *dw, float *db, const float *dout,
                             const float *in, const float *w, const GsConvShape *s, int n) {
    if (db)
        for (size_t p = 0, e = (size_t)n * s->out_h * s->out_w; p < e; p++)
            for (int f = 0; f < s->out_c; f++) db[f] += dout[p * s->out_c + f];
    if (din) backward_din(din, dout, w, s, n);
    if (dw) backward_dw(dw, dout, in, s, n);
}

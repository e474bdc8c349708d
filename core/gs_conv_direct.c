/* gs_conv_direct.c: stride-1 'same' convolution computed directly, for layers with few
 * output channels (the generator's last layers). There im2col + sgemm is bound by memory
 * traffic: it writes and packs k*k*in_c floats for every output pixel to produce only a
 * handful of values. The direct loops read each input pixel from cache instead.
 * Built for AVX2+FMA and for baseline x86-64, picked at load time where GCC/Clang allow. */
#include <string.h>

#include "gs_ops.h"
#include "gs_pool.h"

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

/* Images [i0, i1) of the forward pass; wt is the weights as (ky, kx, c, f) when oc >= 4. */
GS_MULTIVERSION
static void forward_images(float *out, const float *wt, const float *in, const float *w,
                           const float *b, const GsConvShape *s, int i0, int i1) {
    const int k = s->k, ic = s->in_c, oc = s->out_c, H = s->in_h, W = s->in_w;
    for (int bi = i0; bi < i1; bi++) {
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

/* Input gradient of images [i0, i1): each image's din is its own. */
GS_MULTIVERSION
static void backward_din(float *din, const float *dout, const float *w, const GsConvShape *s,
                         int i0, int i1) {
    const int k = s->k, ic = s->in_c, oc = s->out_c, H = s->in_h, W = s->in_w;
    memset(din + (size_t)i0 * H * W * ic, 0, sizeof(float) * (size_t)(i1 - i0) * H * W * ic);
    for (int bi = i0; bi < i1; bi++) {
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

/* Weight gradient of kernel rows [kr0, kr1) over all n images: each part owns its rows. */
GS_MULTIVERSION
static void backward_dw(float *dw, const float *dout, const float *in, const GsConvShape *s,
                        int n, int kr0, int kr1) {
    const int k = s->k, ic = s->in_c, oc = s->out_c, H = s->in_h, W = s->in_w;
    for (int bi = 0; bi < n; bi++) {
        const float *img = in + (size_t)bi * H * W * ic;
        for (int oy = 0; oy < s->out_h; oy++) {
            int ky0, ky1;
            tap_range(oy, s->pad_top, k, H, &ky0, &ky1);
            if (ky0 < kr0) ky0 = kr0;
            if (ky1 > kr1) ky1 = kr1;
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

/* ---- the public entry points: pieces spread over the pool ------------------------------- */

typedef struct DirectJob {
    float *out, *din, *dw;
    const float *in, *w, *b, *wt, *dout;
    const GsConvShape *s;
    int n, din_parts; /* backward: the first din_parts pieces do din, the rest dw */
} DirectJob;

static void forward_part(void *ctx, int part, int parts) {
    const DirectJob *j = ctx;
    forward_images(j->out, j->wt, j->in, j->w, j->b, j->s, j->n * part / parts, j->n * (part + 1) / parts);
}

static void backward_part(void *ctx, int part, int parts) {
    const DirectJob *j = ctx;
    if (part < j->din_parts) {
        backward_din(j->din, j->dout, j->w, j->s, j->n * part / j->din_parts, j->n * (part + 1) / j->din_parts);
    } else {
        int p = part - j->din_parts, np = parts - j->din_parts;
        backward_dw(j->dw, j->dout, j->in, j->s, j->n, j->s->k * p / np, j->s->k * (p + 1) / np);
    }
}

void gs_conv_direct_forward(float *out, float *work, const float *in, const float *w,
                            const float *b, const GsConvShape *s, int n, GsPool *pool) {
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
    DirectJob j = {out, NULL, NULL, in, w, b, wt, NULL, s, n, 0};
    int parts = 2 * gs_pool_threads(pool);
    gs_pool_run(pool, forward_part, &j, parts < n ? parts : n);
}

void gs_conv_direct_backward(float *din, float *dw, float *db, const float *dout,
                             const float *in, const float *w, const GsConvShape *s, int n,
                             GsPool *pool) {
    if (db)
        for (size_t p = 0, e = (size_t)n * s->out_h * s->out_w; p < e; p++)
            for (int f = 0; f < s->out_c; f++) db[f] += dout[p * s->out_c + f];
    int threads = gs_pool_threads(pool);
    int din_parts = din ? (2 * threads < n ? 2 * threads : n) : 0;
    int dw_parts = dw ? s->k : 0; /* one piece per kernel row */
    DirectJob j = {NULL, din, dw, in, w, NULL, NULL, dout, s, n, din_parts};
    gs_pool_run(pool, backward_part, &j, din_parts + dw_parts);
}

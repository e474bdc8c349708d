/* gs_conv_grouped.c: convolution of small images without multiplying padding. On a 4x4
 * image a 5x5 'same' kernel has only 12.25 of its 25 taps inside the image on average, so
 * im2col + sgemm spends half its work on zeros. Here output pixels are grouped by which
 * kernel rows and columns fall inside the image; each group's im2col holds only those taps,
 * and its product runs one sgemm per kernel row straight against the weight tensor (a
 * strided sub-matrix), so no weights are copied. */
#include <assert.h>
#include <string.h>

#include "gs_blas.h"
#include "gs_ops.h"

#define MAX_CLASSES 16

/* Output rows (or columns) that see the same range of kernel rows [t0, t1). */
typedef struct TapClass {
    int o0, o1; /* output indices [o0, o1) */
    int t0, t1; /* kernel taps inside the image */
} TapClass;

static int tap_classes(TapClass *cls, int out, int in, int k, int stride, int pad) {
    int n = 0;
    for (int o = 0; o < out; o++) {
        int first = o * stride - pad;
        int t0 = first < 0 ? -first : 0, t1 = first + k > in ? in - first : k;
        if (n > 0 && cls[n - 1].t0 == t0 && cls[n - 1].t1 == t1 && cls[n - 1].o1 == o) {
            cls[n - 1].o1 = o + 1;
        } else {
            if (n == MAX_CLASSES) return -1;
            cls[n++] = (TapClass){o, o + 1, t0, t1};
        }
    }
    return n;
}

/* Fraction of im2col's multiply-adds that touch real pixels rather than padding. */
static double useful_fraction(const GsConvShape *s) {
    double rows = 0, cols = 0;
    TapClass c[MAX_CLASSES];
    int n = tap_classes(c, s->out_h, s->in_h, s->k, s->stride, s->pad_top);
    for (int i = 0; i < n; i++) rows += (double)(c[i].o1 - c[i].o0) * (c[i].t1 - c[i].t0);
    n = tap_classes(c, s->out_w, s->in_w, s->k, s->stride, s->pad_left);
    for (int i = 0; i < n; i++) cols += (double)(c[i].o1 - c[i].o0) * (c[i].t1 - c[i].t0);
    return rows * cols / ((double)s->out_h * s->out_w * s->k * s->k);
}

double gs_conv_macs(const GsConvShape *s, size_t work_floats) {
    double full = (double)s->out_h * s->out_w * s->out_c * s->k * s->k * s->in_c;
    /* the grouped path skips the taps that fall on padding (the direct path multiplies
     * them, on its zero-padded copy of the image) */
    if (!gs_conv_direct_suits(s, work_floats) && gs_conv_grouped_suits(s, work_floats))
        return full * useful_fraction(s);
    return full;
}

int gs_conv_grouped_suits(const GsConvShape *s, size_t work_floats) {
    TapClass c[MAX_CLASSES];
    if (tap_classes(c, s->out_h, s->in_h, s->k, s->stride, s->pad_top) < 0 ||
        tap_classes(c, s->out_w, s->in_w, s->k, s->stride, s->pad_left) < 0)
        return 0;
    /* one image of the largest group must fit the workspace */
    size_t need = (size_t)s->out_h * s->out_w * ((size_t)s->k * s->k * s->in_c + s->out_c);
    return useful_fraction(s) < 0.8 && work_floats >= need;
}

/* One group: rows class r x columns class c, for images [i0, i0+nb). */
typedef struct Group {
    TapClass r, c;
    int positions; /* output pixels per image */
    int kw;        /* valid taps per kernel row times in_c: one contiguous run */
    int kg;        /* columns of the group's im2col: (r.t1-r.t0) * kw */
} Group;

static Group make_group(TapClass r, TapClass c, int in_c) {
    Group g = {r, c, (r.o1 - r.o0) * (c.o1 - c.o0), (c.t1 - c.t0) * in_c, 0};
    g.kg = (r.t1 - r.t0) * g.kw;
    return g;
}

/* Walks the group's taps image by image: copies each run of valid input from `in` into
 * cols (im2col), or, given `din` instead, adds cols back onto it (col2im). */
static void group_cols(float *cols, const float *in, float *din, const GsConvShape *s, const Group *g,
                       int i0, int nb) {
    const size_t size = (size_t)s->in_h * s->in_w * s->in_c;
    for (int b = i0; b < i0 + nb; b++)
        for (int oy = g->r.o0; oy < g->r.o1; oy++)
            for (int ox = g->c.o0; ox < g->c.o1; ox++)
                for (int ky = g->r.t0; ky < g->r.t1; ky++) {
                    int iy = oy * s->stride - s->pad_top + ky, ix = ox * s->stride - s->pad_left + g->c.t0;
                    size_t at = b * size + ((size_t)iy * s->in_w + ix) * s->in_c;
                    if (din)
                        for (int j = 0; j < g->kw; j++) din[at + j] += cols[j];
                    else
                        memcpy(cols, in + at, sizeof(float) * g->kw);
                    cols += g->kw;
                }
}

/* Pointer to output pixel p (0..positions-1, row-major within the group) of image b. */
static size_t group_pixel(const GsConvShape *s, const Group *g, int b, int p) {
    int w = g->c.o1 - g->c.o0;
    int oy = g->r.o0 + p / w, ox = g->c.o0 + p % w;
    return (((size_t)b * s->out_h + oy) * s->out_w + ox) * s->out_c;
}

/* Visits every group with the largest image chunk the workspace holds. */
#define FOR_EACH_GROUP_CHUNK(s, work_floats, n, BODY)                                            \
    do {                                                                                         \
        TapClass rc_[MAX_CLASSES], cc_[MAX_CLASSES];                                             \
        int nr_ = tap_classes(rc_, (s)->out_h, (s)->in_h, (s)->k, (s)->stride, (s)->pad_top);    \
        int nc_ = tap_classes(cc_, (s)->out_w, (s)->in_w, (s)->k, (s)->stride, (s)->pad_left);   \
        for (int ri_ = 0; ri_ < nr_; ri_++)                                                      \
            for (int ci_ = 0; ci_ < nc_; ci_++) {                                                \
                const Group g = make_group(rc_[ri_], cc_[ci_], (s)->in_c);                       \
                size_t per_ = (size_t)g.positions * ((size_t)g.kg + (s)->out_c);                 \
                int chunk_ = (int)((work_floats) / per_ < (size_t)(n) ? (work_floats) / per_ : (size_t)(n)); \
                assert(chunk_ >= 1);                                                             \
                for (int i0 = 0; i0 < (n); i0 += chunk_) {                                       \
                    int nb = (n) - i0 < chunk_ ? (n) - i0 : chunk_, rows = nb * g.positions;     \
                    float *cols = work, *tmp = work + (size_t)rows * g.kg;                       \
                    BODY                                                                         \
                }                                                                                \
            }                                                                                    \
    } while (0)

void gs_conv_grouped_forward(float *out, float *work, size_t work_floats, const float *in,
                             const float *w, const float *b, const GsConvShape *s, int n) {
    const int ldw = s->k * s->k * s->in_c, oc = s->out_c;
    FOR_EACH_GROUP_CHUNK(s, work_floats, n, {
        group_cols(cols, in, NULL, s, &g, i0, nb);
        /* tmp (rows, oc) = sum over kernel rows ky of cols[:, ky run] * w[:, ky, kx0:kx1, :]^T */
        for (int ky = g.r.t0; ky < g.r.t1; ky++)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, oc, g.kw, 1.0f,
                        cols + (size_t)(ky - g.r.t0) * g.kw, g.kg,
                        w + ((size_t)ky * s->k + g.c.t0) * s->in_c, ldw, ky == g.r.t0 ? 0.0f : 1.0f,
                        tmp, oc);
        for (int r = 0; r < rows; r++) {
            float *o = out + group_pixel(s, &g, i0 + r / g.positions, r % g.positions);
            const float *t = tmp + (size_t)r * oc;
            for (int f = 0; f < oc; f++) o[f] = t[f] + b[f];
        }
    });
}

void gs_conv_grouped_backward(float *din, float *dw, float *db, float *work, size_t work_floats,
                              const float *dout, const float *in, const float *w,
                              const GsConvShape *s, int n) {
    const int ldw = s->k * s->k * s->in_c, oc = s->out_c;
    if (din) memset(din, 0, sizeof(float) * (size_t)n * s->in_h * s->in_w * s->in_c);
    FOR_EACH_GROUP_CHUNK(s, work_floats, n, {
        for (int r = 0; r < rows; r++) { /* gather the group's output gradients */
            const float *d = dout + group_pixel(s, &g, i0 + r / g.positions, r % g.positions);
            memcpy(tmp + (size_t)r * oc, d, sizeof(float) * oc);
            if (db)
                for (int f = 0; f < oc; f++) db[f] += d[f];
        }
        if (dw) {
            group_cols(cols, in, NULL, s, &g, i0, nb);
            for (int ky = g.r.t0; ky < g.r.t1; ky++) /* dw[:, ky, kx0:kx1, :] += tmp^T cols */
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, oc, g.kw, rows, 1.0f, tmp, oc,
                            cols + (size_t)(ky - g.r.t0) * g.kw, g.kg, 1.0f,
                            dw + ((size_t)ky * s->k + g.c.t0) * s->in_c, ldw);
        }
        if (din) {
            for (int ky = g.r.t0; ky < g.r.t1; ky++) /* dcols[:, ky run] = tmp w[:, ky, kx0:kx1, :] */
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, g.kw, oc, 1.0f, tmp, oc,
                            w + ((size_t)ky * s->k + g.c.t0) * s->in_c, ldw, 0.0f,
                            cols + (size_t)(ky - g.r.t0) * g.kw, g.kg);
            group_cols(cols, NULL, din, s, &g, i0, nb);
        }
    });
}

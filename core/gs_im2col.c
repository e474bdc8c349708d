/* gs_im2col.c: unrolling NHWC image patches into matrix rows (and back), so a convolution
 * becomes one sgemm. Rows are output pixels; each row holds k*k runs of in_c channels. */
#include <string.h>

#include "gs_ops.h"

GsConvShape gs_conv_shape_same(int in_h, int in_w, int in_c, int out_c, int k, int stride) {
    GsConvShape s;
    s.in_h = in_h, s.in_w = in_w, s.in_c = in_c;
    s.out_c = out_c, s.k = k, s.stride = stride;
    s.out_h = (in_h + stride - 1) / stride;
    s.out_w = (in_w + stride - 1) / stride;
    int pad_h = (s.out_h - 1) * stride + k - in_h;
    int pad_w = (s.out_w - 1) * stride + k - in_w;
    s.pad_top = pad_h > 0 ? pad_h / 2 : 0;
    s.pad_left = pad_w > 0 ? pad_w / 2 : 0;
    return s;
}

size_t gs_conv_cols_per_image(const GsConvShape *s) {
    return (size_t)s->out_h * s->out_w * s->k * s->k * s->in_c;
}

void gs_im2col(float *cols, const float *in, const GsConvShape *s, int n) {
    const int k = s->k, c = s->in_c;
    const size_t img = (size_t)s->in_h * s->in_w * c;
    for (int b = 0; b < n; b++) {
        const float *src = in + (size_t)b * img;
        for (int oy = 0; oy < s->out_h; oy++) {
            for (int ox = 0; ox < s->out_w; ox++) {
                for (int ky = 0; ky < k; ky++) {
                    int iy = oy * s->stride - s->pad_top + ky;
                    int x0 = ox * s->stride - s->pad_left;
                    if (iy < 0 || iy >= s->in_h) {
                        memset(cols, 0, sizeof(float) * k * c);
                        cols += k * c;
                        continue;
                    }
                    /* the kx run is contiguous in NHWC: copy the in-bounds part at once */
                    int lo = x0 < 0 ? -x0 : 0;
                    int hi = x0 + k > s->in_w ? s->in_w - x0 : k;
                    if (lo > 0) memset(cols, 0, sizeof(float) * lo * c);
                    if (hi > lo)
                        memcpy(cols + (size_t)lo * c,
                               src + ((size_t)iy * s->in_w + x0 + lo) * c,
                               sizeof(float) * (hi - lo) * c);
                    if (hi < k) memset(cols + (size_t)hi * c, 0, sizeof(float) * (k - hi) * c);
                    cols += k * c;
                }
            }
        }
    }
}

void gs_col2im_add(float *din, const float *cols, const GsConvShape *s, int n) {
    const int k = s->k, c = s->in_c;
    const size_t img = (size_t)s->in_h * s->in_w * c;
    for (int b = 0; b < n; b++) {
        float *dst = din + (size_t)b * img;
        for (int oy = 0; oy < s->out_h; oy++) {
            for (int ox = 0; ox < s->out_w; ox++) {
                for (int ky = 0; ky < k; ky++) {
                    int iy = oy * s->stride - s->pad_top + ky;
                    int x0 = ox * s->stride - s->pad_left;
                    if (iy >= 0 && iy < s->in_h) {
                        int lo = x0 < 0 ? -x0 : 0;
                        int hi = x0 + k > s->in_w ? s->in_w - x0 : k;
                        float *d = dst + ((size_t)iy * s->in_w + x0 + lo) * c;
                        const float *sc = cols + (size_t)lo * c;
                        for (int i = 0, e = (hi - lo) * c; i < e; i++) d[i] += sc[i];
                    }
                    cols += k * c;
                }
            }
        }
    }
}

/* test_conv_paths.c: the grouped products that skip padding agree with im2col + sgemm
 * forward and backward on the discriminator's small, strided shapes (the direct loops for
 * few filters have their own test, test_conv_direct.c). */
#include <string.h>

#include "check.h"
#include "gs_ops.h"

/* The grouped path against im2col on the discriminator's small, strided layers. */
static void compare_grouped(int h, int ic, int oc, int stride, int n, GsRng *rng) {
    GsConvShape s = gs_conv_shape_same(h, h, ic, oc, 5, stride);
    size_t in_n = (size_t)n * h * h * ic, out_n = (size_t)n * s.out_h * s.out_w * oc, w_n = (size_t)oc * 25 * ic;
    size_t work_n = gs_conv_cols_per_image(&s) * n + out_n;
    float *x = malloc(sizeof(float) * in_n), *wt = malloc(sizeof(float) * w_n), *b = calloc(oc, sizeof(float));
    float *g = malloc(sizeof(float) * out_n), *work = malloc(sizeof(float) * work_n);
    float *o1 = malloc(sizeof(float) * out_n), *o2 = malloc(sizeof(float) * out_n);
    float *dx1 = malloc(sizeof(float) * in_n), *dx2 = malloc(sizeof(float) * in_n);
    float *dw1 = calloc(w_n, sizeof(float)), *dw2 = calloc(w_n, sizeof(float));
    float *db1 = calloc(oc, sizeof(float)), *db2 = calloc(oc, sizeof(float));
    for (size_t i = 0; i < in_n; i++) x[i] = gs_rng_range(rng, -1, 1);
    for (size_t i = 0; i < w_n; i++) wt[i] = gs_rng_range(rng, -1, 1);
    for (size_t i = 0; i < out_n; i++) g[i] = gs_rng_range(rng, -1, 1);
    CHECK_MSG(gs_conv_grouped_suits(&s, work_n), "%dx%d stride %d should skip padding", h, h, stride);
    gs_conv_im2col_forward(o1, work, work_n, x, wt, b, &s, n);
    gs_conv_grouped_forward(o2, work, work_n, x, wt, b, &s, n);
    gs_conv_im2col_backward(dx1, dw1, db1, work, work_n, g, x, wt, &s, n);
    gs_conv_grouped_backward(dx2, dw2, db2, work, work_n, g, x, wt, &s, n);
    double e_o = check_rel_diff(o2, o1, out_n), e_x = check_rel_diff(dx2, dx1, in_n), e_w = check_rel_diff(dw2, dw1, w_n);
    CHECK_MSG(e_o < 1e-5 && e_x < 1e-5 && e_w < 1e-5 && check_rel_diff(db2, db1, oc) < 1e-5,
              "grouped %dx%dx%d stride %d: out %.2g din %.2g dw %.2g", h, h, ic, stride, e_o, e_x, e_w);
    /* a small workspace forces one image per product: same answer */
    size_t small = (size_t)s.out_h * s.out_w * (25 * (size_t)ic + oc);
    gs_conv_grouped_forward(o2, work, small, x, wt, b, &s, n);
    CHECK(check_rel_diff(o2, o1, out_n) < 1e-5);
    free(x), free(wt), free(b), free(g), free(work), free(o1), free(o2), free(dx1), free(dx2);
    free(dw1), free(dw2), free(db1), free(db2);
}

int main(void) {
    GsRng rng;
    gs_rng_seed(&rng, 11);
    compare_grouped(4, 16, 12, 1, 3, &rng); /* the tutorial's last conv: 4x4, stride 1 */
    compare_grouped(7, 8, 6, 2, 3, &rng);   /* 7x7 -> 4x4, stride 2 */
    compare_grouped(3, 5, 4, 1, 2, &rng);
    GsConvShape big = gs_conv_shape_same(28, 28, 8, 8, 5, 2);
    CHECK(!gs_conv_grouped_suits(&big, (size_t)1 << 22)); /* 28x28: padding is a small share */
    CHECK_DONE();
}

/* test_conv_paths.c: the grouped products that skip padding agree with im2col + sgemm
 * forward and backward on the discriminator's small, strided shapes (the direct loops for
 * few filters have their own test, test_conv_direct.c). */
#include "conv_case.h"

/* The grouped path against im2col on the discriminator's small, strided layers. */
static void compare_grouped(int h, int ic, int oc, int stride, int n, GsRng *rng) {
    GsConvShape s = gs_conv_shape_same(h, h, ic, oc, 5, stride);
    size_t work_n = gs_conv_cols_per_image(&s) * n + (size_t)n * s.out_h * s.out_w * oc;
    ConvCase c;
    conv_case_init(&c, s, n, work_n, rng);
    CHECK_MSG(gs_conv_grouped_suits(&s, work_n), "%dx%d stride %d should skip padding", h, h, stride);
    gs_conv_im2col_forward(c.o1, c.work, work_n, c.x, c.w, c.b, &s, n);
    gs_conv_grouped_forward(c.o2, c.work, work_n, c.x, c.w, c.b, &s, n);
    gs_conv_im2col_backward(c.dx1, c.dw1, c.db1, c.work, work_n, c.g, c.x, c.w, &s, n);
    gs_conv_grouped_backward(c.dx2, c.dw2, c.db2, c.work, work_n, c.g, c.x, c.w, &s, n);
    conv_case_check(&c, "grouped");
    /* a small workspace forces one image per product: same answer */
    size_t small = (size_t)s.out_h * s.out_w * (25 * (size_t)ic + oc);
    gs_conv_grouped_forward(c.o2, c.work, small, c.x, c.w, c.b, &s, n);
    CHECK(check_rel_diff(c.o2, c.o1, c.out_n) < 1e-5);
    conv_case_free(&c);
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

/* test_conv_direct.c: the direct convolution's register-blocked kernels against the plain
 * im2col + sgemm path, forward, input gradient and parameter gradients, on odd shapes:
 * channel and image widths 1, 3, 8, 16, 17 (partial filter, channel and pixel blocks),
 * batches 1 and 5, 3x3, 4x4 (uneven padding) and 5x5 kernels, with and without parameter
 * gradients; also the generators' own last layers. CMake also builds it with
 * the direct kernels' plain-C loops (GS_PLAIN_C) as test_conv_direct_plain. */
#include <string.h>

#include "check.h"
#include "gs_ops.h"

static void compare(int h, int w, int ic, int oc, int k, int n, GsRng *rng) {
    GsConvShape s = gs_conv_shape_same(h, w, ic, oc, k, 1);
    size_t in_n = (size_t)n * h * w * ic, out_n = (size_t)n * h * w * oc, w_n = (size_t)oc * k * k * ic;
    size_t work_n = gs_conv_cols_per_image(&s) * n;
    if (work_n < gs_conv_direct_work(&s)) work_n = gs_conv_direct_work(&s);
    float *x = malloc(sizeof(float) * in_n), *wt = malloc(sizeof(float) * w_n), *b = malloc(sizeof(float) * oc);
    float *g = malloc(sizeof(float) * out_n), *work = malloc(sizeof(float) * work_n);
    float *o1 = malloc(sizeof(float) * out_n), *o2 = malloc(sizeof(float) * out_n);
    float *dx1 = malloc(sizeof(float) * in_n), *dx2 = malloc(sizeof(float) * in_n);
    float *dw1 = calloc(w_n, sizeof(float)), *dw2 = calloc(w_n, sizeof(float));
    float *db1 = calloc(oc, sizeof(float)), *db2 = calloc(oc, sizeof(float));
    for (size_t i = 0; i < in_n; i++) x[i] = gs_rng_range(rng, -1, 1);
    for (size_t i = 0; i < w_n; i++) wt[i] = gs_rng_range(rng, -1, 1);
    for (int i = 0; i < oc; i++) b[i] = gs_rng_range(rng, -1, 1);
    for (size_t i = 0; i < out_n; i++) g[i] = gs_rng_range(rng, -1, 1);
    gs_conv_im2col_forward(o1, work, work_n, x, wt, b, &s, n);
    gs_conv_direct_forward(o2, work, x, wt, b, &s, n);
    gs_conv_im2col_backward(dx1, dw1, db1, work, work_n, g, x, wt, &s, n);
    gs_conv_direct_backward(dx2, dw2, db2, work, g, x, wt, &s, n);
    double e_o = check_rel_diff(o2, o1, out_n), e_x = check_rel_diff(dx2, dx1, in_n);
    double e_w = check_rel_diff(dw2, dw1, w_n), e_b = check_rel_diff(db2, db1, oc);
    CHECK_MSG(e_o < 1e-5 && e_x < 1e-5 && e_w < 1e-5 && e_b < 1e-5,
              "%dx%dx%d -> %d filters k%d n%d: out %.2g din %.2g dw %.2g db %.2g", h, w, ic, oc, k, n, e_o, e_x,
              e_w, e_b);
    /* frozen network: no parameter gradients requested, input gradient still right */
    memset(dx2, 0, sizeof(float) * in_n);
    gs_conv_direct_backward(dx2, NULL, NULL, work, g, x, wt, &s, n);
    CHECK(check_rel_diff(dx2, dx1, in_n) < 1e-5);
    free(x), free(wt), free(b), free(g), free(work), free(o1), free(o2), free(dx1), free(dx2);
    free(dw1), free(dw2), free(db1), free(db2);
}

int main(void) {
    GsRng rng;
    gs_rng_seed(&rng, 8);
    static const int widths[] = {1, 3, 8, 16, 17}, kernels[] = {5, 3, 4};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            for (int n = 1; n <= 5; n += 4) /* image sizes cycle through the widths too */
                compare(widths[(i + j + n) % 5], widths[(i + 2 * j + 1) % 5], widths[i], widths[j],
                        kernels[(i + j) % 3], n, &rng);
    /* the fast generator's two last layers, the keras generator's last; assorted others */
    int shapes[][6] = {{28, 28, 16, 8, 5, 3}, {28, 28, 8, 1, 5, 2}, {28, 28, 32, 1, 5, 2},
                       {5, 7, 3, 4, 5, 2},    {3, 2, 5, 3, 5, 2},  {6, 6, 9, 2, 3, 2},
                       {1, 1, 4, 8, 5, 1},    {9, 4, 12, 6, 3, 3}, {4, 4, 1, 1, 5, 1}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        compare(shapes[i][0], shapes[i][1], shapes[i][2], shapes[i][3], shapes[i][4], shapes[i][5], &rng);
    CHECK_DONE();
}

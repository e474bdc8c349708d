/* test_conv_direct.c: the direct convolution's register-blocked kernels against the plain
 * im2col + sgemm path, forward, input gradient and parameter gradients, on odd shapes:
 * channel and image widths 1, 3, 8, 16, 17 (partial filter, channel and pixel blocks),
 * batches 1 and 5, 3x3, 4x4 (uneven padding) and 5x5 kernels, with and without parameter
 * gradients; also the generators' own last layers. CMake also builds it with
 * the direct kernels' plain-C loops (GS_PLAIN_C) as test_conv_direct_plain. */
#include <string.h>

#include "conv_case.h"

static void compare(int h, int w, int ic, int oc, int k, int n, GsRng *rng) {
    GsConvShape s = gs_conv_shape_same(h, w, ic, oc, k, 1);
    size_t work_n = gs_conv_cols_per_image(&s) * n;
    if (work_n < gs_conv_direct_work(&s)) work_n = gs_conv_direct_work(&s);
    ConvCase c;
    conv_case_init(&c, s, n, work_n, rng);
    gs_conv_im2col_forward(c.o1, c.work, work_n, c.x, c.w, c.b, &s, n);
    gs_conv_direct_forward(c.o2, c.work, c.x, c.w, c.b, &s, n);
    gs_conv_im2col_backward(c.dx1, c.dw1, c.db1, c.work, work_n, c.g, c.x, c.w, &s, n);
    gs_conv_direct_backward(c.dx2, c.dw2, c.db2, c.work, c.g, c.x, c.w, &s, n);
    conv_case_check(&c, "direct");
    /* frozen network: no parameter gradients requested, input gradient still right */
    memset(c.dx2, 0, sizeof(float) * c.in_n);
    gs_conv_direct_backward(c.dx2, NULL, NULL, c.work, c.g, c.x, c.w, &s, n);
    CHECK(check_rel_diff(c.dx2, c.dx1, c.in_n) < 1e-5);
    conv_case_free(&c);
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

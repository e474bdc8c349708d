/* test_saliency.c: the saliency map is the gradient of D's logit (inference mode) with
 * respect to the pixels, checked against central differences; a batch gives each image its
 * own map. */
#include "inspect_fixture.h"
#include "gs_saliency.h"

int main(void) {
    GsNet d;
    CHECK(fixture_net(&d, 0, 4));
    GsImages digits;
    CHECK(fixture_digits(&digits));
    const int P = GS_IMG_SIZE;
    float *img = malloc(sizeof(float) * 3 * P), *maps = malloc(sizeof(float) * 3 * P), logits[3];
    /* Untrained biases are zero, so an exactly black background puts every LeakyReLU there
     * exactly on its kink, where differences are one-sided: lift and dither the digits. */
    for (int i = 0; i < 3 * P; i++) img[i] = 0.1f + 0.8f * digits.pixels[i] / 255.0f + 0.01f * (float)sin(i * 1.7);
    GsError err;
    CHECK(gs_saliency(&d, img, 3, maps, logits, &err) == GS_OK);
    /* central differences on the second image, at pixels spread over it (ink and background) */
    const float h = 1e-3f; /* small: fewer kinks crossed */
    double worst = 0.0, top = 0.0;
    for (int p = 0; p < P; p++) top = fabs(maps[P + p]) > top ? fabs(maps[P + p]) : top;
    for (int p = 3; p < P; p += 13) {
        float keep = img[P + p], lp, lm;
        img[P + p] = keep + h;
        lp = gs_net_forward(&d, img + P, 1, 0, NULL)[0];
        img[P + p] = keep - h;
        lm = gs_net_forward(&d, img + P, 1, 0, NULL)[0];
        img[P + p] = keep;
        double e = fabs((lp - lm) / (2.0 * h) - maps[P + p]);
        worst = e > worst ? e : worst;
    }
    printf("saliency vs central differences: worst error %.3g, largest gradient %.3g\n", worst, top);
    CHECK(top > 0.0);
    CHECK_MSG(worst < 2e-2 * top + 1e-5, "worst %g of %g", worst, top);
    /* one image alone gives the same map and logit as inside the batch */
    float one[GS_IMG_SIZE], l1;
    CHECK(gs_saliency(&d, img + 2 * P, 1, one, &l1, &err) == GS_OK);
    CHECK(check_rel_diff(one, maps + 2 * P, P) < 1e-5);
    CHECK_CLOSE(l1, logits[2], 1e-6, 1e-5);
    float mag[GS_IMG_SIZE], hi = 0.0f;
    gs_saliency_magnitude(one, mag);
    int negative = 0;
    for (int p = 0; p < P; p++) hi = mag[p] > hi ? mag[p] : hi, negative += mag[p] < 0.0f;
    CHECK(hi == 1.0f && negative == 0);
    CHECK(gs_saliency(&d, img, 5, maps, NULL, &err) == GS_ERR_ARG);
    /* refreshing a copy's weights: sizes must match; new weights change the answer */
    float *w = malloc(sizeof(float) * d.n_params);
    for (size_t i = 0; i < d.n_params; i++) w[i] = 0.5f * d.params[i];
    CHECK(gs_inspect_net_load(&d, w, d.n_params - 1, d.state, d.n_state, &err) == GS_ERR_ARG);
    CHECK(gs_inspect_net_load(&d, w, d.n_params, d.state, d.n_state, &err) == GS_OK);
    CHECK(gs_saliency(&d, img + 2 * P, 1, one, &l1, &err) == GS_OK);
    CHECK(fabsf(l1 - logits[2]) > 1e-6f);
    free(w);
    gs_images_free(&digits);
    free(img), free(maps);
    gs_net_destroy(&d);
    CHECK_DONE();
}

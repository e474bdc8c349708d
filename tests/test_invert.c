/* test_invert.c: gs_invert finds the generator's own images again, approximates a real
 * digit better than the best of 1,000 random noise vectors, and stops when cancelled. */
#include "inspect_fixture.h"
#include "gs_invert.h"
#include "gs_rng.h"

int main(void) {
    GsNet g;
    CHECK(fixture_net(&g, 1, 16));
    const int Z = (int)gs_net_in_size(&g), P = GS_IMG_SIZE;
    GsRng rng;
    gs_rng_seed(&rng, 99);
    GsInvertOptions opt;
    gs_invert_defaults(&opt);
    opt.starts = 2, opt.iters = 300;
    GsInvertResult res;
    GsError err;
    float *z = malloc(sizeof(float) * Z), *found = malloc(sizeof(float) * Z), target[GS_IMG_SIZE];

    /* 1. images made by the generator itself: found again to RMS < 0.005 (1.3 grey levels
     * of 255) and under a fifth of the distance between two of its images */
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < Z; i++) z[i] = gs_rng_range(&rng, -1.0f, 1.0f);
        memcpy(target, gs_net_forward(&g, z, 1, 0, NULL), sizeof target);
        for (int i = 0; i < Z; i++) z[i] = gs_rng_range(&rng, -1.0f, 1.0f);
        float apart = fixture_rms(target, gs_net_forward(&g, z, 1, 0, NULL), P);
        opt.seed = 10 + t;
        CHECK(gs_invert(&g, target, &opt, NULL, found, &res, &err) == GS_OK);
        printf("generated image %d: found at RMS %.5f (two random images: %.5f apart)\n", t, res.distance, apart);
        CHECK(res.complete && res.iters_done == opt.iters);
        CHECK_MSG(res.distance < 0.005f && res.distance < 0.2f * apart, "distance %g, random pair %g",
                  res.distance, apart);
        /* the reported image is the generator's image of the reported noise */
        CHECK(fixture_rms(res.image, gs_net_forward(&g, found, 1, 0, NULL), P) < 1e-6f);
        CHECK_CLOSE(fixture_rms(res.image, target, P), res.distance, 1e-6, 1e-4);
        for (int i = 0; i < Z; i++) CHECK(found[i] >= -1.0f && found[i] <= 1.0f);
    }

    /* 2. a real test digit: better than the best of 1,000 random vectors */
    GsImages digits;
    CHECK(fixture_digits(&digits));
    for (int p = 0; p < P; p++) target[p] = digits.pixels[p] / 255.0f;
    float best = INFINITY, *zs = malloc(sizeof(float) * 16 * Z);
    for (int b = 0; b < 1000; b += 16) {
        int n = 1000 - b < 16 ? 1000 - b : 16;
        for (int i = 0; i < n * Z; i++) zs[i] = gs_rng_range(&rng, -1.0f, 1.0f);
        const float *img = gs_net_forward(&g, zs, n, 0, NULL);
        for (int k = 0; k < n; k++) {
            float d = fixture_rms(img + (size_t)k * P, target, P);
            best = d < best ? d : best;
        }
    }
    CHECK(gs_invert(&g, target, &opt, NULL, found, &res, &err) == GS_OK);
    printf("test digit 0: inverted RMS %.5f, best of 1000 random vectors %.5f\n", res.distance, best);
    CHECK_MSG(res.distance < best, "inverted %g, random best %g", res.distance, best);

    /* 3. cancelled before it starts: incomplete, no steps; progress reaches 1000 otherwise */
    atomic_int cancel = 1, permille = 0;
    GsProgress prog = {&cancel, &permille};
    CHECK(gs_invert(&g, target, &opt, &prog, found, &res, &err) == GS_OK);
    CHECK(!res.complete && res.iters_done == 0);
    atomic_store(&cancel, 0);
    opt.iters = 5;
    CHECK(gs_invert(&g, target, &opt, &prog, found, &res, &err) == GS_OK);
    CHECK(res.complete && atomic_load(&permille) == 1000);
    opt.starts = 0;
    CHECK(gs_invert(&g, target, &opt, NULL, found, &res, &err) == GS_ERR_ARG);

    gs_images_free(&digits);
    free(z), free(found), free(zs);
    gs_net_destroy(&g);
    CHECK_DONE();
}

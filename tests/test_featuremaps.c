/* test_featuremaps.c: the generator's stages come out in order with the tutorial's shapes
 * (7x7 after the dense layer, 14x14, 28x28, ..., the image), hold the forward's values (the
 * last stage is the generated image), and tile to 8-bit by each map's range. */
#include "inspect_fixture.h"
#include "gs_featuremaps.h"

int main(void) {
    GsNet g;
    CHECK(fixture_net(&g, 1, 2));
    GsConfig cfg;
    fixture_config(&cfg);
    GsFeatureMaps fm;
    GsError err;
    CHECK(gs_featuremaps_create(&fm, &g, &err) == GS_OK);
    CHECK(fm.n_stages == 5);
    const int side[5] = {7, 14, 28, 28, 28}, chans[5] = {cfg.g_dense_c, cfg.g_c[0], cfg.g_c[1], cfg.g_c[2], 1};
    for (int s = 0; s < fm.n_stages && s < 5; s++) {
        const GsFeatureStage *st = &fm.stage[s];
        printf("stage %d: %s (%d shown)\n", s, st->name, st->shown);
        CHECK(st->h == side[s] && st->w == side[s] && st->c == chans[s]);
        CHECK(st->shown == (chans[s] < GS_FEATUREMAPS_SHOWN ? chans[s] : GS_FEATUREMAPS_SHOWN));
    }
    float z[2 * 100];
    const int Z = (int)gs_net_in_size(&g);
    for (int i = 0; i < 2 * Z; i++) z[i] = (float)sin(1.0 + i);
    float img[GS_IMG_SIZE];
    memcpy(img, gs_net_forward(&g, z + Z, 1, 0, NULL), sizeof img);
    gs_featuremaps_compute(&fm, &g, z + Z);
    const GsFeatureStage *last = &fm.stage[fm.n_stages - 1];
    CHECK(check_rel_diff(last->maps, img, GS_IMG_SIZE) == 0.0);
    /* ReLU stages are non-negative and not all zero; each map's range is its own */
    for (int s = 0; s + 1 < fm.n_stages; s++) {
        const GsFeatureStage *st = &fm.stage[s];
        int negative = 0, positive = 0;
        for (int i = 0; i < st->shown * st->h * st->w; i++) negative += st->maps[i] < 0.0f, positive += st->maps[i] > 0.0f;
        CHECK(negative == 0 && positive > 0);
        for (int k = 0; k < st->shown; k++)
            for (int i = 0; i < st->h * st->w; i++)
                CHECK_MSG(st->maps[k * st->h * st->w + i] >= st->lo[k] && st->maps[k * st->h * st->w + i] <= st->hi[k],
                          "stage %d map %d", s, k);
    }
    /* planar maps from the NHWC activations: channel k, pixel p is element p*c + k of the
     * layer's output, read after a fresh forward of the same noise */
    gs_net_forward(&g, z + Z, 1, 0, NULL);
    int wrong = 0;
    for (int s = 0; s < fm.n_stages; s++) {
        const GsFeatureStage *st = &fm.stage[s];
        const float *act = g.layers[st->layer].out;
        for (int k = 0; k < st->shown; k++)
            for (int p = 0; p < st->h * st->w; p++) wrong += st->maps[k * st->h * st->w + p] != act[p * st->c + k];
    }
    CHECK_MSG(wrong == 0, "%d values differ from the activations", wrong);
    uint8_t tile[GS_IMG_SIZE];
    gs_featuremaps_tile(last, 0, tile);
    int lo = 255, hi = 0;
    for (int p = 0; p < GS_IMG_SIZE; p++) lo = tile[p] < lo ? tile[p] : lo, hi = tile[p] > hi ? tile[p] : hi;
    CHECK(lo == 0 && hi == 255);
    gs_featuremaps_destroy(&fm);
    gs_net_destroy(&g);
    CHECK_DONE();
}

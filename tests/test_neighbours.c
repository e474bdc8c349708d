/* test_neighbours.c: the index's nearest images and distances match a brute-force loop,
 * in pixels and through an embedding (the hook a feature space uses), with and without
 * threads; an image of the set is its own nearest neighbour at distance 0. In the judge's
 * features (gs_judge_embed, what the window's Police page uses) the same holds, and a
 * digit's nearest images are mostly the same digit. */
#include "inspect_fixture.h"
#include "gs_judge.h"
#include "gs_neighbours.h"
#include "gs_pool.h"

/* a stand-in feature space: 2x2 average pooling (196 features) */
static GsStatus pool2(void *ctx, const float *images, int n, float *features, GsError *err) {
    (void)ctx, (void)err;
    for (int k = 0; k < n; k++)
        for (int y = 0; y < 14; y++)
            for (int x = 0; x < 14; x++) {
                const float *p = images + (size_t)k * GS_IMG_SIZE + 2 * y * 28 + 2 * x;
                features[(size_t)k * 196 + y * 14 + x] = 0.25f * (p[0] + p[1] + p[28] + p[29]);
            }
    return GS_OK;
}

/* a low-rank one: 100 features of which only 10 (row-band sums) are ever non-zero, so the
 * 64-dimensional basis cannot come from the data alone */
static GsStatus bands(void *ctx, const float *images, int n, float *features, GsError *err) {
    (void)ctx, (void)err;
    memset(features, 0, sizeof(float) * 100 * n);
    for (int k = 0; k < n; k++)
        for (int p = 0; p < GS_IMG_SIZE; p++) features[(size_t)k * 100 + (p / 28) * 10 / 28] += images[(size_t)k * GS_IMG_SIZE + p];
    return GS_OK;
}

static void brute(const GsImages *set, GsEmbedFn embed, void *ctx, int dim, const float *q, int k, int *idx, float *dist) {
    float *all = malloc(sizeof(float) * GS_IMG_SIZE), *f = malloc(sizeof(float) * dim);
    float *fq = malloc(sizeof(float) * dim);
    for (int j = 0; j < k; j++) dist[j] = INFINITY, idx[j] = -1;
    if (embed) embed(ctx, q, 1, fq, NULL);
    else memcpy(fq, q, sizeof(float) * dim);
    for (int i = 0; i < set->n; i++) {
        for (int p = 0; p < GS_IMG_SIZE; p++) all[p] = set->pixels[(size_t)i * GS_IMG_SIZE + p] / 255.0f;
        if (embed) embed(ctx, all, 1, f, NULL);
        else memcpy(f, all, sizeof(float) * dim);
        double s = 0.0;
        for (int p = 0; p < dim; p++) s += ((double)f[p] - fq[p]) * ((double)f[p] - fq[p]);
        float dd = (float)sqrt(s);
        if (dd >= dist[k - 1]) continue;
        int j = k - 1;
        for (; j > 0 && dist[j - 1] > dd; j--) dist[j] = dist[j - 1], idx[j] = idx[j - 1];
        dist[j] = dd, idx[j] = i;
    }
    free(all), free(f), free(fq);
}

int main(void) {
    GsImages digits;
    CHECK(fixture_digits(&digits));
    digits.n = 2000; /* enough to be meaningful, fast under sanitizers */
    GsError err;
    GsPool *pool;
    CHECK(gs_pool_create(&pool, 2, &err) == GS_OK);
    float q[GS_IMG_SIZE];
    GsJudge judge;
    CHECK(gs_judge_load_builtin(&judge, GS_DATASET_MNIST, 64, &err) == GS_OK);
    static const char *names[] = {"pixels", "2x2 pooled", "band sums (rank 10)", "the judge's features"};
    static const GsEmbedFn fns[] = {NULL, pool2, bands, gs_judge_embed};
    static const int dims[] = {GS_IMG_SIZE, 196, 100, GS_JUDGE_FEATURES};
    for (int e = 0; e < 4; e++) {
        GsNeighbours nb;
        GsEmbedFn fn = fns[e];
        int dim = dims[e];
        void *ctx = e == 3 ? &judge : NULL;
        CHECK(gs_neighbours_create(&nb, &digits, fn, ctx, dim, &err) == GS_OK);
        CHECK(nb.dim == dim);
        for (int t = 0; t < 4; t++) {
            gs_neighbours_set_pool(&nb, t % 2 ? pool : NULL);
            /* t 0: an image of the set; others: a blend of two (from no image exactly) */
            for (int p = 0; p < GS_IMG_SIZE; p++)
                q[p] = t == 0 ? digits.pixels[(size_t)17 * GS_IMG_SIZE + p] / 255.0f
                              : 0.5f * (digits.pixels[(size_t)(100 * t) * GS_IMG_SIZE + p] +
                                        digits.pixels[(size_t)(100 * t + 1) * GS_IMG_SIZE + p]) / 255.0f;
            int idx[GS_NEIGHBOURS_K], bidx[GS_NEIGHBOURS_K];
            float dist[GS_NEIGHBOURS_K], bdist[GS_NEIGHBOURS_K];
            CHECK(gs_neighbours_find(&nb, q, GS_NEIGHBOURS_K, idx, dist, &err) == GS_OK);
            brute(&digits, fn, ctx, dim, q, GS_NEIGHBOURS_K, bidx, bdist);
            for (int j = 0; j < GS_NEIGHBOURS_K; j++) {
                CHECK_MSG(idx[j] == bidx[j] || fabsf(dist[j] - bdist[j]) < 1e-3f, "%s query %d rank %d: %d vs %d",
                          names[e], t, j, idx[j], bidx[j]);
                CHECK_CLOSE(dist[j], bdist[j], 2e-3, 1e-3);
                if (j) CHECK(dist[j] >= dist[j - 1]);
            }
            if (t == 0 && e != 2) CHECK(idx[0] == 17 && dist[0] < 2e-3f);
            /* what makes it exact: the bound left in scores is below every true distance */
            int above = 0;
            float *f = malloc(sizeof(float) * dim), *px = malloc(sizeof(float) * GS_IMG_SIZE), *fq = malloc(sizeof(float) * dim);
            if (fn) fn(ctx, q, 1, fq, NULL);
            else memcpy(fq, q, sizeof(float) * dim);
            for (int i = 0; i < nb.n; i++) {
                for (int p = 0; p < GS_IMG_SIZE; p++) px[p] = digits.pixels[(size_t)i * GS_IMG_SIZE + p] / 255.0f;
                if (fn) fn(ctx, px, 1, f, NULL);
                else memcpy(f, px, sizeof(float) * dim);
                double d2 = 0.0;
                for (int p = 0; p < dim; p++) d2 += ((double)f[p] - fq[p]) * ((double)f[p] - fq[p]);
                above += nb.scores[i] > d2 + 1e-5;
            }
            CHECK_MSG(above == 0, "%s query %d: the bound exceeds %d true distances", names[e], t, above);
            free(f), free(px), free(fq);
            printf("%s, query %d: %d of %d rows compared in full\n", names[e], t, nb.last_full, nb.n);
            if (e == 0) CHECK(nb.last_full < nb.n / 4); /* the bound rules out most rows */
        }
        int idx[1];
        float dist[1];
        CHECK(gs_neighbours_find(&nb, q, 0, idx, dist, &err) == GS_ERR_ARG);
        gs_neighbours_destroy(&nb);
    }
    /* In the judge's eyes a digit's neighbours are the same digit: 100 digits outside the
     * index, each against its 6 nearest of the 2,000; compared with the pixel neighbours. */
    uint8_t *labels;
    int n_labels;
    size_t lsize;
    const unsigned char *lp = gs_builtin_labels(&lsize);
    CHECK(gs_idx_read_labels_mem(lp, lsize, "built-in labels", &labels, &n_labels, &err) == GS_OK);
    double agree[2] = {0, 0};
    for (int e = 0; e < 2; e++) {
        GsNeighbours nb;
        CHECK(gs_neighbours_create(&nb, &digits, e ? gs_judge_embed : NULL, e ? &judge : NULL, e ? GS_JUDGE_FEATURES : 0,
                                   &err) == GS_OK);
        for (int i = 0; i < 100; i++) {
            const int at = 5000 + i;
            for (int p = 0; p < GS_IMG_SIZE; p++) q[p] = digits.pixels[(size_t)at * GS_IMG_SIZE + p] / 255.0f;
            int idx[GS_NEIGHBOURS_K];
            float dist[GS_NEIGHBOURS_K];
            CHECK(gs_neighbours_find(&nb, q, GS_NEIGHBOURS_K, idx, dist, &err) == GS_OK);
            for (int j = 0; j < GS_NEIGHBOURS_K; j++) agree[e] += labels[idx[j]] == labels[at];
        }
        agree[e] /= 100.0 * GS_NEIGHBOURS_K;
        gs_neighbours_destroy(&nb);
    }
    printf("same digit among the 6 nearest: pixels %.1f%%, the judge's features %.1f%%\n", 100 * agree[0], 100 * agree[1]);
    CHECK_MSG(agree[1] >= 0.9 && agree[1] > agree[0], "the judge's neighbours are not the same digit (%.2f vs %.2f)",
              agree[1], agree[0]);
    free(labels);
    gs_judge_destroy(&judge);
    gs_pool_destroy(pool);
    gs_images_free(&digits);
    CHECK_DONE();
}

/* test_judge.c: the shipped judges load and classify a held-out slice of the test set well;
 * weight files round-trip and damage is caught; the scores of real images sit near their
 * ideal values, those of noise and of one repeated digit far from them; the memorisation
 * ratio is near 1 for unseen real images and near 0 for training images. Uses only the
 * built-in MNIST test set (and Debian's Fashion-MNIST when installed). */
#define _POSIX_C_SOURCE 200809L
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "gs_data.h"
#include "gs_file.h"
#include "gs_judge.h"
#include "gs_scores.h"

#define PIX 784

/* images [first, first+n) of im as a view (not owned) */
static GsImages slice(const GsImages *im, int first, int n) {
    GsImages s = *im;
    s.pixels += (size_t)first * PIX;
    if (s.labels) s.labels += first;
    s.n = n;
    return s;
}

static void to_float(float *out, const GsImages *im) {
    gs_images_to_float(out, im->pixels, (size_t)im->n * PIX);
}

/* count images first, first+step, ... of im as floats: spread over the whole test set,
 * whose halves have different writers */
static void pick_float(float *out, const GsImages *im, int first, int step, int count) {
    for (int i = 0; i < count; i++)
        gs_images_to_float(out + (size_t)i * PIX, im->pixels + (size_t)(first + i * step) * PIX, PIX);
}

enum { N = 500 }; /* images per scored set: keeps the test quick under AddressSanitizer */

static void check_shipped(GsDataset ds, const GsImages *test, double want) {
    GsJudge j;
    GsError err;
    CHECK_MSG(gs_judge_load_builtin(&j, ds, 128, &err) == GS_OK, "%s", err.msg);
    CHECK(j.dataset == ds);
    double acc = 0;
    /* a held-out slice: the judges never saw the test sets */
    CHECK(gs_judge_accuracy(&j, test, 9000, 1000, &acc, &err) == GS_OK);
    CHECK_MSG(acc >= want, "%s judge: accuracy %.4f on test images 9000..9999 (want >= %.3f)",
              gs_dataset_name(ds), acc, want);
    /* Its stored statistics are of this test set through these weights: real images score
     * near the floor against them (stale statistics would put them far away). */
    CHECK(j.real.n == test->n);
    GsScoreRef ref;
    GsScores s;
    float *x = malloc(sizeof(float) * N * PIX);
    pick_float(x, test, 1, 20, N);
    CHECK(gs_score_ref_create(&ref, &j.real, NULL, NULL, 0, 0, &err) == GS_OK);
    CHECK(gs_scores_compute(&s, &j, &ref, x, N, 0, &err) == GS_OK);
    printf("%s judge: accuracy %.4f on 1000 held-out test images; %d real ones: fd %.2f (floor %.2f), "
           "recognisability %.3f, coverage %.3f\n", gs_dataset_name(ds), acc, N, s.fd, s.fd_floor,
           s.recognisability, s.coverage);
    /* FD grows as the count shrinks: 500 against 10,000 is about 5x the floor's 5,000 against
     * 5,000 */
    CHECK(s.fd < 8 * s.fd_floor + 5);
    CHECK(s.coverage > 0.97);
    free(x);
    gs_score_ref_destroy(&ref);
    gs_judge_destroy(&j);
}

static void check_file_round_trip(const GsImages *test) {
    const char *tmp = getenv("GS_TEST_TMP");
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/judge", tmp ? tmp : "/tmp/ganscope-test");
    GsError err;
    CHECK(gs_file_mkdirs(dir, &err) == GS_OK);
    snprintf(path, sizeof path, "%s/j.gsj", dir);
    GsJudge a, b;
    CHECK(gs_judge_create(&a, GS_DATASET_FASHION, 16, 7, &err) == GS_OK);
    CHECK(gs_judge_save(&a, path, &err) == GS_OK); /* without statistics */
    CHECK_MSG(gs_judge_load(&b, path, 16, &err) == GS_OK, "%s", err.msg);
    CHECK(b.real.n == 0);
    gs_judge_destroy(&b);
    a.real.n = 3, a.real.mu[5] = 0.25, a.real.cov[7] = -2.5, a.real.fd_floor = 1.5;
    CHECK(gs_judge_save(&a, path, &err) == GS_OK); /* with */
    CHECK_MSG(gs_judge_load(&b, path, 16, &err) == GS_OK, "%s", err.msg);
    CHECK(b.dataset == GS_DATASET_FASHION);
    CHECK(memcmp(&a.real, &b.real, sizeof a.real) == 0);
    float x[4 * PIX], pa[40], pb[40];
    for (int i = 0; i < 4 * PIX; i++) x[i] = test->pixels[i] / 255.0f;
    gs_judge_classify(&a, x, 4, pa, NULL);
    gs_judge_classify(&b, x, 4, pb, NULL);
    CHECK(memcmp(pa, pb, sizeof pa) == 0);
    gs_judge_destroy(&b);
    /* one flipped byte, a truncation, a foreign file: one-line errors naming the file */
    void *data;
    size_t size;
    CHECK(gs_file_read_all(path, &data, &size, 1 << 24, &err) == GS_OK);
    uint8_t *p = data;
    p[size / 2] ^= 0x40;
    CHECK(gs_judge_load_mem(&b, p, size, path, 16, &err) == GS_ERR_FORMAT && strstr(err.msg, "checksum") && strstr(err.msg, path));
    p[size / 2] ^= 0x40;
    CHECK(gs_judge_load_mem(&b, p, size - 9, path, 16, &err) == GS_ERR_FORMAT && strstr(err.msg, "truncated"));
    CHECK(gs_judge_load_mem(&b, "GSCK....", 8, path, 16, &err) == GS_ERR_FORMAT && strstr(err.msg, "bad magic"));
    CHECK(gs_judge_load(&b, "/nonexistent/j.gsj", 16, &err) == GS_ERR_IO);
    free(data);
    gs_judge_destroy(&a);
}

static void check_scores(const GsImages *mnist) {
    GsJudge j;
    GsError err;
    CHECK(gs_judge_load_builtin(&j, GS_DATASET_MNIST, 256, &err) == GS_OK);
    /* Images 0..4999 play the training set; the real images for memorisation_real are
     * 5000..8999; the unseen real images are every 9th from 5001 (both writer groups). */
    GsImages train = slice(mnist, 0, 5000), real = slice(mnist, 5000, 4000), seen = slice(mnist, 0, N);
    GsScoreRef ref;
    CHECK_MSG(gs_score_ref_create(&ref, &j.real, &real, &train, 0, N, &err) == GS_OK, "%s", err.msg);
    float *x = malloc(sizeof(float) * N * PIX);
    GsScores s;

    pick_float(x, mnist, 5001, 9, N);
    CHECK(gs_scores_compute(&s, &j, &ref, x, N, N, &err) == GS_OK);
    printf("real: recognisability %.3f coverage %.3f fd %.2f (floor %.2f) memorisation ratio %.3f\n",
           s.recognisability, s.coverage, s.fd, s.fd_floor, s.memorisation_ratio);
    CHECK(s.recognisability > 0.97);
    CHECK(s.coverage > 0.97);
    CHECK(s.fd < 8 * s.fd_floor + 5);
    CHECK(s.memorisation_ratio > 0.85 && s.memorisation_ratio < 1.15);
    double real_fd = s.fd;

    to_float(x, &seen); /* training images scored against themselves: copies */
    CHECK(gs_scores_compute(&s, &j, &ref, x, N, N, &err) == GS_OK);
    printf("training images: memorisation ratio %.4f\n", s.memorisation_ratio);
    CHECK(s.memorisation_ratio < 0.01);

    GsRng rng;
    gs_rng_seed(&rng, 11);
    for (int i = 0; i < N * PIX; i++) x[i] = gs_rng_uniform(&rng);
    CHECK(gs_scores_compute(&s, &j, &ref, x, N, 0, &err) == GS_OK);
    printf("uniform noise: recognisability %.3f coverage %.3f fd %.2f\n", s.recognisability, s.coverage, s.fd);
    CHECK(s.fd > 20 * real_fd + 50);
    CHECK(s.coverage < 0.6);
    CHECK(isnan(s.memorisation)); /* not asked for */

    gs_images_to_float(x, mnist->pixels, PIX); /* image 0, N times */
    for (int i = 1; i < N; i++) memcpy(x + (size_t)i * PIX, x, sizeof(float) * PIX);
    CHECK(gs_scores_compute(&s, &j, &ref, x, N, 0, &err) == GS_OK);
    printf("one digit repeated: recognisability %.3f coverage %.3f fd %.2f\n", s.recognisability, s.coverage, s.fd);
    CHECK(s.coverage < 0.01);
    CHECK(s.fd > 20 * real_fd + 50);
    CHECK(s.recognisability > 0.9); /* a clear digit, just always the same one */

    free(x);
    gs_score_ref_destroy(&ref);
    gs_judge_destroy(&j);
}

int main(void) {
    GsImages mnist, fashion;
    GsError err;
    /* the built-in set: the same in every checkout, CI included */
    setenv("GANSCOPE_DATA", "", 1);
    if (chdir("/") != 0) return 1; /* so ./data/mnist is not found */
    CHECK_MSG(gs_data_load_test(NULL, GS_DATASET_MNIST, &mnist, &err) == GS_OK, "%s", err.msg);
    check_shipped(GS_DATASET_MNIST, &mnist, 0.985);
    struct stat sb;
    if (stat("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz", &sb) == 0) {
        CHECK_MSG(gs_data_load_test(NULL, GS_DATASET_FASHION, &fashion, &err) == GS_OK, "%s", err.msg);
        check_shipped(GS_DATASET_FASHION, &fashion, 0.88);
        gs_images_free(&fashion);
    } else {
        printf("Fashion-MNIST not installed: its judge's accuracy is not checked\n");
    }
    check_file_round_trip(&mnist);
    check_scores(&mnist);
    gs_images_free(&mnist);
    CHECK_DONE();
}

/* gs_scores.c: the judge's scores of a set of images (definitions in gs_scores.h). */
#include "gs_scores.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs_blas.h"
#include "gs_eigen.h"

#define F GS_JUDGE_FEATURES
#define PIX 784

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void sq_norms(float *out, const float *x, int n) {
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int k = 0; k < PIX; k++) s += (double)x[(size_t)i * PIX + k] * x[(size_t)i * PIX + k];
        out[i] = (float)s;
    }
}

double gs_scores_nn_median(const float *probe, int np, const float *ref, const float *r_sq,
                           int nr) {
    enum { PB = 256, RB = 2048 };
    float *dots = malloc(sizeof(float) * PB * RB), *p_sq = malloc(sizeof(float) * np);
    double *best = malloc(sizeof(double) * np);
    if (!dots || !p_sq || !best || np <= 0 || nr <= 0) {
        free(dots), free(p_sq), free(best);
        return NAN;
    }
    sq_norms(p_sq, probe, np);
    for (int i = 0; i < np; i++) best[i] = INFINITY;
    for (int p0 = 0; p0 < np; p0 += PB) {
        int pn = np - p0 < PB ? np - p0 : PB;
        for (int r0 = 0; r0 < nr; r0 += RB) {
            int rn = nr - r0 < RB ? nr - r0 : RB;
            /* |p - r|^2 = |p|^2 + |r|^2 - 2 p.r: the p.r block is one product */
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, pn, rn, PIX, 1.0f,
                        probe + (size_t)p0 * PIX, PIX, ref + (size_t)r0 * PIX, PIX, 0.0f, dots, rn);
            for (int i = 0; i < pn; i++) {
                const float *d = dots + (size_t)i * rn;
                float m = INFINITY;
                for (int k = 0; k < rn; k++) {
                    float v = r_sq[r0 + k] - 2.0f * d[k];
                    m = v < m ? v : m;
                }
                double dist2 = (double)p_sq[p0 + i] + m;
                if (dist2 < best[p0 + i]) best[p0 + i] = dist2;
            }
        }
    }
    for (int i = 0; i < np; i++) best[i] = sqrt(best[i] > 0.0 ? best[i] : 0.0);
    qsort(best, np, sizeof(double), cmp_double);
    double med = np % 2 ? best[np / 2] : 0.5 * (best[np / 2 - 1] + best[np / 2]);
    free(dots), free(p_sq), free(best);
    return med;
}

GsStatus gs_real_stats_compute(GsRealStats *out, GsJudge *judge, const GsImages *real,
                               GsError *err) {
    const int n = real->n;
    memset(out, 0, sizeof *out);
    if (n < 2 * F || real->rows != 28 || real->cols != 28)
        return gs_fail(err, GS_ERR_ARG, "%s: need at least %d 28x28 real images for the scores", real->source, 2 * F);
    const int h = (n + 1) / 2;
    float *x = malloc(sizeof(float) * n * PIX), *feat = malloc(sizeof(float) * n * F),
          *half = malloc(sizeof(float) * h * F);
    double *mu1 = malloc(sizeof(double) * F), *mu2 = malloc(sizeof(double) * F),
           *c1 = malloc(sizeof(double) * F * F), *c2 = malloc(sizeof(double) * F * F),
           *s1 = malloc(sizeof(double) * F * F), *work = malloc(sizeof(double) * (5 * F * F + F));
    GsStatus st = GS_OK;
    if (!x || !feat || !half || !mu1 || !mu2 || !c1 || !c2 || !s1 || !work) {
        st = gs_fail(err, GS_ERR_NOMEM, "out of memory for the real-image statistics");
        goto done;
    }
    gs_images_to_float(x, real->pixels, (size_t)n * PIX);
    gs_judge_classify(judge, x, n, NULL, feat);
    gs_mean_cov(out->mu, out->cov, feat, n, F);
    for (int par = 0; par < 2; par++) {
        int m = 0;
        for (int i = par; i < n; i += 2, m++) memcpy(half + (size_t)m * F, feat + (size_t)i * F, sizeof(float) * F);
        gs_mean_cov(par ? mu2 : mu1, par ? c2 : c1, half, m, F);
    }
    if (gs_sqrtm_sym(s1, c1, F, work) < 0) {
        st = gs_fail(err, GS_ERR_INTERNAL, "real-feature covariance: eigen solver did not converge");
        goto done;
    }
    out->fd_floor = gs_frechet(mu1, c1, s1, mu2, c2, F, work);
    out->n = n;
done:
    free(x), free(feat), free(half), free(mu1), free(mu2), free(c1), free(c2), free(s1), free(work);
    return st;
}

GsStatus gs_score_ref_create(GsScoreRef *ref, const GsRealStats *real, const GsImages *test,
                             const GsImages *train, int max_train, int probes, GsError *err) {
    memset(ref, 0, sizeof *ref);
    ref->memorisation_real = NAN;
    if (real->n <= 0) return gs_fail(err, GS_ERR_ARG, "no real-image statistics to score against");
    ref->real = *real;
    double *work = malloc(sizeof(double) * (3 * F * F + F));
    if (!work) return gs_fail(err, GS_ERR_NOMEM, "out of memory for the real-image statistics");
    int ok = gs_sqrtm_sym(ref->sqrt_cov, real->cov, F, work) == 0;
    free(work);
    if (!ok) return gs_fail(err, GS_ERR_INTERNAL, "real-feature covariance: eigen solver did not converge");
    if (!train) return GS_OK;
    if (!test || test->n <= 0 || train->n <= 0)
        return gs_fail(err, GS_ERR_ARG, "memorisation needs training and test images");
    int m = max_train > 0 && max_train < train->n ? max_train : train->n;
    int np = probes > 0 && probes < test->n ? probes : test->n;
    float *x = malloc(sizeof(float) * np * PIX);
    ref->train = malloc(sizeof(float) * m * PIX);
    ref->train_sq = malloc(sizeof(float) * m);
    if (!x || !ref->train || !ref->train_sq) {
        free(x);
        gs_score_ref_destroy(ref);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory for %d training images", m);
    }
    gs_images_to_float(ref->train, train->pixels, (size_t)m * PIX);
    sq_norms(ref->train_sq, ref->train, m);
    ref->n_train = m;
    gs_images_to_float(x, test->pixels, (size_t)np * PIX);
    ref->memorisation_real = gs_scores_nn_median(x, np, ref->train, ref->train_sq, m);
    free(x);
    return GS_OK;
}

void gs_score_ref_destroy(GsScoreRef *ref) {
    free(ref->train);
    free(ref->train_sq);
    memset(ref, 0, sizeof *ref);
}

GsStatus gs_scores_compute(GsScores *out, GsJudge *judge, const GsScoreRef *ref,
                           const float *images, int n, int probes, GsError *err) {
    memset(out, 0, sizeof *out);
    out->memorisation = out->memorisation_real = out->memorisation_ratio = NAN;
    if (n < 2) return gs_fail(err, GS_ERR_ARG, "scoring needs at least 2 images, not %d", n);
    float *probs = malloc(sizeof(float) * n * GS_JUDGE_CLASSES), *feat = malloc(sizeof(float) * n * F);
    double *mu = malloc(sizeof(double) * F), *cov = malloc(sizeof(double) * F * F),
           *work = malloc(sizeof(double) * (5 * F * F + F));
    if (!probs || !feat || !mu || !cov || !work) {
        free(probs), free(feat), free(mu), free(cov), free(work);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory scoring %d images", n);
    }
    gs_judge_classify(judge, images, n, probs, feat);
    double top_sum = 0.0;
    for (int i = 0; i < n; i++) {
        const float *p = probs + (size_t)i * GS_JUDGE_CLASSES;
        int best = 0;
        for (int k = 1; k < GS_JUDGE_CLASSES; k++)
            if (p[k] > p[best]) best = k;
        top_sum += p[best];
        out->histogram[best]++;
    }
    double h = 0.0;
    for (int k = 0; k < GS_JUDGE_CLASSES; k++)
        if (out->histogram[k]) {
            double q = (double)out->histogram[k] / n;
            h -= q * log(q);
        }
    out->n = n;
    out->recognisability = top_sum / n;
    out->coverage = h / log((double)GS_JUDGE_CLASSES);
    gs_mean_cov(mu, cov, feat, n, F);
    out->fd = gs_frechet(ref->real.mu, ref->real.cov, ref->sqrt_cov, mu, cov, F, work);
    out->fd_floor = ref->real.fd_floor;
    if (probes > 0 && ref->train) {
        out->memorisation = gs_scores_nn_median(images, probes < n ? probes : n, ref->train,
                                                ref->train_sq, ref->n_train);
        out->memorisation_real = ref->memorisation_real;
        out->memorisation_ratio = out->memorisation / out->memorisation_real;
    }
    free(probs), free(feat), free(mu), free(cov), free(work);
    return GS_OK;
}

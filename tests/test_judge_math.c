/* test_judge_math.c: the math the judge and its scores add: softmax cross-entropy against
 * finite differences, one Adam step by hand, the Jacobi eigen solver and the Frechet
 * distance on matrices with known answers, and the nearest-neighbour median against a loop. */
#include "check.h"
#include "gs_adam.h"
#include "gs_eigen.h"
#include "gs_ops.h"
#include "gs_rng.h"
#include "gs_scores.h"

static void check_softmax_xent(void) {
    enum { N = 5, K = 7 };
    GsRng rng;
    gs_rng_seed(&rng, 3);
    float logits[N * K], d[N * K], probs[N * K];
    uint8_t y[N];
    for (int i = 0; i < N * K; i++) logits[i] = gs_rng_range(&rng, -4.0f, 4.0f);
    for (int i = 0; i < N; i++) y[i] = (uint8_t)gs_rng_below(&rng, K);
    logits[3] = 60.0f; /* a large logit must not overflow */
    float acc;
    float loss = gs_softmax_xent(d, &acc, logits, y, N, K);
    CHECK(isfinite(loss) && loss > 0.0f);
    for (int i = 0; i < N * K; i++) {
        const float h = 1e-2f;
        float save = logits[i];
        logits[i] = save + h;
        double lp = gs_softmax_xent(NULL, NULL, logits, y, N, K);
        logits[i] = save - h;
        double lm = gs_softmax_xent(NULL, NULL, logits, y, N, K);
        logits[i] = save;
        CHECK_CLOSE(d[i], (lp - lm) / (2 * h), 2e-4, 1e-2);
    }
    /* the loss is -mean log softmax_y; accuracy counts argmax == label */
    gs_softmax(probs, logits, N, K);
    double ref = 0.0;
    int correct = 0;
    for (int i = 0; i < N; i++) {
        ref -= log(probs[i * K + y[i]] > 1e-30f ? probs[i * K + y[i]] : 1e-30f);
        int best = 0;
        for (int k = 1; k < K; k++)
            if (logits[i * K + k] > logits[i * K + best]) best = k;
        correct += best == y[i];
    }
    CHECK_CLOSE(loss, ref / N, 1e-4, 1e-4);
    CHECK_CLOSE(acc, (double)correct / N, 1e-6, 0);
}

static void check_adam(void) {
    float w[2] = {1.0f, -2.0f}, g[2] = {0.5f, -0.25f}, m[2] = {0}, v[2] = {0};
    GsAdam a = {0.01f, 0.9f, 0.999f, 1e-7f, 0};
    gs_adam_update(&a, w, g, m, v, 2);
    /* first step: m_hat = g, v_hat = g^2, so the step is lr * sign(g) */
    CHECK_CLOSE(w[0], 1.0 - 0.01, 1e-6, 0);
    CHECK_CLOSE(w[1], -2.0 + 0.01, 1e-6, 0);
    gs_adam_update(&a, w, g, m, v, 2);
    CHECK_CLOSE(w[0], 1.0 - 0.02, 1e-6, 0);
    CHECK(a.t == 2);
}

static void check_eigen(void) {
    /* [[2,1],[1,2]]: eigenvalues 1 and 3 */
    double a[4] = {2, 1, 1, 2}, e[2], v[4];
    CHECK(gs_eigen_sym(a, 2, e, v) >= 0);
    double lo = fmin(e[0], e[1]), hi = fmax(e[0], e[1]);
    CHECK_CLOSE(lo, 1.0, 1e-12, 0);
    CHECK_CLOSE(hi, 3.0, 1e-12, 0);
    /* a random SPD matrix M = B B^T + I: V diag(e) V^T rebuilds it, V is orthonormal */
    enum { N = 12 };
    GsRng rng;
    gs_rng_seed(&rng, 9);
    double b[N * N], M[N * N], A[N * N], E[N], V[N * N], S[N * N], work[5 * N * N + N];
    for (int i = 0; i < N * N; i++) b[i] = gs_rng_range(&rng, -1, 1);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = i == j;
            for (int k = 0; k < N; k++) s += b[i * N + k] * b[j * N + k];
            M[i * N + j] = s;
        }
    memcpy(A, M, sizeof A);
    CHECK(gs_eigen_sym(A, N, E, V) >= 0);
    double worst = 0, ortho = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double r = 0, o = 0;
            for (int k = 0; k < N; k++) r += V[i * N + k] * E[k] * V[j * N + k], o += V[k * N + i] * V[k * N + j];
            worst = fmax(worst, fabs(r - M[i * N + j]));
            ortho = fmax(ortho, fabs(o - (i == j)));
        }
    CHECK_MSG(worst < 1e-9, "reconstruction error %g", worst);
    CHECK_MSG(ortho < 1e-9, "orthogonality error %g", ortho);
    /* sqrtm: S S = M */
    CHECK(gs_sqrtm_sym(S, M, N, work) == 0);
    worst = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double r = 0;
            for (int k = 0; k < N; k++) r += S[i * N + k] * S[k * N + j];
            worst = fmax(worst, fabs(r - M[i * N + j]));
        }
    CHECK_MSG(worst < 1e-9, "sqrtm error %g", worst);
    /* Frechet distance: 0 to itself; for diagonal covariances sum (sqrt a - sqrt b)^2 plus
     * the squared mean difference */
    double mu1[N] = {0}, mu2[N];
    for (int i = 0; i < N; i++) mu2[i] = i == 0 ? 2.0 : 0.0;
    CHECK_CLOSE(gs_frechet(mu1, M, S, mu1, M, N, work), 0.0, 1e-8, 0);
    double d1[N * N] = {0}, d2[N * N] = {0}, sd1[N * N], expect = 4.0;
    for (int i = 0; i < N; i++) {
        d1[i * N + i] = 1.0 + i, d2[i * N + i] = 4.0 * (1.0 + i);
        expect += (1.0 + i); /* (sqrt(4x) - sqrt(x))^2 = x */
    }
    CHECK(gs_sqrtm_sym(sd1, d1, N, work) == 0);
    CHECK_CLOSE(gs_frechet(mu1, d1, sd1, mu2, d2, N, work), expect, 1e-8, 1e-10);
}

static void check_nn_median(void) {
    enum { NP = 7, NR = 300, P = 784 };
    GsRng rng;
    gs_rng_seed(&rng, 5);
    float *p = malloc(sizeof(float) * NP * P), *r = malloc(sizeof(float) * NR * P), rsq[NR];
    for (int i = 0; i < NP * P; i++) p[i] = gs_rng_uniform(&rng);
    for (int i = 0; i < NR * P; i++) r[i] = gs_rng_uniform(&rng);
    memcpy(r + 17 * P, p + 2 * P, sizeof(float) * P); /* one exact copy: distance 0 */
    double best[NP];
    for (int k = 0; k < NR; k++) {
        double s = 0;
        for (int j = 0; j < P; j++) s += (double)r[k * P + j] * r[k * P + j];
        rsq[k] = (float)s;
    }
    for (int i = 0; i < NP; i++) {
        best[i] = INFINITY;
        for (int k = 0; k < NR; k++) {
            double s = 0;
            for (int j = 0; j < P; j++) s += (p[i * P + j] - r[k * P + j]) * (double)(p[i * P + j] - r[k * P + j]);
            best[i] = fmin(best[i], sqrt(s));
        }
    }
    /* median of 7 by selection */
    for (int i = 0; i < NP; i++)
        for (int j = i + 1; j < NP; j++)
            if (best[j] < best[i]) { double t = best[i]; best[i] = best[j]; best[j] = t; }
    CHECK(best[0] < 1e-9);
    CHECK_CLOSE(gs_scores_nn_median(p, NP, r, rsq, NR), best[NP / 2], 1e-3, 1e-4);
    CHECK(gs_scores_nn_median(p + 2 * P, 1, r, rsq, NR) < 0.05); /* float rounding of 0 */
    free(p), free(r);
}

int main(void) {
    check_softmax_xent();
    check_adam();
    check_eigen();
    check_nn_median();
    CHECK_DONE();
}

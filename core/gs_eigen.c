/* gs_eigen.c: cyclic Jacobi eigen solver and the matrix functions built on it. */
#include "gs_eigen.h"

#include <math.h>
#include <string.h>

int gs_eigen_sym(double *a, int n, double *evals, double *evecs) {
    for (int i = 0; i < n * n; i++) evecs[i] = 0.0;
    for (int i = 0; i < n; i++) evecs[i * n + i] = 1.0;
    double total = 0.0;
    for (int i = 0; i < n * n; i++) total += a[i] * a[i];
    int sweep;
    for (sweep = 0; sweep < 100; sweep++) {
        double off = 0.0;
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++) off += 2.0 * a[p * n + q] * a[p * n + q];
        if (off <= 1e-24 * total || off == 0.0) break;
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++) {
                double apq = a[p * n + q];
                if (fabs(apq) < 1e-300) continue;
                /* the rotation that zeroes a[p][q] (Golub & Van Loan, 8.4) */
                double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
                double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
                for (int k = 0; k < n; k++) { /* columns p, q */
                    double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (int k = 0; k < n; k++) { /* rows p, q */
                    double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (int k = 0; k < n; k++) {
                    double vkp = evecs[k * n + p], vkq = evecs[k * n + q];
                    evecs[k * n + p] = c * vkp - s * vkq;
                    evecs[k * n + q] = s * vkp + c * vkq;
                }
            }
    }
    for (int i = 0; i < n; i++) evals[i] = a[i * n + i];
    return sweep < 100 ? sweep : -1;
}

int gs_sqrtm_sym(double *out, const double *a, int n, double *work) {
    double *m = work, *v = work + n * n, *e = work + 2 * n * n;
    memcpy(m, a, sizeof(double) * n * n);
    if (gs_eigen_sym(m, n, e, v) < 0) return -1;
    for (int i = 0; i < n; i++) e[i] = e[i] > 0.0 ? sqrt(e[i]) : 0.0;
    for (int i = 0; i < n; i++) /* V diag(sqrt e) V^T */
        for (int j = i; j < n; j++) {
            double s = 0.0;
            for (int k = 0; k < n; k++) s += v[i * n + k] * e[k] * v[j * n + k];
            out[i * n + j] = out[j * n + i] = s;
        }
    return 0;
}

/* c = a b for n x n matrices */
static void matmul(double *c, const double *a, const double *b, int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
            c[i * n + j] = s;
        }
}

double gs_frechet(const double *mu1, const double *s1, const double *sqrt_s1, const double *mu2,
                  const double *s2, int n, double *work) {
    double *t = work, *m = work + n * n, *v = work + 2 * n * n, *e = work + 3 * n * n;
    /* sqrt(s1) s2 sqrt(s1) is symmetric PSD and has the eigenvalues of s1 s2 */
    matmul(t, sqrt_s1, s2, n);
    matmul(m, t, sqrt_s1, n);
    for (int i = 0; i < n; i++) /* symmetrise away rounding */
        for (int j = i + 1; j < n; j++) m[i * n + j] = m[j * n + i] = 0.5 * (m[i * n + j] + m[j * n + i]);
    if (gs_eigen_sym(m, n, e, v) < 0) return NAN;
    double d = 0.0, tr_sqrt = 0.0;
    for (int i = 0; i < n; i++) {
        d += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]) + s1[i * n + i] + s2[i * n + i];
        tr_sqrt += e[i] > 0.0 ? sqrt(e[i]) : 0.0;
    }
    d -= 2.0 * tr_sqrt;
    return d > 0.0 ? d : 0.0; /* a distance; rounding can take identical sets below 0 */
}

void gs_mean_cov(double *mu, double *cov, const float *x, int count, int n) {
    for (int j = 0; j < n; j++) mu[j] = 0.0;
    for (int i = 0; i < count; i++)
        for (int j = 0; j < n; j++) mu[j] += x[(size_t)i * n + j];
    for (int j = 0; j < n; j++) mu[j] /= count > 0 ? count : 1;
    for (int j = 0; j < n * n; j++) cov[j] = 0.0;
    for (int i = 0; i < count; i++) {
        const float *r = x + (size_t)i * n;
        for (int a = 0; a < n; a++) {
            double da = r[a] - mu[a];
            if (da == 0.0) continue;
            for (int b = a; b < n; b++) cov[a * n + b] += da * (r[b] - mu[b]);
        }
    }
    for (int a = 0; a < n; a++)
        for (int b = a; b < n; b++) cov[b * n + a] = cov[a * n + b] /= count > 1 ? count - 1 : 1;
}

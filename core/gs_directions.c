/* gs_directions.c: average J^T J of the generator by central differences, then its top
 * eigenvectors. With noise_dim 100 the 100 x 100 matrix is small enough to form exactly,
 * which beats an iterative method's convergence questions. */
#include "gs_directions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs_blas.h"
#include "gs_model.h"
#include "gs_rng.h"

void gs_directions_defaults(GsDirectionsOptions *o) { o->samples = 16, o->h = 0.01f, o->seed = 1; }

GsStatus gs_directions_create(GsDirections *d, const GsNet *g, int count, GsError *err) {
    memset(d, 0, sizeof *d);
    d->noise_dim = (int)gs_net_in_size(g);
    if (count < 1 || count > d->noise_dim)
        return gs_fail(err, GS_ERR_ARG, "directions: %d asked for, the noise has %d dimensions", count,
                       d->noise_dim);
    d->count = count;
    d->dirs = calloc((size_t)count * d->noise_dim, sizeof(float));
    d->effect = calloc(count, sizeof(float));
    if (!d->dirs || !d->effect) {
        gs_directions_destroy(d);
        return gs_fail(err, GS_ERR_NOMEM, "directions: out of memory");
    }
    return GS_OK;
}

void gs_directions_destroy(GsDirections *d) {
    free(d->dirs), free(d->effect);
    memset(d, 0, sizeof *d);
}

/* Cyclic Jacobi: rotations zero the off-diagonal until it is negligible; a accumulates the
 * eigenvalues on its diagonal, v the eigenvectors as columns. */
void gs_sym_eigen(double *a, int n, double *values, double *vecs) {
    double *v = calloc((size_t)n * n, sizeof(double));
    int *order = malloc(sizeof(int) * n);
    for (int i = 0; i < n; i++) v[(size_t)i * n + i] = 1.0;
    for (int sweep = 0; sweep < 60; sweep++) {
        double off = 0.0, diag = 0.0;
        for (int i = 0; i < n; i++) {
            diag += a[(size_t)i * n + i] * a[(size_t)i * n + i];
            for (int j = i + 1; j < n; j++) off += a[(size_t)i * n + j] * a[(size_t)i * n + j];
        }
        if (off <= 1e-24 * diag || off == 0.0) break;
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++) {
                double apq = a[(size_t)p * n + q];
                if (fabs(apq) < 1e-300) continue;
                double app = a[(size_t)p * n + p], aqq = a[(size_t)q * n + q];
                double theta = (aqq - app) / (2.0 * apq);
                double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
                double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
                for (int k = 0; k < n; k++) { /* columns p, q */
                    double akp = a[(size_t)k * n + p], akq = a[(size_t)k * n + q];
                    a[(size_t)k * n + p] = c * akp - s * akq;
                    a[(size_t)k * n + q] = s * akp + c * akq;
                }
                for (int k = 0; k < n; k++) { /* rows p, q */
                    double apk = a[(size_t)p * n + k], aqk = a[(size_t)q * n + k];
                    a[(size_t)p * n + k] = c * apk - s * aqk;
                    a[(size_t)q * n + k] = s * apk + c * aqk;
                }
                for (int k = 0; k < n; k++) {
                    double vkp = v[(size_t)k * n + p], vkq = v[(size_t)k * n + q];
                    v[(size_t)k * n + p] = c * vkp - s * vkq;
                    v[(size_t)k * n + q] = s * vkp + c * vkq;
                }
            }
    }
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = 1; i < n; i++) /* insertion sort, descending */
        for (int j = i; j > 0 && a[(size_t)order[j] * n + order[j]] > a[(size_t)order[j - 1] * n + order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1], order[j - 1] = t;
        }
    for (int i = 0; i < n; i++) {
        values[i] = a[(size_t)order[i] * n + order[i]];
        for (int k = 0; k < n; k++) vecs[(size_t)i * n + k] = v[(size_t)k * n + order[i]];
    }
    free(v), free(order);
}

GsStatus gs_directions_compute(GsNet *g, const GsDirectionsOptions *opt, const GsProgress *progress,
                               GsDirections *d, GsError *err) {
    const int Z = d->noise_dim, P = GS_IMG_SIZE, B = g->max_batch;
    if ((int)gs_net_in_size(g) != Z || gs_net_out_size(g) != (size_t)P)
        return gs_fail(err, GS_ERR_ARG, "directions: the network does not match (noise %d, 28x28 images)", Z);
    if (opt->samples < 1 || !(opt->h > 0.0f))
        return gs_fail(err, GS_ERR_ARG, "directions: samples and step must be positive");
    /* jt: J transposed (Z x P), a column of J per row; in: perturbed noise; jtj in float for sgemm */
    float *jt = malloc(sizeof(float) * Z * P), *in = malloc(sizeof(float) * B * Z);
    float *jtj = calloc((size_t)Z * Z, sizeof(float)), *z = malloc(sizeof(float) * Z);
    double *a = malloc(sizeof(double) * Z * Z), *vals = malloc(sizeof(double) * Z);
    double *vecs = malloc(sizeof(double) * Z * Z);
    if (!jt || !in || !jtj || !z || !a || !vals || !vecs) {
        free(jt), free(in), free(jtj), free(z), free(a), free(vals), free(vecs);
        return gs_fail(err, GS_ERR_NOMEM, "directions: out of memory");
    }
    GsRng rng;
    gs_rng_seed(&rng, opt->seed);
    d->complete = 1, d->samples_done = 0;
    const int rows = 2 * Z; /* input r: axis r/2, sign + for even r */
    for (int s = 0; s < opt->samples && d->complete; s++) {
        for (int i = 0; i < Z; i++) z[i] = gs_rng_range(&rng, -1.0f, 1.0f);
        for (int r0 = 0; r0 < rows; r0 += B) {
            if (gs_progress_cancelled(progress)) {
                d->complete = 0;
                break;
            }
            int n = rows - r0 < B ? rows - r0 : B;
            for (int k = 0; k < n; k++) {
                int r = r0 + k;
                memcpy(in + (size_t)k * Z, z, sizeof(float) * Z);
                in[(size_t)k * Z + r / 2] += r % 2 ? -opt->h : opt->h;
            }
            const float *out = gs_net_forward(g, in, n, 0, NULL);
            for (int k = 0; k < n; k++) { /* (G(z+he) - G(z-he)) / 2h, in two halves */
                int r = r0 + k;
                float *col = jt + (size_t)(r / 2) * P, w = (r % 2 ? -0.5f : 0.5f) / opt->h;
                const float *o = out + (size_t)k * P;
                if (r % 2 == 0)
                    for (int p = 0; p < P; p++) col[p] = w * o[p];
                else
                    for (int p = 0; p < P; p++) col[p] += w * o[p];
            }
            gs_progress_report(progress, (s + (double)(r0 + n) / rows) / opt->samples);
        }
        if (!d->complete) break;
        /* jtj += (J^T)(J^T)^T */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Z, Z, P, 1.0f, jt, P, jt, P, 1.0f, jtj, Z);
        d->samples_done++;
    }
    memset(d->dirs, 0, sizeof(float) * d->count * Z);
    memset(d->effect, 0, sizeof(float) * d->count);
    if (d->samples_done > 0) {
        for (int i = 0; i < Z * Z; i++) a[i] = (double)jtj[i] / d->samples_done;
        gs_sym_eigen(a, Z, vals, vecs);
        for (int k = 0; k < d->count; k++) {
            const double *e = vecs + (size_t)k * Z;
            int big = 0;
            for (int i = 1; i < Z; i++)
                if (fabs(e[i]) > fabs(e[big])) big = i;
            double sign = e[big] < 0 ? -1.0 : 1.0;
            for (int i = 0; i < Z; i++) d->dirs[(size_t)k * Z + i] = (float)(sign * e[i]);
            d->effect[k] = (float)sqrt((vals[k] > 0 ? vals[k] : 0) / P);
        }
    }
    free(jt), free(in), free(jtj), free(z), free(a), free(vals), free(vecs);
    return GS_OK;
}

/* gs_batchnorm.c: batch normalization with Keras semantics (epsilon inside the square root,
 * biased batch variance, moving averages updated on every training forward pass). */
#include <math.h>
#include <string.h>

#include "gs_ops.h"

void gs_bn_forward_train(float *out, float *mean, float *invstd, float *run_mean,
                         float *run_var, const float *in, const float *gamma,
                         const float *beta, int m, int c, int ld, float momentum, float eps,
                         double *scratch) {
    double *sum = scratch, *sq = scratch + c;
    memset(scratch, 0, sizeof(double) * 2 * c);
    for (int r = 0; r < m; r++) {
        const float *x = in + (size_t)r * ld;
        for (int j = 0; j < c; j++) sum[j] += x[j];
    }
    for (int j = 0; j < c; j++) mean[j] = (float)(sum[j] / m);
    for (int r = 0; r < m; r++) {
        const float *x = in + (size_t)r * ld;
        for (int j = 0; j < c; j++) {
            double d = x[j] - mean[j];
            sq[j] += d * d;
        }
    }
    for (int j = 0; j < c; j++) {
        float var = (float)(sq[j] / m);
        invstd[j] = 1.0f / sqrtf(var + eps);
        run_mean[j] = momentum * run_mean[j] + (1.0f - momentum) * mean[j];
        run_var[j] = momentum * run_var[j] + (1.0f - momentum) * var;
    }
    for (int r = 0; r < m; r++) {
        const float *x = in + (size_t)r * ld;
        float *y = out + (size_t)r * ld;
        for (int j = 0; j < c; j++) y[j] = (x[j] - mean[j]) * invstd[j] * gamma[j] + beta[j];
    }
}

void gs_bn_forward_infer(float *out, const float *in, const float *gamma, const float *beta,
                         const float *run_mean, const float *run_var, int m, int c, int ld,
                         float eps) {
    /* the square roots once per channel, in blocks: sqrtf inside the row loop (it may set
     * errno) kept that loop scalar; the same values, so the same outputs */
    enum { BLOCK = 256 };
    float sd[BLOCK];
    for (int j0 = 0; j0 < c; j0 += BLOCK) {
        const int cb = c - j0 < BLOCK ? c - j0 : BLOCK;
        for (int j = 0; j < cb; j++) sd[j] = sqrtf(run_var[j0 + j] + eps);
        for (int r = 0; r < m; r++) {
            const float *x = in + (size_t)r * ld + j0;
            float *y = out + (size_t)r * ld + j0;
            for (int j = 0; j < cb; j++) y[j] = (x[j] - run_mean[j0 + j]) / sd[j] * gamma[j0 + j] + beta[j0 + j];
        }
    }
}

void gs_bn_backward(float *din, float *dgamma, float *dbeta, const float *dout,
                    const float *in, const float *mean, const float *invstd,
                    const float *gamma, int m, int c, int ld, double *scratch) {
    /* With xh = (x-mean)*invstd and g = dout*gamma:
     * dx = invstd * (g - mean(g) - xh * mean(g*xh)). */
    double *sdy = scratch, *sdyx = scratch + c;
    memset(scratch, 0, sizeof(double) * 2 * c);
    for (int r = 0; r < m; r++) {
        const float *x = in + (size_t)r * ld, *dy = dout + (size_t)r * ld;
        for (int j = 0; j < c; j++) {
            sdy[j] += dy[j];
            sdyx[j] += dy[j] * (x[j] - mean[j]) * invstd[j];
        }
    }
    if (dgamma)
        for (int j = 0; j < c; j++) {
            dgamma[j] += (float)sdyx[j];
            dbeta[j] += (float)sdy[j];
        }
    if (din) {
        for (int r = 0; r < m; r++) {
            const float *x = in + (size_t)r * ld, *dy = dout + (size_t)r * ld;
            float *dx = din + (size_t)r * ld;
            for (int j = 0; j < c; j++) {
                float xh = (x[j] - mean[j]) * invstd[j];
                float mdy = (float)(sdy[j] / m), mdyx = (float)(sdyx[j] / m);
                dx[j] = gamma[j] * invstd[j] * (dy[j] - mdy - xh * mdyx);
            }
        }
    }
}

void gs_bn_backward_infer(float *din, float *dgamma, float *dbeta, const float *dout,
                          const float *in, const float *gamma, const float *run_mean,
                          const float *run_var, int m, int c, int ld, float eps) {
    for (int r = 0; r < m; r++) {
        const float *x = in + (size_t)r * ld, *dy = dout + (size_t)r * ld;
        float *dx = din ? din + (size_t)r * ld : NULL;
        for (int j = 0; j < c; j++) {
            float invstd = 1.0f / sqrtf(run_var[j] + eps);
            if (dgamma) {
                dgamma[j] += dy[j] * (x[j] - run_mean[j]) * invstd;
                dbeta[j] += dy[j];
            }
            if (dx) dx[j] = dy[j] * gamma[j] * invstd;
        }
    }
}

/* gs_dense.c: fully connected layer, one sgemm per pass. */
#include <string.h>

#include "gs_blas.h"
#include "gs_ops.h"

void gs_dense_forward(float *out, const float *in, const float *w, const float *b, int n,
                      int in_f, int out_f) {
    for (int r = 0; r < n; r++) memcpy(out + (size_t)r * out_f, b, sizeof(float) * out_f);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, out_f, in_f, 1.0f, in, in_f, w, in_f,
                1.0f, out, out_f);
}

void gs_dense_backward(float *din, float *dw, float *db, const float *dout, const float *in,
                       const float *w, int n, int in_f, int out_f) {
    if (dw) {
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out_f, in_f, n, 1.0f, dout, out_f,
                    in, in_f, 1.0f, dw, in_f);
        for (int r = 0; r < n; r++)
            for (int o = 0; o < out_f; o++) db[o] += dout[(size_t)r * out_f + o];
    }
    if (din)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, in_f, out_f, 1.0f, dout, out_f,
                    w, in_f, 0.0f, din, in_f);
}

void gs_dense_backward_rows(float *dw, float *db, const float *dout, const float *in, int n,
                            int in_f, int out_f, int o0, int o1) {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, o1 - o0, in_f, n, 1.0f, dout + o0, out_f, in,
                in_f, 1.0f, dw + (size_t)o0 * in_f, in_f);
    for (int r = 0; r < n; r++)
        for (int o = o0; o < o1; o++) db[o] += dout[(size_t)r * out_f + o];
}

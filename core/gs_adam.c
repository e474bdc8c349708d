/* gs_adam.c: the Adam update as one flat loop (bias correction folded into the step). */
#include "gs_adam.h"

#include <math.h>

void gs_adam_update(GsAdam *opt, float *params, const float *grads, float *m, float *v,
                    size_t n) {
    opt->t++;
    const float b1 = opt->beta1, b2 = opt->beta2, eps = opt->epsilon;
    const double c1 = 1.0 - pow(b1, (double)opt->t), c2 = 1.0 - pow(b2, (double)opt->t);
    const float step = (float)(opt->lr * sqrt(c2) / c1), eps_hat = (float)(eps * sqrt(c2));
    for (size_t i = 0; i < n; i++) {
        float g = grads[i];
        m[i] = b1 * m[i] + (1.0f - b1) * g;
        v[i] = b2 * v[i] + (1.0f - b2) * g * g;
        params[i] -= step * m[i] / (sqrtf(v[i]) + eps_hat);
    }
}

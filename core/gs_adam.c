/* gs_adam.c: the Keras Adam update as one flat loop. */
#include "gs_adam.h"

#include <math.h>

void gs_adam_update(GsRmsprop *opt, float beta1, float *params, const float *grads, float *m,
                    float *v, size_t n) {
    const double t = (double)opt->iterations + 1.0;
    const float lr = (float)(gs_rmsprop_lr(opt) * sqrt(1.0 - pow(opt->rho, t)) / (1.0 - pow(beta1, t)));
    const float b2 = opt->rho, eps = opt->epsilon, clip = opt->clipvalue;
    for (size_t i = 0; i < n; i++) {
        float g = grads[i];
        if (clip > 0.0f) g = fminf(fmaxf(g, -clip), clip);
        float mi = beta1 * m[i] + (1.0f - beta1) * g;
        float vi = b2 * v[i] + (1.0f - b2) * g * g;
        m[i] = mi, v[i] = vi;
        params[i] -= lr * mi / (sqrtf(vi) + eps);
    }
    opt->iterations++;
}

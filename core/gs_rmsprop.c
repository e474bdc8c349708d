/* gs_rmsprop.c: the Keras RMSprop update as one flat loop. */
#include "gs_rmsprop.h"

#include <math.h>

float gs_rmsprop_lr(const GsRmsprop *opt) {
    return (float)(opt->lr * (1.0 / (1.0 + (double)opt->decay * (double)opt->iterations)));
}

void gs_rmsprop_update(GsRmsprop *opt, float *params, const float *grads, float *accum,
                       size_t n) {
    const float lr = gs_rmsprop_lr(opt), rho = opt->rho, eps = opt->epsilon;
    const float clip = opt->clipvalue;
    for (size_t i = 0; i < n; i++) {
        float g = grads[i];
        if (clip > 0.0f) g = fminf(fmaxf(g, -clip), clip);
        float a = rho * accum[i] + (1.0f - rho) * g * g;
        accum[i] = a;
        params[i] -= lr * g / (sqrtf(a) + eps);
    }
    opt->iterations++;
}

/* gs_loss.c: binary cross-entropy from logits, reported the way Keras reports it, and the
 * tutorial's own BCE on the clipped sigmoid output (for the `sigmoid-bce` scenario). */
#include <math.h>

#include "gs_ops.h"

/* Keras clips probabilities to [1e-7, 1-1e-7] before the log; in logit space that is
 * +-log((1-1e-7)/1e-7). The gradient uses the unclipped logit, which is what a
 * numerically stable implementation should do. */
#define GS_KERAS_LOGIT_CLIP 16.118095f

float gs_bce_logits(float *dlogits, float *accuracy, const float *logits, const float *labels,
                    int n) {
    double loss = 0.0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
        float l = logits[i], y = labels[i];
        float lc = fminf(fmaxf(l, -GS_KERAS_LOGIT_CLIP), GS_KERAS_LOGIT_CLIP);
        /* max(l,0) - l*y + log(1 + exp(-|l|)): never overflows */
        loss += fmaxf(lc, 0.0f) - lc * y + log1pf(expf(-fabsf(lc)));
        correct += (l > 0.0f) == (y > 0.5f);
        if (dlogits) {
            float p = l >= 0.0f ? 1.0f / (1.0f + expf(-l)) : expf(l) / (1.0f + expf(l));
            dlogits[i] = (p - y) / (float)n;
        }
    }
    if (accuracy) *accuracy = (float)correct / (float)n;
    return (float)(loss / n);
}

#define GS_KERAS_PROB_EPS 1e-7f

float gs_bce_sigmoid_clipped(float *dlogits, float *accuracy, const float *logits,
                             const float *labels, int n) {
    double loss = 0.0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
        float l = logits[i], y = labels[i];
        float p = 1.0f / (1.0f + expf(-l)); /* float32, as the model's sigmoid layer */
        int clipped = !(p >= GS_KERAS_PROB_EPS && p <= 1.0f - GS_KERAS_PROB_EPS);
        float pc = fminf(fmaxf(p, GS_KERAS_PROB_EPS), 1.0f - GS_KERAS_PROB_EPS);
        loss += -(double)y * log((double)pc) - (1.0 - (double)y) * log(1.0 - (double)pc);
        correct += (p > 0.5f) == (y > 0.5f);
        if (dlogits) dlogits[i] = clipped ? 0.0f : (p - y) / (float)n;
    }
    if (accuracy) *accuracy = (float)correct / (float)n;
    return (float)(loss / n);
}

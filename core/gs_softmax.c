/* gs_softmax.c: softmax and softmax cross-entropy from logits, for the digit judge. */
#include <math.h>

#include "gs_ops.h"

void gs_softmax(float *probs, const float *logits, int n, int k) {
    for (int i = 0; i < n; i++) {
        const float *l = logits + (size_t)i * k;
        float *p = probs + (size_t)i * k;
        float mx = l[0];
        for (int j = 1; j < k; j++) mx = fmaxf(mx, l[j]);
        double sum = 0.0;
        for (int j = 0; j < k; j++) sum += (p[j] = expf(l[j] - mx));
        for (int j = 0; j < k; j++) p[j] = (float)(p[j] / sum);
    }
}

float gs_softmax_xent(float *dlogits, float *accuracy, const float *logits,
                      const uint8_t *labels, int n, int k) {
    double loss = 0.0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
        const float *l = logits + (size_t)i * k;
        int y = labels[i], best = 0;
        float mx = l[0];
        for (int j = 1; j < k; j++)
            if (l[j] > mx) mx = l[j], best = j;
        double sum = 0.0;
        for (int j = 0; j < k; j++) sum += exp((double)l[j] - mx);
        /* -log softmax_y = log(sum) - (l_y - max) */
        loss += log(sum) - ((double)l[y] - mx);
        correct += best == y;
        if (dlogits) {
            float *d = dlogits + (size_t)i * k;
            for (int j = 0; j < k; j++)
                d[j] = (float)((exp((double)l[j] - mx) / sum - (j == y)) / n);
        }
    }
    if (accuracy) *accuracy = (float)correct / (float)n;
    return (float)(loss / n);
}

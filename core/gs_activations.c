/* gs_activations.c: elementwise layers (ReLU, LeakyReLU, sigmoid, dropout) and nearest x2
 * upsampling. The elementwise ones run in place; their backward passes read the forward
 * output, which is all they need. */
#include <math.h>
#include <string.h>

#include "gs_ops.h"

void gs_relu_forward(float *out, const float *in, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = in[i] > 0.0f ? in[i] : 0.0f;
}

/* The backward passes below load dout before choosing: a load inside one arm of the ?: is
 * conditional, so the compiler kept a branch per element (mispredicted half the time on
 * activations of either sign) instead of a vector select. */
void gs_relu_backward(float *din, const float *dout, const float *out, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const float g = dout[i];
        din[i] = out[i] > 0.0f ? g : 0.0f;
    }
}

void gs_lrelu_forward(float *out, const float *in, size_t n, float alpha) {
    /* the positive and negative parts, each a select the compiler vectorises (x + 0 is x,
     * 0 + alpha*x is alpha*x); with the multiply inside the ?: it kept a branch */
    for (size_t i = 0; i < n; i++) {
        const float x = in[i], pos = x > 0.0f ? x : 0.0f, neg = x > 0.0f ? 0.0f : x;
        out[i] = pos + alpha * neg;
    }
}

void gs_lrelu_backward(float *din, const float *dout, const float *out, size_t n, float alpha) {
    /* out > 0 exactly when in > 0, since alpha > 0 */
    for (size_t i = 0; i < n; i++) {
        const float g = dout[i], pos = out[i] > 0.0f ? g : 0.0f, neg = out[i] > 0.0f ? 0.0f : g;
        din[i] = pos + alpha * neg;
    }
}

void gs_sigmoid_forward(float *out, const float *in, size_t n) {
    for (size_t i = 0; i < n; i++) {
        /* split by sign so exp never overflows */
        float x = in[i];
        if (x >= 0.0f) {
            out[i] = 1.0f / (1.0f + expf(-x));
        } else {
            float e = expf(x);
            out[i] = e / (1.0f + e);
        }
    }
}

void gs_sigmoid_backward(float *din, const float *dout, const float *out, size_t n) {
    for (size_t i = 0; i < n; i++) din[i] = dout[i] * out[i] * (1.0f - out[i]);
}

void gs_dropout_forward(float *out, uint8_t *mask, const float *in, size_t n, float rate,
                        GsRng *rng) {
    const float scale = 1.0f / (1.0f - rate);
    /* Each 64-bit draw decides two elements: keep when a 32-bit half is >= rate * 2^32.
     * (A float draw per element made dropout 7 ns an element, 6% of a keras step.) */
    const uint64_t threshold = (uint64_t)((double)rate * 4294967296.0);
    size_t i = 0;
    for (; i + 1 < n; i += 2) {
        uint64_t r = gs_rng_u64(rng);
        int k0 = (r & 0xffffffffu) >= threshold, k1 = (r >> 32) >= threshold;
        mask[i] = (uint8_t)k0, mask[i + 1] = (uint8_t)k1;
        out[i] = k0 ? in[i] * scale : 0.0f;
        out[i + 1] = k1 ? in[i + 1] * scale : 0.0f;
    }
    if (i < n) {
        mask[i] = (gs_rng_u64(rng) & 0xffffffffu) >= threshold;
        out[i] = mask[i] ? in[i] * scale : 0.0f;
    }
}

void gs_dropout_backward(float *din, const float *dout, const uint8_t *mask, size_t n,
                         float rate) {
    const float scale = 1.0f / (1.0f - rate);
    for (size_t i = 0; i < n; i++) { /* select, then scale: a multiply in the ?: kept a branch */
        const float g = dout[i], kept = mask[i] ? g : 0.0f;
        din[i] = kept * scale;
    }
}

void gs_upsample2_forward(float *out, const float *in, int n, int h, int w, int c) {
    const size_t row = (size_t)2 * w * c;
    for (int b = 0; b < n; b++) {
        for (int y = 0; y < h; y++) {
            const float *src = in + (((size_t)b * h + y) * w) * c;
            float *dst = out + (((size_t)b * 2 * h + 2 * y) * 2 * w) * c;
            for (int x = 0; x < w; x++) {
                memcpy(dst + (size_t)(2 * x) * c, src + (size_t)x * c, sizeof(float) * c);
                memcpy(dst + (size_t)(2 * x + 1) * c, src + (size_t)x * c, sizeof(float) * c);
            }
            memcpy(dst + row, dst, sizeof(float) * row);
        }
    }
}

void gs_upsample2_backward(float *din, const float *dout, int n, int h, int w, int c) {
    const size_t row = (size_t)2 * w * c;
    for (int b = 0; b < n; b++) {
        for (int y = 0; y < h; y++) {
            const float *d0 = dout + (((size_t)b * 2 * h + 2 * y) * 2 * w) * c;
            const float *d1 = d0 + row;
            float *dst = din + (((size_t)b * h + y) * w) * c;
            for (int x = 0; x < w; x++) {
                const float *a = d0 + (size_t)2 * x * c, *b1 = d1 + (size_t)2 * x * c;
                for (int j = 0; j < c; j++) dst[(size_t)x * c + j] = a[j] + a[c + j] + b1[j] + b1[c + j];
            }
        }
    }
}

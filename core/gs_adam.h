/* gs_adam.h: Adam (Kingma & Ba) over one flat parameter buffer, for the digit judge:
 *   m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2
 *   w -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps) */
#ifndef GS_ADAM_H
#define GS_ADAM_H

#include <stddef.h>
#include <stdint.h>

typedef struct GsAdam {
    float lr;           /* step size of the next update (the caller may schedule it) */
    float beta1, beta2; /* 0.9, 0.999 */
    float epsilon;      /* 1e-7 */
    int64_t t;          /* updates done so far */
} GsAdam;

/* One update of n parameters; m and v (n each) start at zero. */
void gs_adam_update(GsAdam *opt, float *params, const float *grads, float *m, float *v,
                    size_t n);

#endif

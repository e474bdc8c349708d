/* gs_adam.h: Adam as Keras 2 does it, over one flat parameter buffer, sharing RMSprop's
 * state (learning rate, decay, clipvalue, epsilon, iterations; rho is Adam's beta_2):
 *   g = clip(g, -clipvalue, clipvalue),  t = iterations + 1
 *   m = beta1*m + (1-beta1)*g,  v = rho*v + (1-rho)*g^2
 *   w -= lr_t * sqrt(1-rho^t)/(1-beta1^t) * m / (sqrt(v) + epsilon),  lr_t as RMSprop's */
#ifndef GS_ADAM_H
#define GS_ADAM_H

#include <stddef.h>

#include "gs_rmsprop.h"

/* One update of n parameters: m and v are the first and second moments (same layout). */
void gs_adam_update(GsRmsprop *opt, float beta1, float *params, const float *grads, float *m,
                    float *v, size_t n);

#endif

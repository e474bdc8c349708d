/* gs_saliency.h: "what the police see": the gradient of the discriminator's logit with
 * respect to each pixel of an image, D in inference mode (dropout off), as a 28x28 map. */
#ifndef GS_SALIENCY_H
#define GS_SALIENCY_H

#include "gs_net.h"
#include "gs_status.h"

/* images: n (<= d->max_batch) images of 784 pixels in [0,1]. maps: out, n x 784 signed
 * gradients d logit / d pixel (positive: more of this pixel looks more real to D). logits:
 * out, n, may be NULL. d: a discriminator the caller owns for the duration. */
GsStatus gs_saliency(GsNet *d, const float *images, int n, float *maps, float *logits, GsError *err);

/* A map as greyscale for drawing: |gradient| scaled so the largest is 1 (all 0 if flat). */
void gs_saliency_magnitude(const float *map, float *out);

#endif

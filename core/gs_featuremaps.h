/* gs_featuremaps.h: "inside the generator": for one noise vector, each stage's activations
 * (the dense layer's 7x7 maps, then each upsampling convolution's, up to the 28x28 image),
 * the first few channels of each, ready to draw as greyscale tiles. */
#ifndef GS_FEATUREMAPS_H
#define GS_FEATUREMAPS_H

#include <stdint.h>

#include "gs_net.h"
#include "gs_status.h"

#define GS_FEATUREMAPS_STAGES 8 /* at most */
#define GS_FEATUREMAPS_SHOWN 16 /* channels kept per stage */

typedef struct GsFeatureStage {
    int layer;       /* index of the activation layer in the generator's table */
    char name[96];   /* the layer that made them, e.g. "upsample+conv (fused) 5x5/1: 14x14x128" */
    int h, w, c;     /* map size and the stage's channel count */
    int shown;       /* channels kept: min(c, GS_FEATUREMAPS_SHOWN) */
    float *maps;     /* shown x h x w: channel k's map at maps + k*h*w, row-major */
    float lo[GS_FEATUREMAPS_SHOWN], hi[GS_FEATUREMAPS_SHOWN]; /* each map's range */
} GsFeatureStage;

typedef struct GsFeatureMaps {
    int n_stages;
    GsFeatureStage stage[GS_FEATUREMAPS_STAGES];
    float *buf; /* every stage's maps */
} GsFeatureMaps;

/* Plans the stages from g's table: each activation (ReLU, LeakyReLU, sigmoid), seen through
 * any reshape or dropout after it (so the dense layer's output appears as 7x7 maps). */
GsStatus gs_featuremaps_create(GsFeatureMaps *fm, const GsNet *g, GsError *err);
void gs_featuremaps_destroy(GsFeatureMaps *fm);

/* One inference forward of noise (noise_dim floats) through g (which the caller owns for
 * the duration) and a copy of each stage's first channels, NHWC to planar. */
void gs_featuremaps_compute(GsFeatureMaps *fm, GsNet *g, const float *noise);

/* Channel k of stage s as 8-bit grey (h*w bytes), scaled by that map's own range. */
void gs_featuremaps_tile(const GsFeatureStage *s, int k, uint8_t *out);

#endif

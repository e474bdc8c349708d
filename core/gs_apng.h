/* gs_apng.h: animated PNG (APNG) writing with zlib alone: full-size greyscale frames, each
 * with its own delay, looping forever. Browsers (Firefox, Chromium) play it; viewers that
 * know only PNG show the first frame. */
#ifndef GS_APNG_H
#define GS_APNG_H

#include <stddef.h>
#include <stdint.h>

#include "gs_status.h"

/* n >= 1 frames of w x h gray pixels (frames[i] row-major), frame i shown delay_ms[i] ms
 * (1..65535), into a malloc'ed buffer (*png, caller frees). Frame 0 is also the default
 * image (IDAT); the others are fdAT chunks, sequence numbers counting fcTL and fdAT from 0. */
GsStatus gs_apng_encode(const uint8_t *const *frames, int n, int w, int h, const int *delay_ms,
                        uint8_t **png, size_t *size, GsError *err);

#endif

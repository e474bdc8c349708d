/* gs_replay_draw.h: a replay (gs_replay.h) as pictures: an animated PNG of the samples
 * forming, the step drawn on each frame, and a contact sheet of moments. `ganscope export`
 * and the window's Export button both write these. */
#ifndef GS_REPLAY_DRAW_H
#define GS_REPLAY_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "gs_replay.h"
#include "gs_status.h"

/* The frames' image counts must all be equal (GS_ERR_FORMAT naming name otherwise); r->n >= 1. */
GsStatus gs_replay_check(const GsReplay *r, const char *name, GsError *err);
/* The number of animation frames for at most max_frames (spread over the run, last included). */
int gs_replay_anim_frames(const GsReplay *r, int max_frames);
/* An APNG of up to max_frames moments, delay_ms each (the last 2 s), scale pixels per sample
 * pixel, into a malloc'ed *png. */
GsStatus gs_replay_apng(const GsReplay *r, int max_frames, int delay_ms, int scale, uint8_t **png, size_t *size,
                        GsError *err);
/* A grey contact sheet of up to n moments, 6 to a row: malloc'ed *pix of *w x *h bytes. */
GsStatus gs_replay_sheet(const GsReplay *r, int n, uint8_t **pix, int *w, int *h, GsError *err);

#endif

/* bench_save.h: `ganscope bench --save-replay N`: what keeping the replay in the checkpoint
 * costs a save (README, "Replay in the window"). */
#ifndef GS_BENCH_SAVE_H
#define GS_BENCH_SAVE_H

#include "gs_gan.h"

/* Times gan's checkpoint save without and with an RPLY section of `moments` moments (16
 * samples each), alternating, 7 of each, and prints the medians and the file sizes.
 * Returns an exit status. */
int bench_save_replay(GsGan *gan, int moments);

#endif

/* stats.h: the window's measurements for --stats-out: each frame's render time, each
 * shown preview's latency (from the change it answers to its frame) and the frames drawn
 * while a mouse button was held (a slider drag). Bounded arrays, allocated once. */
#ifndef GS_STATS_H
#define GS_STATS_H

#include <stdint.h>

#define STATS_MAX_FRAMES 200000 /* about an hour at 60 frames/s */
#define STATS_MAX_LAT 20000

typedef struct Stats {
    float *frame_ms; int n_frames;
    float *lat_ms; int n_lat;
    double drag_seconds, drag_since; /* drag_since: when the press began (< 0: none) */
    int drag_frames;
} Stats;

int stats_init(Stats *s); /* 0: out of memory */
void stats_free(Stats *s);
void stats_frame(Stats *s, double ms, int button_down);
void stats_latency(Stats *s, double ms);
void stats_button(Stats *s, int down, double now); /* the mouse button's state at `now` */

typedef struct StatsRun { /* the rest of the report */
    double seconds;
    int64_t steps;
    const char *preset, *renderer;
    int batch, paused_at_exit;
} StatsRun;

/* Writes the JSON report (sorts the arrays); returns 0 if the file cannot be written. */
int stats_write(Stats *s, const StatsRun *run, const char *path);

#endif

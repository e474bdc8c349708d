/* history.h: the whole run's training curves in bounded memory: points are averages over
 * `stride` steps; when the buffer fills, neighbours merge and the stride doubles. */
#ifndef GS_HISTORY_H
#define GS_HISTORY_H

#include <stdint.h>

#include "gs_gan.h"

#define HISTORY_CAP 1024

enum { H_D_LOSS, H_G_LOSS, H_D_ACC, H_G_ACC, H_D_REAL, H_D_FAKE, H_SERIES };

typedef struct History {
    int n;                       /* points kept */
    int64_t stride;              /* steps per point */
    double step[HISTORY_CAP];    /* mean step of each point */
    float v[H_SERIES][HISTORY_CAP];
    double acc[H_SERIES], acc_step; /* sums of the point being filled */
    int64_t acc_n;
    int64_t last_step;           /* last step added (dedupes snapshots' recent metrics) */
    uint64_t run;                /* run the points belong to */
} History;

void history_clear(History *h, uint64_t run);
/* Adds one step's metrics if newer than the last one added. */
void history_add(History *h, const GsMetrics *m);
/* Reads series s of point i, smoothed over +-k points (k 0: raw). */
float history_value(const History *h, int s, int i, int k);

#endif

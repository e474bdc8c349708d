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
    int64_t last_key;            /* key of the last record added (dedupes snapshots' metrics) */
    uint64_t run;                /* run the points belong to */
} History;

void history_clear(History *h, uint64_t run);
/* Adds one record (a step, or a D-only / G-only half step) if its key is newer than the
 * last one added. Keys grow by one per record; the point is drawn at m->step. */
void history_add(History *h, const GsMetrics *m, int64_t key);
/* Reads series s of point i, smoothed over +-k points (k 0: raw). */
float history_value(const History *h, int s, int i, int k);

#endif

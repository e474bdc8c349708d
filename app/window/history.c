/* history.c: downsampled training curves (history.h). */
#include "history.h"

#include <string.h>

void history_clear(History *h, uint64_t run) {
    memset(h, 0, sizeof *h);
    h->stride = 1, h->run = run, h->last_key = -1;
}

void history_add(History *h, const GsMetrics *m, int64_t key) {
    if (key <= h->last_key) return;
    h->last_key = key;
    float v[H_SERIES] = {m->d_loss, m->g_loss, m->d_acc, m->g_acc, m->d_real, m->d_fake};
    for (int s = 0; s < H_SERIES; s++) h->acc[s] += v[s];
    h->acc_step += (double)m->step;
    if (++h->acc_n < h->stride) return;
    if (h->n == HISTORY_CAP) { /* merge pairs, double the stride */
        for (int i = 0; i < HISTORY_CAP / 2; i++) {
            h->step[i] = (h->step[2 * i] + h->step[2 * i + 1]) / 2;
            for (int s = 0; s < H_SERIES; s++) h->v[s][i] = (h->v[s][2 * i] + h->v[s][2 * i + 1]) / 2;
        }
        h->n = HISTORY_CAP / 2;
        h->stride *= 2;
    }
    h->step[h->n] = h->acc_step / (double)h->acc_n;
    for (int s = 0; s < H_SERIES; s++) h->v[s][h->n] = (float)(h->acc[s] / (double)h->acc_n), h->acc[s] = 0;
    h->acc_step = 0, h->acc_n = 0;
    h->n++;
}

float history_value(const History *h, int s, int i, int k) {
    if (k <= 0) return h->v[s][i];
    int lo = i - k < 0 ? 0 : i - k, hi = i + k >= h->n ? h->n - 1 : i + k;
    double sum = 0;
    for (int j = lo; j <= hi; j++) sum += h->v[s][j];
    return (float)(sum / (hi - lo + 1));
}

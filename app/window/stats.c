/* stats.c: the window's measurements (stats.h). */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>

int stats_init(Stats *s) {
    *s = (Stats){0};
    s->drag_since = -1;
    s->frame_ms = malloc(sizeof(float) * STATS_MAX_FRAMES);
    s->lat_ms = malloc(sizeof(float) * STATS_MAX_LAT);
    if (s->frame_ms && s->lat_ms) return 1;
    stats_free(s);
    return 0;
}

void stats_free(Stats *s) {
    free(s->frame_ms), free(s->lat_ms);
    s->frame_ms = s->lat_ms = NULL;
    s->n_frames = s->n_lat = 0;
}

void stats_frame(Stats *s, double ms, int button_down) {
    if (s->frame_ms && s->n_frames < STATS_MAX_FRAMES) s->frame_ms[s->n_frames++] = (float)ms;
    s->drag_frames += button_down != 0;
}

void stats_latency(Stats *s, double ms) {
    if (s->lat_ms && s->n_lat < STATS_MAX_LAT) s->lat_ms[s->n_lat++] = (float)ms;
}

void stats_button(Stats *s, int down, double now) {
    if (down && s->drag_since < 0) s->drag_since = now;
    if (!down && s->drag_since >= 0) s->drag_seconds += now - s->drag_since, s->drag_since = -1;
}

static int cmp_float(const void *x, const void *y) {
    float a = *(const float *)x, b = *(const float *)y;
    return (a > b) - (a < b);
}

static double percentile(float *v, int n, double q) {
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_float);
    return v[(int)(q * (n - 1) + 0.5)];
}

int stats_write(Stats *s, const StatsRun *r, const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) return 0;
    int nf = s->n_frames, nl = s->n_lat;
    double sec = r->seconds, ds = s->drag_seconds;
    fprintf(f,
            "{\n  \"seconds\": %.3f,\n  \"frames\": %d,\n  \"fps\": %.2f,\n"
            "  \"frame_ms_median\": %.3f,\n  \"frame_ms_p99\": %.3f,\n"
            "  \"preview_updates\": %d,\n  \"preview_latency_ms_p95\": %.3f,\n"
            "  \"steps\": %lld,\n  \"steps_per_second\": %.3f,\n  \"preset\": \"%s\",\n  \"batch\": %d,\n"
            "  \"paused_at_exit\": %s,\n  \"renderer\": \"%s\",\n"
            "  \"drag_seconds\": %.3f,\n  \"drag_frames\": %d,\n  \"drag_fps\": %.2f\n}\n",
            sec, nf, sec > 0 ? nf / sec : 0, percentile(s->frame_ms, nf, 0.5), percentile(s->frame_ms, nf, 0.99), nl,
            percentile(s->lat_ms, nl, 0.95), (long long)r->steps, sec > 0 ? r->steps / sec : 0, r->preset, r->batch,
            r->paused_at_exit ? "true" : "false", r->renderer, ds, s->drag_frames, ds > 0 ? s->drag_frames / ds : 0);
    return fclose(f) == 0;
}

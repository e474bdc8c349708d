/* run_files.c: metrics.csv and the sample grids of a training run. */
#define _POSIX_C_SOURCE 200809L
#include "run_files.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs_file.h"
#include "gs_png.h"

GsStatus metrics_open(const char *dir, long long resume_step, FILE **out, double *seconds,
                      GsError *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/metrics.csv", dir);
    *seconds = 0.0;
    if (resume_step >= 0) {
        /* Keep the rows the checkpoint has seen; rows after it are redone by this run. */
        void *data = NULL;
        size_t size = 0;
        GsError rerr;
        if (gs_file_read_all(path, &data, &size, (size_t)1 << 32, &rerr) == GS_OK) {
            char *text = data, *keep_end = text;
            char *line = text;
            while (line < text + size) {
                char *nl = memchr(line, '\n', (size_t)(text + size - line));
                if (!nl) break; /* a half-written last line is dropped */
                long long step;
                double secs;
                if (sscanf(line, "%lld,%lf", &step, &secs) == 2) {
                    if (step > resume_step) break;
                    *seconds = secs;
                }
                keep_end = nl + 1;
                line = nl + 1;
            }
            GsStatus st = gs_file_write_atomic(path, text, (size_t)(keep_end - text), err);
            free(data);
            if (st != GS_OK) return st;
            if (keep_end > text) {
                if (!(*out = fopen(path, "a")))
                    return gs_fail(err, GS_ERR_IO, "%s: cannot open for appending", path);
                return GS_OK;
            }
        }
    }
    if (!(*out = fopen(path, "w"))) return gs_fail(err, GS_ERR_IO, "%s: cannot create", path);
    fprintf(*out, METRICS_HEADER "\n");
    return GS_OK;
}

void metrics_write(FILE *f, const GsMetrics *m, double seconds) {
    /* %.9g round-trips float32 exactly */
    fprintf(f, "%lld,%.3f,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", (long long)m->step, seconds,
            m->d_loss, m->d_acc, m->g_loss, m->g_acc, m->d_real, m->d_fake, m->lr_d, m->lr_g);
}

GsStatus samples_write_grid(const float *images, int count, const char *path, GsError *err) {
    int side = (int)ceil(sqrt((double)count));
    return samples_write_rows(images, count, (count + side - 1) / side, side, path, err);
}

GsStatus samples_write_rows(const float *images, int count, int rows, int cols, const char *path,
                            GsError *err) {
    int w, h;
    gs_grid_size(rows, cols, GS_IMG_SIDE, GS_IMG_SIDE, 2, &w, &h);
    uint8_t *pix = malloc((size_t)w * h);
    if (!pix) return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory", path);
    gs_grid_compose(pix, images, count, rows, cols, GS_IMG_SIDE, GS_IMG_SIDE, 2, 128);
    GsStatus st = gs_png_write(path, pix, w, h, 1, err);
    free(pix);
    return st;
}

GsStatus samples_write_step(GsGan *gan, const char *dir, GsError *err) {
    float images[GS_FIXED_NOISE_COUNT * GS_IMG_SIZE];
    gs_gan_generate(gan, gan->fixed_noise, GS_FIXED_NOISE_COUNT, images);
    char path[4096];
    snprintf(path, sizeof path, "%s/samples/step-%06lld.png", dir, (long long)gan->step);
    return samples_write_grid(images, GS_FIXED_NOISE_COUNT, path, err);
}

GsStatus samples_write_real(const GsImages *data, const char *dir, GsError *err) {
    float images[16 * GS_IMG_SIZE];
    int count = data->n < 16 ? data->n : 16;
    for (int i = 0; i < count; i++) {
        /* spread over the set rather than the first 16, which MNIST orders by writer */
        const uint8_t *src = data->pixels + (size_t)(i * (data->n / count)) * GS_IMG_SIZE;
        for (int p = 0; p < GS_IMG_SIZE; p++) images[i * GS_IMG_SIZE + p] = src[p] / 255.0f;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/samples/real.png", dir);
    return samples_write_grid(images, count, path, err);
}

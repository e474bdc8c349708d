/* run_files.c: metrics.csv and the sample grids of a training run. */
#define _POSIX_C_SOURCE 200809L
#include "run_files.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static GsStatus metrics_failed(const char *dir, GsError *err) {
    return gs_fail(err, GS_ERR_IO, "%s/metrics.csv: cannot write: %s", dir, strerror(errno));
}

GsStatus metrics_write(FILE *f, const char *dir, const GsMetrics *m, double seconds,
                       const GsScores *scores, const char *doctor, GsError *err) {
    /* %.9g round-trips float32 exactly */
    int n = fprintf(f, "%lld,%.3f,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g", (long long)m->step, seconds,
                    m->d_loss, m->d_acc, m->g_loss, m->g_acc, m->d_real, m->d_fake, m->lr_d, m->lr_g);
    if (n >= 0)
        n = scores ? fprintf(f, ",%.6f,%.6f,%.6f", scores->recognisability, scores->coverage, scores->fd)
                   : fputs(",,,", f);
    if (n >= 0) n = fprintf(f, ",%s\n", doctor ? doctor : "");
    return n < 0 ? metrics_failed(dir, err) : GS_OK;
}

GsStatus metrics_sync(FILE *f, const char *dir, GsError *err) {
    /* fsync too: the rows must survive whatever the checkpoint written next survives */
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) return metrics_failed(dir, err);
    return GS_OK;
}

GsStatus metrics_close(FILE *f, const char *dir, GsError *err) {
    GsStatus st = metrics_sync(f, dir, err);
    if (fclose(f) != 0 && st == GS_OK) st = metrics_failed(dir, err);
    return st;
}

GsStatus run_dir_open(const char *dir, const char *resume, int *lock_fd, GsError *err) {
    char samples[4200], ckpt[4200];
    snprintf(samples, sizeof samples, "%s/samples", dir);
    snprintf(ckpt, sizeof ckpt, "%s/checkpoint.gsck", dir);
    GsStatus st = gs_file_mkdirs(samples, err);
    if (st != GS_OK || (st = gs_file_lock_dir(dir, lock_fd, err)) != GS_OK) return st;
    /* Never overwrite a checkpoint the user did not ask to continue: the one in dir must be
     * the very file being resumed (--resume A --out B once overwrote B's run). */
    struct stat have, want;
    if (stat(ckpt, &have) == 0 &&
        (!resume || stat(resume, &want) != 0 || have.st_dev != want.st_dev || have.st_ino != want.st_ino)) {
        st = resume ? gs_fail(err, GS_ERR_ARG, "%s already exists and is not the checkpoint being resumed; "
                                               "choose another --out", ckpt)
                    : gs_fail(err, GS_ERR_ARG, "%s already exists; continue it with --resume %s, or choose "
                                               "another --out", ckpt, ckpt);
    }
    /* Resuming into another directory that holds a metrics.csv (a run that never reached
     * its first checkpoint) would append this run's rows to that run's: refused too. */
    char metrics[4200], resume_dir[4096];
    snprintf(metrics, sizeof metrics, "%s/metrics.csv", dir);
    if (st == GS_OK && resume && stat(metrics, &have) == 0) {
        snprintf(resume_dir, sizeof resume_dir, "%s", resume);
        struct stat own;
        if (stat(dirname(resume_dir), &own) != 0 || stat(dir, &have) != 0 || own.st_dev != have.st_dev ||
            own.st_ino != have.st_ino)
            st = gs_fail(err, GS_ERR_ARG, "%s holds another run's metrics; resume into the checkpoint's own "
                                          "directory or choose another --out", metrics);
    }
    /* what a kill during a write left behind (5 MB to 54 MB per checkpoint) */
    if (st == GS_OK && (st = gs_file_remove_stale_temps(dir, NULL, err)) == GS_OK)
        st = gs_file_remove_stale_temps(samples, NULL, err);
    if (st != GS_OK) {
        gs_file_unlock_dir(*lock_fd);
        *lock_fd = -1;
    }
    return st;
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

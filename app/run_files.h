/* run_files.h: what a training run writes into its output directory: metrics.csv (one row
 * per step), samples/ (4x4 grids from the fixed noise, and the real digits), and
 * checkpoint.gsck. */
#ifndef GS_RUN_FILES_H
#define GS_RUN_FILES_H

#include <stdio.h>

#include "gs_gan.h"
#include "gs_idx.h"
#include "gs_scores.h"
#include "gs_status.h"

#define METRICS_HEADER "step,seconds,d_loss,d_acc,g_loss,g_acc,d_real,d_fake,lr_d,lr_g" \
    ",recognisability,coverage,fd" /* the judge's scores: empty except on score rows */ \
    ",doctor" /* the training doctor's diagnoses raised at that step: empty almost always */

/* Opens DIR/metrics.csv for appending. With resume_step >= 0 it keeps the rows up to that
 * step (dropping any written after the checkpoint) and reports the last row's seconds in
 * *seconds; otherwise starts a new file. */
GsStatus metrics_open(const char *dir, long long resume_step, FILE **out, double *seconds,
                      GsError *err);
/* scores: the row's judge scores, or NULL for empty cells; doctor: the diagnoses the
 * training doctor raised at this step ("" or NULL for none). */
GsStatus metrics_write(FILE *f, const char *dir, const GsMetrics *m, double seconds,
                       const GsScores *scores, const char *doctor, GsError *err);
/* Flushes and fsyncs the rows written so far: called before each checkpoint is saved, so
 * every row up to a saved checkpoint is on disk when the checkpoint is. */
GsStatus metrics_sync(FILE *f, const char *dir, GsError *err);
/* Syncs and closes; a failure (a full disk) is reported, not lost. */
GsStatus metrics_close(FILE *f, const char *dir, GsError *err);

/* Prepares DIR for a run: creates DIR/samples, locks DIR (another run writing into it is
 * refused), refuses a DIR/checkpoint.gsck other than the file at resume (NULL: any) and,
 * when resuming into a directory other than the checkpoint's, a DIR/metrics.csv; removes
 * temp files killed runs left. Keep *lock_fd until the run's last write. */
GsStatus run_dir_open(const char *dir, const char *resume, int *lock_fd, GsError *err);

/* samples/step-NNNNNN.png: the 16 fixed-noise digits as a 4x4 grid. */
GsStatus samples_write_step(GsGan *gan, const char *dir, GsError *err);
/* samples/real.png: 16 real training digits, as the tutorial saves. */
GsStatus samples_write_real(const GsImages *data, const char *dir, GsError *err);
/* A grid of count images (28x28 floats in [0,1]) as a PNG at path. */
GsStatus samples_write_grid(const float *images, int count, const char *path, GsError *err);
/* The same as rows x cols tiles, filled row by row. */
GsStatus samples_write_rows(const float *images, int count, int rows, int cols, const char *path,
                            GsError *err);

#endif

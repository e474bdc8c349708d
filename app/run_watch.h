/* run_watch.h: what a headless training run watches and keeps besides its metrics: the
 * training doctor (a `doctor:` line when a diagnosis is raised, its id in metrics.csv) and
 * the replay file of the fixed-noise samples (replay.gsr). */
#ifndef GS_RUN_WATCH_H
#define GS_RUN_WATCH_H

#include "gs_ckpt.h"
#include "gs_doctor.h"
#include "gs_gan.h"
#include "gs_idx.h"
#include "gs_replay.h"
#include "gs_scores.h"
#include "gs_status.h"

typedef struct RunWatch {
    GsDoctor doctor;
    GsReplayWriter replay;
    long long check_every;  /* doctor's look at the samples, steps */
    long long replay_every; /* replay frames, steps; 0: none */
    float *images;          /* the fixed-noise samples, GS_FIXED_NOISE_COUNT x 784 */
    long long last_frame;   /* step of the last replay frame written, -1: none */
    double fd;              /* the judge's latest Frechet distance, NaN: none */
    GsReplayBuf mem;        /* the file's frames in memory: the checkpoint's RPLY section */
    float *seen, *unseen;   /* the memorisation check's real digits (gs_doctor.h); NULL: off */
} RunWatch;

/* Starts watching gan (at its current step) in run directory dir; resume_step >= 0 keeps the
 * replay frames up to it. */
GsStatus run_watch_start(RunWatch *w, GsGan *gan, const GsImages *data, const char *dir,
                         long long resume_step, long long replay_every, GsError *err);
/* Turns the doctor's memorisation check on for a run that trains on the first limit images
 * of full (a scenario's real-set limit), when full has the digits it needs; else leaves it
 * off. Call after run_watch_start. */
GsStatus run_watch_verdicts(RunWatch *w, const GsImages *full, int limit, GsError *err);
/* After each step: feeds the doctor (with the judge's scores when the step was scored, else
 * NULL), prints a `doctor:` line for each diagnosis it raises, appends a replay frame when
 * due; the raised ids go into doctor (metrics column). */
GsStatus run_watch_step(RunWatch *w, GsGan *gan, const GsMetrics *m, double seconds,
                        const GsScores *scores, char *doctor, int size, GsError *err);
/* The run's last state as a replay frame, unless the last frame already shows it. */
GsStatus run_watch_final(RunWatch *w, GsGan *gan, const GsMetrics *m, double seconds, GsError *err);
GsStatus run_watch_sync(RunWatch *w, GsError *err);
/* The replay so far as the checkpoint's RPLY section into *sec; returns how many sections
 * (0 when there is no replay, 1 otherwise) for gs_ckpt_save_with. */
int run_watch_section(const RunWatch *w, GsCkptSection *sec);
/* Before a resume: when DIR/replay.gsr is missing, damaged or holds fewer frames up to the
 * checkpoint's step than the checkpoint's RPLY section, writes the section's frames there.
 * *restored: how many (0: the file was kept). */
GsStatus run_watch_restore(const char *dir, const GsCkptSections *secs, const char *ckpt, int64_t step,
                           int *restored, GsError *err);
GsStatus run_watch_finish(RunWatch *w, GsError *err);

#endif

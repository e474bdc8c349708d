/* trainer_doctor.h: the training doctor and the break-it scenarios on the window's trainer
 * thread: the doctor is fed after every full step (metrics, the largest weight, every 25
 * steps the fixed-noise samples) and with the judge's scores the quality view hands over;
 * what it raises is shared under the trainer's lock (DoctorNews). */
#ifndef GS_TRAINER_DOCTOR_H
#define GS_TRAINER_DOCTOR_H

#include <stdint.h>

#include "doctor_news.h"
#include "gs_doctor.h"
#include "gs_model.h"

#define TRAINER_DOCTOR_CHECK 25 /* steps between looks at the samples (as `train`) */

typedef struct TrainerDoctor {
    /* the trainer thread's */
    GsDoctor dr;
    uint64_t run;                 /* the run dr was set up for (0: none) */
    float images[GS_FIXED_NOISE_COUNT * GS_IMG_SIZE];
    GsImages view;                /* what a step trains on (trainer_train_set) */
    int verdicts;                 /* the memorisation check is on for this run: */
    float seen[GS_DOCTOR_VERDICTS * GS_IMG_SIZE], unseen[GS_DOCTOR_VERDICTS * GS_IMG_SIZE];
    /* under the trainer's lock */
    int scores_pending;
    uint64_t scores_run;
    int64_t scores_step;
    double recog, coverage;
    DoctorNews news;
} TrainerDoctor;

struct Trainer;
/* After a full step on the trainer thread: sets the doctor up on a new run, feeds it, and
 * shares what it raised. Returns the bits raised now. */
unsigned trainer_doctor_step(struct Trainer *t, const GsMetrics *m);
/* A fresh run of a scenario (its preset name) at step 0 gets the scenario's head start
 * (gs_scenario_prepare; seconds for d-wins' 100 D steps); anything else is left alone.
 * Returns 1 when the weights changed. Trainer thread. */
int trainer_scenario_prepare(struct Trainer *t);
/* The images a step of the trainer's run trains on: its data, or under a scenario with a
 * real-set limit (gs_scenario_view) the first ones. Trainer thread. */
const GsImages *trainer_train_set(struct Trainer *t);
/* What the doctor has raised in the trainer's current run so far (bit id; 0 before its
 * first step): a replay moment carries it. Trainer thread. */
unsigned trainer_doctor_raised(const struct Trainer *t);
/* The judge's scores of run's generator after step, for the doctor (any thread). */
void trainer_doctor_scores(struct Trainer *t, uint64_t run, int64_t step, double recognisability, double coverage);
/* Copies the doctor's news when its seq differs from *seen (updating it); returns 1 then. */
int trainer_doctor_news(struct Trainer *t, uint64_t *seen, DoctorNews *out);

#endif

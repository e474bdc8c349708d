/* gs_doctor.h: the training doctor: a pure state machine fed one record at a time (each
 * step's metrics, now and then the fixed-noise samples and, when a judge scores them, their
 * scores) that names what goes wrong in plain words (gs_explain.h) and proposes a remedy a
 * front end can offer as an action. No I/O, no threads: the CLI and the window's trainer
 * thread run the same code. */
#ifndef GS_DOCTOR_H
#define GS_DOCTOR_H

#include <stdint.h>

#include "gs_explain.h"
#include "gs_gan.h"
#include "gs_model.h"

/* Every threshold the doctor uses, in one place; the values and the reason for each are in
 * gs_doctor.c (gs_doctor_default_limits) and the README's doctor table. */
typedef struct GsDoctorLimits {
    double ema_steps;         /* time constant of the metric averages, in steps */
    double diverge_weight;    /* diverged: a weight larger than this in magnitude */
    double dwins_d_loss;      /* d-wins: D's averaged loss below this, */
    double dwins_d_acc;       /*   its accuracy above this, */
    double dwins_g_loss;      /*   and G's averaged loss above this, */
    int64_t dwins_hold;       /*   for this many steps in a row, */
    int64_t dwins_after;      /*   counted from this step on */
    double sat_d_loss;        /* saturated (clipped loss only): D's loss above this (half its
                                 images at the clip's ceiling of 15.9-16.1 give 8.0), */
    double sat_g_loss;        /*   or G's above this (all its images at the ceiling: 16.1), */
    int64_t sat_hold;         /*   for this many steps in a row */
    double noise_grey;        /* still-noise: fraction of mid-grey pixels above this */
    double noise_recog;       /*   or the judge's recognisability below this */
    double noise_after;       /*   once the run is this many times past its digits step */
    double digit_grey;        /* samples look like digits (not noise) when grey is below this */
    double speckle_ratio;     /* speckle: isolated-speck density over the real digits' above this,
                                 while the samples look like digits, */
    double speckle_floor;     /*   the real digits' density counted as at least this (per 1,000
                                 pixels: real digits have almost none), */
    int speckle_hold;         /*   on this many sample checks in a row */
    int64_t speckle_after;    /*   from this step on */
    double collapse_spread;   /* collapse: spread of the samples over the real digits' below this
                                 while they look like digits, */
    double collapse_coverage; /*   or the judge's coverage below this (of samples it recognises
                                 at noise_recog or better) */
    int collapse_hold;        /*   on this many sample checks in a row */
    int64_t collapse_after;   /*   from this step on */
    double memorise_gap;      /* memorised: D's mean verdict on real digits it trains on minus
                                 that on real digits it never sees above this, */
    int memorise_hold;        /*   on this many verdict checks in a row, */
    int64_t memorise_after;   /*   from this step on */
} GsDoctorLimits;

/* What the doctor measures on a set of 28x28 images in [0,1] (the fixed-noise samples, and
 * once the real digits it compares them with). */
typedef struct GsSampleStats {
    double grey;    /* fraction of pixels between 0.25 and 0.75: real digits are nearly
                       black and white, an untrained generator's output is all grey */
    double speckle; /* isolated specks per 1,000 pixels: a pixel that differs from each of
                       its 8 neighbours by more than 0.4 (a one-pixel dot or hole) */
    double spread;  /* mean pairwise RMS distance between the images */
} GsSampleStats;
void gs_doctor_measure(const float *images, int n, GsSampleStats *out);

/* What the doctor proposes; a front end offers it as an action. */
typedef enum GsRemedyKind {
    GS_REMEDY_NONE = 0,
    GS_REMEDY_SET_LR_D,        /* set D's learning rate to value */
    GS_REMEDY_SET_DROPOUT,     /* restart with dropout value in both networks */
    GS_REMEDY_RESTART_DEFAULT, /* restart with the default preset */
    GS_REMEDY_SET_LR_G         /* set G's learning rate to value */
} GsRemedyKind;
typedef struct GsRemedy {
    GsRemedyKind kind;
    float value;
    char label[96]; /* "lower D's learning rate to 0.0002" */
} GsRemedy;

typedef struct GsDoctor {
    GsDoctorLimits lim;
    GsLoss loss;
    int64_t digits_step;      /* where this preset normally shows digits */
    GsSampleStats real;       /* of real digits: the yardstick */
    float lr_d, lr_g;         /* latest learning rates, for remedies */
    int64_t step, n_steps;    /* last step fed, and how many */
    double d_loss, d_acc, g_loss; /* averages */
    double weight_max;        /* latest */
    float last_d_loss, last_g_loss; /* latest, as fed */
    int64_t dwins_run, sat_run;
    int speckle_run, collapse_run, memorise_run;
    double seen, unseen;      /* latest mean verdicts on seen and unseen real digits */
    GsSampleStats last;       /* latest samples */
    int have_samples;
    double recog, coverage;   /* latest scores; NaN until fed */
    unsigned raised;          /* bit i: diagnosis i was raised */
    int64_t raised_step[GS_DX_COUNT];
} GsDoctor;

/* The thresholds, tuned on real runs (README). */
GsDoctorLimits gs_doctor_default_limits(void);

/* Sets a doctor up for a run of cfg; real (n >= 2 images, 28x28 in [0,1]) are real digits to
 * compare the samples with. */
void gs_doctor_init(GsDoctor *dr, const GsConfig *cfg, const float *real, int n);

/* Feeds one step's metrics and the largest weight magnitude of both networks afterwards
 * (gs_doctor_weight_max; NaN or infinite when a weight is). Each feed returns the diagnoses
 * it newly raised as a bit mask (1u << id); each is raised once. */
unsigned gs_doctor_feed_metrics(GsDoctor *dr, const GsMetrics *m, double weight_max);
/* The largest |w| of both networks' parameters; NaN if any is NaN. */
double gs_doctor_weight_max(const GsGan *gan);
/* Feeds the fixed-noise samples (n images) generated after `step`. */
unsigned gs_doctor_feed_samples(GsDoctor *dr, int64_t step, const float *images, int n);
/* Feeds a judge's scores of the samples after `step` (recognisability, coverage in [0,1]). */
unsigned gs_doctor_feed_scores(GsDoctor *dr, int64_t step, double recognisability, double coverage);

/* The memorisation check: D's verdicts on GS_DOCTOR_VERDICTS real digits it trains on and as
 * many it never sees, every GS_DOCTOR_VERDICT_EVERY steps. Only a run that trains on the
 * first `limit` images of full (a scenario's real-set limit) holds digits out: the seen are
 * its first ones, the unseen the ones right after the limit. */
#define GS_DOCTOR_VERDICTS 64
#define GS_DOCTOR_VERDICT_EVERY 100
/* Copies both sets (GS_DOCTOR_VERDICTS x 784 floats in [0,1] each) and returns 1, or returns
 * 0 (the check is off) when limit is 0, below GS_DOCTOR_VERDICTS or leaves fewer than
 * GS_DOCTOR_VERDICTS images after it. */
int gs_doctor_verdict_digits(const GsImages *full, int limit, float *seen, float *unseen);
/* D's mean sigmoid output in inference mode on each set: draws no random number and leaves
 * the parameters, BN statistics and optimiser alone, so training goes on bit for bit as
 * without the check. Call between whole steps. */
void gs_doctor_verdicts(GsGan *gan, const float *seen, const float *unseen, double *p_seen, double *p_unseen);
/* Feeds D's mean verdicts after `step` on seen and unseen real digits. */
unsigned gs_doctor_feed_verdicts(GsDoctor *dr, int64_t step, double seen, double unseen);
/* What `train` and the window call after each whole step: on every GS_DOCTOR_VERDICT_EVERY-th
 * step, when the run holds digits out (seen not NULL), takes D's verdicts and feeds them;
 * returns what was raised (0 otherwise). */
unsigned gs_doctor_check_verdicts(GsDoctor *dr, GsGan *gan, const float *seen, const float *unseen);

/* What the doctor measured when it raised id, and what the trainer does about it, in one
 * sentence ("over the last 50 steps D's loss averaged 0.03 ..."), into buf. */
void gs_doctor_detail(const GsDoctor *dr, GsDiagnosisId id, char *buf, int size);

/* The remedy for a diagnosis, from the doctor's latest learning rates. */
void gs_doctor_remedy(const GsDoctor *dr, GsDiagnosisId id, GsRemedy *out);

/* The raised ids in mask, joined with '+' ("d-wins+collapse"), into buf; "" for 0. */
void gs_doctor_mask_names(unsigned mask, char *buf, int size);

#endif

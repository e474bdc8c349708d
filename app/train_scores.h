/* train_scores.h: the judge's scores during headless training (`train --score-every`): a
 * fixed set of noise vectors, scored every N steps or every N seconds of wall time, written
 * as extra metrics.csv columns. */
#ifndef GS_TRAIN_SCORES_H
#define GS_TRAIN_SCORES_H

#include "gs_data.h"
#include "gs_gan.h"
#include "gs_scores.h"

/* Samples per score. Their FD varies by 3.8% (sd) between noise sets, against 5.6% for 250
 * and 2.2% for 2000 (a 400-step fast checkpoint, FD about 170); generating them is most of
 * a score's cost (0.4 CPU-seconds with the fast preset). */
#define TRAIN_SCORE_COUNT 500
/* With a time interval, scores may take at most this share of the wall time: on a slow or
 * busy machine a score (about 2.7 fast-preset training steps) is spaced out further. */
#define TRAIN_SCORE_BUDGET 0.03

typedef struct TrainScorer {
    long long every_steps; /* > 0: score when the step count is a multiple */
    double every_seconds;  /* > 0: score when this much wall time passed since the last */
    double last_time;      /* when the last score began */
    double min_gap;        /* seconds between scores that keeps them within the budget */
    GsDataset ds;
    int n;                 /* samples per score */
    int ready;             /* judge and reference built (lazily, at the first score) */
    int failed;            /* could not build them: scoring is off for the rest of the run */
    GsJudge judge;
    GsScoreRef ref;
    float *noise, *images;
    int count;             /* scores computed */
    double seconds;        /* wall time they took, the first one's setup included */
} TrainScorer;

/* Parses --score-every's value: "N" steps, "Ns" seconds, "0" off. 0 when malformed. */
int train_scorer_parse(const char *s, long long *steps, double *seconds);
/* Sets up the schedule (nothing is loaded yet) for n samples a score (0: the default
 * count); preset decides the default when neither steps nor seconds was given (steps < 0):
 * keras every 20 steps, otherwise every 30 s. */
void train_scorer_init(TrainScorer *t, const GsGan *gan, GsDataset ds, long long steps,
                       double seconds, int n, double now);
/* Scores now when due: fills *s and returns 1; 0 when not due (or scoring is off). A
 * failure to load the judge or the real images prints one warning and turns scoring off. */
int train_scorer_maybe(TrainScorer *t, GsGan *gan, double now, GsScores *s);
void train_scorer_free(TrainScorer *t);

#endif

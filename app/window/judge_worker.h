/* judge_worker.h: the digit judge (gs_judge.h) on a thread of its own, for the views: it
 * labels images (the grid's tiles) and scores a snapshot's generator on the same fixed
 * noise as `train --score-every`, never on the render thread. A view owns one; the
 * judge is loaded at its first job (the built-in one for the job's data set). */
#ifndef GS_JUDGE_WORKER_H
#define GS_JUDGE_WORKER_H

#include <stdint.h>

#include "gs_scores.h"
#include "gs_snapshot.h"

#define JUDGE_MAX_LABELS 100  /* images in one labelling job (a 10x10 grid) */
#define JUDGE_SCORE_COUNT 500 /* samples a score: train --score-every's count */

typedef struct JudgeWorker JudgeWorker; /* opaque: judge_worker.c */

/* A finished score: which run and step of the generator it judged, and its cost. */
typedef struct JudgeScore {
    GsScores s;
    uint64_t run;
    int64_t step;
    double seconds; /* wall time it took (the first one's judge loading included) */
} JudgeScore;

GsStatus judge_worker_create(JudgeWorker **out, GsError *err); /* starts the thread */
void judge_worker_free(JudgeWorker *w); /* stops and joins it (NULL is ignored) */

/* Labels n (<= JUDGE_MAX_LABELS) images (784 floats each, copied) with the judge of ds;
 * tag comes back with the labels. Replaces a pending labelling job. */
void judge_worker_label(JudgeWorker *w, GsDataset ds, const float *img, int n, uint64_t tag);
/* The latest labels when new since the last call: class and its probability per image;
 * returns their count (0: nothing new). */
int judge_worker_take_labels(JudgeWorker *w, uint64_t *tag, int *cls, float *conf, int cap);

/* Scores s's generator (its weights are copied here, so s may be released after): returns
 * 0 and does nothing while a score is still running or pending. */
int judge_worker_score(JudgeWorker *w, GsDataset ds, const GsSnapshot *s);
/* The latest score when new since the last call: 1 and *out. */
int judge_worker_take_score(JudgeWorker *w, JudgeScore *out);
/* The last failure (e.g. the judge could not load) into buf, once; 1 if there was one. */
int judge_worker_error(JudgeWorker *w, char *buf, int size);

#endif

/* doctor_news.h: what the training doctor raised in the window's current run, as the
 * trainer thread shares it (trainer_doctor.c) and the views read it (Frame.doctor). */
#ifndef GS_DOCTOR_NEWS_H
#define GS_DOCTOR_NEWS_H

#include <stdint.h>

#include "gs_doctor.h"

#define DOCTOR_DETAIL_MAX 320

typedef struct DoctorNews {
    uint64_t run;                 /* the trainer's run these belong to (0: none yet) */
    uint64_t seq;                 /* bumped with each change */
    unsigned raised;              /* bit id (GsDiagnosisId): raised in this run */
    int64_t step[GS_DX_COUNT];    /* the step where each began */
    char detail[GS_DX_COUNT][DOCTOR_DETAIL_MAX]; /* what the doctor measured (gs_doctor_detail) */
    GsRemedy remedy[GS_DX_COUNT]; /* what it proposes (gs_doctor_remedy) */
} DoctorNews;

/* The diagnosis a banner shows: the latest raised (the highest step; on a tie the higher
 * id) that is not in dismissed; GS_DX_NONE when none. */
static inline GsDiagnosisId doctor_news_current(const DoctorNews *n, unsigned dismissed) {
    int best = GS_DX_NONE;
    for (int id = 1; n && id < GS_DX_COUNT; id++)
        if ((n->raised & ~dismissed & (1u << id)) && (best == GS_DX_NONE || n->step[id] >= n->step[best])) best = id;
    return (GsDiagnosisId)best;
}

#endif

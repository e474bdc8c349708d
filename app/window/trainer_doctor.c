/* trainer_doctor.c: the doctor and the scenarios on the trainer thread (trainer_doctor.h). */
#include "trainer_doctor.h"

#include <math.h>
#include <string.h>

#include "gs_scenario.h"
#include "trainer.h"

/* The doctor for the trainer's run: the yardstick is 16 real digits spread over the set,
 * as `train` takes them (run_watch.c). */
static void begin(Trainer *t, TrainerDoctor *td) {
    const GsImages *train = trainer_train_set(t);
    td->verdicts = train->n < t->data.n && gs_doctor_verdict_digits(&t->data, train->n, td->seen, td->unseen);
    int n = train->n < GS_FIXED_NOISE_COUNT ? train->n : GS_FIXED_NOISE_COUNT;
    for (int i = 0; i < n; i++) {
        const uint8_t *src = train->pixels + (size_t)(i * (train->n / n)) * GS_IMG_SIZE;
        for (int p = 0; p < GS_IMG_SIZE; p++) td->images[i * GS_IMG_SIZE + p] = src[p] / 255.0f;
    }
    gs_doctor_init(&td->dr, &t->gan.cfg, td->images, n);
    td->run = t->run;
    pthread_mutex_lock(&t->lock);
    memset(&td->news, 0, sizeof td->news);
    td->news.run = t->run, td->news.seq = t->run << 16; /* a new run is news too */
    td->scores_pending = 0;
    pthread_mutex_unlock(&t->lock);
}

const GsImages *trainer_train_set(Trainer *t) {
    t->doctor.view = gs_scenario_view(gs_scenario_find(t->gan.cfg.preset), &t->data);
    return &t->doctor.view;
}

unsigned trainer_doctor_raised(const Trainer *t) {
    return t->doctor.run == t->run ? t->doctor.dr.raised : 0;
}

unsigned trainer_doctor_step(Trainer *t, const GsMetrics *m) {
    TrainerDoctor *td = &t->doctor;
    if (td->run != t->run) begin(t, td);
    unsigned raised = gs_doctor_feed_metrics(&td->dr, m, gs_doctor_weight_max(&t->gan));
    pthread_mutex_lock(&t->lock);
    int scored = td->scores_pending && td->scores_run == t->run;
    double rec = td->recog, cov = td->coverage;
    int64_t at = td->scores_step;
    td->scores_pending = 0;
    pthread_mutex_unlock(&t->lock);
    if (scored) raised |= gs_doctor_feed_scores(&td->dr, at, rec, cov);
    /* the samples: 16 images through G, about 1% of a `fast` step's time every 25 steps */
    if (t->gan.step % TRAINER_DOCTOR_CHECK == 0 && !(raised & (1u << GS_DX_DIVERGED))) {
        gs_gan_generate(&t->gan, t->gan.fixed_noise, GS_FIXED_NOISE_COUNT, td->images);
        raised |= gs_doctor_feed_samples(&td->dr, t->gan.step, td->images, GS_FIXED_NOISE_COUNT);
        if (td->verdicts) raised |= gs_doctor_check_verdicts(&td->dr, &t->gan, td->seen, td->unseen);
    }
    if (!raised) return 0;
    pthread_mutex_lock(&t->lock);
    for (int id = 1; id < GS_DX_COUNT; id++) {
        if (!(raised & (1u << id))) continue;
        td->news.step[id] = td->dr.raised_step[id];
        gs_doctor_detail(&td->dr, (GsDiagnosisId)id, td->news.detail[id], DOCTOR_DETAIL_MAX);
        gs_doctor_remedy(&td->dr, (GsDiagnosisId)id, &td->news.remedy[id]);
    }
    td->news.raised |= raised;
    td->news.seq++;
    pthread_mutex_unlock(&t->lock);
    return raised;
}

int trainer_scenario_prepare(Trainer *t) {
    const GsScenario *sc = gs_scenario_find(t->gan.cfg.preset);
    if (!sc || t->gan.step != 0 || sc->pretrain_d <= 0) return 0;
    gs_scenario_prepare(sc, &t->gan, trainer_train_set(t));
    return 1;
}

void trainer_doctor_scores(Trainer *t, uint64_t run, int64_t step, double recognisability, double coverage) {
    if (!t->started) return;
    pthread_mutex_lock(&t->lock);
    TrainerDoctor *td = &t->doctor;
    td->scores_pending = 1, td->scores_run = run, td->scores_step = step;
    td->recog = recognisability, td->coverage = coverage;
    pthread_mutex_unlock(&t->lock);
}

int trainer_doctor_news(Trainer *t, uint64_t *seen, DoctorNews *out) {
    if (!t->started) return 0;
    pthread_mutex_lock(&t->lock);
    int fresh = t->doctor.news.seq != *seen;
    if (fresh) *seen = t->doctor.news.seq, *out = t->doctor.news;
    pthread_mutex_unlock(&t->lock);
    return fresh;
}

/* run_watch.c: the doctor and the replay file during `ganscope train`. */
#define _POSIX_C_SOURCE 200809L
#include "run_watch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gs_explain.h"
#include "gs_file.h"

GsStatus run_watch_start(RunWatch *w, GsGan *gan, const GsImages *data, const char *dir,
                         long long resume_step, long long replay_every, GsError *err) {
    memset(w, 0, sizeof *w);
    w->replay.fd = -1;
    w->check_every = 25; /* 16 generated images: about 1% of a `fast` run's time */
    w->replay_every = replay_every;
    w->last_frame = resume_step; /* a resumed run's frames end at its checkpoint */
    w->fd = NAN;
    w->images = malloc(sizeof(float) * GS_FIXED_NOISE_COUNT * GS_IMG_SIZE);
    if (!w->images) return gs_fail(err, GS_ERR_NOMEM, "out of memory for the doctor");
    /* the yardstick: 16 real digits spread over the set, as samples/real.png shows */
    int n = data->n < GS_FIXED_NOISE_COUNT ? data->n : GS_FIXED_NOISE_COUNT;
    for (int i = 0; i < n; i++) {
        const uint8_t *src = data->pixels + (size_t)(i * (data->n / n)) * GS_IMG_SIZE;
        for (int p = 0; p < GS_IMG_SIZE; p++) w->images[i * GS_IMG_SIZE + p] = src[p] / 255.0f;
    }
    gs_doctor_init(&w->doctor, &gan->cfg, w->images, n);
    if (!replay_every) return GS_OK;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, GS_REPLAY_FILE);
    GsStatus st = gs_replay_open(&w->replay, path, resume_step, err);
    if (st == GS_OK && resume_step >= 0) { /* the frames kept: into memory, for the checkpoints */
        GsReplay kept;
        GsError lerr;
        w->last_frame = -1; /* the last kept frame's step: a kill may have cut the final one */
        if (gs_replay_load(path, &kept, &lerr) == GS_OK) {
            if (kept.n) w->last_frame = kept.frames[kept.n - 1].step;
            st = gs_replay_to_bytes(&kept, kept.n, &w->mem, err);
            gs_replay_free(&kept);
        }
    }
    if (st == GS_OK && resume_step < 0) { /* the first frame: where it starts */
        char none[2];
        st = run_watch_step(w, gan, NULL, 0, NULL, none, sizeof none, err);
    }
    return st;
}

GsStatus run_watch_verdicts(RunWatch *w, const GsImages *full, int limit, GsError *err) {
    w->seen = malloc(sizeof(float) * 2 * GS_DOCTOR_VERDICTS * GS_IMG_SIZE);
    if (!w->seen) return gs_fail(err, GS_ERR_NOMEM, "out of memory for the doctor");
    w->unseen = w->seen + GS_DOCTOR_VERDICTS * GS_IMG_SIZE;
    if (!gs_doctor_verdict_digits(full, limit, w->seen, w->unseen)) {
        free(w->seen);
        w->seen = w->unseen = NULL;
    }
    return GS_OK;
}

/* Prints a `doctor:` line for each diagnosis in raised and names them into doctor. */
static void report(RunWatch *w, long long step, unsigned raised, char *doctor, int size) {
    gs_doctor_mask_names(raised, doctor, size);
    for (int id = 1; id < GS_DX_COUNT; id++) {
        if (!(raised & (1u << id))) continue;
        const GsDiagnosisText *t = gs_explain_diagnosis((GsDiagnosisId)id);
        GsRemedy r;
        char detail[512];
        gs_doctor_remedy(&w->doctor, (GsDiagnosisId)id, &r);
        gs_doctor_detail(&w->doctor, (GsDiagnosisId)id, detail, sizeof detail);
        /* one line: what, measured how, in the picture, the tutorial's tip, what to try */
        fprintf(stderr, "%sdoctor: step %lld: %s (%s). %s %s%s%s%s%s\n", isatty(STDERR_FILENO) ? "\n" : "",
                step, t->title, t->id, detail, t->picture, *t->tip ? " Tutorial tip: " : "", t->tip,
                r.kind ? " Try: " : "", r.label);
    }
}

static GsStatus append_frame(RunWatch *w, GsGan *gan, const GsMetrics *m, double seconds, GsError *err) {
    uint8_t pixels[GS_FIXED_NOISE_COUNT * GS_IMG_SIZE];
    gs_replay_quantize(pixels, w->images, GS_FIXED_NOISE_COUNT * GS_IMG_SIZE);
    w->last_frame = gan->step;
    GsReplayFrame f = {gan->step, (float)seconds, m ? m->d_loss : NAN, m ? m->g_loss : NAN,
                       (float)w->doctor.recog, (float)w->doctor.coverage, (float)w->fd, w->doctor.raised,
                       GS_FIXED_NOISE_COUNT, pixels};
    GsStatus st = gs_replay_append(&w->replay, &f, err);
    return st == GS_OK ? gs_replay_buf_append(&w->mem, &f, err) : st;
}

GsStatus run_watch_step(RunWatch *w, GsGan *gan, const GsMetrics *m, double seconds,
                        const GsScores *scores, char *doctor, int size, GsError *err) {
    unsigned raised = 0;
    if (m) raised |= gs_doctor_feed_metrics(&w->doctor, m, gs_doctor_weight_max(gan));
    if (scores) {
        w->fd = scores->fd;
        raised |= gs_doctor_feed_scores(&w->doctor, gan->step, scores->recognisability, scores->coverage);
    }
    int check = m && gan->step % w->check_every == 0 && !(raised & (1u << GS_DX_DIVERGED));
    int frame = w->replay_every && gan->step % w->replay_every == 0;
    if (check || frame || !m) gs_gan_generate(gan, gan->fixed_noise, GS_FIXED_NOISE_COUNT, w->images);
    if (check) raised |= gs_doctor_feed_samples(&w->doctor, gan->step, w->images, GS_FIXED_NOISE_COUNT);
    if (check) raised |= gs_doctor_check_verdicts(&w->doctor, gan, w->seen, w->unseen);
    report(w, gan->step, raised, doctor, size);
    if ((frame || !m) && w->replay_every) return append_frame(w, gan, m, seconds, err);
    return GS_OK;
}

GsStatus run_watch_final(RunWatch *w, GsGan *gan, const GsMetrics *m, double seconds, GsError *err) {
    if (!w->replay_every || w->last_frame == gan->step || m->step != gan->step) return GS_OK;
    gs_gan_generate(gan, gan->fixed_noise, GS_FIXED_NOISE_COUNT, w->images);
    return append_frame(w, gan, m, seconds, err);
}

GsStatus run_watch_sync(RunWatch *w, GsError *err) { return gs_replay_sync(&w->replay, err); }

int run_watch_section(const RunWatch *w, GsCkptSection *sec) {
    if (!w->mem.n) return 0;
    memcpy(sec->tag, GS_REPLAY_SECTION, 4);
    sec->data = w->mem.data, sec->len = w->mem.len;
    return 1;
}

GsStatus run_watch_restore(const char *dir, const GsCkptSections *secs, const char *ckpt, int64_t step,
                           int *restored, GsError *err) {
    *restored = 0;
    const GsCkptSection *sec = gs_ckpt_sections_find(secs, GS_REPLAY_SECTION);
    if (!sec) return GS_OK;
    GsReplay from_ckpt, in_dir;
    GsError lerr;
    if (gs_replay_from_bytes(sec->data, sec->len, ckpt, &from_ckpt, &lerr) != GS_OK) return GS_OK; /* the file rules */
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, GS_REPLAY_FILE);
    int have = 0, want = gs_replay_count_until(&from_ckpt, step);
    if (gs_replay_load(path, &in_dir, &lerr) == GS_OK) {
        have = gs_replay_count_until(&in_dir, step);
        gs_replay_free(&in_dir);
    }
    GsStatus st = GS_OK;
    if (have < want) {
        GsReplayBuf b = {0};
        if ((st = gs_replay_to_bytes(&from_ckpt, want, &b, err)) == GS_OK &&
            (st = gs_file_write_atomic(path, b.data, b.len, err)) == GS_OK)
            *restored = want;
        gs_replay_buf_free(&b);
    }
    gs_replay_free(&from_ckpt);
    return st;
}

GsStatus run_watch_finish(RunWatch *w, GsError *err) {
    gs_replay_buf_free(&w->mem);
    GsStatus st = gs_replay_close(&w->replay, err);
    free(w->images);
    free(w->seen);
    w->images = NULL, w->seen = w->unseen = NULL;
    return st;
}

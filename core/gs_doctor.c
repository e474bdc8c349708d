/* gs_doctor.c: the training doctor's measures, thresholds and state machine. */
#include "gs_doctor.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The thresholds and why (measured runs in the README, "The training doctor"). */
GsDoctorLimits gs_doctor_default_limits(void) {
    GsDoctorLimits l;
    /* Averages over ~50 steps: one batch's loss swings by 0.3 in a healthy run; 50 steps are
     * 3-5 s of `fast`, short enough to name a failure while the class still watches. */
    l.ema_steps = 50;
    /* diverged: Keras's RMSprop moves a weight by at most ~3x the learning rate a step, so
     * weights cannot overflow quickly; a learning rate that is far too large shows instead as
     * weights growing without bound. Glorot initialisation gives |w| < 0.5 and a healthy run
     * stays below 5 (measured); 50 is far outside anything that still learns. */
    l.diverge_weight = 50;
    /* d-wins: healthy runs' averages (three seeds of the old `fast`, one of the retuned) stayed
     * above 0.29 (D's loss), below 0.87 (its accuracy) and below 3.8 (G's loss) from step 50,
     * with D ahead around steps 50-100; the d-wins scenario's stayed below 0.14, above 0.97
     * and above 6.1 from step 25 to 400. After step 100, 50 steps in a row. */
    l.dwins_d_loss = 0.2, l.dwins_d_acc = 0.95, l.dwins_g_loss = 4.0, l.dwins_hold = 50;
    l.dwins_after = 100;
    /* saturated: the clipped loss's ceiling is -ln(1e-7) = 16.1 an image (15.9 on the "real"
     * side). A D that calls every image fake (or real) pins its loss at 8.0-8.1, a G whose
     * every fake is clipped at 16.1; healthy runs with the clipped loss averaged 0.3-0.5 and
     * 1-4. Per step, 30 steps in a row. */
    l.sat_d_loss = 7.5, l.sat_g_loss = 12.0, l.sat_hold = 30;
    /* still-noise: real digits have 5-7% mid-grey pixels (stroke edges); a healthy `fast`
     * run is below 15% by its digits step; an untrained generator's output is 60-100%. */
    l.noise_grey = 0.30, l.noise_recog = 0.5, l.noise_after = 1.0;
    /* Speckle and collapse judge samples that look like digits: under 20% mid-grey (healthy
     * runs are under 10% from step 150; grey blobs of a stuck generator are 27-70%). */
    l.digit_grey = 0.20;
    /* speckle: real digits have none (0 in 16), so the yardstick is at least 0.5 per 1,000
     * pixels: the limit is 1.5. Healthy runs' samples had at most 0.08 from step 300 (three
     * seeds, 2,100 steps each), the collapse scenario's 4-23. Three checks in a row. */
    l.speckle_ratio = 3.0, l.speckle_floor = 0.5, l.speckle_hold = 3, l.speckle_after = 300;
    /* collapse: 16 different real digits are 0.339 apart (RMS); healthy runs' samples stayed
     * at 82% of that or more from step 200; the collapse scenario's fell to 25-40% by step 500. */
    l.collapse_spread = 0.45, l.collapse_coverage = 0.5, l.collapse_hold = 3, l.collapse_after = 200;
    /* memorised: on 200 training digits (the no-dropout scenario through `train`, seeds 1-3)
     * the gap between D's verdicts on 64 it trains on and the 64 after them, never seen, was
     * 0.62-0.66 where it fired (steps 600-700); the same recipe with dropout 0.4 stayed at
     * 0.36 or less to step 700 and 0.47 to step 1,000. Up to step 300 it is at most 0.18
     * either way. Two checks in a row, 100 steps apart, so one lucky batch does not raise it. */
    l.memorise_gap = 0.55, l.memorise_hold = 2, l.memorise_after = 300;
    return l;
}

void gs_doctor_measure(const float *images, int n, GsSampleStats *out) {
    memset(out, 0, sizeof *out);
    if (n <= 0) return;
    const int S = GS_IMG_SIDE;
    long grey = 0, specks = 0;
    for (int i = 0; i < n; i++) {
        const float *im = images + (size_t)i * GS_IMG_SIZE;
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++) {
                float v = im[y * S + x];
                grey += v > 0.25f && v < 0.75f;
                /* a speck: differs by > 0.4 from every neighbour inside the image, the same way */
                int up = 0, down = 0, nb = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy, xx = x + dx;
                        if ((dy == 0 && dx == 0) || yy < 0 || yy >= S || xx < 0 || xx >= S) continue;
                        float u = im[yy * S + xx];
                        nb++, up += v - u > 0.4f, down += u - v > 0.4f;
                    }
                specks += up == nb || down == nb;
            }
    }
    out->grey = (double)grey / ((double)n * GS_IMG_SIZE);
    out->speckle = 1000.0 * (double)specks / ((double)n * GS_IMG_SIZE);
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            const float *a = images + (size_t)i * GS_IMG_SIZE, *b = images + (size_t)j * GS_IMG_SIZE;
            double d = 0;
            for (int p = 0; p < GS_IMG_SIZE; p++) d += ((double)a[p] - b[p]) * ((double)a[p] - b[p]);
            sum += sqrt(d / GS_IMG_SIZE), pairs++;
        }
    out->spread = pairs ? sum / pairs : 0;
}

void gs_doctor_init(GsDoctor *dr, const GsConfig *cfg, const float *real, int n) {
    memset(dr, 0, sizeof *dr);
    dr->lim = gs_doctor_default_limits();
    dr->loss = cfg->loss;
    /* Where digits normally show (README, "The model"): `fast` from about 600 steps, the
     * tutorial's model later; with margin, as "still noise" must never fire on a good run. */
    dr->digits_step = strcmp(cfg->preset, "keras") == 0 ? 3000 : 1500;
    dr->lr_d = cfg->lr_d, dr->lr_g = cfg->lr_g;
    dr->recog = dr->coverage = NAN;
    dr->seen = dr->unseen = NAN;
    gs_doctor_measure(real, n, &dr->real);
}

static unsigned raise(GsDoctor *dr, GsDiagnosisId id, int64_t step) {
    unsigned bit = 1u << id;
    if (dr->raised & bit) return 0;
    dr->raised |= bit;
    dr->raised_step[id] = step;
    return bit;
}

double gs_doctor_weight_max(const GsGan *gan) {
    /* On the bits: for |x| (sign cleared) the order of the floats is the order of their bit
     * patterns as unsigned integers, and every NaN is above infinity's. An integer maximum
     * vectorises without -ffast-math; the window's trainer runs this every step. */
    uint32_t mx = 0;
    const GsNet *nets[2] = {&gan->g, &gan->d};
    for (int k = 0; k < 2; k++) {
        const float *p = nets[k]->params;
        for (size_t i = 0, n = nets[k]->n_params; i < n; i++) {
            uint32_t u;
            memcpy(&u, &p[i], sizeof u);
            u &= 0x7fffffffu;
            mx = u > mx ? u : mx;
        }
    }
    if (mx > 0x7f800000u) return NAN;
    float f;
    memcpy(&f, &mx, sizeof f);
    return f;
}

unsigned gs_doctor_feed_metrics(GsDoctor *dr, const GsMetrics *m, double weight_max) {
    const GsDoctorLimits *l = &dr->lim;
    dr->step = m->step;
    dr->weight_max = weight_max;
    dr->last_d_loss = m->d_loss, dr->last_g_loss = m->g_loss;
    if (!isfinite(m->d_loss) || !isfinite(m->g_loss) || !(weight_max <= l->diverge_weight))
        return raise(dr, GS_DX_DIVERGED, m->step);
    if (m->lr_d > 0) dr->lr_d = m->lr_d;
    if (m->lr_g > 0) dr->lr_g = m->lr_g;
    /* averages that start at the first value rather than at zero */
    double a = dr->n_steps ? 1.0 / l->ema_steps : 1.0;
    dr->n_steps++;
    dr->d_loss += a * (m->d_loss - dr->d_loss);
    dr->d_acc += a * (m->d_acc - dr->d_acc);
    dr->g_loss += a * (m->g_loss - dr->g_loss);
    unsigned out = 0;
    int settled = dr->n_steps >= (int64_t)l->ema_steps;
    int dwins = settled && m->step > l->dwins_after && dr->d_loss < l->dwins_d_loss && dr->d_acc > l->dwins_d_acc &&
                dr->g_loss > l->dwins_g_loss;
    dr->dwins_run = dwins ? dr->dwins_run + 1 : 0;
    /* Saturation only stops learning when the loss is clipped: with the logit loss a high
     * loss still pulls, and that is the discriminator winning. */
    int sat = dr->loss == GS_LOSS_SIGMOID_CLIPPED && (m->d_loss > l->sat_d_loss || m->g_loss > l->sat_g_loss);
    dr->sat_run = sat ? dr->sat_run + 1 : 0;
    if (dr->sat_run >= l->sat_hold) out |= raise(dr, GS_DX_SATURATED, m->step);
    else if (dr->dwins_run >= l->dwins_hold && dr->loss != GS_LOSS_SIGMOID_CLIPPED)
        out |= raise(dr, GS_DX_D_WINS, m->step);
    return out;
}

static unsigned check_still_noise(GsDoctor *dr, int64_t step) {
    const GsDoctorLimits *l = &dr->lim;
    if ((double)step < l->noise_after * (double)dr->digits_step) return 0;
    int noisy = isfinite(dr->recog) ? dr->recog < l->noise_recog : dr->have_samples && dr->last.grey > l->noise_grey;
    return noisy ? raise(dr, GS_DX_STILL_NOISE, step) : 0;
}

unsigned gs_doctor_feed_samples(GsDoctor *dr, int64_t step, const float *images, int n) {
    const GsDoctorLimits *l = &dr->lim;
    gs_doctor_measure(images, n, &dr->last);
    dr->have_samples = 1;
    unsigned out = check_still_noise(dr, step);
    double specks = dr->last.speckle / fmax(dr->real.speckle, l->speckle_floor);
    int digits = dr->last.grey < l->digit_grey;
    int speckled = step >= l->speckle_after && digits && specks > l->speckle_ratio;
    dr->speckle_run = speckled ? dr->speckle_run + 1 : 0;
    if (dr->speckle_run >= l->speckle_hold) out |= raise(dr, GS_DX_SPECKLE, step);
    int alike = step >= l->collapse_after && digits && dr->last.spread < l->collapse_spread * dr->real.spread;
    dr->collapse_run = alike ? dr->collapse_run + 1 : 0;
    if (dr->collapse_run >= l->collapse_hold) out |= raise(dr, GS_DX_COLLAPSE, step);
    return out;
}

unsigned gs_doctor_feed_scores(GsDoctor *dr, int64_t step, double recognisability, double coverage) {
    dr->recog = recognisability, dr->coverage = coverage;
    unsigned out = check_still_noise(dr, step);
    /* few classes among samples the judge recognises: grey blobs it cannot read are not a
     * collapse onto some digits (they are still-noise, or the discriminator winning) */
    if (step >= dr->lim.collapse_after && isfinite(coverage) && coverage < dr->lim.collapse_coverage &&
        recognisability >= dr->lim.noise_recog)
        out |= raise(dr, GS_DX_COLLAPSE, step);
    return out;
}

int gs_doctor_verdict_digits(const GsImages *full, int limit, float *seen, float *unseen) {
    if (limit < GS_DOCTOR_VERDICTS || limit > full->n - GS_DOCTOR_VERDICTS) return 0;
    const size_t n = (size_t)GS_DOCTOR_VERDICTS * GS_IMG_SIZE;
    const uint8_t *after = full->pixels + (size_t)limit * GS_IMG_SIZE;
    for (size_t i = 0; i < n; i++) seen[i] = full->pixels[i] / 255.0f, unseen[i] = after[i] / 255.0f;
    return 1;
}

/* D's mean probability "real" on n images, in inference mode (no dropout, no RNG). */
static double mean_verdict(GsGan *gan, const float *images, int n) {
    double sum = 0;
    for (int i = 0; i < n; i += gan->d.max_batch) {
        int nb = n - i < gan->d.max_batch ? n - i : gan->d.max_batch;
        const float *logit = gs_net_forward(&gan->d, images + (size_t)i * GS_IMG_SIZE, nb, 0, NULL);
        for (int k = 0; k < nb; k++) sum += 1.0 / (1.0 + exp(-(double)logit[k]));
    }
    return sum / n;
}

void gs_doctor_verdicts(GsGan *gan, const float *seen, const float *unseen, double *p_seen, double *p_unseen) {
    *p_seen = mean_verdict(gan, seen, GS_DOCTOR_VERDICTS);
    *p_unseen = mean_verdict(gan, unseen, GS_DOCTOR_VERDICTS);
}

unsigned gs_doctor_check_verdicts(GsDoctor *dr, GsGan *gan, const float *seen, const float *unseen) {
    if (!seen || gan->step % GS_DOCTOR_VERDICT_EVERY != 0) return 0;
    double p_seen, p_unseen;
    gs_doctor_verdicts(gan, seen, unseen, &p_seen, &p_unseen);
    return gs_doctor_feed_verdicts(dr, gan->step, p_seen, p_unseen);
}

unsigned gs_doctor_feed_verdicts(GsDoctor *dr, int64_t step, double seen, double unseen) {
    const GsDoctorLimits *l = &dr->lim;
    dr->seen = seen, dr->unseen = unseen;
    int apart = step >= l->memorise_after && seen - unseen > l->memorise_gap;
    dr->memorise_run = apart ? dr->memorise_run + 1 : 0;
    return dr->memorise_run >= l->memorise_hold ? raise(dr, GS_DX_MEMORISED, step) : 0;
}

void gs_doctor_detail(const GsDoctor *dr, GsDiagnosisId id, char *buf, int size) {
    const GsDoctorLimits *l = &dr->lim;
    const char *held = "";
    if (size > 0) buf[0] = 0;
    switch (id) {
    case GS_DX_D_WINS:
        snprintf(buf, (size_t)size, "Over the last %.0f steps D's loss averaged %.3f and its accuracy %.2f "
                 "while G's loss averaged %.2f (limits %.2f, %.2f, %.1f, held %lld steps).", l->ema_steps,
                 dr->d_loss, dr->d_acc, dr->g_loss, l->dwins_d_loss, l->dwins_d_acc, l->dwins_g_loss,
                 (long long)l->dwins_hold);
        break;
    case GS_DX_SATURATED:
        snprintf(buf, (size_t)size, "D's loss is %.2f and G's %.2f, at the clipped loss's ceiling (16.1 an "
                 "image) for %lld steps: no gradient passes.", dr->last_d_loss, dr->last_g_loss, (long long)l->sat_hold);
        break;
    case GS_DX_STILL_NOISE:
        if (isfinite(dr->recog))
            snprintf(buf, (size_t)size, "At step %lld the judge recognises the samples with confidence %.2f "
                     "(below %.2f).", (long long)dr->raised_step[id], dr->recog, l->noise_recog);
        else
            snprintf(buf, (size_t)size, "At step %lld %.0f%% of the samples' pixels are mid-grey (real digits: "
                     "%.0f%%; limit %.0f%%).", (long long)dr->raised_step[id], 100 * dr->last.grey,
                     100 * dr->real.grey, 100 * l->noise_grey);
        break;
    case GS_DX_SPECKLE:
        snprintf(buf, (size_t)size, "The samples carry %.1f isolated specks per 1,000 pixels (real digits: %.1f) "
                 "on %d checks in a row.", dr->last.speckle, dr->real.speckle, l->speckle_hold);
        break;
    case GS_DX_COLLAPSE:
        if (isfinite(dr->coverage) && dr->coverage < l->collapse_coverage)
            snprintf(buf, (size_t)size, "The judge finds the samples cover the classes at %.2f (below %.2f).",
                     dr->coverage, l->collapse_coverage);
        else
            snprintf(buf, (size_t)size, "The 16 samples are %.3f apart on average (real digits: %.3f; limit %.0f%% "
                     "of that) on %d checks in a row.", dr->last.spread, dr->real.spread, 100 * l->collapse_spread,
                     l->collapse_hold);
        break;
    case GS_DX_DIVERGED:
        if (!isfinite(dr->last_d_loss) || !isfinite(dr->last_g_loss) || !isfinite(dr->weight_max))
            held = "a loss or a weight is not a number or infinite: the run stops and keeps its last good checkpoint.";
        snprintf(buf, (size_t)size, "%s", *held ? held : "");
        if (!*held)
            snprintf(buf, (size_t)size, "The largest weight is %.3g (they start at 1 or less; limit %.0f): the "
                     "run goes on, but cannot recover.", dr->weight_max, l->diverge_weight);
        break;
    case GS_DX_MEMORISED:
        snprintf(buf, (size_t)size, "D calls the real digits it trains on real with probability %.2f on average, "
                 "real digits it never saw %.2f (gap above %.2f on %d checks in a row).", dr->seen, dr->unseen,
                 l->memorise_gap, l->memorise_hold);
        break;
    default: break;
    }
}

void gs_doctor_remedy(const GsDoctor *dr, GsDiagnosisId id, GsRemedy *out) {
    memset(out, 0, sizeof *out);
    switch (id) {
    case GS_DX_D_WINS:
        out->kind = GS_REMEDY_SET_LR_D, out->value = dr->lr_d / 10;
        snprintf(out->label, sizeof out->label, "lower D's learning rate to %.3g", out->value);
        break;
    case GS_DX_COLLAPSE:
        out->kind = GS_REMEDY_SET_LR_G, out->value = dr->lr_g / 4;
        snprintf(out->label, sizeof out->label, "lower G's learning rate to %.3g", out->value);
        break;
    case GS_DX_SPECKLE:
    case GS_DX_MEMORISED:
        out->kind = GS_REMEDY_SET_DROPOUT, out->value = 0.4f;
        snprintf(out->label, sizeof out->label, "restart with dropout 0.4 in both networks");
        break;
    case GS_DX_STILL_NOISE:
    case GS_DX_SATURATED:
    case GS_DX_DIVERGED:
        out->kind = GS_REMEDY_RESTART_DEFAULT;
        snprintf(out->label, sizeof out->label, "restart with the default preset");
        break;
    default: break;
    }
}

void gs_doctor_mask_names(unsigned mask, char *buf, int size) {
    int len = 0;
    if (size > 0) buf[0] = 0;
    for (int i = 1; i < GS_DX_COUNT && len < size; i++)
        if (mask & (1u << i))
            len += snprintf(buf + len, (size_t)(size - len), "%s%s", len ? "+" : "", gs_explain_diagnosis(i)->id);
}

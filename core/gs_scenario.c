/* gs_scenario.c: the break-it scenarios' settings, each measured on three seeds (README,
 * "Break it on purpose"). */
#include "gs_scenario.h"

#include <string.h>

/* Keep batch and learning rates absolute: `fast` is tuned from time to time, a scenario must
 * keep failing the same way. The tutorial's values: lr_d 8e-4, lr_g 4e-4, dropout 0.4. */
static const GsScenario scenarios[] = {
    {"d-wins", "the discriminator pre-trained 100 steps, then learning 20x faster than the generator",
     GS_DX_D_WINS, 200, 32, 2e-3f, 1e-4f, 0.4f, -1, GS_LOSS_LOGITS, 100, 0},
    /* no-dropout: on the full set no run measured showed specks; on 200 digits D without
     * dropout memorises them (README, "What removing dropout does here"). */
    {"no-dropout", "the tutorial's dropout removed from both networks, on the first 200 training digits",
     GS_DX_MEMORISED, 700, 32, 8e-4f, 4e-4f, 0.0f, -1, GS_LOSS_LOGITS, 0, 200},
    {"collapse", "a discriminator that barely learns (lr 1e-6) facing a fast generator (lr 4e-3)",
     GS_DX_COLLAPSE, 500, 32, 1e-6f, 4e-3f, 0.4f, -1, GS_LOSS_LOGITS, 0, 0},
    {"diverge", "learning rate 10 for both networks, no gradient clipping", GS_DX_DIVERGED, 10,
     32, 10.0f, 10.0f, 0.4f, 1e6f, GS_LOSS_LOGITS, 0, 0},
    {"sigmoid-bce", "the tutorial's loss on the clipped sigmoid output, D's learning rate 1.6e-2",
     GS_DX_SATURATED, 60, 32, 1.6e-2f, 4e-4f, 0.4f, -1, GS_LOSS_SIGMOID_CLIPPED, 0, 0},
};

const GsScenario *gs_scenario_list(int *count) {
    *count = (int)(sizeof scenarios / sizeof scenarios[0]);
    return scenarios;
}

const GsScenario *gs_scenario_find(const char *name) {
    int n;
    const GsScenario *list = gs_scenario_list(&n);
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].name, name) == 0) return &list[i];
    return NULL;
}

GsStatus gs_scenario_config(const GsScenario *sc, uint64_t seed, GsConfig *cfg, GsError *err) {
    GsStatus st = gs_config_preset(cfg, "fast", err);
    if (st != GS_OK) return st;
    /* The widths every scenario was measured on (README, "Break it on purpose"): absolute,
     * so retuning `fast` does not move a scenario's failure. The wider dense map `fast`
     * took later kept `no-dropout` seed 2 from memorising within 800 steps. */
    cfg->g_dense_c = 64;
    cfg->g_c[0] = 32, cfg->g_c[1] = 16, cfg->g_c[2] = 8;
    cfg->d_c[0] = 16, cfg->d_c[1] = 32, cfg->d_c[2] = 64, cfg->d_c[3] = 128;
    cfg->late_from = 0; /* one phase: the scenarios were measured without a second */
    if (sc->batch > 0) cfg->batch = sc->batch;
    if (sc->lr_d > 0) cfg->lr_d = sc->lr_d;
    if (sc->lr_g > 0) cfg->lr_g = sc->lr_g;
    if (sc->dropout >= 0) cfg->g_dropout = cfg->d_dropout = sc->dropout;
    if (sc->clipvalue >= 0) cfg->clipvalue = sc->clipvalue;
    cfg->loss = sc->loss;
    cfg->ema_decay = 0.0f; /* a scenario shows the trained generator's own failure, unsmoothed */
    cfg->seed = seed;
    memset(cfg->preset, 0, sizeof cfg->preset);
    strncpy(cfg->preset, sc->name, sizeof cfg->preset - 1);
    return gs_config_validate(cfg, err);
}

void gs_scenario_restore(GsConfig *cfg) {
    const GsScenario *sc = gs_scenario_find(cfg->preset);
    if (sc) cfg->loss = sc->loss;
}

GsImages gs_scenario_view(const GsScenario *sc, const GsImages *full) {
    GsImages v = *full;
    if (sc && sc->limit > 0 && sc->limit < v.n) v.n = sc->limit;
    return v;
}

void gs_scenario_prepare(const GsScenario *sc, GsGan *gan, const GsImages *data) {
    GsMetrics m;
    memset(&m, 0, sizeof m);
    for (int i = 0; i < sc->pretrain_d && !gs_gan_stopped(gan); i++) gs_gan_step_d(gan, data, &m);
}

/* gs_scenario.h: break-it scenarios: runs set up to show one failure of GAN training on
 * purpose (the discriminator winning or memorising a small real set, mode collapse, divergence,
 * a saturated loss), each built on the `fast` preset, with the diagnosis it should raise. Their
 * texts are in gs_explain.h. */
#ifndef GS_SCENARIO_H
#define GS_SCENARIO_H

#include <stdint.h>

#include "gs_explain.h"
#include "gs_gan.h"
#include "gs_idx.h"
#include "gs_model.h"
#include "gs_status.h"

typedef struct GsScenario {
    const char *name;       /* also the run's preset name, so a checkpoint remembers it */
    const char *summary;    /* one line for lists */
    GsDiagnosisId expect;   /* the doctor's diagnosis it shows */
    int64_t expect_within;  /* steps by which that diagnosis fired on every measured seed;
                               0: not seen to fire in the runs measured (README) */
    /* Settings on top of `fast` (absolute values, so retuning `fast` does not move them);
     * a negative value leaves the preset's. */
    int batch;
    float lr_d, lr_g, dropout, clipvalue;
    GsLoss loss;
    int pretrain_d;         /* discriminator-only steps before the first step */
    int limit;              /* train on the first `limit` real images only (0: all); the
                               doctor's memorisation check uses the ones right after them */
} GsScenario;

/* The scenarios, in listing order, and their number. */
const GsScenario *gs_scenario_list(int *count);
/* The one named name, or NULL. */
const GsScenario *gs_scenario_find(const char *name);

/* The configuration of a run of scenario sc with seed. */
GsStatus gs_scenario_config(const GsScenario *sc, uint64_t seed, GsConfig *cfg, GsError *err);

/* What a checkpoint does not hold (the loss) restored from the preset name of a loaded
 * configuration; a no-op for anything but a scenario run. */
void gs_scenario_restore(GsConfig *cfg);

/* The images a run of sc (NULL: not a scenario) trains on: full itself, or a view of its
 * first sc->limit images (the same pixels, not to be freed). */
GsImages gs_scenario_view(const GsScenario *sc, const GsImages *full);

/* Sets a fresh run of sc up before its first step (the discriminator's head start); call
 * once, on a GAN at step 0. Draws from the GAN's RNG like training does. */
void gs_scenario_prepare(const GsScenario *sc, GsGan *gan, const GsImages *data);

#endif

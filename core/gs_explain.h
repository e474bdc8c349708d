/* gs_explain.h: every text the teaching features show, in one place: what each diagnosis of
 * the training doctor means and each break-it scenario does, told in the tutorial's picture
 * (the discriminator is the police, the generator the counterfeiter), with the tutorial's
 * matching tip. Front ends (the CLI, the window's help overlay) only display these. */
#ifndef GS_EXPLAIN_H
#define GS_EXPLAIN_H

/* What the doctor can name (gs_doctor.h). The order is the metrics.csv `doctor` column's. */
typedef enum GsDiagnosisId {
    GS_DX_NONE = 0,
    GS_DX_D_WINS,      /* D's loss near zero, accuracy near 1, G's loss climbing */
    GS_DX_STILL_NOISE, /* no digits yet where this preset normally shows them */
    GS_DX_SPECKLE,     /* noisy, speckled outputs */
    GS_DX_COLLAPSE,    /* the samples became too alike */
    GS_DX_SATURATED,   /* D's verdicts stuck at the clipped ends: no gradient left */
    GS_DX_DIVERGED,    /* a loss or weight became NaN or infinite */
    GS_DX_MEMORISED,   /* D calls the real digits it trains on real, others much less */
    GS_DX_COUNT
} GsDiagnosisId;

typedef struct GsDiagnosisText {
    const char *id;      /* short stable name: "d-wins", ... (CLI, metrics, tests) */
    const char *title;   /* a few words: "the discriminator wins" */
    const char *picture; /* what happens, in the police-and-counterfeiter picture */
    const char *tip;     /* the tutorial's matching tip, or "" when it has none */
} GsDiagnosisText;

/* The texts for id (GS_DX_NONE .. GS_DX_COUNT-1); NULL for anything else. */
const GsDiagnosisText *gs_explain_diagnosis(GsDiagnosisId id);
/* The id whose text id is name, or GS_DX_NONE. */
GsDiagnosisId gs_explain_diagnosis_find(const char *name);

/* The paragraph that introduces a break-it scenario (gs_scenario.h), or NULL if unknown. */
const char *gs_explain_scenario(const char *name);

/* The six phases of a training step (GsStepPhase in gs_gan.h, same order), for the
 * window's model overview and its slow motion. */
typedef struct GsPhaseText {
    const char *title;   /* a few words: "G makes fakes" */
    const char *picture; /* the phase in the police-and-counterfeiter picture, one sentence or two */
    const char *what;    /* what the arithmetic does, one sentence */
} GsPhaseText;

/* The texts for phase 0 .. 5; NULL for anything else. */
const GsPhaseText *gs_explain_phase(int phase);
/* One line on what a panel of the window shows, in the same picture (its caption and the
 * help overlay): "grid", "strip", "loss", "accuracy", "d-output", "scores", "digits",
 * "explorer", "lr"; NULL for any other name. */
const char *gs_explain_panel(const char *name);

#endif

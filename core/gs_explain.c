/* gs_explain.c: the teaching texts (diagnoses and scenarios) in the police-and-counterfeiter
 * picture, with the tutorial's tips quoted where one matches. */
#include "gs_explain.h"

#include <string.h>

/* The tutorial's three tips, as it words them. */
#define TIP_NOISY                                                                            \
    "Final images are too noisy: use dropout in both networks; 0.3 to 0.6 gives more "      \
    "realistic images."
#define TIP_D_WINS                                                                           \
    "The discriminator's loss quickly goes to zero and the generator stops learning: do "    \
    "not pre-train the discriminator; give it a larger learning rate than the adversarial "  \
    "model; try a different noise sample."
#define TIP_STILL_NOISE                                                                      \
    "The generator's output still looks like noise: check the order of activations, batch " \
    "normalization and dropout."

static const GsDiagnosisText diagnoses[GS_DX_COUNT] = {
    [GS_DX_NONE] = {"none", "all well", "The police and the counterfeiter are learning from each other.", ""},
    [GS_DX_D_WINS] = {"d-wins", "the discriminator wins",
                      "The police catch every fake at a glance, so the counterfeiter learns nothing "
                      "from being caught: every attempt is equally hopeless and its loss keeps "
                      "climbing. Slow the police down, or let the counterfeiter learn faster.",
                      TIP_D_WINS},
    [GS_DX_STILL_NOISE] = {"still-noise", "still noise",
                           "The counterfeiter is still handing over grey smudges long after it "
                           "normally prints digits: the police's remarks are not teaching it "
                           "what a digit looks like. Start again with the default settings.",
                           TIP_STILL_NOISE},
    [GS_DX_SPECKLE] = {"speckle", "noisy, speckled digits",
                       "The counterfeiter's notes carry speckles no real note has, and the police "
                       "no longer object to them: both have learned the details of the last few "
                       "batches rather than what a digit looks like. Dropout makes each of them "
                       "judge from many partial views.",
                       TIP_NOISY},
    [GS_DX_COLLAPSE] = {"collapse", "mode collapse",
                        "The counterfeiter found a few notes that fool the police and now prints "
                        "only those: whatever noise it is given, the samples look alike. The "
                        "police will catch on, the counterfeiter will jump to another few, and "
                        "the variety of real digits is never learned.",
                        ""},
    [GS_DX_SATURATED] = {"saturated", "the discriminator is saturated",
                         "The police's verdicts are stuck at 'certainly real' or 'certainly "
                         "fake', where the probability is clipped: a clipped verdict gives no "
                         "hint how to do better, so nobody learns from it. Computing the loss "
                         "from the logit, before the sigmoid, keeps the hint.",
                         ""},
    [GS_DX_DIVERGED] = {"diverged", "training diverged",
                        "Police and counterfeiter both take steps so large that they overshoot "
                        "everything they learned: the weights blow up, the counterfeiter's notes "
                        "turn into flat black or white, and neither side can find its way back. "
                        "A smaller learning rate (and clipping each step) keeps them on track.",
                        ""},
    [GS_DX_MEMORISED] = {"memorised", "the police memorise the real digits",
                         "The police learnt their few real notes by heart: those pass, every "
                         "other real note is called fake. The counterfeiter is pushed toward "
                         "copies of those few. Dropout makes the police judge from partial "
                         "views, which cannot all be learnt by heart.",
                         TIP_NOISY},
};

const GsDiagnosisText *gs_explain_diagnosis(GsDiagnosisId id) {
    return (int)id >= 0 && id < GS_DX_COUNT ? &diagnoses[id] : NULL;
}

GsDiagnosisId gs_explain_diagnosis_find(const char *name) {
    for (int i = 1; i < GS_DX_COUNT; i++)
        if (strcmp(diagnoses[i].id, name) == 0) return (GsDiagnosisId)i;
    return GS_DX_NONE;
}

static const struct {
    const char *name, *text;
} scenarios[] = {
    {"d-wins",
     "The police get a head start and a faster pace: the discriminator is trained alone for 100 "
     "steps on real digits and the untrained generator's grey noise, then learns 20 times faster "
     "than the counterfeiter. It rejects every fake with total confidence, and the counterfeiter, "
     "told only 'wrong' whatever it tries, hardly improves: its samples stay grey blobs. The "
     "tutorial warns against exactly this (its tip 2)."},
    {"no-dropout",
     "The tutorial's dropout (40% of the features dropped in both networks while training) is "
     "taken out, and the police are shown only 200 real notes, over and over. Its tip 1 warns "
     "that without dropout the final images come out noisy; on ganscope's model that never "
     "showed. What shows instead is what dropout is for: without it the police learn those "
     "200 notes by heart. They call them real and other real notes, never shown, fake, and "
     "the counterfeiter is pushed toward copies of the 200. The doctor compares the police's "
     "verdicts on 64 of the notes they train on with 64 they never see."},
    {"collapse",
     "The police barely learn (their learning rate is a millionth) while the counterfeiter "
     "learns fast. Facing a judge who never changes its mind, the counterfeiter finds the one "
     "kind of note this judge likes best and prints it for every noise vector. Here that note "
     "is not even a digit but a speckled pattern: first the specks appear, then all 16 samples "
     "in the grid become the same. Police who keep learning would catch each such trick and "
     "make the counterfeiter cover all the digits."},
    {"diverge",
     "Both police and counterfeiter take steps far too large (learning rate 10, 12,500 times "
     "the tutorial's discriminator), and nothing limits a single step (the tutorial clips each "
     "gradient to 1; here the clip is lifted). Within two steps the weights are past 50, the "
     "counterfeiter's notes go flat black and the police's verdicts stick at certainty: "
     "neither can find the way back."},
    {"sigmoid-bce",
     "The loss is computed as the tutorial's Keras computes it: on the police's probability "
     "after the sigmoid, clipped to [1e-7, 1-1e-7], instead of on the logit; the police also "
     "learn fast (1.6e-2). One big step makes them certain that every note is fake (or every "
     "note real). The probability then sits at the clip, and a clipped verdict passes back no "
     "gradient: the police can never correct themselves and the counterfeiter learns nothing. "
     "D's loss freezes at 8.06 (half the images at the ceiling of 16.1) for good. The same "
     "run with the loss on the logit recovers; that is why ganscope computes it that way."},
};

const char *gs_explain_scenario(const char *name) {
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
        if (strcmp(scenarios[i].name, name) == 0) return scenarios[i].text;
    return NULL;
}

/* In GsStepPhase's order. */
static const GsPhaseText phases[] = {
    {"G makes fakes",
     "The counterfeiter prints a batch of fake notes from random scribbles, and a batch of "
     "real notes is fetched from the bank.",
     "B noise vectors through G (prediction mode) give B fakes; B real digits are drawn "
     "from the training set."},
    {"D judges both",
     "The police examine the real notes and the fakes side by side and say, for each one, "
     "how sure they are that it is real.",
     "D in training mode (with its dropout, where the preset has one) gives each of the 2B "
     "images a probability; D's loss is the cross-entropy against 1 for real, 0 for fake."},
    {"D updates",
     "The police learn from their mistakes: they sharpen whatever would have told these "
     "fakes from the real notes. The counterfeiter learns nothing yet.",
     "The gradient of D's loss flows back through D; RMSprop changes D's weights only."},
    {"G fakes again",
     "The counterfeiter prints a fresh batch from new scribbles, to try on the police who "
     "just got sharper.",
     "B new noise vectors through G in training mode (batch norm on this batch)."},
    {"D judges them",
     "The police judge the new fakes, and the counterfeiter wants every one of them called "
     "real.",
     "D, frozen, gives each new fake a probability; G's loss is the cross-entropy against "
     "label 1 (real)."},
    {"G updates",
     "The police's verdicts come back to the counterfeiter as advice: which ink to change, "
     "on each note, to look more real. The police themselves learn nothing from this.",
     "The gradient of G's loss flows back through the frozen D into the fakes' pixels and on "
     "into G; RMSprop changes G's weights only."},
};

const GsPhaseText *gs_explain_phase(int phase) {
    return phase >= 0 && phase < (int)(sizeof phases / sizeof *phases) ? &phases[phase] : NULL;
}

static const struct {
    const char *name, *text;
} panels[] = {
    {"grid", "The counterfeiter's latest notes from fixed noise; each frame is the police's verdict on it."},
    {"strip", "Notes made along a line from noise A to noise B: a smooth change means the counterfeiter "
              "learned a map of digits, not a list."},
    {"loss", "How badly each side did this step: the police (D) on real and fake notes, the counterfeiter "
             "(G) at fooling them."},
    {"accuracy", "How often the police judge right, and how often the counterfeiter's notes pass as real."},
    {"d-output", "The police's average verdict (1: real, 0: fake) on real notes, D(x), and on fakes, D(G(z))."},
    {"scores", "An outside expert reads the counterfeiter's notes: how recognisable they are, how evenly the ten kinds "
               "come out, how far from real (fd)."},
    {"digits", "Which kinds the counterfeiter prints, as the expert reads them: one tall bar is mode collapse."},
    {"explorer", "The counterfeiter's note for one noise vector; each slider moves one of its numbers."},
    {"lr", "lr D and lr G: how big a step the police and the counterfeiter take each time they learn "
           "(log scale, applied at once)."},
};

const char *gs_explain_panel(const char *name) {
    for (size_t i = 0; i < sizeof panels / sizeof panels[0]; i++)
        if (strcmp(panels[i].name, name) == 0) return panels[i].text;
    return NULL;
}

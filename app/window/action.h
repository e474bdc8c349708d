/* action.h: what the user asked for, as data. Views never act on the trainer, the other
 * views or the app themselves: they append actions to an Actions list, and one dispatcher
 * (app.c, app_apply) carries them out after the frame, then offers each to every view's
 * `apply` (a view takes the ones it cares about: the explorer takes ACT_SET_Z). Keys go
 * the same way. This keeps each view readable and testable alone: a test draws one view
 * and checks the actions it returned. */
#ifndef GS_ACTION_H
#define GS_ACTION_H

#include "gs_data.h"
#include "infer.h"

typedef enum ActionKind {
    ACT_MESSAGE,        /* text (error: i 1) in the status line */
    ACT_PLAY_PAUSE,     /* toggle training */
    ACT_STEP,           /* i: 0 a full step, 1 D only, 2 G only, 3 the next phase (slow motion) */
    ACT_RESET,          /* new weights, seed u */
    ACT_SAVE,           /* save the checkpoint (i 1: an autosave) */
    ACT_LOAD,           /* load the checkpoint */
    ACT_SET_LR,         /* learning rates f[0] (D), f[1] (G) */
    ACT_ASK_RESTART,    /* open the dialog: restart with preset text on data set ds */
    ACT_ANSWER_RESTART, /* the dialog's answer: i 1 restart, 0 cancel */
    ACT_ANSWER_RESUME,  /* the saved-run dialog's answer: i 1 continue it, 0 start over */
    ACT_SCREENSHOT,     /* write the next frame as a PNG */
    ACT_TOGGLE_HELP,
    ACT_TOGGLE_REAL,
    ACT_TOGGLE_LABELS,  /* the judge's label under each grid tile */    /* real training images in the grid instead of the generator's */
    ACT_GRID_SIDE,      /* grid side += i (4 to 10) */
    ACT_CONTROL_ROWS,   /* the control bar wants i rows (from the next frame) */
    ACT_SET_Z,          /* the explorer's vector becomes z (zdim values) */
    ACT_QUIT,
    ACT_SET_PAGE,       /* the right-hand panel shows page i (ViewPage) */
    ACT_TOGGLE_QUIZ,    /* the quiz opens over the window or closes */
    ACT_QUIZ_NEW,       /* the quiz deals a new round */
    ACT_TOGGLE_MODEL,   /* the model overview opens over the window or closes */
    ACT_SLOWMO,         /* slow motion on (i 1: training pauses) or off (i 0: it runs) */
    /* the training doctor and the break-it scenarios */
    ACT_DOCTOR_DISMISS, /* close the doctor's banner for diagnosis i (GsDiagnosisId) */
    ACT_DOCTOR_SCORES,  /* the judge's scores for the doctor: run i, step u, recognisability
                           f[0], coverage f[1] */
    ACT_TOGGLE_SCENARIOS, /* the scenario menu opens or closes */
    /* the replay (view_timeline.c, replay_app.c) */
    ACT_REPLAY_SEEK,    /* show moment i instead of live (u 1: while dragging: release goes live) */
    ACT_REPLAY_PLAY,    /* play the moments from the one shown at i per second; i 0: hold */
    ACT_REPLAY_LIVE,    /* back to live */
    ACT_REPLAY_EXPORT,  /* write the replay as an animated PNG into the run's directory */
    ACT_REPLAY_SCORE,   /* the judge scored step u of run i: f[0] recognisable, f[1] coverage, z[0] fd */
    ACT_KINDS
} ActionKind;

typedef struct Action {
    ActionKind kind;
    int i;
    unsigned long long u;
    float f[2];
    GsDataset ds;
    char text[200];
    int zdim;
    float z[INFER_MAX_Z];
    double at; /* when it was asked for (seconds, the frame's clock) */
} Action;

#define ACTIONS_MAX 16 /* one frame's worth: a click or a drag gives one or two */

typedef struct Actions {
    Action a[ACTIONS_MAX];
    int n;
    int dropped; /* more than ACTIONS_MAX in one frame (never in practice) */
} Actions;

/* Appends an action of kind k with i and returns it for further fields (NULL when full). */
Action *action_push(Actions *out, ActionKind k, int i, double at);
/* Shorthands. */
void action_message(Actions *out, int error, double at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void action_set_z(Actions *out, const float *z, int zdim, double at);

#endif

/* view.h: what a view is. A view is one file (view_NAME.c) defining a ViewClass: its own
 * state (`size` bytes the app allocates), and `frame`, which reads a const Frame (what
 * the latest snapshot said, the history, the trainer's status, the settings), takes its
 * own inference results, draws into its area and returns what the user asked for as
 * actions. `apply` sees every action after the frame (update(state, action), in the Elm
 * architecture's words). A view includes no app header and calls nothing of the app;
 * views.h lists them. */
#ifndef GS_VIEW_H
#define GS_VIEW_H

#include <SDL.h>
#include <stdint.h>
#include <stdio.h>

#include "action.h"
#include "doctor_news.h"
#include "draw.h"
#include "gs_gan.h"
#include "gs_replay.h"
#include "history.h"
#include "infer.h"
#include "stats.h"
#include "ui.h"

#define FRAME_MAX_REAL INFER_MAX_TILES

/* What every view may read this frame (the app fills it; views get it const). */
typedef struct Frame {
    double now;                 /* seconds, the frame's clock */
    /* the latest snapshot (have_snap 0: none yet) */
    int have_snap;
    uint64_t snap_seq, run;
    GsConfig cfg;
    int zdim;                   /* its noise size (100 until the first snapshot) */
    int g_trained;              /* it shows the trained G, not the average (stepping by hand) */
    int has_metrics;
    GsMetrics metrics;
    int64_t step, images_seen;
    double train_seconds, rate; /* training time; steps per second lately */
    const History *hist;        /* the run's curves */
    /* the trainer */
    int has_trainer, paused;
    GsDataset dataset;
    int64_t data_n;             /* images in the set (0: unknown) */
    const float *real;          /* its first n_real images, 784 floats each */
    int n_real;
    /* settings the user changes through actions */
    int grid_side;              /* 4 to 10 */
    int show_real, help, control_rows;
    int labels;                 /* the judge's digit and confidence under each grid tile */
    int page;                   /* the right-hand panel's tab (PAGE_*) */
    int quiz;                   /* the quiz fills the window */
    int confirm;                /* the restart dialog is open, for: */
    char confirm_preset[16];
    GsDataset confirm_dataset;
    int resume_offer;           /* the saved-run dialog is open, for a run at: */
    int64_t resume_step;
    double resume_age;          /* seconds since it was saved */
    const char *resume_data;    /* "" or, when the saved run trained on other data than the
                                   window has (run_data.h), a line saying both */
    const char *run_dir;        /* where the run is saved ("": not known) */
    /* the model overview (view_model.c) */
    int model;                  /* it fills the window (M) */
    int slowmo;                 /* slow motion: training paused, one phase of a step per ACT_STEP 3 */
    const GsStepWatch *watch;   /* what the last phases left (NULL: nothing yet) */
    int phase_running;          /* the phase under way (-1: none) */
    /* the replay (replay_app.c): the moments kept, and the one shown instead of live */
    int replay_n;                      /* moments kept (0: none yet) */
    int64_t replay_first, replay_last; /* their first and last steps */
    int replay_active;                 /* a moment is shown: the grid, plots and histogram follow */
    int replay_index;                  /* which one */
    int64_t replay_step;               /* its step */
    int replay_playing, replay_speed;  /* Play: moments per second */
    const GsReplayFrame *replay_frame; /* its samples and scores (valid while replay_active) */
    /* the status line */
    const char *msg;
    int msg_error;
    double msg_age;             /* seconds since it was set */
    /* the training doctor and the break-it scenario menu */
    const DoctorNews *doctor;   /* what the doctor raised in this run (NULL: nothing) */
    unsigned doctor_dismissed;  /* bit id: that diagnosis's banner was closed */
    int scenarios;              /* the scenario menu is open */
    /* `ganscope plot --x seconds`: the graphs' x values (history steps, score steps) are
     * milliseconds of training and are labelled in seconds (0: steps, the window's) */
    int x_in_ms;
} Frame;

/* A graph's x value as its label: "step 1200", or "61.4 s" for a plot against time. */
static inline void frame_x_text(const Frame *f, char *buf, size_t n, double x) {
    if (f->x_in_ms) snprintf(buf, n, "%.1f s", x / 1000.0);
    else snprintf(buf, n, "step %.0f", x);
}

/* What a view works with during frame and apply. */
typedef struct ViewCtx {
    const Frame *f;
    Ui *ui;            /* widgets (ids are pushed under the view's name) */
    Draw *d;
    Infer *infer;      /* NULL: no inference (requests are dropped) */
    Actions *out;      /* what the user asked for */
    Stats *stats;      /* measurements the view contributes (NULL: none) */
} ViewCtx;

typedef enum ViewSlot { /* where the layout puts a view */
    SLOT_TOP, SLOT_GRID, SLOT_STRIP, SLOT_PLOTS, SLOT_QUALITY, SLOT_EXPLORER, SLOT_STATUS,
    SLOT_OVERLAY, /* over everything, after the retained frame; modal when shown */
    SLOT_TABS,    /* the tab bar above the right-hand panel */
    SLOT_INSIDE, SLOT_POLICE, /* other pages of the right-hand panel (SLOT_EXPLORER's place) */
    SLOT_TIMELINE, /* the replay's scrubber, under the grid */
    SLOT_DRAWPAD, SLOT_SLIDERS, /* the Draw and Sliders pages (the same place) */
    SLOT_COUNT
} ViewSlot;

/* The right-hand panel's pages (Frame.page): a view there is drawn only on its own page. */
typedef enum ViewPage { PAGE_EXPLORE, PAGE_INSIDE, PAGE_POLICE, PAGE_DRAWPAD, PAGE_SLIDERS, PAGE_COUNT } ViewPage;
/* The page of a slot of the right-hand panel; -1 for the other slots (always drawn). */
static inline int view_slot_page(ViewSlot s) {
    switch (s) {
    case SLOT_EXPLORER: return PAGE_EXPLORE;
    case SLOT_INSIDE: return PAGE_INSIDE;
    case SLOT_POLICE: return PAGE_POLICE;
    case SLOT_DRAWPAD: return PAGE_DRAWPAD;
    case SLOT_SLIDERS: return PAGE_SLIDERS;
    default: return -1;
    }
}

typedef struct ViewClass {
    const char *name;
    size_t size;   /* bytes of its state; zeroed before init */
    ViewSlot slot;
    /* Sets the state up; seed: the run's seed for noise vectors. Returns 0 on failure. A
     * view with background work of its own registers it here (infer_add_task: it runs on
     * the inference thread for each new snapshot, so what it writes for `frame` to read
     * needs a lock of the view's own), or starts a worker of its own. */
    int (*init)(void *self, uint64_t seed, Infer *infer);
    /* Takes new results, handles the mouse, draws into area, appends actions. */
    void (*frame)(void *self, SDL_Rect area, ViewCtx *c);
    /* Sees every dispatched action (may be NULL). */
    void (*apply)(void *self, const Action *a, ViewCtx *c);
    /* Where a named part was last drawn (tests, automation): 1 and *r if known. May be NULL. */
    int (*locate)(const void *self, const char *part, int i, SDL_Rect *r);
    void (*free)(void *self); /* may be NULL */
} ViewClass;

/* The noise vectors every view starts from, the same for one seed: vector k of the grid
 * (INFER_MAX_Z values, uniform in [-1, 1]). The explorer starts at vector 0, the strip
 * goes from vector 0 to vector 63 (the 8x8 grid's first and last tiles). */
void view_noise_vector(uint64_t seed, int k, float *z);
/* A cheap xorshift: next value in [-1, 1) (Random button, noise). */
float view_rand_pm1(uint64_t *state);

#endif

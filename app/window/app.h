/* app.h: the window's frame: composes the views (views.h), fills the Frame they read
 * from the newest snapshot and the trainer, lays out their slots, turns keys into actions
 * and dispatches every action (app_apply). The render thread owns an App; the trainer and
 * the inference worker talk to it only through the snapshot buffer, their command calls
 * and infer_take. Tests build an App on a software renderer with no trainer. */
#ifndef GS_APP_H
#define GS_APP_H

#include <SDL.h>
#include <stdint.h>

#include "draw.h"
#include "export_worker.h"
#include "history.h"
#include "infer.h"
#include "replay_store.h"
#include "stats.h"
#include "trainer.h"
#include "ui.h"
#include "view_inst.h"

#define APP_MAX_VIEWS 24

typedef struct App {
    SDL_Renderer *r;        /* borrowed */
    SDL_Window *win;        /* borrowed, may be NULL (tests) */
    Draw draw;
    Ui ui;
    int text_ok;            /* a font was found */
    Trainer *trainer;       /* NULL in tests: commands then act on nothing */
    Infer *infer;           /* may be NULL */
    GsSnapshotBuffer *snapshots;
    Stats stats;
    ViewInst view[APP_MAX_VIEWS];
    int n_views;
    SDL_Rect slot[SLOT_COUNT];
    Frame f;                /* what the views read; the fields below back its pointers */
    History hist;
    float real[FRAME_MAX_REAL * GS_IMG_SIZE];
    char msg[512];
    double msg_time;        /* when msg was set (the frame clock) */
    Actions actions;        /* this frame's, applied after it is drawn */
    double rate_t0;         /* steps/s: since when, from which step */
    int64_t rate_s0;
    uint64_t data_seen, msg_seen; /* the trainer's data and message last copied */
    int high_contrast;
    float user_scale;       /* +/- keys */
    char ckpt_path[1100];   /* Ctrl+S / Ctrl+O file */
    char out_dir[1024];     /* the run's directory: screenshots go here */
    int shot_pending, shot_next;
    char shot_path[1100];   /* last screenshot written (empty: none) */
    int quit;
    int dirty;              /* something changed: draw a frame */
    /* the run directory's autosave (autosave.c); off in tests */
    int autosave_on;
    double autosave_every;  /* seconds */
    double saved_at;        /* the frame clock at the last save asked for */
    int64_t saved_step;     /* the step it saved */
    int autosaves;          /* autosaves asked for (--stats-out) */
    int start_running;      /* after the saved-run dialog: run (not --paused) */
    uint64_t seed;          /* Start over: new weights from this seed */
    int has_lr;             /* the user set learning rates (remembered in the settings) */
    float lr_d, lr_g;
    char run_dir[1024];     /* shown in the saved-run dialog */
    char run_preset[16];    /* the run's preset and data set, as the last restart asked */
    GsDataset run_dataset;
    /* On a restart with another preset or data set: moves the run to that pair's own
     * directory (ckpt_path, out_dir, run_dir updated; *saved: it holds a saved run, which
     * is then continued). Returns 0 when the run stays where it is. NULL: it always does. */
    int (*run_switch)(void *ctx, const char *preset, GsDataset ds, int *saved);
    void *run_switch_ctx;
    GsStepWatch watch;      /* the model overview's content, as the trainer last shared it */
    uint64_t watch_seen;
    /* the training doctor's news from the trainer (Frame.doctor points here) */
    DoctorNews doctor;
    uint64_t doctor_seen;
    /* the replay (replay_app.c): the moments, the one shown, Play's clock, the export */
    ReplayStore *replay;
    GsReplayFrame replay_frame;
    uint8_t replay_px[GS_REPLAY_MAX_IMAGES * GS_IMG_SIZE];
    double play_t0;         /* when Play started, from play_i0 */
    int play_i0, replay_drag;
    ExportWorker *exporter;
} App;

/* Makes an App on renderer r (window may be NULL; font_path may be NULL), every view of
 * views.h with noise from seed. Returns a status; *out is NULL on failure. */
GsStatus app_create(App **out, SDL_Window *win, SDL_Renderer *r, const char *font_path, Trainer *t, Infer *in,
                    GsSnapshotBuffer *sb, int paused, uint64_t seed, GsError *err);
void app_free(App *a); /* NULL is ignored */
/* Real training images for the "real" toggle (n <= FRAME_MAX_REAL, 28x28 bytes each). */
void app_set_real(App *a, const uint8_t *pixels, int n);
/* Handles one event (keys, mouse, window); returns 1 if a redraw is due. */
int app_event(App *a, const SDL_Event *e);
/* Pulls news (snapshot, trainer, inference errors), draws one frame (no present) and then
 * applies the actions the views returned. now: seconds. */
void app_frame(App *a, double now);
/* The dispatcher: carries out one action, then offers it to every view. */
void app_apply(App *a, const Action *act);
/* Shows a message in the status line. */
void app_message(App *a, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Asks for an autosave when one is due (autosave.c): every autosave_every seconds of
 * the frame clock while the step count moves and no saved-run dialog is open. */
void app_autosave_tick(App *a, double now);
/* The replay's actions (replay_app.c), and its news each frame: moments kept, Play's
 * progress, the export's outcome. */
void app_replay_apply(App *a, const Action *act);
void app_replay_pull(App *a, double now);
/* The view called name (NULL: none). */
ViewInst *app_view(App *a, const char *name);

#endif

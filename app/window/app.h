/* app.h: the window's state and its frame: layout, views, input and the numbers the
 * --stats-out report is made of. The render thread owns an App; the trainer and the
 * inference worker talk to it only through the snapshot buffer, their command calls and
 * results under their locks. Tests build an App on a software renderer with no trainer. */
#ifndef GS_APP_H
#define GS_APP_H

#include <SDL.h>
#include <stdint.h>

#include "draw.h"
#include "history.h"
#include "infer.h"
#include "trainer.h"
#include "ui.h"

#define APP_MAX_FRAMES 200000 /* frame times kept for the stats (about an hour at 60 fps) */
#define APP_MAX_LAT 20000

typedef struct Layout {
    SDL_Rect top;            /* control bar */
    SDL_Rect grid;           /* generator grid (tiles inside) */
    SDL_Rect plots[3];       /* losses, accuracies, D(x)/D(G(z)) */
    SDL_Rect latent;         /* explorer panel */
    SDL_Rect preview;        /* large preview image */
    SDL_Rect zslider[INFER_MAX_Z]; /* one compact slider per noise value */
    SDL_Rect interp;         /* interpolation strip panel (h 0: no room) */
    SDL_Rect interp_frame[INFER_MAX_INTERP]; /* its frames, A first */
    SDL_Rect set_a, set_b;   /* its "Set A" / "Set B" buttons */
    SDL_Rect status;         /* status line */
    int tile, tile_gap;      /* grid tile side and gap */
} Layout;

typedef struct App {
    SDL_Renderer *r;         /* borrowed */
    SDL_Window *win;         /* borrowed, may be NULL (tests) */
    Draw draw;
    Ui ui;
    Layout lay;
    int text_ok;             /* a font was found */
    Trainer *trainer;        /* NULL in tests: controls then act on nothing */
    Infer *infer;
    GsSnapshotBuffer *snapshots;
    /* what the latest snapshot said (copied once per frame) */
    uint64_t snap_seq, run;
    GsConfig cfg;
    int have_snap, has_metrics;
    GsMetrics metrics;
    int64_t step, images_seen;
    double train_seconds;
    double rate;             /* steps per second, measured over the last seconds */
    double rate_t0; int64_t rate_s0;
    History hist;
    int smooth;              /* plot smoothing on/off */
    /* grid */
    int grid_side;           /* 4 to 10 */
    float grid_noise[INFER_MAX_TILES * INFER_MAX_Z];
    Uint32 grid_px[(10 * 30) * (10 * 30)];
    SDL_Texture *grid_tex;
    uint64_t grid_tex_seq;   /* grid_seq_shown uploaded into grid_tex */
    uint64_t grid_seq_shown; /* infer's grid_snap_seq last drawn into grid_px */
    float verdict[INFER_MAX_TILES];
    int grid_n_shown;
    int64_t grid_step;
    int show_real;           /* show real training digits instead */
    float real[INFER_MAX_TILES * 784];
    int n_real;
    /* latent explorer */
    float z[INFER_MAX_Z];
    int zdim;
    float preview[784];
    float preview_verdict;
    uint64_t z_sent, z_shown;    /* requests sent / answered in the shown preview */
    double z_sent_at[64];        /* when request k was sent, at [k % 64] (0: not a user's) */
    uint64_t rng_state;          /* for Random */
    /* interpolation strip: interp_n frames from A to B, recomputed for every snapshot */
    float interp_a[INFER_MAX_Z], interp_b[INFER_MAX_Z];
    int interp_n;
    float interp_z[INFER_MAX_INTERP * INFER_MAX_Z]; /* each frame's vector, INFER_MAX_Z apart */
    float interp_img[INFER_MAX_INTERP * 784];
    float interp_verdict[INFER_MAX_INTERP];
    int interp_shown;                /* frames in interp_img (0: none yet) */
    uint64_t interp_seq_sent, interp_seq_shown, interp_snap_shown;
    /* controls */
    float lr_d_log, lr_g_log;    /* log10 of the learning rates on the sliders */
    int paused;
    GsDataset dataset;           /* set the trainer trains on (from the trainer) */
    int64_t data_n;              /* its image count (0: unknown) */
    uint64_t data_seen;          /* trainer's data_seq last copied */
    int confirm;                 /* the restart dialog is open (modal) */
    char confirm_preset[16];     /* what it would restart with */
    GsDataset confirm_dataset;
    SDL_Rect confirm_yes, confirm_no; /* its buttons (laid out when drawn) */
    int help;                    /* help overlay shown */
    int high_contrast;
    float user_scale;            /* +/- keys */
    int top_rows;                /* control bar rows: 2 when the buttons leave no room for the rates */
    char ckpt_path[1100];        /* Ctrl+S / Ctrl+O file */
    char out_dir[1024];          /* the run's directory: screenshots go here */
    int shot_pending;            /* save a screenshot of the next frame (F12) */
    int shot_next;               /* first screenshot number to try */
    char shot_path[1100];        /* last screenshot written (empty: none) */
    char msg[512]; int msg_error; double msg_time; uint64_t msg_seen;
    int quit;
    /* measurements */
    double t_start;
    float *frame_ms; int n_frames;  /* render time of each frame */
    float *lat_ms; int n_lat;       /* each shown preview: how old the change it answers is */
    int dirty;                      /* something changed: draw a frame */
} App;

/* Sets up an App on renderer r (window may be NULL). font_path may be NULL. grid noise and
 * the explorer vector come from seed. */
int app_init(App *a, SDL_Window *win, SDL_Renderer *r, const char *font_path, Trainer *t,
             Infer *in, GsSnapshotBuffer *sb, int paused, uint64_t seed);
void app_free(App *a);
/* Real training digits for the "real" toggle (n <= INFER_MAX_TILES, 28x28 bytes each). */
void app_set_real(App *a, const uint8_t *pixels, int n);
/* Handles one event (keys, mouse, window); returns 1 if a redraw is due. */
int app_event(App *a, const SDL_Event *e);
/* Pulls news (snapshot, inference results, messages) and draws one frame (no present). */
void app_frame(App *a, double now);
/* Sends the grid noise and explorer vector to the inference worker (once, at start). */
void app_start_views(App *a);
/* Asks for a screenshot: the next frame is written as out_dir/screenshot-NNN.png. */
void app_request_screenshot(App *a);
/* Opens the "restart training with ...?" dialog for preset and data set ds. */
void app_ask_restart(App *a, const char *preset, GsDataset ds);
/* Answers it: yes restarts the trainer with the new settings, no closes it. */
void app_answer_restart(App *a, int yes);
/* Shows a message in the status line. */
void app_message(App *a, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Takes the explorer's vector as end 0 (A) or 1 (B) of the interpolation strip. */
void app_set_interp_end(App *a, int end);
/* Sets a noise value of the explorer, as a slider drag would (tests). */
void app_set_z(App *a, int i, float v, double now);

/* The views, each drawing into its part of the layout. */
void view_controls(App *a);
void view_grid(App *a);
void view_plots(App *a);
void view_latent(App *a);
void view_interp(App *a);
void view_status(App *a);
void view_help(App *a);
void view_confirm(App *a);

#endif

/* trainer.h: the trainer thread object: owns the GAN and its training images, steps it
 * while running, obeys commands from the UI (pause, step, learning rates, reset, load,
 * save, stop) and publishes what the views need through a GsSnapshotBuffer. Never touches
 * SDL: it tells the app about news through a callback.
 *
 * Threading: every Trainer field below `lock` is shared and read or written under it; the
 * GAN, data and metrics ring belong to the trainer thread alone once started. A command
 * sets a bit in `requests` and signals `cond`; the thread picks the bits up between steps,
 * so a command waits at most one step (a keras step takes seconds on two cores). A stop
 * also sets `stop_flag`, which the networks read between layers: closing waits for one
 * layer, not a step (the abandoned step leaves the GAN unfit to save, and it is freed). */
#ifndef GS_TRAINER_H
#define GS_TRAINER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "gs_data.h"
#include "gs_gan.h"
#include "gs_idx.h"
#include "gs_snapshot.h"
#include "trainer_doctor.h"
#include "replay_store.h"

typedef enum TrainerState {
    TRAINER_RUNNING,  /* stepping continuously */
    TRAINER_PAUSED,   /* idle, waiting on the condition variable */
    TRAINER_STEPPING, /* doing single steps asked for while paused */
    TRAINER_STOPPING, /* stop asked; the thread is finishing */
    TRAINER_STOPPED   /* the thread has ended (or never started) */
} TrainerState;

enum TrainerRequest {
    TRAINER_REQ_RUN = 1 << 0,    /* leave pause */
    TRAINER_REQ_PAUSE = 1 << 1,  /* enter pause */
    TRAINER_REQ_STEP = 1 << 2,   /* one full step */
    TRAINER_REQ_STEP_D = 1 << 3, /* one discriminator half-step */
    TRAINER_REQ_STEP_G = 1 << 4, /* one generator half-step */
    TRAINER_REQ_LR = 1 << 5,     /* apply lr_d, lr_g */
    TRAINER_REQ_RESET = 1 << 6,  /* new weights from reset_seed, same config */
    TRAINER_REQ_LOAD = 1 << 7,   /* replace the GAN with the checkpoint at path */
    TRAINER_REQ_SAVE = 1 << 8,   /* save a checkpoint to path */
    TRAINER_REQ_STOP = 1 << 9,   /* end the thread */
    TRAINER_REQ_RESTART = 1 << 10, /* new GAN from restart_preset, data from restart_dataset */
    TRAINER_REQ_PHASE = 1 << 11   /* the next phase of a step (slow motion; gs_gan_step_phase) */
};

#define TRAINER_REAL_MAX 100 /* training images handed to the UI for its "real" view */

/* Called from the trainer thread after each publish and after each command's message. */
typedef void (*TrainerNotify)(void *ctx);

typedef struct Trainer {
    GsGan gan;              /* trainer thread only after start */
    GsImages data;          /* training images; owned */
    int threads;            /* compute threads for the GAN (0: library default) */
    double publish_every;   /* seconds between snapshots while running (0.03) */
    GsSnapshotBuffer *snapshots; /* borrowed; the trainer is its only writer */
    TrainerNotify notify;   /* may be NULL */
    void *notify_ctx;
    GsMetrics recent[GS_SNAPSHOT_RECENT]; /* ring of the latest steps' metrics (thread only) */
    int recent_n, recent_head;
    GsMetrics last;         /* the latest record: half steps keep the other half's values */
    uint64_t records;       /* records made (steps and half steps): published as the
                               snapshot's `user`, the key of its newest recent[] entry */
    uint64_t run;           /* bumped on reset and load */
    double seconds;         /* training time of this run (thread only; published) */
    GsStepWatch watch;      /* what the phases leave for the model overview (thread only) */
    GsMetrics step_m;       /* the metrics of a step run phase by phase (thread only) */
    int by_hand;            /* the latest steps were asked for one at a time (Step, a half
                               step, a phase): snapshots show the trained G, whose change a
                               single step makes visible, not its average (thread only) */
    pthread_t thread;
    int started;
    ReplayStore *replay;    /* borrowed, may be NULL: the moments the thread records every
                               replay_store_every steps, saved and loaded with the checkpoint */

    pthread_mutex_t lock;   /* guards everything below */
    int64_t max_steps;      /* pause when the step count reaches this (0: no limit) */
    pthread_cond_t cond;
    TrainerState state;
    unsigned requests;      /* TrainerRequest bits not yet handled */
    atomic_int stop_flag;   /* set with TRAINER_REQ_STOP; the GAN's networks read it (no lock) */
    int steps_pending;      /* count of TRAINER_REQ_STEP asked */
    float lr_d, lr_g;       /* for TRAINER_REQ_LR */
    uint64_t reset_seed;    /* for TRAINER_REQ_RESET */
    char load_path[1024], save_path[1024];
    char restart_preset[16]; /* for TRAINER_REQ_RESTART */
    GsDataset restart_dataset;
    char data_path[1024];   /* --data given at start ("" none), for set data_path_ds; fixed */
    GsDataset data_path_ds;
    GsDataset dataset;      /* set being trained on (written by the thread) */
    int64_t data_n;         /* its image count */
    uint8_t real[TRAINER_REAL_MAX * GS_IMG_SIZE]; /* its first images, 28x28 bytes each */
    int real_n;
    uint64_t data_seq;      /* bumped when the set changes */
    char message[512];      /* last command's outcome, for the status line */
    int message_error;      /* message is an error */
    uint64_t message_seq;   /* bumped with each message */
    int64_t steps_done;     /* steps trained by this thread (all runs) */
    uint64_t saves_done;    /* saves carried out (failed ones too) */
    int save_ok;            /* the last one succeeded */
    /* the model overview: a copy of `watch`, shared before each phase and after a step */
    GsStepWatch watch_shared;
    int watch_running;      /* the phase under way (-1: none) */
    uint64_t watch_seq;     /* bumped with each copy */
    /* the training doctor and the scenarios (trainer_doctor.h says which parts are the
     * thread's and which are under the lock) */
    TrainerDoctor doctor;
} Trainer;

/* Takes ownership of *gan and *data (zeroed on return) and starts the thread, paused or
 * running. snapshots must allow one more reader than the app uses. data_path (may be NULL)
 * and ds say where data came from, for restarts that keep or change the set. The thread
 * pauses when the step count reaches max_steps (0: no limit). */
GsStatus trainer_start(Trainer *t, GsGan *gan, GsImages *data, const char *data_path, GsDataset ds,
                       int threads, int paused, int64_t max_steps,
                       GsSnapshotBuffer *snapshots, TrainerNotify notify, void *ctx,
                       GsError *err);
/* Before trainer_start: record the run's replay into rs (kept across the start). */
void trainer_set_replay(Trainer *t, ReplayStore *rs);
/* Asks the thread to stop, waits for it and frees the GAN and data. Safe to call twice. */
void trainer_stop(Trainer *t);

void trainer_set_running(Trainer *t, int running); /* play (1) or pause (0) */
/* TRAINER_REQ_STEP, _STEP_D, _STEP_G or _PHASE. A step begun phase by phase is finished
 * first by a full step (running), a half step or a save. */
void trainer_step(Trainer *t, unsigned which);
void trainer_set_lr(Trainer *t, float lr_d, float lr_g);
/* Training pauses when the step count reaches n (0: no limit), from the next step on. */
void trainer_set_max_steps(Trainer *t, int64_t n);
void trainer_reset(Trainer *t, uint64_t seed);
void trainer_load(Trainer *t, const char *path);
void trainer_save(Trainer *t, const char *path); /* done before a reset, restart or load asked with it */
/* Pauses, saves and waits for the save (the end of the step under way: seconds for keras)
 * up to timeout_s. Returns 1 when the checkpoint was written. For the save on quit. */
int trainer_save_wait(Trainer *t, const char *path, double timeout_s);
/* Starts over with preset's model (its default batch, the same seed) on data set ds. The
 * set is loaded first; if that or the model fails, training goes on unchanged and the
 * error is the message. */
void trainer_restart(Trainer *t, const char *preset, GsDataset ds);

/* When the model overview's content changed since *seen (updating it): copies it to *w,
 * the phase under way (-1: none) to *running, and returns 1. */
int trainer_watch(Trainer *t, uint64_t *seen, GsStepWatch *w, int *running);

TrainerState trainer_state(Trainer *t);
int64_t trainer_steps_done(Trainer *t);
/* Copies the latest message when its seq differs from *seen (updating it); returns 1 then. */
int trainer_message(Trainer *t, uint64_t *seen, char *buf, int size, int *is_error);
/* When the training set changed since *seen (updating it): its kind, size and first images
 * (real: TRAINER_REAL_MAX * GS_IMG_SIZE bytes) are copied out and 1 returned. */
int trainer_data(Trainer *t, uint64_t *seen, GsDataset *ds, int64_t *n, uint8_t *real, int *real_n);

#endif

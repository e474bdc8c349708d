/* dispatch.c: the one place actions are carried out (app_apply), and the keys, which
 * become the same actions as the buttons. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "gs_scenario.h"

static void trainer_action(App *a, const Action *act) {
    Trainer *t = a->trainer;
    static const unsigned steps[4] = {TRAINER_REQ_STEP, TRAINER_REQ_STEP_D, TRAINER_REQ_STEP_G, TRAINER_REQ_PHASE};
    switch (act->kind) {
    case ACT_PLAY_PAUSE:
        a->f.paused = !a->f.paused;
        if (!a->f.paused) a->f.slowmo = 0; /* playing ends slow motion */
        if (t) trainer_set_running(t, !a->f.paused);
        break;
    case ACT_STEP:
        if (t && act->i >= 0 && act->i < 4) trainer_step(t, steps[act->i]);
        break;
    case ACT_RESET:
        if (t) trainer_reset(t, act->u), app_message(a, 0, "resetting with seed %llu...", act->u);
        break;
    case ACT_SAVE:
        if (t) trainer_save(t, a->ckpt_path), app_message(a, 0, "%s %s...", act->i ? "autosaving" : "saving", a->ckpt_path);
        a->saved_at = act->at, a->saved_step = a->f.step;
        break;
    case ACT_LOAD:
        if (t) trainer_load(t, a->ckpt_path), app_message(a, 0, "loading %s...", a->ckpt_path);
        break;
    case ACT_SET_LR:
        if (t) trainer_set_lr(t, act->f[0], act->f[1]);
        a->has_lr = 1, a->lr_d = act->f[0], a->lr_g = act->f[1];
        break;
    case ACT_DOCTOR_SCORES:
        if (t) trainer_doctor_scores(t, (uint64_t)act->i, (int64_t)act->u, act->f[0], act->f[1]);
        break;
    default: break;
    }
}

static void restart_action(App *a, const Action *act) {
    Frame *f = &a->f;
    if (act->kind == ACT_ASK_RESTART) {
        f->scenarios = 0; /* a scenario chosen in the menu: the dialog replaces it */
        snprintf(f->confirm_preset, sizeof f->confirm_preset, "%.15s", act->text);
        f->confirm_dataset = act->ds;
        f->confirm = 1;
        return;
    }
    if (!f->confirm) return;
    f->confirm = 0;
    if (!act->i) return;
    /* the run so far is saved first (the trainer saves before it restarts) */
    if (a->trainer && a->autosave_on && f->step > 0) trainer_save(a->trainer, a->ckpt_path);
    if (a->trainer) trainer_restart(a->trainer, f->confirm_preset, f->confirm_dataset);
    snprintf(a->run_preset, sizeof a->run_preset, "%s", f->confirm_preset);
    a->run_dataset = f->confirm_dataset;
    int saved = 0;
    a->saved_at = f->now, a->saved_step = -1;
    /* a break-it scenario always starts fresh: it is there to show its failure from the start */
    if (a->run_switch && a->run_switch(a->run_switch_ctx, f->confirm_preset, f->confirm_dataset, &saved) && saved &&
        !gs_scenario_find(f->confirm_preset)) {
        if (a->trainer) trainer_load(a->trainer, a->ckpt_path); /* after the restart: its data, saved weights */
        app_message(a, 0, "continuing the saved %s run on %s...", f->confirm_preset, gs_dataset_name(f->confirm_dataset));
        return;
    }
    app_message(a, 0, "%s %s on %s...", gs_scenario_find(f->confirm_preset) ? "starting the break-it scenario"
                                                                           : "restarting with preset",
                f->confirm_preset, gs_dataset_name(f->confirm_dataset));
}

/* The saved-run dialog's answer: the trainer holds the saved run, paused. */
static void resume_action(App *a, const Action *act) {
    Frame *f = &a->f;
    if (!f->resume_offer) return;
    f->resume_offer = 0;
    a->saved_at = f->now, a->saved_step = f->resume_step;
    if (!act->i) {
        if (a->trainer) trainer_reset(a->trainer, a->seed);
        if (a->trainer && a->has_lr && !gs_scenario_find(a->run_preset)) trainer_set_lr(a->trainer, a->lr_d, a->lr_g);
        a->saved_step = 0; /* the new weights are saved once they have trained */
        app_message(a, 0, "starting over: new weights from seed %llu", (unsigned long long)a->seed);
    } else {
        app_message(a, 0, "continuing the saved run at step %lld", (long long)f->resume_step);
    }
    if (a->start_running) {
        f->paused = 0;
        if (a->trainer) trainer_set_running(a->trainer, 1);
    }
}

/* The model overview: open or close it; slow motion pauses training, and leaving it (or
 * closing the overview in it) resumes training. */
static void model_action(App *a, const Action *act) {
    Frame *f = &a->f;
    int slowmo = act->kind == ACT_SLOWMO ? act->i != 0 : f->model ? 0 : f->slowmo;
    if (act->kind == ACT_TOGGLE_MODEL) f->model = !f->model;
    if (slowmo == f->slowmo) return;
    f->slowmo = slowmo, f->paused = slowmo;
    if (a->trainer) trainer_set_running(a->trainer, !slowmo);
}

void app_apply(App *a, const Action *act) {
    Frame *f = &a->f;
    a->dirty = 1;
    switch (act->kind) {
    case ACT_MESSAGE: app_message(a, act->i, "%s", act->text); break;
    case ACT_ASK_RESTART: case ACT_ANSWER_RESTART: restart_action(a, act); break;
    case ACT_ANSWER_RESUME: resume_action(a, act); break;
    case ACT_SCREENSHOT: a->shot_pending = 1; break;
    case ACT_TOGGLE_HELP: f->help = !f->help; break;
    case ACT_TOGGLE_REAL: f->show_real = !f->show_real; break;
    case ACT_TOGGLE_LABELS: f->labels = !f->labels; break;
    case ACT_GRID_SIDE:
        f->grid_side += act->i;
        f->grid_side = f->grid_side < 4 ? 4 : f->grid_side > 10 ? 10 : f->grid_side;
        break;
    case ACT_CONTROL_ROWS: f->control_rows = act->i; break;
    case ACT_QUIT: a->quit = 1; break;
    case ACT_SET_PAGE: f->page = act->i >= 0 && act->i < PAGE_COUNT ? act->i : 0; break;
    case ACT_TOGGLE_QUIZ: f->quiz = !f->quiz; break;
    case ACT_TOGGLE_MODEL: case ACT_SLOWMO: model_action(a, act); break;
    case ACT_TOGGLE_SCENARIOS: f->scenarios = !f->scenarios; break;
    case ACT_DOCTOR_DISMISS: f->doctor_dismissed |= 1u << (act->i & 31); break;
    case ACT_REPLAY_SEEK: case ACT_REPLAY_PLAY: case ACT_REPLAY_LIVE: case ACT_REPLAY_EXPORT: case ACT_REPLAY_SCORE:
        app_replay_apply(a, act);
        break;
    default: trainer_action(a, act); break;
    }
    ViewCtx c = {&a->f, &a->ui, &a->draw, a->infer, &a->actions, &a->stats};
    for (int i = 0; i < a->n_views; i++) view_apply(&a->view[i], act, &c);
}

static int apply_kind(App *a, ActionKind k, int i) {
    Action act;
    memset(&act, 0, offsetof(Action, z));
    act.kind = k, act.i = i, act.at = a->f.now;
    app_apply(a, &act);
    return 1;
}

/* Keys that change how the window looks rather than what it shows. */
static int view_key(App *a, SDL_Keycode k) {
    switch (k) {
    case SDLK_p:
        a->high_contrast = !a->high_contrast;
        ui_theme_default(&a->ui.th, a->high_contrast);
        return 1;
    case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS: a->user_scale = fminf(2.0f, a->user_scale * 1.1f); return 1;
    case SDLK_MINUS: case SDLK_KP_MINUS: a->user_scale = fmaxf(0.5f, a->user_scale / 1.1f); return 1;
    case SDLK_F11:
        if (a->win) {
            int fs = (SDL_GetWindowFlags(a->win) & SDL_WINDOW_FULLSCREEN_DESKTOP) != 0;
            SDL_SetWindowFullscreen(a->win, fs ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
        }
        return 1;
    default: return 0;
    }
}

/* While the scenario menu is open: 1 to 9 ask to start that scenario, Esc or B close it. */
static int scenario_key(App *a, SDL_Keycode sym) {
    int n;
    const GsScenario *list = gs_scenario_list(&n);
    if (sym >= SDLK_1 && sym < SDLK_1 + n) {
        Action act;
        memset(&act, 0, offsetof(Action, z));
        act.kind = ACT_ASK_RESTART, act.ds = a->f.dataset, act.at = a->f.now;
        snprintf(act.text, sizeof act.text, "%s", list[sym - SDLK_1].name);
        app_apply(a, &act);
        return 1;
    }
    if (sym == SDLK_ESCAPE || sym == SDLK_b) return apply_kind(a, ACT_TOGGLE_SCENARIOS, 0);
    return 0;
}

/* Keyboard shortcuts (the help overlay lists them). */
static int key(App *a, const SDL_KeyboardEvent *k) {
    int ctrl = (k->keysym.mod & KMOD_CTRL) != 0;
    SDL_Keycode sym = k->keysym.sym;
    if (a->f.resume_offer) { /* modal: Enter or Esc continue, N starts over */
        if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER || sym == SDLK_ESCAPE) return apply_kind(a, ACT_ANSWER_RESUME, 1);
        if (sym == SDLK_n) return apply_kind(a, ACT_ANSWER_RESUME, 0);
        return 0;
    }
    if (a->f.confirm) { /* the dialog takes Enter and Esc; other keys act as usual */
        if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER) return apply_kind(a, ACT_ANSWER_RESTART, 1);
        if (sym == SDLK_ESCAPE) return apply_kind(a, ACT_ANSWER_RESTART, 0);
    }
    if (a->f.model && !a->f.help) { /* the model overview: next phase, slow motion, close */
        if (sym == SDLK_RIGHT || sym == SDLK_PERIOD) return apply_kind(a, a->f.slowmo ? ACT_STEP : ACT_SLOWMO, a->f.slowmo ? 3 : 1);
        if (sym == SDLK_ESCAPE) return apply_kind(a, ACT_TOGGLE_MODEL, 0);
    }
    if (a->f.scenarios && !a->f.confirm && scenario_key(a, sym)) return 1;
    switch (sym) {
    case SDLK_b: return apply_kind(a, ACT_TOGGLE_SCENARIOS, 0);
    case SDLK_ESCAPE: /* closes what is open, the replay included, before it quits */
        return apply_kind(a, a->f.help ? ACT_TOGGLE_HELP : a->f.quiz ? ACT_TOGGLE_QUIZ : a->f.replay_active ? ACT_REPLAY_LIVE : ACT_QUIT, 0);
    case SDLK_m: return apply_kind(a, ACT_TOGGLE_MODEL, 0);
    case SDLK_TAB: return apply_kind(a, ACT_SET_PAGE, (a->f.page + 1) % PAGE_COUNT);
    case SDLK_q: return apply_kind(a, ACT_TOGGLE_QUIZ, 0);
    case SDLK_n: return a->f.quiz ? apply_kind(a, ACT_QUIZ_NEW, 0) : 1;
    case SDLK_SPACE: return apply_kind(a, ACT_PLAY_PAUSE, 0);
    case SDLK_s: return apply_kind(a, ctrl ? ACT_SAVE : ACT_STEP, 0);
    case SDLK_o: return ctrl ? apply_kind(a, ACT_LOAD, 0) : 1;
    case SDLK_d: return apply_kind(a, ACT_STEP, 1);
    case SDLK_g: return apply_kind(a, ACT_STEP, 2);
    case SDLK_h: case SDLK_SLASH: case SDLK_F1: return apply_kind(a, ACT_TOGGLE_HELP, 0);
    case SDLK_r: return apply_kind(a, ACT_TOGGLE_REAL, 0);
    case SDLK_j: return apply_kind(a, ACT_TOGGLE_LABELS, 0);
    case SDLK_F12: return apply_kind(a, ACT_SCREENSHOT, 0);
    default: return view_key(a, sym);
    }
}

int app_event(App *a, const SDL_Event *e) {
    switch (e->type) {
    case SDL_QUIT: a->quit = 1; return 1;
    case SDL_KEYDOWN: return key(a, &e->key);
    case SDL_WINDOWEVENT: return 1;
    case SDL_RENDER_TARGETS_RESET: case SDL_RENDER_DEVICE_RESET: /* the cache's pixels are gone */
        draw_invalidate(&a->draw);
        return 1;
    default: return ui_event(&a->ui, e);
    }
}

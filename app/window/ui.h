/* ui.h: immediate-mode widgets in the microui manner: each call takes an id and a
 * rectangle, reads the mouse state gathered from SDL events, draws itself and returns
 * whether the user changed or clicked it. Fixed capacities, nothing allocated per frame.
 * Ids are hashes, never numbered by hand: ui_id() hashes a label (or any bytes) with the
 * ids pushed so far, as microui's mu_get_id / mu_push_id do. The app pushes each view's
 * name around the view, so two views can use the same labels without colliding. */
#ifndef GS_UI_H
#define GS_UI_H

#include <SDL.h>

#include "draw.h"

typedef struct UiTheme {
    SDL_Color bg, panel, text, dim, accent, button, button_hot, track, knob, d_color, g_color;
    SDL_Color c3, c4; /* further plot colours */
} UiTheme;
/* Text that reports a problem (the status line's errors, the saved-run dialog's warning):
 * the same warm red in every theme. */
#define UI_ERROR_TEXT ((SDL_Color){255, 120, 100, 255})

typedef unsigned UiId; /* 0: no widget */
#define UI_ID_STACK 8

typedef struct Ui {
    Draw *d;          /* borrowed */
    UiTheme th;
    float scale;      /* UI scale (1 = 1280x800 layout at 15 px text) */
    int mx, my;       /* mouse position */
    int down;         /* left button held */
    int pressed;      /* pressed since last frame */
    int released;     /* released since last frame */
    UiId hot;         /* widget under the mouse this frame (0: none) */
    UiId active;      /* widget being dragged or pressed (0: none) */
    const char *tip;  /* tooltip of the hovered widget, drawn by ui_end */
    double hover_since; /* when the mouse came to rest over `hot` */
    UiId last_hot;
    UiId id_stack[UI_ID_STACK];
    int n_ids;
    double now;       /* seconds, for tooltip delay */
} Ui;

void ui_theme_default(UiTheme *th, int high_contrast);
/* Feeds one SDL event (mouse motion, buttons); returns 1 if it concerned the mouse. */
int ui_event(Ui *ui, const SDL_Event *e);
void ui_begin(Ui *ui, double now);
void ui_end(Ui *ui); /* draws the tooltip; clears per-frame flags */

/* The id of n bytes at data (a label, an index, a pointer's value) under the pushed ids. */
UiId ui_id(const Ui *ui, const void *data, size_t n);
UiId ui_id_str(const Ui *ui, const char *label);
UiId ui_id_int(const Ui *ui, const char *label, int i); /* label plus a number: the i-th slider */
void ui_push_id(Ui *ui, const char *label); /* ids made until the pop hash under label */
void ui_pop_id(Ui *ui);

int ui_hit(const Ui *ui, SDL_Rect r);
/* A push button; returns 1 when clicked. on: drawn as toggled. */
int ui_button(Ui *ui, UiId id, SDL_Rect r, const char *label, int on, const char *tip);
/* A horizontal slider over [lo, hi]; returns 1 when *v changed. */
int ui_slider(Ui *ui, UiId id, SDL_Rect r, float *v, float lo, float hi, const char *tip);
/* A compact vertical slider (bottom lo, top hi) with a centre line; returns 1 when changed.
 * Dragging across neighbours keeps the one first pressed. */
int ui_vslider(Ui *ui, UiId id, SDL_Rect r, float *v, float lo, float hi, const char *tip);
/* A dialog's two buttons, yes (highlighted) then no, in the bottom right corner of box
 * inside pad, as wide as the wider label allows; their places go to *ryes and *rno.
 * Returns 1 when yes was clicked, 0 for no, -1 for neither. Ids are the labels. */
int ui_dialog_buttons(Ui *ui, SDL_Rect box, int pad, const char *yes, const char *no, const char *tip_yes,
                      const char *tip_no, SDL_Rect *ryes, SDL_Rect *rno);
/* For a dialog view's locate: part "yes" or "no" -> 1 and *r when that button is shown. */
int ui_dialog_part(SDL_Rect yes, SDL_Rect no, const char *part, SDL_Rect *r);

#endif

/* settings.h: what the window remembers between runs (interface scale, projector mode,
 * the learning rates of a new run, the last preset and data set), as a small key=value
 * text file in $XDG_CONFIG_HOME/ganscope/settings. */
#ifndef GS_SETTINGS_H
#define GS_SETTINGS_H

#include <stddef.h>

#include "gs_status.h"

typedef struct Settings {
    float scale;        /* the +/- keys' factor, 0.5 to 2 */
    int projector;      /* P: large text, high contrast */
    int has_lr;         /* lr_d and lr_g were set by the user */
    float lr_d, lr_g;
    char preset[16];    /* "" : not remembered */
    char dataset[16];
} Settings;

void settings_defaults(Settings *s);
/* $XDG_CONFIG_HOME/ganscope/settings ($HOME/.config when unset); 0 when neither is set. */
int settings_path(char *out, size_t size);
/* Reads path into *s. A missing file leaves the defaults and is GS_OK; a damaged one (a
 * line without '=', a bad value) leaves the defaults and is a GS_ERR_FORMAT error naming
 * the file and line. Unknown keys are ignored (a newer version's settings). */
GsStatus settings_load(Settings *s, const char *path, GsError *err);
/* Writes *s to path atomically (creating its directory). */
GsStatus settings_save(const Settings *s, const char *path, GsError *err);

#endif

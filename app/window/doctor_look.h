/* doctor_look.h: how the window marks each diagnosis of the training doctor: one colour
 * each (the banner's stripe, the graphs' markers), bright enough on the dark panels and
 * in projector mode. */
#ifndef GS_DOCTOR_LOOK_H
#define GS_DOCTOR_LOOK_H

#include <SDL.h>

#include "gs_explain.h"

static inline SDL_Color doctor_color(GsDiagnosisId id) {
    static const SDL_Color c[GS_DX_COUNT] = {
        [GS_DX_NONE] = {160, 160, 160, 255},     [GS_DX_D_WINS] = {255, 90, 90, 255},
        [GS_DX_STILL_NOISE] = {200, 200, 200, 255}, [GS_DX_SPECKLE] = {255, 170, 40, 255},
        [GS_DX_COLLAPSE] = {100, 230, 100, 255}, [GS_DX_SATURATED] = {60, 220, 220, 255},
        [GS_DX_DIVERGED] = {255, 60, 200, 255},    [GS_DX_MEMORISED] = {160, 140, 255, 255},
    };
    return (int)id > 0 && id < GS_DX_COUNT ? c[id] : c[0];
}

#endif

/* views.h: every view of the window, in drawing order. Adding a view: write
 * view_NAME.c defining `const ViewClass view_NAME` (view.h says what it gets and
 * returns), and add X(NAME) to this list. Nothing else changes. */
#ifndef GS_VIEWS_H
#define GS_VIEWS_H

#include "view.h"

#define VIEWS(X) X(controls) X(grid) X(timeline) X(strip) X(plots) X(quality) X(explorer) X(tabs) X(inside) X(police) X(drawpad) X(sliders) X(status) X(doctor) X(scenarios) X(quiz) X(model) X(confirm) X(resume) X(help)

#define VIEW_DECLARE(name) extern const ViewClass view_##name;
VIEWS(VIEW_DECLARE)
#undef VIEW_DECLARE

#endif

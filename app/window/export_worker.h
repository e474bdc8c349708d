/* export_worker.h: the window's Export button: the replay's bytes written as an animated
 * PNG (gs_replay_draw.h, as `ganscope export`) on a thread of its own, never the render
 * thread's; the outcome comes back as a status line message. */
#ifndef GS_EXPORT_WORKER_H
#define GS_EXPORT_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "gs_status.h"

typedef struct ExportWorker ExportWorker; /* opaque: export_worker.c */

/* Starts writing the replay bytes (malloc'ed; taken over, freed by the worker) to path
 * (*w made at the first call). Returns 0, freeing bytes, while an export is still running. */
int export_worker_start(ExportWorker **w, uint8_t *bytes, size_t len, const char *path);
/* When an export finished since the last call: 1, its message and whether it failed. */
int export_worker_take(ExportWorker *w, char *msg, int size, int *error);
void export_worker_free(ExportWorker *w); /* waits for a running export; NULL is ignored */

#endif

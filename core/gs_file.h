/* gs_file.h: small file helpers for core/: crash-safe writes (temp file + fsync + rename),
 * mkdir -p, and reading a whole file with a size limit. */
#ifndef GS_FILE_H
#define GS_FILE_H

#include <stddef.h>

#include "gs_status.h"

/* Write size bytes to path via path.tmp-<pid> in the same directory, fsync it and rename it
 * over path, so a crash or a full disk never leaves a half-written path behind. On failure
 * the temp file is removed and the previous path (if any) is untouched. */
GsStatus gs_file_write_atomic(const char *path, const void *data, size_t size, GsError *err);

/* Create dir and every missing parent (mkdir -p). An existing directory is fine. */
GsStatus gs_file_mkdirs(const char *dir, GsError *err);

/* Read the whole file into a malloc'ed buffer (*data, caller frees; never NULL on success,
 * even for an empty file). A file larger than max_size bytes is a GS_ERR_FORMAT error. */
GsStatus gs_file_read_all(const char *path, void **data, size_t *size, size_t max_size,
                          GsError *err);

/* Takes an exclusive lock on dir (flock on dir/.lock) so two programs never write one run
 * at once: GS_ERR_ARG "in use" when another holds it. Keep *fd open while writing; release
 * with gs_file_unlock_dir (or by exiting). */
GsStatus gs_file_lock_dir(const char *dir, int *fd, GsError *err);
void gs_file_unlock_dir(int fd);

/* Removes dir's temp files (NAME.tmp-PID, see gs_file_write_atomic) whose process is gone:
 * what a kill during a write leaves. *removed (may be NULL) counts them. */
GsStatus gs_file_remove_stale_temps(const char *dir, int *removed, GsError *err);

#endif

/* gs_status.h: how core/ reports failure. core/ never prints and never exits; a function
 * that can fail returns a GsStatus and, when given a GsError, fills it with one line that
 * names the file or value and the problem, ready for the app to print. */
#ifndef GS_STATUS_H
#define GS_STATUS_H

typedef enum GsStatus {
    GS_OK = 0,
    GS_ERR_ARG,    /* a bad value from the caller (flag, size, option) */
    GS_ERR_IO,     /* a file could not be opened, read or written */
    GS_ERR_FORMAT, /* a file was read but its contents are invalid or damaged */
    GS_ERR_NOMEM,  /* an allocation failed */
    GS_ERR_INTERNAL
} GsStatus;

typedef struct GsError {
    char msg[512]; /* one line, no trailing newline; empty when nothing failed */
} GsError;

/* Format a message into err (NULL is allowed and ignored); returns status unchanged so
 * callers can write `return gs_fail(err, GS_ERR_IO, "%s: cannot open", path);`. */
GsStatus gs_fail(GsError *err, GsStatus status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A short name for a status ("bad input", "I/O error", ...). */
const char *gs_status_name(GsStatus status);

#endif

/* gs_status.c: the one-line error messages core/ hands back to the app. */
#include "gs_status.h"

#include <stdarg.h>
#include <stdio.h>

GsStatus gs_fail(GsError *err, GsStatus status, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

const char *gs_status_name(GsStatus status) {
    switch (status) {
    case GS_OK: return "ok";
    case GS_ERR_ARG: return "bad argument";
    case GS_ERR_IO: return "I/O error";
    case GS_ERR_FORMAT: return "bad file";
    case GS_ERR_NOMEM: return "out of memory";
    default: return "internal error";
    }
}

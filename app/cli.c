/* cli.c: shared helpers for the subcommands: errors, exit codes, number parsing, clock. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void cli_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("ganscope: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_fail(const GsError *err, GsStatus st) {
    cli_error("%s", err->msg);
    return (st == GS_ERR_ARG || st == GS_ERR_IO || st == GS_ERR_FORMAT) ? EXIT_USAGE : EXIT_INTERNAL;
}

int cli_fail_write(const GsError *err) {
    cli_error("%s", err->msg);
    return EXIT_INTERNAL;
}

int cli_path(const char *cmd, const char *flag, const char *s) {
    if (*s) return 1;
    cli_error("%s: --%s: empty path", cmd, flag);
    return 0;
}

int cli_int(const char *cmd, const char *flag, const char *s, long long lo, long long hi,
            long long *out) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end) {
        cli_error("%s: --%s: '%s' is not a whole number", cmd, flag, s);
        return 0;
    }
    if (v < lo || v > hi) {
        cli_error("%s: --%s: %lld is out of range (%lld to %lld)", cmd, flag, v, lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}

int cli_double(const char *cmd, const char *flag, const char *s, double lo, double hi,
               double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v)) {
        cli_error("%s: --%s: '%s' is not a number", cmd, flag, s);
        return 0;
    }
    if (v < lo || v > hi) {
        cli_error("%s: --%s: %g is out of range (%g to %g)", cmd, flag, v, lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}

double cli_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

int cli_dataset(const char *cmd, const char *s, GsDataset *ds) {
    GsError err;
    if (gs_dataset_parse(s, ds, &err) == GS_OK) return 1;
    cli_error("%s: --dataset: %s", cmd, err.msg);
    return 0;
}

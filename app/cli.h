/* cli.h: what every ganscope subcommand shares: strict flag parsing, one-line errors and
 * the exit-status convention (0 ok, 2 bad usage or bad input, 1 internal failure). */
#ifndef GS_CLI_H
#define GS_CLI_H

#include <stdint.h>

#include "gs_data.h"
#include "gs_status.h"

enum { EXIT_OK = 0, EXIT_INTERNAL = 1, EXIT_USAGE = 2 };

/* Prints "ganscope: <message>" on stderr, one line. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a core error and returns the exit status for it: bad input -> 2, else 1. */
int cli_fail(const GsError *err, GsStatus st);

/* Prints a core error from writing a file and returns 1: a failed write is an internal
 * failure whatever its cause (full disk, quota), not bad input. */
int cli_fail_write(const GsError *err);
/* A path flag's value must not be empty (an empty --out once meant the root directory);
 * otherwise prints "ganscope <cmd>: --flag: empty path" and returns 0. */
int cli_path(const char *cmd, const char *flag, const char *s);

/* Strict number parsing for flag values: the whole string must be a number in [lo, hi];
 * otherwise prints "ganscope <cmd>: --flag: ..." and returns 0. */
int cli_int(const char *cmd, const char *flag, const char *s, long long lo, long long hi,
            long long *out);
int cli_double(const char *cmd, const char *flag, const char *s, double lo, double hi,
               double *out);

/* --dataset's value into *ds; otherwise prints "ganscope <cmd>: --dataset: ..." and
 * returns 0. */
int cli_dataset(const char *cmd, const char *s, GsDataset *ds);

/* Seconds on a monotonic clock. */
double cli_now(void);

int cmd_train(int argc, char **argv);
int cmd_sample(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_scenarios(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_classifier(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_inspect(int argc, char **argv);

#endif

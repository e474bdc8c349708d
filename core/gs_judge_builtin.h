/* gs_judge_builtin.h: the trained judges (assets/judge-*.gsj) compiled into the program, so
 * scoring never has to find a file on disk. */
#ifndef GS_JUDGE_BUILTIN_H
#define GS_JUDGE_BUILTIN_H

#include <stddef.h>

#include "gs_data.h"

/* The embedded weight file for ds; *size gets its length in bytes. */
const unsigned char *gs_judge_builtin(GsDataset ds, size_t *size);

#endif

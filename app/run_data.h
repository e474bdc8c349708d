/* run_data.h: which digits a `train` run learned from, kept in its checkpoint as a section
 * ("DSRC": the data source's description, as the start message prints it). Without it,
 * `train --resume` with no --data would search for data afresh and could continue a run
 * begun on one set on another (say the built-in 10,000 test digits instead of the 60,000
 * training digits the run began on) without a word. */
#ifndef GS_RUN_DATA_H
#define GS_RUN_DATA_H

#include <string.h>

#include "gs_ckpt.h"
#include "gs_idx.h"

#define RUN_DATA_SECTION "DSRC"

/* The section naming data's source (points into data: save before freeing it). Inline so
 * the window's trainer, a library of its own, writes the same record. */
static inline GsCkptSection run_data_section(const GsImages *data) {
    GsCkptSection sec = {{0}, data->source, strlen(data->source)};
    memcpy(sec.tag, RUN_DATA_SECTION, 4);
    return sec;
}

/* A resume that found its data by searching (no --data, no --dataset): GS_ERR_ARG and a
 * one-line message naming both when the checkpoint ckpt says it trained on other data.
 * A checkpoint without the section (an older one) passes. */
GsStatus run_data_check(const GsCkptSections *secs, const GsImages *data, const char *ckpt,
                        GsError *err);

#endif

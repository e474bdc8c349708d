/* run_data.h: which digits a `train` run learned from, kept in its checkpoint as a section
 * ("DSRC": the data source's description, as the start message prints it). Without it,
 * `train --resume` with no --data would search for data afresh and could continue a run
 * begun on one set on another (say the built-in 10,000 test digits instead of the 60,000
 * training digits the run began on) without a word. */
#ifndef GS_RUN_DATA_H
#define GS_RUN_DATA_H

#include <stdio.h>
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

/* 1 when the checkpoint's sections record other data than `data`, with the record in was
 * (at most size - 1 bytes; "other data" if a damaged one is not one printable line); 0 when
 * they match or there is no record (an older checkpoint). Inline, as above. */
static inline int run_data_other(const GsCkptSections *secs, const GsImages *data, char *was, size_t size) {
    const GsCkptSection *sec = gs_ckpt_sections_find(secs, RUN_DATA_SECTION);
    const size_t n = strlen(data->source);
    if (!sec || (sec->len == n && memcmp(sec->data, data->source, n) == 0)) return 0;
    size_t shown = sec->len < size - 1 ? (size_t)sec->len : size - 1;
    const unsigned char *p = sec->data;
    for (size_t i = 0; i < shown; i++)
        if (p[i] < 32 || p[i] == 127) shown = 0;
    if (shown) memcpy(was, p, shown), was[shown] = '\0';
    else snprintf(was, size, "other data");
    return 1;
}

/* A resume that found its data by searching (no --data, no --dataset): GS_ERR_ARG and a
 * one-line message naming both when the checkpoint ckpt says it trained on other data.
 * A checkpoint without the section (an older one) passes. */
GsStatus run_data_check(const GsCkptSections *secs, const GsImages *data, const char *ckpt,
                        GsError *err);

#endif

/* run_data.c: the data source a run trained on, kept in its checkpoint (see run_data.h). */
#include "run_data.h"

#include <string.h>

GsStatus run_data_check(const GsCkptSections *secs, const GsImages *data, const char *ckpt,
                        GsError *err) {
    const GsCkptSection *was = gs_ckpt_sections_find(secs, RUN_DATA_SECTION);
    const size_t n = strlen(data->source);
    if (!was || (was->len == n && memcmp(was->data, data->source, n) == 0)) return GS_OK;
    /* the recorded text is the file's bytes: print at most a source's worth of them, and
     * none of them if a damaged one would break the one-line message */
    int shown = was->len < sizeof data->source ? (int)was->len : (int)sizeof data->source;
    const unsigned char *p = was->data;
    for (int i = 0; i < shown; i++)
        if (p[i] < 32 || p[i] == 127) shown = 0;
    return gs_fail(err, GS_ERR_ARG,
                   "%s was trained on %.*s, but without --data this run would continue on %s; "
                   "pass --data PATH (or --dataset) to say which",
                   ckpt, shown ? shown : 10, shown ? (const char *)was->data : "other data", data->source);
}

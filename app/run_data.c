/* run_data.c: the data source a run trained on, kept in its checkpoint (see run_data.h). */
#include "run_data.h"

GsStatus run_data_check(const GsCkptSections *secs, const GsImages *data, const char *ckpt,
                        GsError *err) {
    char was[sizeof data->source];
    if (!run_data_other(secs, data, was, sizeof was)) return GS_OK;
    return gs_fail(err, GS_ERR_ARG,
                   "%s was trained on %s, but without --data this run would continue on %s; "
                   "pass --data PATH (or --dataset) to say which",
                   ckpt, was, data->source);
}

/* gs_blas.c: OpenBLAS thread control behind a neutral name. */
#include "gs_blas.h"

void gs_blas_set_threads(int n) {
    if (n > 0) openblas_set_num_threads(n);
}

int gs_blas_threads(void) { return openblas_get_num_threads(); }

const char *gs_blas_corename(void) {
    const char *s = openblas_get_corename();
    return s ? s : "unknown";
}

const char *gs_blas_config(void) {
    const char *s = openblas_get_config();
    return s ? s : "unknown";
}

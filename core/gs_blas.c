/* gs_blas.c: OpenBLAS thread control behind a neutral name. */
#include "gs_blas.h"

void gs_blas_set_threads(int n) {
    if (n > 0) openblas_set_num_threads(n);
}

int gs_blas_threads(void) { return openblas_get_num_threads(); }

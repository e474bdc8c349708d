/* gs_blas.h: the one place core/ includes cblas, plus OpenBLAS's thread control. */
#ifndef GS_BLAS_H
#define GS_BLAS_H

#include <cblas.h>

/* Number of threads OpenBLAS uses for each product (process-wide, OpenBLAS's own setting);
 * n <= 0 leaves OpenBLAS's default. */
void gs_blas_set_threads(int n);
int gs_blas_threads(void);
/* What OpenBLAS picked at load time: its kernel family ("Cooperlake", "Haswell", ...; a
 * machine can steer it with OPENBLAS_CORETYPE) and its build description (version, options).
 * For reports: the same build runs at different speeds with different kernels. */
const char *gs_blas_corename(void);
const char *gs_blas_config(void);

#endif

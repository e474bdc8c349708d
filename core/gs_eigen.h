/* gs_eigen.h: eigen-decomposition of small symmetric matrices (cyclic Jacobi rotations, in
 * double) and what the scores need from it: the symmetric square root and the Frechet
 * distance between two Gaussians. No LAPACK: the judge's matrices are 64x64. */
#ifndef GS_EIGEN_H
#define GS_EIGEN_H

/* Eigenvalues (evals, n) and eigenvectors (evecs, n x n, column j for evals[j]) of the
 * symmetric n x n matrix a (row-major; destroyed). Returns the number of sweeps used, or -1
 * if it did not converge (off-diagonal mass still above 1e-12 of the total after 100). */
int gs_eigen_sym(double *a, int n, double *evals, double *evecs);

/* out = the symmetric square root of the positive semi-definite n x n matrix a (negative
 * eigenvalues, rounding noise, clipped to 0). work: 3*n*n + n doubles. Returns -1 on no
 * convergence, else 0. */
int gs_sqrtm_sym(double *out, const double *a, int n, double *work);

/* Frechet distance between N(mu1, s1) and N(mu2, s2):
 *   |mu1 - mu2|^2 + Tr(s1) + Tr(s2) - 2 Tr(sqrt(sqrt(s1) s2 sqrt(s1)))
 * sqrt_s1 is sqrt(s1) (gs_sqrtm_sym), passed in so a fixed reference is factored once.
 * work: 5*n*n + n doubles. Rounding below 0 reads 0. Returns NaN on no convergence. */
double gs_frechet(const double *mu1, const double *s1, const double *sqrt_s1, const double *mu2,
                  const double *s2, int n, double *work);

/* Mean (n) and covariance (n x n, divided by count-1) of count rows of n floats. */
void gs_mean_cov(double *mu, double *cov, const float *x, int count, int n);

#endif

/* test_directions.c: the strongest directions are orthonormal, ordered by effect, and a step
 * along the first changes the image more than a step along a random direction (averaged
 * over many noise vectors); the eigen-solver is checked on a known matrix. */
#include "inspect_fixture.h"
#include "gs_directions.h"
#include "gs_rng.h"

/* mean RMS change of the image over m noise vectors for a step t along dir */
static double mean_change(GsNet *g, const float *dir, float t, int m, uint64_t seed) {
    const int Z = (int)gs_net_in_size(g), P = GS_IMG_SIZE;
    GsRng rng;
    gs_rng_seed(&rng, seed);
    float *z = malloc(sizeof(float) * 2 * Z), *img = malloc(sizeof(float) * 2 * P);
    double sum = 0.0;
    for (int k = 0; k < m; k++) {
        for (int i = 0; i < Z; i++) z[i] = gs_rng_range(&rng, -1.0f, 1.0f), z[Z + i] = z[i] + t * dir[i];
        memcpy(img, gs_net_forward(g, z, 2, 0, NULL), sizeof(float) * 2 * P);
        sum += fixture_rms(img, img + P, P);
    }
    free(z), free(img);
    return sum / m;
}

int main(void) {
    /* eigen-solver: A = Q diag(5,3,1,0.5) Q^T for a rotation Q */
    {
        double q[16], a[16], vals[4], vecs[16], l[4] = {1, 5, 0.5, 3};
        double c = cos(0.3), s = sin(0.3), c2 = cos(1.1), s2 = sin(1.1);
        double rot[16] = {c, -s, 0, 0, s, c, 0, 0, 0, 0, c2, -s2, 0, 0, s2, c2};
        memcpy(q, rot, sizeof q);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                a[i * 4 + j] = 0;
                for (int k = 0; k < 4; k++) a[i * 4 + j] += q[i * 4 + k] * l[k] * q[j * 4 + k];
            }
        gs_sym_eigen(a, 4, vals, vecs);
        CHECK_CLOSE(vals[0], 5, 1e-9, 0);
        CHECK_CLOSE(vals[1], 3, 1e-9, 0);
        CHECK_CLOSE(vals[2], 1, 1e-9, 0);
        CHECK_CLOSE(vals[3], 0.5, 1e-9, 0);
        /* the top eigenvector is Q's column 1 (eigenvalue 5), up to sign */
        CHECK_CLOSE(fabs(vecs[0] * q[1] + vecs[1] * q[5] + vecs[2] * q[9] + vecs[3] * q[13]), 1, 1e-9, 0);
    }
    GsNet g;
    CHECK(fixture_net(&g, 1, 32));
    const int Z = (int)gs_net_in_size(&g);
    GsDirections d;
    GsDirectionsOptions opt;
    GsError err;
    gs_directions_defaults(&opt);
    opt.samples = 4;
    CHECK(gs_directions_create(&d, &g, GS_DIRECTIONS_COUNT, &err) == GS_OK);
    atomic_int permille = 0;
    GsProgress prog = {NULL, &permille};
    CHECK(gs_directions_compute(&g, &opt, &prog, &d, &err) == GS_OK);
    CHECK(d.complete && d.samples_done == opt.samples && atomic_load(&permille) == 1000);
    double worst = 0.0;
    for (int a = 0; a < d.count; a++)
        for (int b = 0; b < d.count; b++) {
            double dot = 0.0;
            for (int i = 0; i < Z; i++) dot += (double)d.dirs[a * Z + i] * d.dirs[b * Z + i];
            double e = fabs(dot - (a == b));
            worst = e > worst ? e : worst;
        }
    printf("orthonormality: worst |d_a.d_b - [a==b]| = %.2g\n", worst);
    CHECK(worst < 1e-5);
    for (int k = 1; k < d.count; k++) CHECK(d.effect[k] <= d.effect[k - 1]);
    printf("effects:");
    for (int k = 0; k < d.count; k++) printf(" %.4f", d.effect[k]);
    printf("\n");

    /* a step of 0.25 along the first direction vs along random unit directions, over 32
     * noise vectors not used to find the directions */
    const float t = 0.25f;
    double first = mean_change(&g, d.dirs, t, 32, 1234), rnd = 0.0;
    GsRng rng;
    gs_rng_seed(&rng, 5);
    float *r = malloc(sizeof(float) * Z);
    for (int k = 0; k < 4; k++) {
        double n2 = 0.0;
        for (int i = 0; i < Z; i++) r[i] = gs_rng_range(&rng, -1.0f, 1.0f), n2 += (double)r[i] * r[i];
        for (int i = 0; i < Z; i++) r[i] /= (float)sqrt(n2);
        rnd += mean_change(&g, r, t, 32, 1234) / 4;
    }
    printf("mean RMS change for a step of %.2f: first direction %.5f, random directions %.5f\n", t, first, rnd);
    CHECK_MSG(first > 1.5 * rnd, "first %g, random %g", first, rnd);
    /* and the measured change agrees with the predicted effect (linear for small steps) */
    CHECK_CLOSE(mean_change(&g, d.dirs, 0.02f, 32, 1234) / 0.02, d.effect[0], 0, 0.5);

    /* cancelled: incomplete, no samples, directions zero */
    atomic_int cancel = 1;
    GsProgress stop = {&cancel, NULL};
    CHECK(gs_directions_compute(&g, &opt, &stop, &d, &err) == GS_OK);
    CHECK(!d.complete && d.samples_done == 0 && d.dirs[0] == 0.0f);
    gs_directions_destroy(&d);
    CHECK(gs_directions_create(&d, &g, Z + 1, &err) == GS_ERR_ARG);
    free(r);
    gs_net_destroy(&g);
    CHECK_DONE();
}

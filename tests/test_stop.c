/* test_stop.c: gs_gan_set_stop abandons a step between layers. With the flag already set a
 * step changes nothing the optimizer owns (weights, RMSprop accumulators, step count);
 * cleared, training goes on as before; set from another thread during a keras step, the
 * step returns early and does not count. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "gs_data.h"
#include "gs_gan.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct Setter {
    atomic_int *flag;
    double delay;
} Setter;

static void *set_later(void *arg) {
    Setter *s = arg;
    struct timespec ts = {(time_t)s->delay, (long)((s->delay - (time_t)s->delay) * 1e9)};
    nanosleep(&ts, NULL);
    atomic_store(s->flag, 1);
    return NULL;
}

static float *copy(const float *p, size_t n) {
    float *c = malloc(n * sizeof *c);
    memcpy(c, p, n * sizeof *c);
    return c;
}

int main(void) {
    GsError err;
    GsImages data;
    CHECK(gs_data_load(NULL, GS_DATASET_MNIST, &data, &err) == GS_OK);
    GsConfig cfg;
    CHECK(gs_config_preset(&cfg, "fast", &err) == GS_OK);
    cfg.batch = 16;
    GsGan gan;
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK);
    atomic_int flag;
    atomic_init(&flag, 1);
    gs_gan_set_stop(&gan, &flag);

    /* Stop already asked: nothing the optimizer owns moves. */
    float *g = copy(gan.g.params, gan.g.n_params), *d = copy(gan.d.params, gan.d.n_params);
    float *ag = copy(gan.accum_g, gan.g.n_params), *ad = copy(gan.accum_d, gan.d.n_params);
    GsMetrics m;
    gs_gan_step(&gan, &data, &m);
    gs_gan_step_d(&gan, &data, &m);
    gs_gan_step_g(&gan, &m);
    CHECK(gs_gan_stopped(&gan));
    CHECK(gan.step == 0);
    CHECK(!memcmp(g, gan.g.params, gan.g.n_params * sizeof(float)));
    CHECK(!memcmp(d, gan.d.params, gan.d.n_params * sizeof(float)));
    CHECK(!memcmp(ag, gan.accum_g, gan.g.n_params * sizeof(float)));
    CHECK(!memcmp(ad, gan.accum_d, gan.d.n_params * sizeof(float)));

    /* Cleared: steps count and change the weights again. */
    atomic_store(&flag, 0);
    CHECK(!gs_gan_stopped(&gan));
    gs_gan_step(&gan, &data, &m);
    CHECK(gan.step == 1 && m.step == 1);
    CHECK(memcmp(g, gan.g.params, gan.g.n_params * sizeof(float)) != 0);
    CHECK(memcmp(d, gan.d.params, gan.d.n_params * sizeof(float)) != 0);
    free(g), free(d), free(ag), free(ad);
    gs_gan_destroy(&gan);

    /* A keras step (batch 32) stopped a tenth of the way in returns well before a whole
     * step's time and does not count. The bound is loose: one layer is the most it waits. */
    CHECK(gs_config_preset(&cfg, "keras", &err) == GS_OK);
    cfg.batch = 32;
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK);
    atomic_store(&flag, 0);
    gs_gan_set_stop(&gan, &flag);
    gs_gan_step(&gan, &data, &m); /* warm-up */
    double t0 = now_s();
    gs_gan_step(&gan, &data, &m);
    double whole = now_s() - t0;
    Setter s = {&flag, whole / 10};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, set_later, &s) == 0);
    t0 = now_s();
    gs_gan_step(&gan, &data, &m);
    double stopped = now_s() - t0;
    pthread_join(th, NULL);
    printf("keras step %.0f ms; stopped at %.0f ms, returned after %.0f ms\n", whole * 1e3, s.delay * 1e3,
           stopped * 1e3);
    CHECK(gan.step == 2);
    CHECK_MSG(stopped < 0.9 * whole, "the stopped step ran %.0f of %.0f ms", stopped * 1e3, whole * 1e3);
    gs_gan_destroy(&gan);
    gs_images_free(&data);
    CHECK_DONE();
}

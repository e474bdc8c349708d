/* conv_case.h: one convolution problem with random inputs and two sets of results, for
 * tests that run two implementations of the same convolution and compare them (results
 * "1" from the reference path, "2" from the path under test). */
#ifndef GS_CONV_CASE_H
#define GS_CONV_CASE_H

#include <string.h>

#include "check.h"
#include "gs_ops.h"

typedef struct ConvCase {
    GsConvShape s;
    int n;
    size_t in_n, out_n, w_n, work_n;
    float *x, *w, *b, *g, *work;    /* input, weights, bias, output gradient, workspace */
    float *o1, *o2, *dx1, *dx2;     /* outputs and input gradients */
    float *dw1, *dw2, *db1, *db2;   /* parameter gradients (zeroed: backward adds) */
} ConvCase;

static void conv_case_init(ConvCase *c, GsConvShape s, int n, size_t work_n, GsRng *rng) {
    c->s = s, c->n = n, c->work_n = work_n;
    c->in_n = (size_t)n * s.in_h * s.in_w * s.in_c, c->out_n = (size_t)n * s.out_h * s.out_w * s.out_c;
    c->w_n = (size_t)s.out_c * s.k * s.k * s.in_c;
    c->x = malloc(sizeof(float) * c->in_n), c->w = malloc(sizeof(float) * c->w_n);
    c->b = malloc(sizeof(float) * s.out_c), c->g = malloc(sizeof(float) * c->out_n);
    c->work = malloc(sizeof(float) * work_n);
    c->o1 = malloc(sizeof(float) * c->out_n), c->o2 = malloc(sizeof(float) * c->out_n);
    c->dx1 = malloc(sizeof(float) * c->in_n), c->dx2 = malloc(sizeof(float) * c->in_n);
    c->dw1 = calloc(c->w_n, sizeof(float)), c->dw2 = calloc(c->w_n, sizeof(float));
    c->db1 = calloc(s.out_c, sizeof(float)), c->db2 = calloc(s.out_c, sizeof(float));
    for (size_t i = 0; i < c->in_n; i++) c->x[i] = gs_rng_range(rng, -1, 1);
    for (size_t i = 0; i < c->w_n; i++) c->w[i] = gs_rng_range(rng, -1, 1);
    for (int i = 0; i < s.out_c; i++) c->b[i] = gs_rng_range(rng, -1, 1);
    for (size_t i = 0; i < c->out_n; i++) c->g[i] = gs_rng_range(rng, -1, 1);
}

/* Both sets of results agree to 1e-5 relative; `what` names the case in the message. */
static void conv_case_check(const ConvCase *c, const char *what) {
    const GsConvShape *s = &c->s;
    double e_o = check_rel_diff(c->o2, c->o1, c->out_n), e_x = check_rel_diff(c->dx2, c->dx1, c->in_n);
    double e_w = check_rel_diff(c->dw2, c->dw1, c->w_n), e_b = check_rel_diff(c->db2, c->db1, s->out_c);
    CHECK_MSG(e_o < 1e-5 && e_x < 1e-5 && e_w < 1e-5 && e_b < 1e-5,
              "%s %dx%dx%d -> %d filters k%d stride %d n%d: out %.2g din %.2g dw %.2g db %.2g", what, s->in_h,
              s->in_w, s->in_c, s->out_c, s->k, s->stride, c->n, e_o, e_x, e_w, e_b);
}

static void conv_case_free(ConvCase *c) {
    free(c->x), free(c->w), free(c->b), free(c->g), free(c->work), free(c->o1), free(c->o2);
    free(c->dx1), free(c->dx2), free(c->dw1), free(c->dw2), free(c->db1), free(c->db2);
}

#endif

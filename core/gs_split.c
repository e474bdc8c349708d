/* gs_split.c: each layer's images shared out over the pool (see gs_split.h). */
#include "gs_split.h"

#include <string.h>

#include "gs_pool.h"

typedef struct Job {
    const GsSplit *sp;
    float *out, *din, *dw, *db, *dw3;
    const float *in, *w, *b, *dout;
    const GsConvShape *s;
    int n, h, w_, ic, oc, in_f, out_f;
    size_t n_w; /* weights of the layer: the size of each piece's dw accumulator */
} Job;

static int lo(int n, int part, int parts) { return (int)((long long)n * part / parts); }

/* Piece p's gradient accumulators: the real ones for piece 0, zeroed private ones after. */
static float *piece_acc(const Job *j, int part) {
    float *a = j->sp->acc + (size_t)(part - 1) * j->sp->acc_floats;
    memset(a, 0, sizeof(float) * (j->n_w + j->oc));
    return a;
}

/* Adds pieces 1.. into the real gradients, in piece order. */
static void add_pieces(const GsSplit *sp, float *dw, float *db, size_t n_w, int oc, int parts) {
    for (int p = 1; p < parts; p++) {
        const float *a = sp->acc + (size_t)(p - 1) * sp->acc_floats;
        if (dw)
            for (size_t i = 0; i < n_w; i++) dw[i] += a[i];
        if (db)
            for (int i = 0; i < oc; i++) db[i] += a[n_w + i];
    }
}

static int pieces(const GsSplit *sp, int n) { return sp->parts < n ? sp->parts : n; }

/* ---- convolution ---------------------------------------------------------------------- */

static void conv_fwd_part(void *ctx, int part, int parts) {
    const Job *j = ctx;
    int i0 = lo(j->n, part, parts), i1 = lo(j->n, part + 1, parts);
    const size_t in_img = (size_t)j->s->in_h * j->s->in_w * j->s->in_c;
    const size_t out_img = (size_t)j->s->out_h * j->s->out_w * j->s->out_c;
    gs_conv_forward(j->out + i0 * out_img, j->sp->buf + part * j->sp->part_floats, j->sp->part_floats,
                    j->in + i0 * in_img, j->w, j->b, j->s, i1 - i0);
}

void gs_split_conv_forward(const GsSplit *sp, float *out, const float *in, const float *w,
                           const float *b, const GsConvShape *s, int n) {
    Job j = {.sp = sp, .out = out, .in = in, .w = w, .b = b, .s = s, .n = n};
    gs_pool_run(sp->pool, conv_fwd_part, &j, pieces(sp, n));
}

static void conv_bwd_part(void *ctx, int part, int parts) {
    const Job *j = ctx;
    int i0 = lo(j->n, part, parts), i1 = lo(j->n, part + 1, parts);
    const size_t in_img = (size_t)j->s->in_h * j->s->in_w * j->s->in_c;
    const size_t out_img = (size_t)j->s->out_h * j->s->out_w * j->s->out_c;
    float *dw = j->dw, *db = j->db;
    if (dw && part > 0) dw = piece_acc(j, part), db = dw + j->n_w;
    gs_conv_backward(j->din ? j->din + i0 * in_img : NULL, dw, db, j->sp->buf + part * j->sp->part_floats,
                     j->sp->part_floats, j->dout + i0 * out_img, j->in + i0 * in_img, j->w, j->s, i1 - i0);
}

void gs_split_conv_backward(const GsSplit *sp, float *din, float *dw, float *db,
                            const float *dout, const float *in, const float *w,
                            const GsConvShape *s, int n) {
    Job j = {.sp = sp, .din = din, .dw = dw, .db = db, .dout = dout, .in = in, .w = w, .s = s, .n = n,
             .oc = s->out_c, .n_w = (size_t)s->out_c * s->k * s->k * s->in_c};
    int parts = pieces(sp, n);
    gs_pool_run(sp->pool, conv_bwd_part, &j, parts);
    if (dw) add_pieces(sp, dw, db, j.n_w, s->out_c, parts);
}

/* ---- fused upsample + convolution ------------------------------------------------------ */

static void upconv_fwd_part(void *ctx, int part, int parts) {
    const Job *j = ctx;
    int i0 = lo(j->n, part, parts), i1 = lo(j->n, part + 1, parts);
    const size_t in_img = (size_t)j->h * j->w_ * j->ic, out_img = (size_t)4 * j->h * j->w_ * j->oc;
    gs_upconv_forward(j->out + i0 * out_img, j->sp->buf + part * j->sp->part_floats, j->sp->part_floats,
                      j->in + i0 * in_img, j->w, j->b, i1 - i0, j->h, j->w_, j->ic, j->oc);
}

void gs_split_upconv_forward(const GsSplit *sp, float *out, const float *in, const float *w3,
                             const float *b, int n, int h, int w, int ic, int oc) {
    Job j = {.sp = sp, .out = out, .in = in, .w = w3, .b = b, .n = n, .h = h, .w_ = w, .ic = ic, .oc = oc};
    gs_pool_run(sp->pool, upconv_fwd_part, &j, pieces(sp, n));
}

static void upconv_bwd_part(void *ctx, int part, int parts) {
    const Job *j = ctx;
    int i0 = lo(j->n, part, parts), i1 = lo(j->n, part + 1, parts);
    const size_t in_img = (size_t)j->h * j->w_ * j->ic, out_img = (size_t)4 * j->h * j->w_ * j->oc;
    float *dw = j->dw, *db = j->db, *dw3 = j->dw3;
    if (dw && part > 0) {
        dw = piece_acc(j, part), db = dw + j->n_w;
        dw3 = db + j->oc; /* scratch after the piece's dw and db */
    }
    gs_upconv_backward(j->din ? j->din + i0 * in_img : NULL, dw, db, dw3, j->sp->buf + part * j->sp->part_floats,
                       j->sp->part_floats, j->dout + i0 * out_img, j->in + i0 * in_img, j->w, i1 - i0, j->h,
                       j->w_, j->ic, j->oc);
}

void gs_split_upconv_backward(const GsSplit *sp, float *din, float *dw, float *db, float *dw3,
                              const float *dout, const float *in, const float *w3, int n,
                              int h, int w, int ic, int oc) {
    Job j = {.sp = sp, .din = din, .dw = dw, .db = db, .dw3 = dw3, .dout = dout, .in = in, .w = w3,
             .n = n, .h = h, .w_ = w, .ic = ic, .oc = oc, .n_w = (size_t)oc * 25 * ic};
    int parts = pieces(sp, n);
    gs_pool_run(sp->pool, upconv_bwd_part, &j, parts);
    if (dw) add_pieces(sp, dw, db, j.n_w, oc, parts);
}

/* ---- dense ------------------------------------------------------------------------------ */

static void dense_fwd_part(void *ctx, int part, int parts) {
    const Job *j = ctx;
    int r0 = lo(j->n, part, parts), r1 = lo(j->n, part + 1, parts);
    gs_dense_forward(j->out + (size_t)r0 * j->out_f, j->in + (size_t)r0 * j->in_f, j->w, j->b, r1 - r0,
                     j->in_f, j->out_f);
}

void gs_split_dense_forward(const GsSplit *sp, float *out, const float *in, const float *w,
                            const float *b, int n, int in_f, int out_f) {
    Job j = {.sp = sp, .out = out, .in = in, .w = w, .b = b, .n = n, .in_f = in_f, .out_f = out_f};
    gs_pool_run(sp->pool, dense_fwd_part, &j, pieces(sp, n));
}

/* Pieces [0, parts) do the input gradient by batch rows, [parts, 2*parts) the weight
 * gradient by weight rows: neither needs accumulators. */
static void dense_bwd_part(void *ctx, int part, int parts) {
    const Job *j = ctx;
    int half = parts / 2;
    if (part < half) {
        if (!j->din) return;
        int r0 = lo(j->n, part, half), r1 = lo(j->n, part + 1, half);
        if (r1 > r0)
            gs_dense_backward(j->din + (size_t)r0 * j->in_f, NULL, NULL, j->dout + (size_t)r0 * j->out_f, NULL,
                              j->w, r1 - r0, j->in_f, j->out_f);
        return;
    }
    if (!j->dw) return;
    int o0 = lo(j->out_f, part - half, half), o1 = lo(j->out_f, part - half + 1, half);
    if (o1 <= o0) return;
    /* dw[o0:o1, :] += dout[:, o0:o1]^T in; db[o0:o1] += column sums */
    gs_dense_backward_rows(j->dw, j->db, j->dout, j->in, j->n, j->in_f, j->out_f, o0, o1);
}

void gs_split_dense_backward(const GsSplit *sp, float *din, float *dw, float *db,
                             const float *dout, const float *in, const float *w, int n,
                             int in_f, int out_f) {
    Job j = {.sp = sp, .din = din, .dw = dw, .db = db, .dout = dout, .in = in, .w = w, .n = n,
             .in_f = in_f, .out_f = out_f};
    gs_pool_run(sp->pool, dense_bwd_part, &j, 2 * sp->parts);
}

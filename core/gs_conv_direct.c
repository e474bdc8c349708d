/* gs_conv_direct.c: stride-1 'same' convolution computed directly, for layers with few
 * output channels (the generator's last layers). There im2col + sgemm is bound by memory
 * traffic: it writes and packs k*k*in_c floats for every output pixel to produce only a
 * handful of values. The direct loops read each input pixel from cache, in register blocks.
 * Built for x86-64-v3 (AVX2) and baseline x86-64, picked at load time where GCC/Clang allow
 * (no fused multiply-add: the build does not contract, so both round alike). */
#include <string.h>

#include "gs_ops.h"

/* Not under ThreadSanitizer: its instrumented ifunc resolver runs before TSan is set up. */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__linux__) && !defined(__SANITIZE_THREAD__)
#define GS_HAS_CLONES 1
#define GS_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GS_MULTIVERSION
#endif
/* The register blocks below are written with their sizes as arguments; inlined with
 * constant sizes they unroll into registers. */
#if defined(__GNUC__)
#define GS_INLINE static inline __attribute__((always_inline))
#else
#define GS_INLINE static inline
#endif

/* GCC and Clang keep the register blocks in registers when written with their generic
 * vectors (8 floats: one AVX2 register, two SSE or NEON ones) and told to unroll; plain
 * loops left the accumulators in memory. Other compilers, or -DGS_PLAIN_C (a test builds
 * it so), take the plain loops, which compute the same sums in the same order. */
#if defined(__GNUC__) && !defined(GS_PLAIN_C)
#define GS_VECTORS 1
typedef float GsV8 __attribute__((vector_size(32), aligned(4)));
#if defined(__clang__)
#define GS_UNROLL _Pragma("unroll")
#else
#define GS_UNROLL _Pragma("GCC unroll 8")
#endif
#else
#define GS_VECTORS 0
#endif

/* A register block: FB filters (one AVX2 register of floats) for PB neighbouring output
 * pixels, so PB independent accumulators hide the multiply-add latency and each weight
 * vector loaded serves PB pixels; in the weight gradient, FB filters times CB channels. */
enum { FB = 8, PB = 8, CB = 8 };

/* Zero-padded image: (out_h+k-1) x (out_w+k-1) pixels of c channels. Every output pixel
 * then sees all k*k taps, so the blocks never test bounds (padding taps multiply zeros:
 * about 9% more work on 28x28 with a 5x5 kernel, for long branch-free loops). */
static int padded_h(const GsConvShape *s) { return s->out_h + s->k - 1; }
static int padded_w(const GsConvShape *s) { return s->out_w + s->k - 1; }

static int round_up(int c) { return (c + FB - 1) / FB * FB; }

/* Floats of packed weights, for the forward (filters in blocks) or the input gradient
 * (channels in blocks). */
static size_t packed_floats(const GsConvShape *s) {
    int most = round_up(s->out_c) * s->in_c > round_up(s->in_c) * s->out_c ? round_up(s->out_c) * s->in_c
                                                                            : round_up(s->in_c) * s->out_c;
    return (size_t)most * s->k * s->k;
}

size_t gs_conv_direct_work(const GsConvShape *s) {
    int c = s->in_c > s->out_c ? s->in_c : s->out_c;
    return packed_floats(s) + (size_t)padded_h(s) * padded_w(s) * c;
}

/* Packs the weights w (oc, k, k, ic) for forward_blocked as blocks of FB outputs, each
 * (ky, kx, input channel, FB): one block's weights are contiguous, and the FB values one
 * input value meets are one vector. flip: for the input gradient, whose outputs are the
 * ic channels and inputs the oc filters, through the kernel turned by 180 degrees. Lanes
 * past the last output are zero. */
static void pack_weights(float *wt, const float *w, const GsConvShape *s, int flip) {
    const int kk = s->k * s->k, outs = flip ? s->in_c : s->out_c, ins = flip ? s->out_c : s->in_c;
    for (int o0 = 0; o0 < outs; o0 += FB)
        for (int t = 0; t < kk; t++)
            for (int i = 0; i < ins; i++) {
                float *dst = wt + (((size_t)o0 / FB * kk + t) * ins + i) * FB;
                for (int j = 0; j < FB; j++) {
                    int o = o0 + j;
                    dst[j] = o >= outs ? 0.0f
                             : flip    ? w[((size_t)i * kk + kk - 1 - t) * s->in_c + o]
                                       : w[((size_t)o * kk + t) * s->in_c + i];
                }
            }
}

int gs_conv_direct_suits(const GsConvShape *s, size_t work_floats) {
    return s->stride == 1 && s->out_c <= GS_CONV_DIRECT_MAX_OC && work_floats >= gs_conv_direct_work(s);
}

/* Copies image `img` (h, w, c) into the (ph, pw, c) buffer at row top, column left. */
static void pad_image(float *dst, const float *img, int h, int w, int c, int ph, int pw, int top, int left) {
    memset(dst, 0, sizeof(float) * (size_t)ph * pw * c);
    for (int y = 0; y < h; y++)
        memcpy(dst + ((size_t)(y + top) * pw + left) * c, img + (size_t)y * w * c, sizeof(float) * (size_t)w * c);
}

/* np output pixels (pixel j at o + j*oc) x fb filters: bias + sum over kernel rows, then
 * over each row's k*ic contiguous (tap, channel) values, in that order for every path.
 * x: the padded input under pixel 0's top-left tap; wt: the block's packed weights. */
GS_INLINE void fwd_block(float *o, const float *x, const float *wt, const float *b, int np, int fb,
                         int k, int ic, int oc, size_t row) {
    float acc[PB][FB];
    for (int j = 0; j < np; j++)
        for (int f = 0; f < fb; f++) acc[j][f] = b ? b[f] : 0.0f;
    const int len = k * ic;
    for (int ky = 0; ky < k; ky++) {
        const float *xr = x + ky * row, *wr = wt + (size_t)ky * len * FB;
        for (int c = 0; c < len; c++) {
            const float *wc = wr + (size_t)c * FB;
            for (int j = 0; j < np; j++) {
                const float xv = xr[(size_t)j * ic + c];
                for (int f = 0; f < fb; f++) acc[j][f] += xv * wc[f];
            }
        }
    }
    for (int j = 0; j < np; j++)
        for (int f = 0; f < fb; f++) o[(size_t)j * oc + f] = acc[j][f];
}

#if GS_VECTORS
/* fwd_block for 8 filters with np (constant after inlining) pixels in vector registers. */
GS_INLINE void fwd_block_v8(float *o, const float *x, const float *wt, const float *b, int np, int k,
                            int ic, int oc, size_t row) {
    GsV8 acc[PB];
    const GsV8 b8 = b ? *(const GsV8 *)b : (GsV8){0};
    GS_UNROLL
    for (int j = 0; j < np; j++) acc[j] = b8;
    const int len = k * ic;
    for (int ky = 0; ky < k; ky++) {
        const float *xr = x + ky * row, *wr = wt + (size_t)ky * len * FB;
        for (int c = 0; c < len; c++) {
            const GsV8 wv = *(const GsV8 *)(wr + (size_t)c * FB);
            GS_UNROLL
            for (int j = 0; j < np; j++) acc[j] += xr[(size_t)j * ic + c] * wv;
        }
    }
    GS_UNROLL
    for (int j = 0; j < np; j++) *(GsV8 *)(o + (size_t)j * oc) = acc[j];
}
#endif

/* out (n, out_h, out_w, oc) = conv of the images through the padded buffer `pad`, with
 * weights wt from pack_weights and bias b (NULL: none). s describes the convolution. */
GS_MULTIVERSION
static void forward_blocked(float *out, float *pad, const float *in, const float *wt, const float *b,
                            const GsConvShape *s, int n) {
    const int k = s->k, ic = s->in_c, oc = s->out_c, pw = padded_w(s);
    const size_t row = (size_t)pw * ic;
    const int blocks = (s->out_w + PB - 1) / PB; /* even pixel blocks: 28 = 4 x 7, 14 = 2 x 7 */
    for (int bi = 0; bi < n; bi++) {
        pad_image(pad, in + (size_t)bi * s->in_h * s->in_w * ic, s->in_h, s->in_w, ic, padded_h(s), pw,
                  s->pad_top, s->pad_left);
        /* filter blocks outside: one block's weights stay in L1 over the image */
        for (int f0 = 0; f0 < oc; f0 += FB) {
            const int fb = oc - f0 < FB ? oc - f0 : FB;
            const float *bf = b ? b + f0 : NULL, *wb = wt + (size_t)f0 * k * k * ic;
            for (int oy = 0; oy < s->out_h; oy++)
                for (int pb = 0; pb < blocks; pb++) {
                    const int ox = s->out_w * pb / blocks, np = s->out_w * (pb + 1) / blocks - ox;
                    float *o = out + (((size_t)bi * s->out_h + oy) * s->out_w + ox) * oc + f0;
                    const float *x = pad + oy * row + (size_t)ox * ic;
#if GS_VECTORS
                    if (fb == FB) {
                        switch (np) { /* constant block sizes unroll into registers */
                        case 8: fwd_block_v8(o, x, wb, bf, 8, k, ic, oc, row); break;
                        case 7: fwd_block_v8(o, x, wb, bf, 7, k, ic, oc, row); break;
                        case 6: fwd_block_v8(o, x, wb, bf, 6, k, ic, oc, row); break;
                        case 5: fwd_block_v8(o, x, wb, bf, 5, k, ic, oc, row); break;
                        case 4: fwd_block_v8(o, x, wb, bf, 4, k, ic, oc, row); break;
                        case 3: fwd_block_v8(o, x, wb, bf, 3, k, ic, oc, row); break;
                        case 2: fwd_block_v8(o, x, wb, bf, 2, k, ic, oc, row); break;
                        default: fwd_block_v8(o, x, wb, bf, 1, k, ic, oc, row); break;
                        }
                        continue;
                    }
#endif
                    fwd_block(o, x, wb, bf, np, fb, k, ic, oc, row);
                }
        }
    }
}

/* With fewer than 4 filters a vector of filters would be mostly empty: instead each dot
 * product runs over a kernel row's k*ic contiguous (tap, channel) values, in 8 partial
 * sums (lanes), for np pixels at once (independent sums, as in fwd_block). The sum is
 * bias + lanes added pairwise + the row tails past the last multiple of 8. */
#define FEW_BLOCK(ACC_T, ZERO, LOAD, LANE)                                                  \
    do {                                                                                    \
        ACC_T acc[PB];                                                                      \
        float tail[PB];                                                                     \
        for (int j = 0; j < np; j++) acc[j] = ZERO, tail[j] = 0.0f;                         \
        const int len = k * ic, nv = len / 8 * 8;                                           \
        for (int ky = 0; ky < k; ky++) {                                                    \
            const float *xr = x + ky * row, *wr = wf + (size_t)ky * len;                    \
            for (int c = 0; c < nv; c += 8) {                                               \
                GS_UNROLL_FEW                                                               \
                for (int j = 0; j < np; j++) LOAD;                                          \
            }                                                                               \
            for (int c = nv; c < len; c++)                                                  \
                for (int j = 0; j < np; j++) tail[j] += xr[(size_t)j * ic + c] * wr[c];     \
        }                                                                                   \
        for (int j = 0; j < np; j++)                                                        \
            o[(size_t)j * oc] = bias + (((LANE(0) + LANE(1)) + (LANE(2) + LANE(3))) +         \
                                        ((LANE(4) + LANE(5)) + (LANE(6) + LANE(7)))) + tail[j]; \
    } while (0)

GS_INLINE void few_block(float *o, const float *x, const float *wf, float bias, int np, int k, int ic,
                         int oc, size_t row) {
#define GS_UNROLL_FEW
#define PLAIN_LOAD for (int l = 0; l < 8; l++) acc[j].v[l] += xr[(size_t)j * ic + c + l] * wr[c + l]
#define PLAIN_LANE(l) acc[j].v[l]
    typedef struct { float v[8]; } Lanes;
    FEW_BLOCK(Lanes, ((Lanes){{0}}), PLAIN_LOAD, PLAIN_LANE);
#undef GS_UNROLL_FEW
}

#if GS_VECTORS
GS_INLINE void few_block_v8(float *o, const float *x, const float *wf, float bias, int np, int k, int ic,
                            int oc, size_t row) {
#define GS_UNROLL_FEW GS_UNROLL
#define V8_LOAD acc[j] += *(const GsV8 *)(xr + (size_t)j * ic + c) * *(const GsV8 *)(wr + c)
#define V8_LANE(l) acc[j][l]
    FEW_BLOCK(GsV8, ((GsV8){0}), V8_LOAD, V8_LANE);
#undef GS_UNROLL_FEW
}
#endif

/* The forward pass with fewer than 4 filters: w as given, (oc, k, k, ic). */
GS_MULTIVERSION
static void forward_few(float *out, float *pad, const float *in, const float *w, const float *b,
                        const GsConvShape *s, int n) {
    const int k = s->k, ic = s->in_c, oc = s->out_c, pw = padded_w(s);
    const size_t row = (size_t)pw * ic;
    const int blocks = (s->out_w + PB - 1) / PB;
    for (int bi = 0; bi < n; bi++) {
        pad_image(pad, in + (size_t)bi * s->in_h * s->in_w * ic, s->in_h, s->in_w, ic, padded_h(s), pw,
                  s->pad_top, s->pad_left);
        for (int f = 0; f < oc; f++) {
            const float *wf = w + (size_t)f * k * k * ic;
            for (int oy = 0; oy < s->out_h; oy++)
                for (int pb = 0; pb < blocks; pb++) {
                    const int ox = s->out_w * pb / blocks, np = s->out_w * (pb + 1) / blocks - ox;
                    float *o = out + (((size_t)bi * s->out_h + oy) * s->out_w + ox) * oc + f;
                    const float *x = pad + oy * row + (size_t)ox * ic;
#if GS_VECTORS
                    switch (np) {
                    case 8: few_block_v8(o, x, wf, b[f], 8, k, ic, oc, row); continue;
                    case 7: few_block_v8(o, x, wf, b[f], 7, k, ic, oc, row); continue;
                    case 4: few_block_v8(o, x, wf, b[f], 4, k, ic, oc, row); continue;
                    default: few_block_v8(o, x, wf, b[f], np, k, ic, oc, row); continue;
                    }
#endif
                    few_block(o, x, wf, b[f], np, k, ic, oc, row);
                }
        }
    }
}

/* dw[f][ky][kx][c0..c0+cb) for filters f0..f0+fb, one tap, over one image's output pixels:
 * the sums stay in registers for the whole image. x: padded input at the tap's offset. */
GS_INLINE void dw_block(float *dw, const float *g, const float *x, int fb, int cb, const GsConvShape *s,
                        size_t row, size_t wstride) {
    float acc[FB][CB];
    for (int f = 0; f < fb; f++)
        for (int c = 0; c < cb; c++) acc[f][c] = 0.0f;
    for (int oy = 0; oy < s->out_h; oy++) {
        const float *xr = x + oy * row, *gr = g + (size_t)oy * s->out_w * s->out_c;
        for (int ox = 0; ox < s->out_w; ox++) {
            const float *xp = xr + (size_t)ox * s->in_c, *gp = gr + (size_t)ox * s->out_c;
            for (int f = 0; f < fb; f++)
                for (int c = 0; c < cb; c++) acc[f][c] += gp[f] * xp[c];
        }
    }
    for (int f = 0; f < fb; f++)
        for (int c = 0; c < cb; c++) dw[f * wstride + c] += acc[f][c];
}

#if GS_VECTORS
/* dw_block for fb filters (constant after inlining) times 8 channels in vector registers. */
GS_INLINE void dw_block_v8(float *dw, const float *g, const float *x, int fb, const GsConvShape *s,
                           size_t row, size_t wstride) {
    GsV8 acc[FB];
    GS_UNROLL
    for (int f = 0; f < fb; f++) acc[f] = (GsV8){0};
    for (int oy = 0; oy < s->out_h; oy++) {
        const float *xr = x + oy * row, *gr = g + (size_t)oy * s->out_w * s->out_c;
        for (int ox = 0; ox < s->out_w; ox++) {
            const GsV8 xv = *(const GsV8 *)(xr + (size_t)ox * s->in_c);
            const float *gp = gr + (size_t)ox * s->out_c;
            GS_UNROLL
            for (int f = 0; f < fb; f++) acc[f] += gp[f] * xv;
        }
    }
    GS_UNROLL
    for (int f = 0; f < fb; f++) *(GsV8 *)(dw + f * wstride) += acc[f];
}
#endif

#if GS_VECTORS
/* dw_block_v8 for a single filter and nv (1 or 4) vectors of channels: with one vector,
 * four partial sums over the pixels (ox mod 4), as one chain of additions would wait on
 * its own latency; four vectors are four chains already. */
GS_INLINE void dw_block_v8_one(float *dw, const float *g, const float *x, int nv, const GsConvShape *s,
                               size_t row) {
    GsV8 acc[4] = {{0}, {0}, {0}, {0}};
    for (int oy = 0; oy < s->out_h; oy++) {
        const float *xr = x + oy * row, *gr = g + (size_t)oy * s->out_w * s->out_c;
        int ox = 0;
        if (nv == 1)
            for (; ox + 4 <= s->out_w; ox += 4)
                GS_UNROLL
                for (int j = 0; j < 4; j++)
                    acc[j] += gr[(size_t)(ox + j) * s->out_c] * *(const GsV8 *)(xr + (size_t)(ox + j) * s->in_c);
        for (; ox < s->out_w; ox++) {
            const float gv = gr[(size_t)ox * s->out_c], *xp = xr + (size_t)ox * s->in_c;
            if (nv == 1) acc[ox & 3] += gv * *(const GsV8 *)xp;
            else
                GS_UNROLL
                for (int v = 0; v < 4; v++) acc[v] += gv * *(const GsV8 *)(xp + v * 8);
        }
    }
    if (nv == 1) *(GsV8 *)dw += (acc[0] + acc[1]) + (acc[2] + acc[3]);
    else
        GS_UNROLL
        for (int v = 0; v < 4; v++) *(GsV8 *)(dw + v * 8) += acc[v];
}
#endif

/* Weight gradient, added to dw (oc, k, k, ic). */
GS_MULTIVERSION
static void backward_dw(float *dw, float *pad, const float *dout, const float *in, const GsConvShape *s, int n) {
    const int k = s->k, ic = s->in_c, oc = s->out_c, pw = padded_w(s);
    const size_t row = (size_t)pw * ic, wstride = (size_t)k * k * ic;
    for (int bi = 0; bi < n; bi++) {
        pad_image(pad, in + (size_t)bi * s->in_h * s->in_w * ic, s->in_h, s->in_w, ic, padded_h(s), pw,
                  s->pad_top, s->pad_left);
        const float *g = dout + (size_t)bi * s->out_h * s->out_w * oc;
        for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
                for (int f0 = 0; f0 < oc; f0 += FB)
                    for (int c0 = 0, step; c0 < ic; c0 += step) {
                        const int fb = oc - f0 < FB ? oc - f0 : FB, cb = ic - c0 < CB ? ic - c0 : CB;
                        step = cb;
                        float *d = dw + (size_t)f0 * wstride + ((size_t)ky * k + kx) * ic + c0;
                        const float *x = pad + ky * row + (size_t)kx * ic + c0;
#if GS_VECTORS
                        if (cb == CB && fb == FB) dw_block_v8(d, g + f0, x, FB, s, row, wstride);
                        else if (cb == CB && fb == 4) dw_block_v8(d, g + f0, x, 4, s, row, wstride);
                        else if (fb == 1 && ic - c0 >= 4 * CB) dw_block_v8_one(d, g + f0, x, 4, s, row), step = 4 * CB;
                        else if (cb == CB && fb == 1) dw_block_v8_one(d, g + f0, x, 1, s, row);
                        else
#endif
                            dw_block(d, g + f0, x, fb, cb, s, row, wstride);
                    }
    }
}

/* ---- the public entry points ------------------------------------------------------------ */

void gs_conv_direct_forward(float *out, float *work, const float *in, const float *w,
                            const float *b, const GsConvShape *s, int n) {
    if (s->out_c < 4) {
        forward_few(out, work + packed_floats(s), in, w, b, s, n);
        return;
    }
    pack_weights(work, w, s, 0);
    forward_blocked(out, work + packed_floats(s), in, work, b, s, n);
}

void gs_conv_direct_backward(float *din, float *dw, float *db, float *work, const float *dout,
                             const float *in, const float *w, const GsConvShape *s, int n) {
    const int oc = s->out_c;
    float *pad = work + packed_floats(s);
    if (db)
        for (size_t p = 0, e = (size_t)n * s->out_h * s->out_w; p < e; p++)
            for (int f = 0; f < oc; f++) db[f] += dout[p * oc + f];
    if (dw) backward_dw(dw, pad, dout, in, s, n);
    if (din) {
        /* The input gradient is itself a stride-1 convolution: of the output gradient, with
         * the kernel flipped and its channel roles swapped (oc in, ic out), padded by the
         * taps the forward's padding left over. */
        GsConvShape t = *s;
        t.in_h = s->out_h, t.in_w = s->out_w, t.in_c = oc;
        t.out_h = s->in_h, t.out_w = s->in_w, t.out_c = s->in_c;
        t.pad_top = s->k - 1 - s->pad_top, t.pad_left = s->k - 1 - s->pad_left;
        pack_weights(work, w, s, 1);
        forward_blocked(din, pad, dout, work, NULL, &t, n);
    }
}

const char *gs_conv_direct_variant(void) {
#ifdef GS_HAS_CLONES
    /* x86-64-v3's main features; the loader checks the whole level, which CPUs with these
     * have in practice */
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2"))
        return "x86-64-v3 (AVX2)";
    return "baseline x86-64";
#else
    return "single build";
#endif
}

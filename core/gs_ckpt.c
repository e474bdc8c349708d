/* gs_ckpt.c: writing and checking checkpoint files (format in gs_ckpt.h). */
#include "gs_ckpt.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gs_file.h"

#define MAGIC "GSCK"
#define HEADER_BYTES 16
#define MAX_CKPT_BYTES ((size_t)4 << 30)

/* ---- a growing little-endian byte buffer ---------------------------------------------- */

typedef struct Buf {
    uint8_t *p;
    size_t len, cap;
    int failed;
} Buf;

static void put(Buf *b, const void *src, size_t n) {
    if (b->failed) return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        uint8_t *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p, b->cap = cap;
    }
    memcpy(b->p + b->len, src, n); /* x86-64 and arm64 are little-endian, like the format */
    b->len += n;
}
static void put_u32(Buf *b, uint32_t v) { put(b, &v, 4); }
static void put_i32(Buf *b, int32_t v) { put(b, &v, 4); }
static void put_u64(Buf *b, uint64_t v) { put(b, &v, 8); }
static void put_f32(Buf *b, float v) { put(b, &v, 4); }

/* ---- a bounds-checked reader ------------------------------------------------------------ */

typedef struct Rd {
    const uint8_t *p;
    size_t len, pos;
    int short_read;
} Rd;

static void get(Rd *r, void *dst, size_t n) {
    if (r->short_read || n > r->len - r->pos) {
        r->short_read = 1;
        memset(dst, 0, n);
        return;
    }
    memcpy(dst, r->p + r->pos, n);
    r->pos += n;
}
static int32_t get_i32(Rd *r) { int32_t v; get(r, &v, 4); return v; }
static uint64_t get_u64(Rd *r) { uint64_t v; get(r, &v, 8); return v; }
static float get_f32(Rd *r) { float v; get(r, &v, 4); return v; }

/* The config, field by field, in one place for both directions. */
#define CONFIG_FIELDS(I, F)                                                                 \
    I(batch) I(noise_dim) I(g_dense_c) I(g_c[0]) I(g_c[1]) I(g_c[2]) I(d_c[0]) I(d_c[1])    \
    I(d_c[2]) I(d_c[3]) F(g_dropout) F(d_dropout) F(lr_d) F(decay_d) F(lr_g) F(decay_g)     \
    F(clipvalue) F(rho) F(epsilon) F(bn_momentum) F(bn_epsilon) F(lrelu_alpha)

GsStatus gs_ckpt_save(const GsGan *gan, const char *path, GsError *err) {
    Buf b = {0};
    const GsConfig *c = &gan->cfg;
    put(&b, MAGIC, 4);
    put_u32(&b, GS_CKPT_VERSION);
    put_u64(&b, 0); /* payload length, patched below */
    put(&b, c->preset, sizeof c->preset);
#define W_I(f) put_i32(&b, c->f);
#define W_F(f) put_f32(&b, c->f);
    CONFIG_FIELDS(W_I, W_F)
    put_u64(&b, c->seed);
    put_u64(&b, (uint64_t)gan->step);
    put_u64(&b, (uint64_t)gan->opt_d.iterations);
    put_u64(&b, (uint64_t)gan->opt_g.iterations);
    put_f32(&b, gan->opt_d.lr);
    put_f32(&b, gan->opt_g.lr);
    for (int i = 0; i < 4; i++) put_u64(&b, gan->rng.s[i]);
    put_u64(&b, gan->g.n_params);
    put_u64(&b, gan->g.n_state);
    put_u64(&b, gan->d.n_params);
    put_u64(&b, gan->d.n_state);
    put(&b, gan->g.params, sizeof(float) * gan->g.n_params);
    put(&b, gan->g.state, sizeof(float) * gan->g.n_state);
    put(&b, gan->accum_g, sizeof(float) * gan->g.n_params);
    put(&b, gan->d.params, sizeof(float) * gan->d.n_params);
    put(&b, gan->d.state, sizeof(float) * gan->d.n_state);
    put(&b, gan->accum_d, sizeof(float) * gan->d.n_params);
    if (b.failed) {
        free(b.p);
        return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory preparing the checkpoint", path);
    }
    uint64_t payload = b.len - HEADER_BYTES;
    memcpy(b.p + 8, &payload, 8);
    uint32_t crc = (uint32_t)crc32(0L, Z_NULL, 0);
    for (size_t off = 0; off < b.len;) { /* zlib's crc32 takes a uInt length */
        size_t n = b.len - off > (1u << 30) ? (1u << 30) : b.len - off;
        crc = (uint32_t)crc32(crc, b.p + off, (uInt)n);
        off += n;
    }
    put_u32(&b, crc);
    GsStatus st = b.failed ? gs_fail(err, GS_ERR_NOMEM, "%s: out of memory", path)
                           : gs_file_write_atomic(path, b.p, b.len, err);
    free(b.p);
    return st;
}

static int read_floats(Rd *r, float *dst, uint64_t n) {
    if (r->short_read || n > (r->len - r->pos) / sizeof(float)) return r->short_read = 1, 0;
    get(r, dst, sizeof(float) * n);
    return 1;
}

GsStatus gs_ckpt_load(GsGan *out, const char *path, GsError *err) {
    void *data;
    size_t size;
    GsStatus st = gs_file_read_all(path, &data, &size, MAX_CKPT_BYTES, err);
    if (st != GS_OK) return st;
    const uint8_t *p = data;
    GsGan gan;
    memset(&gan, 0, sizeof gan);
    if (size < HEADER_BYTES + 4 || memcmp(p, MAGIC, 4) != 0) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: not a ganscope checkpoint (bad magic)", path);
        goto done;
    }
    uint32_t version;
    uint64_t payload;
    memcpy(&version, p + 4, 4);
    memcpy(&payload, p + 8, 8);
    if (version != GS_CKPT_VERSION) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: checkpoint format version %u; this ganscope reads version %d",
                     path, version, GS_CKPT_VERSION);
        goto done;
    }
    if (payload != size - HEADER_BYTES - 4) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: truncated or padded: header says %llu bytes of data, file has %zu",
                     path, (unsigned long long)payload, size - HEADER_BYTES - 4);
        goto done;
    }
    uint32_t stored, crc = (uint32_t)crc32(0L, NULL, 0);
    memcpy(&stored, p + size - 4, 4);
    for (size_t off = 0; off < size - 4;) {
        size_t n = size - 4 - off > (1u << 30) ? (1u << 30) : size - 4 - off;
        crc = (uint32_t)crc32(crc, p + off, (uInt)n);
        off += n;
    }
    if (crc != stored) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: damaged: checksum mismatch (stored %08x, computed %08x)",
                     path, stored, crc);
        goto done;
    }
    Rd r = {p + HEADER_BYTES, size - HEADER_BYTES - 4, 0, 0};
    GsConfig c;
    memset(&c, 0, sizeof c);
    get(&r, c.preset, sizeof c.preset);
#define R_I(f) c.f = get_i32(&r);
#define R_F(f) c.f = get_f32(&r);
    CONFIG_FIELDS(R_I, R_F)
    c.seed = get_u64(&r);
    int64_t step = (int64_t)get_u64(&r), it_d = (int64_t)get_u64(&r), it_g = (int64_t)get_u64(&r);
    float lr_d = get_f32(&r), lr_g = get_f32(&r);
    uint64_t rng[4], counts[4];
    for (int i = 0; i < 4; i++) rng[i] = get_u64(&r);
    for (int i = 0; i < 4; i++) counts[i] = get_u64(&r);
    if (r.short_read) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: truncated header", path);
        goto done;
    }
    GsError cerr;
    if (gs_config_validate(&c, &cerr) != GS_OK || step < 0 || it_d < 0 || it_g < 0 ||
        !(lr_d > 0.0f && lr_d <= 10.0f) || !(lr_g > 0.0f && lr_g <= 10.0f)) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: invalid settings in checkpoint", path);
        goto done;
    }
    if ((st = gs_gan_create(&gan, &c, err)) != GS_OK) goto done;
    if (counts[0] != gan.g.n_params || counts[1] != gan.g.n_state || counts[2] != gan.d.n_params ||
        counts[3] != gan.d.n_state) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: array sizes do not match its own model settings", path);
        goto done;
    }
    if (!read_floats(&r, gan.g.params, counts[0]) || !read_floats(&r, gan.g.state, counts[1]) ||
        !read_floats(&r, gan.accum_g, counts[0]) || !read_floats(&r, gan.d.params, counts[2]) ||
        !read_floats(&r, gan.d.state, counts[3]) || !read_floats(&r, gan.accum_d, counts[2]) ||
        r.pos != r.len) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: data length does not match the model", path);
        goto done;
    }
    gan.step = step;
    gan.opt_d.iterations = it_d, gan.opt_g.iterations = it_g;
    gan.opt_d.lr = lr_d, gan.opt_g.lr = lr_g;
    memcpy(gan.rng.s, rng, sizeof rng);
    *out = gan;
    memset(&gan, 0, sizeof gan);
    st = GS_OK;
done:
    if (gan.d_in) gs_gan_destroy(&gan);
    free(data);
    return st;
}

/* gs_ckpt.c: writing and checking checkpoint files (format in gs_ckpt.h). */
#define _POSIX_C_SOURCE 200809L
#include "gs_ckpt.h"
#include "gs_scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gs_file.h"
#include "gs_frame.h"

#define MAGIC "GSCK"
#define HEADER_BYTES GS_FRAME_HEADER_BYTES
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
    return gs_ckpt_save_with(gan, NULL, 0, path, err);
}

GsStatus gs_ckpt_save_with(const GsGan *gan, const GsCkptSection *sec, int n, const char *path,
                           GsError *err) {
    if (n < 0 || n > GS_CKPT_MAX_SECTIONS || (n > 0 && !sec))
        return gs_fail(err, GS_ERR_ARG, "%s: %d checkpoint sections (at most %d)", path, n, GS_CKPT_MAX_SECTIONS);
    /* The generator's moving average travels as a section of its own, written here so
     * every caller saves it. */
    GsCkptSection ema = {GS_EMA_TAG, NULL, 0};
    void *ema_bytes = NULL;
    if (gan->ema.params) {
        GsStatus est = gs_ema_encode(&gan->ema, &ema_bytes, &ema.len, err);
        if (est != GS_OK) return est;
        ema.data = ema_bytes;
    }
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
    put_u64(&b, (uint64_t)c->late_from); /* version 3 */
    put_i32(&b, c->late_batch);
    put_f32(&b, c->late_d_dropout);
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
    /* the average first: it is training state (a resume needs it), so everything before the
     * caller's sections (the run's history, e.g. its replay) is what training continues from */
    if (ema_bytes) {
        put(&b, ema.tag, 4);
        put_u64(&b, ema.len);
        put(&b, ema.data, (size_t)ema.len);
        free(ema_bytes);
    }
    for (int i = 0; i < n; i++) {
        put(&b, sec[i].tag, 4);
        put_u64(&b, sec[i].len);
        if (sec[i].len) put(&b, sec[i].data, (size_t)sec[i].len);
    }
    if (b.failed) {
        free(b.p);
        return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory preparing the checkpoint", path);
    }
    uint64_t payload = b.len - HEADER_BYTES;
    memcpy(b.p + 8, &payload, 8);
    put_u32(&b, gs_frame_crc(b.p, b.len));
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

/* Reads up to n bytes, fewer only at end of file; -1 on a read error. */
static long long read_up_to(int fd, uint8_t *p, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got < ((size_t)1 << 30) ? n - got : ((size_t)1 << 30));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) break;
        got += (size_t)r;
    }
    return (long long)got;
}

/* The whole file, header first: the magic and the declared length are checked before any
 * payload is allocated or read, so a device, a pipe or a foreign file is refused at once
 * (/dev/zero used to be read up to the 4 GiB limit). */
static GsStatus read_file(const char *path, uint8_t **data, size_t *size, GsError *err) {
    *data = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return gs_fail(err, GS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat sb;
    uint8_t head[HEADER_BYTES];
    uint8_t *buf = NULL;
    GsStatus st = GS_OK;
    long long got = fstat(fd, &sb) != 0 ? -1 : S_ISDIR(sb.st_mode) ? (errno = EISDIR, -1)
                                                                    : read_up_to(fd, head, HEADER_BYTES);
    uint64_t payload = 0;
    if (got >= HEADER_BYTES) memcpy(&payload, head + 8, 8);
    const size_t file_len = (size_t)(HEADER_BYTES + 4) + (size_t)payload;
    if (got < 0) {
        st = gs_fail(err, GS_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    } else if (got < 4 || memcmp(head, MAGIC, 4) != 0) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: not a ganscope checkpoint (bad magic)", path);
    } else if (got < HEADER_BYTES) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: truncated header", path);
    } else if (payload > MAX_CKPT_BYTES - HEADER_BYTES - 4) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: too large: the header declares %llu bytes, the limit is %zu",
                     path, (unsigned long long)payload, MAX_CKPT_BYTES);
    } else if (S_ISREG(sb.st_mode) && (uint64_t)sb.st_size != file_len) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: truncated or padded: header says %llu bytes of data, file has %lld",
                     path, (unsigned long long)payload, (long long)sb.st_size - HEADER_BYTES - 4);
    } else if (!(buf = malloc(file_len))) {
        st = gs_fail(err, GS_ERR_NOMEM, "%s: out of memory reading %zu bytes", path, file_len);
    } else {
        memcpy(buf, head, HEADER_BYTES);
        uint8_t extra;
        long long rest = read_up_to(fd, buf + HEADER_BYTES, file_len - HEADER_BYTES);
        if (rest >= 0 && rest == (long long)(file_len - HEADER_BYTES)) rest += read_up_to(fd, &extra, 1);
        if (rest < 0)
            st = gs_fail(err, GS_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        else if (rest != (long long)(file_len - HEADER_BYTES))
            st = gs_fail(err, GS_ERR_FORMAT, "%s: truncated or padded: header says %llu bytes of data",
                         path, (unsigned long long)payload);
    }
    close(fd);
    if (st != GS_OK) {
        free(buf);
        return st;
    }
    *data = buf;
    *size = file_len;
    return GS_OK;
}

/* The sections after the arrays (version 2): each header and length checked against what is
 * left, so a damaged length is an error, not a read past the end. */
static int read_sections(Rd *r, GsCkptSections *out) {
    while (r->pos < r->len) {
        if (r->len - r->pos < 12) return 0;
        char tag[4];
        get(r, tag, 4);
        uint64_t len = get_u64(r);
        if (len > r->len - r->pos) return 0;
        if (out) {
            if (out->n == GS_CKPT_MAX_SECTIONS) return 0;
            GsCkptSection *s = &out->sec[out->n++];
            memcpy(s->tag, tag, 4);
            s->data = r->p + r->pos;
            s->len = len;
        }
        r->pos += (size_t)len;
    }
    return 1;
}

/* Builds the generator's moving average from its section, which the caller then does not
 * see (every save writes it anew). */
static GsStatus take_ema(GsGan *gan, GsCkptSections *found, const char *path, GsError *err) {
    for (int i = 0; i < found->n; i++) {
        if (memcmp(found->sec[i].tag, GS_EMA_TAG, 4) != 0) continue;
        gs_ema_destroy(&gan->ema);
        if (!gs_ema_decode(&gan->ema, &gan->g, found->sec[i].data, found->sec[i].len))
            return gs_fail(err, GS_ERR_FORMAT, "%s: damaged moving-average section (%s)", path, GS_EMA_TAG);
        gan->cfg.ema_decay = gan->ema.decay;
        memmove(&found->sec[i], &found->sec[i + 1], sizeof found->sec[0] * (size_t)(found->n - i - 1));
        found->n--, i--;
    }
    return GS_OK;
}

const GsCkptSection *gs_ckpt_sections_find(const GsCkptSections *s, const char tag[4]) {
    for (int i = 0; s && i < s->n; i++)
        if (memcmp(s->sec[i].tag, tag, 4) == 0) return &s->sec[i];
    return NULL;
}

void gs_ckpt_sections_free(GsCkptSections *s) {
    if (!s) return;
    free(s->blob);
    memset(s, 0, sizeof *s);
}

GsStatus gs_ckpt_load(GsGan *out, const char *path, GsError *err) {
    return gs_ckpt_load_with(out, NULL, path, err);
}

GsStatus gs_ckpt_load_with(GsGan *out, GsCkptSections *sections, const char *path, GsError *err) {
    uint8_t *data;
    size_t size = 0;
    if (sections) memset(sections, 0, sizeof *sections);
    GsStatus st = read_file(path, &data, &size, err);
    if (st != GS_OK) return st;
    /* Version 1 has no sections; versions 1 and 2 no second phase (they load without one);
     * any other is refused by name. */
    uint32_t version = 0;
    memcpy(&version, data + 4, 4);
    if (version != 1 && version != 2) version = GS_CKPT_VERSION;
    GsCkptSections found;
    memset(&found, 0, sizeof found);
    const uint8_t *payload;
    size_t payload_size;
    GsGan gan;
    memset(&gan, 0, sizeof gan);
    st = gs_frame_check(data, size, MAGIC, version, path, "ganscope checkpoint", &payload,
                        &payload_size, err);
    if (st != GS_OK) goto done;
    Rd r = {payload, payload_size, 0, 0};
    GsConfig c;
    memset(&c, 0, sizeof c);
    get(&r, c.preset, sizeof c.preset);
#define R_I(f) c.f = get_i32(&r);
#define R_F(f) c.f = get_f32(&r);
    CONFIG_FIELDS(R_I, R_F)
    c.seed = get_u64(&r);
    if (version >= 3) {
        c.late_from = (int64_t)get_u64(&r);
        c.late_batch = get_i32(&r);
        c.late_d_dropout = get_f32(&r);
    }
    gs_scenario_restore(&c); /* a scenario's loss is not in the format: its name brings it back */
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
    /* The arrays must be the settings' model and fill the rest of the file before any model
     * is built: a file that passes its CRC but lies about its settings must not make us
     * allocate a huge model. */
    GsLayerSpec specs[GS_NET_MAX_LAYERS];
    size_t want[4];
    if (gs_net_count(specs, gs_model_generator(&c, specs), 1, 1, c.noise_dim, &want[0], &want[1], &cerr) != GS_OK ||
        gs_net_count(specs, gs_model_discriminator(&c, specs), GS_IMG_SIDE, GS_IMG_SIDE, 1, &want[2], &want[3],
                     &cerr) != GS_OK ||
        counts[0] != want[0] || counts[1] != want[1] || counts[2] != want[2] || counts[3] != want[3]) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: array sizes do not match its own model settings", path);
        goto done;
    }
    const size_t arrays = sizeof(float) * (2 * want[0] + want[1] + 2 * want[2] + want[3]);
    if (version == 1 ? (r.len - r.pos) != arrays : (r.len - r.pos) < arrays) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: data length does not match the model", path);
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
        !read_floats(&r, gan.d.state, counts[3]) || !read_floats(&r, gan.accum_d, counts[2])) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: data length does not match the model", path);
        goto done;
    }
    if (!read_sections(&r, &found)) {
        st = gs_fail(err, GS_ERR_FORMAT, "%s: damaged section list after the weights", path);
        goto done;
    }
    if ((st = take_ema(&gan, &found, path, err)) != GS_OK) goto done;
    gan.step = step;
    gan.opt_d.iterations = it_d, gan.opt_g.iterations = it_g;
    gan.opt_d.lr = lr_d, gan.opt_g.lr = lr_g;
    memcpy(gan.rng.s, rng, sizeof rng);
    *out = gan;
    memset(&gan, 0, sizeof gan);
    if (sections && found.n) {
        found.blob = data; /* the sections point into it */
        *sections = found;
        data = NULL;
    }
    st = GS_OK;
done:
    if (gan.d_in) gs_gan_destroy(&gan);
    free(data);
    return st;
}

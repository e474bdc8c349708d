/* test_ckpt.c: checkpoints round-trip bit-identically, damaged files are refused with a
 * message, training is deterministic for a seed, and a resumed run equals an uninterrupted
 * one. Uses a narrow model and synthetic images so it runs in about a second. */
#include <string.h>

#include "check.h"
#include "gs_ckpt.h"
#include "gs_file.h"
#include "gs_frame.h"

static GsConfig tiny_config(uint64_t seed) {
    GsConfig cfg;
    GsError err;
    gs_config_preset(&cfg, "fast", &err);
    cfg.batch = 4, cfg.g_dense_c = 4, cfg.g_c[0] = 4, cfg.g_c[1] = 3, cfg.g_c[2] = 2;
    cfg.d_c[0] = 2, cfg.d_c[1] = 4, cfg.d_c[2] = 4, cfg.d_c[3] = 4;
    cfg.seed = seed;
    return cfg;
}

static GsImages synthetic_images(void) {
    GsImages im;
    memset(&im, 0, sizeof im);
    im.n = 20, im.rows = 28, im.cols = 28;
    im.pixels = malloc((size_t)im.n * 784);
    for (int i = 0; i < im.n * 784; i++) im.pixels[i] = (uint8_t)((i * 2654435761u) >> 24);
    return im;
}

static void train(GsGan *gan, const GsImages *data, int steps) {
    GsMetrics m;
    for (int i = 0; i < steps; i++) gs_gan_step(gan, data, &m);
}

static int same_floats(const float *a, const float *b, size_t n) { return memcmp(a, b, n * sizeof(float)) == 0; }

/* Every piece of state that a step reads. */
static int same_state(const GsGan *a, const GsGan *b) {
    return a->step == b->step && a->opt_d.iterations == b->opt_d.iterations &&
           a->opt_g.iterations == b->opt_g.iterations && a->opt_d.lr == b->opt_d.lr &&
           a->opt_g.lr == b->opt_g.lr && memcmp(&a->rng, &b->rng, sizeof a->rng) == 0 &&
           a->g.n_params == b->g.n_params && a->d.n_params == b->d.n_params &&
           same_floats(a->g.params, b->g.params, a->g.n_params) &&
           same_floats(a->d.params, b->d.params, a->d.n_params) &&
           same_floats(a->g.state, b->g.state, a->g.n_state) &&
           same_floats(a->accum_g, b->accum_g, a->g.n_params) &&
           same_floats(a->accum_d, b->accum_d, a->d.n_params) &&
           same_floats(a->fixed_noise, b->fixed_noise, (size_t)GS_FIXED_NOISE_COUNT * a->cfg.noise_dim) &&
           memcmp(&a->cfg, &b->cfg, sizeof a->cfg) == 0;
}

static void write_bytes(const char *path, const void *p, size_t n) {
    GsError err;
    CHECK(gs_file_write_atomic(path, p, n, &err) == GS_OK);
}

int main(void) {
    GsError err;
    GsImages data = synthetic_images();
    GsConfig cfg = tiny_config(7);
    char path[512], bad[512];
    snprintf(path, sizeof path, "%s/test_ckpt.gsck", check_tmpdir());
    snprintf(bad, sizeof bad, "%s/test_ckpt_bad.gsck", check_tmpdir());
    CHECK(gs_file_mkdirs(check_tmpdir(), &err) == GS_OK);

    /* Determinism: same seed, same everything after N steps; another seed differs. */
    GsGan a, b, c;
    CHECK(gs_gan_create(&a, &cfg, &err) == GS_OK);
    CHECK(gs_gan_create(&b, &cfg, &err) == GS_OK);
    train(&a, &data, 6);
    train(&b, &data, 6);
    CHECK(same_state(&a, &b));
    GsConfig other = tiny_config(8);
    CHECK(gs_gan_create(&c, &other, &err) == GS_OK);
    train(&c, &data, 6);
    CHECK(!same_floats(a.g.params, c.g.params, a.g.n_params));
    gs_gan_destroy(&c);
    gs_gan_destroy(&b);

    /* Round trip: save, load, identical. */
    CHECK(gs_ckpt_save(&a, path, &err) == GS_OK);
    CHECK(gs_ckpt_load(&b, path, &err) == GS_OK);
    CHECK(same_state(&a, &b));
    gs_gan_destroy(&b);

    /* Resume equals an uninterrupted run: 3 steps, save, load, 3 more == 6 steps. */
    CHECK(gs_gan_create(&b, &cfg, &err) == GS_OK);
    train(&b, &data, 3);
    CHECK(gs_ckpt_save(&b, path, &err) == GS_OK);
    gs_gan_destroy(&b);
    CHECK(gs_ckpt_load(&b, path, &err) == GS_OK);
    train(&b, &data, 3);
    CHECK_MSG(same_state(&a, &b), "resumed run differs from the uninterrupted one");
    gs_gan_destroy(&b);

    /* Damage: every kind is refused with a message naming the file, and leaves *gan alone. */
    void *buf;
    size_t size;
    CHECK(gs_ckpt_save(&a, path, &err) == GS_OK);
    CHECK(gs_file_read_all(path, &buf, &size, (size_t)1 << 30, &err) == GS_OK);
    uint8_t *bytes = buf;
    size_t where[] = {20, size / 2, size - 5, size - 1};
    for (int i = 0; i < 4; i++) {
        bytes[where[i]] ^= 0x40;
        write_bytes(bad, bytes, size);
        memset(&b, 0xab, sizeof b);
        GsStatus st = gs_ckpt_load(&b, bad, &err);
        CHECK_MSG(st == GS_ERR_FORMAT && strstr(err.msg, bad), "flip at %zu: %s", where[i], err.msg);
        CHECK(((uint8_t *)&b)[0] == 0xab);
        bytes[where[i]] ^= 0x40;
    }
    write_bytes(bad, bytes, size - 100);
    CHECK(gs_ckpt_load(&b, bad, &err) == GS_ERR_FORMAT && strstr(err.msg, "truncated"));
    write_bytes(bad, bytes, 10);
    CHECK(gs_ckpt_load(&b, bad, &err) == GS_ERR_FORMAT);
    write_bytes(bad, "", 0);
    CHECK(gs_ckpt_load(&b, bad, &err) == GS_ERR_FORMAT);
    bytes[4] = 99; /* a future format version */
    write_bytes(bad, bytes, size);
    CHECK(gs_ckpt_load(&b, bad, &err) == GS_ERR_FORMAT && strstr(err.msg, "version 99"));
    bytes[4] = GS_CKPT_VERSION;
    memcpy(bytes, "PK\3\4", 4);
    write_bytes(bad, bytes, size);
    CHECK(gs_ckpt_load(&b, bad, &err) == GS_ERR_FORMAT && strstr(err.msg, "not a ganscope checkpoint"));
    free(buf);
    snprintf(bad, sizeof bad, "%s/no-such-dir/x.gsck", check_tmpdir());
    CHECK(gs_ckpt_load(&b, bad, &err) == GS_ERR_IO && strstr(err.msg, bad));

    /* Sections (version 2): they come back byte for byte, unknown tags are carried, the
     * training state is unchanged by them, and a damaged section length is refused. */
    {
        char other_file[512];
        snprintf(other_file, sizeof other_file, "%s/test_ckpt_v.gsck", check_tmpdir());
        const char replay[] = "twelve bytes", extra[] = "xyz";
        GsCkptSection sec[2] = {{{'R', 'P', 'L', 'Y'}, replay, sizeof replay}, {{'Z', 'Z', 'Z', 'Z'}, extra, 3}};
        GsCkptSections got;
        CHECK(gs_ckpt_save_with(&a, sec, 2, path, &err) == GS_OK);
        CHECK(gs_ckpt_load_with(&b, &got, path, &err) == GS_OK && same_state(&a, &b));
        gs_gan_destroy(&b);
        const GsCkptSection *r = gs_ckpt_sections_find(&got, "RPLY");
        CHECK(got.n == 2 && r && r->len == sizeof replay && memcmp(r->data, replay, sizeof replay) == 0);
        CHECK(gs_ckpt_sections_find(&got, "ZZZZ") && !gs_ckpt_sections_find(&got, "NONE"));
        gs_ckpt_sections_free(&got);
        CHECK(gs_ckpt_load(&b, path, &err) == GS_OK && same_state(&a, &b)); /* sections ignored */
        gs_gan_destroy(&b);
        CHECK(gs_file_read_all(path, &buf, &size, (size_t)1 << 30, &err) == GS_OK);
        bytes = buf;
        /* the last section's length (8 bytes before its 3 data bytes and the CRC) made too big,
         * with the CRC made right again: only the section check can catch it */
        bytes[size - 4 - 3 - 8] = 200;
        uint32_t crc = gs_frame_crc(bytes, size - 4);
        memcpy(bytes + size - 4, &crc, 4);
        write_bytes(other_file, bytes, size);
        CHECK(gs_ckpt_load_with(&b, &got, other_file, &err) == GS_ERR_FORMAT && strstr(err.msg, "section") && got.n == 0);
        free(buf);
        /* A version 1 file (the same layout without sections) still loads. */
        CHECK(gs_ckpt_save(&a, path, &err) == GS_OK);
        CHECK(gs_file_read_all(path, &buf, &size, (size_t)1 << 30, &err) == GS_OK);
        bytes = buf;
        bytes[4] = 1;
        crc = gs_frame_crc(bytes, size - 4);
        memcpy(bytes + size - 4, &crc, 4);
        write_bytes(other_file, bytes, size);
        CHECK(gs_ckpt_load_with(&b, &got, other_file, &err) == GS_OK && same_state(&a, &b) && got.n == 0);
        gs_gan_destroy(&b);
        free(buf);
    }

    /* A failed save leaves the previous checkpoint intact. */
    CHECK(gs_ckpt_save(&a, bad, &err) == GS_ERR_IO);
    CHECK(gs_ckpt_load(&b, path, &err) == GS_OK && same_state(&a, &b));
    gs_gan_destroy(&b);

    /* The noise size has one bound, GS_MAX_NOISE_DIM (the window holds vectors of that size
     * on the stack): a checkpoint or flag asking for more is refused, not run. */
    GsConfig big = tiny_config(7);
    big.noise_dim = 300;
    CHECK(gs_config_validate(&big, &err) == GS_ERR_ARG && strstr(err.msg, "noise size 300"));
    CHECK(gs_gan_create(&b, &big, &err) == GS_ERR_ARG);
    big.noise_dim = GS_MAX_NOISE_DIM;
    CHECK(gs_config_validate(&big, &err) == GS_OK);

    gs_gan_destroy(&a);
    gs_images_free(&data);
    CHECK_DONE();
}

/* test_ckpt.c: checkpoints round-trip bit-identically, damaged files are refused with a
 * message, training is deterministic for a seed, and a resumed run equals an uninterrupted
 * one. Uses a narrow model and synthetic images so it runs in about a second. */
#include <string.h>

#include "check.h"
#include "gs_ckpt.h"
#include "gs_file.h"
#include "gs_frame.h"
#include "gs_snapshot.h"

static GsConfig tiny_config(uint64_t seed) {
    GsConfig cfg;
    GsError err;
    gs_config_preset(&cfg, "fast", &err);
    cfg.batch = 4, cfg.g_dense_c = 4, cfg.g_c[0] = 4, cfg.g_c[1] = 3, cfg.g_c[2] = 2;
    cfg.d_c[0] = 2, cfg.d_c[1] = 4, cfg.d_c[2] = 4, cfg.d_c[3] = 4;
    cfg.seed = seed;
    cfg.ema_decay = 0.0f; /* no moving average of G (as keras); the EMA block turns it on */
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
           memcmp(&a->cfg, &b->cfg, sizeof a->cfg) == 0 &&
           !a->ema.params == !b->ema.params &&
           (!a->ema.params || (a->ema.decay == b->ema.decay &&
                               same_floats(a->ema.params, b->ema.params, a->g.n_params) &&
                               same_floats(a->ema.state, b->ema.state, a->g.n_state)));
}

static void write_bytes(const char *path, const void *p, size_t n) {
    GsError err;
    CHECK(gs_file_write_atomic(path, p, n, &err) == GS_OK);
}

/* Writes to dst the checkpoint src as an older ganscope wrote it: version 1 or 2 (no
 * second phase: its 16 bytes after the seed dropped), length and CRC made right again. */
static void write_older(const char *src, const char *dst, uint8_t version) {
    GsError err;
    void *buf;
    size_t size;
    CHECK(gs_file_read_all(src, &buf, &size, (size_t)1 << 30, &err) == GS_OK);
    uint8_t *bytes = buf;
    const size_t late_at = 16 + 16 + 22 * 4 + 8; /* header, preset, 22 config fields, seed */
    memmove(bytes + late_at, bytes + late_at + 16, size - late_at - 16);
    size -= 16;
    bytes[4] = version;
    uint64_t payload = size - 20;
    memcpy(bytes + 8, &payload, 8);
    uint32_t crc = gs_frame_crc(bytes, size - 4);
    memcpy(bytes + size - 4, &crc, 4);
    write_bytes(dst, bytes, size);
    free(buf);
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
        /* Version 1 and 2 files (the layout without the second phase; 1 without sections
         * too) still load, as runs without a second phase. */
        GsGan one_phase;
        GsConfig oc = cfg;
        oc.late_from = 0, oc.late_batch = 0, oc.late_d_dropout = 0.0f;
        CHECK(gs_gan_create(&one_phase, &oc, &err) == GS_OK);
        train(&one_phase, &data, 2);
        CHECK(gs_ckpt_save(&one_phase, path, &err) == GS_OK);
        for (uint8_t v = 1; v <= 2; v++) {
            write_older(path, other_file, v);
            CHECK_MSG(gs_ckpt_load_with(&b, &got, other_file, &err) == GS_OK, "version %u: %s", v, err.msg);
            CHECK(same_state(&one_phase, &b) && got.n == 0 && b.cfg.late_from == 0);
            gs_gan_destroy(&b);
        }
        gs_gan_destroy(&one_phase);
    }

    /* The second phase (GsConfig.late_*): the steps after late_from take the late batch and
     * D's late dropout; the steps before are exactly a one-phase run's; a resume across the
     * switch equals an uninterrupted run; the checkpoint keeps the three settings. */
    {
        GsConfig lc = cfg, oc = cfg;
        lc.late_from = 3, lc.late_batch = 7, lc.late_d_dropout = 0.4f;
        oc.late_from = 0;
        CHECK(gs_config_batch_at(&lc, 2) == 4 && gs_config_batch_at(&lc, 3) == 7 && gs_config_max_batch(&lc) == 7);
        CHECK(gs_config_d_dropout_at(&lc, 2) == cfg.d_dropout && gs_config_d_dropout_at(&lc, 3) == 0.4f);
        CHECK(gs_config_images_seen(&lc, 2) == 8 && gs_config_images_seen(&lc, 5) == 3 * 4 + 2 * 7);
        CHECK(gs_config_batch_at(&oc, 100) == 4 && gs_config_images_seen(&oc, 5) == 20);
        GsConfig bad_late = lc;
        bad_late.late_batch = 0;
        CHECK(gs_config_validate(&bad_late, &err) == GS_ERR_ARG && strstr(err.msg, "second phase"));
        GsGan l1, l2, o1;
        CHECK(gs_gan_create(&l1, &lc, &err) == GS_OK && gs_gan_create(&o1, &oc, &err) == GS_OK);
        CHECK(l1.d.max_batch == 14 && o1.d.max_batch == 8);
        train(&l1, &data, 3);
        train(&o1, &data, 3);
        CHECK_MSG(same_floats(l1.g.params, o1.g.params, l1.g.n_params) &&
                  same_floats(l1.d.params, o1.d.params, l1.d.n_params),
                  "the first phase is not a one-phase run's");
        train(&l1, &data, 3);
        train(&o1, &data, 3);
        CHECK(!same_floats(l1.d.params, o1.d.params, l1.d.n_params));
        int rates_ok = 1, dropouts = 0;
        for (int i = 0; i < l1.d.n_layers; i++)
            if (l1.d.layers[i].spec.kind == GS_LAYER_DROPOUT) dropouts++, rates_ok &= l1.d.layers[i].spec.rate == 0.4f;
        CHECK_MSG(dropouts == 4 && rates_ok, "D's dropout layers are not at the late rate (%d layers)", dropouts);
        /* 2 steps, save, load, 4 more (across the switch at 3) == 6 in one go */
        CHECK(gs_gan_create(&l2, &lc, &err) == GS_OK);
        train(&l2, &data, 2);
        CHECK(gs_ckpt_save(&l2, path, &err) == GS_OK);
        gs_gan_destroy(&l2);
        CHECK(gs_ckpt_load(&l2, path, &err) == GS_OK);
        CHECK(l2.cfg.late_from == 3 && l2.cfg.late_batch == 7 && l2.cfg.late_d_dropout == 0.4f);
        train(&l2, &data, 4);
        CHECK_MSG(same_state(&l1, &l2), "a run resumed before the switch differs from an uninterrupted one");
        gs_gan_destroy(&l1);
        gs_gan_destroy(&l2);
        gs_gan_destroy(&o1);
    }

    /* The moving average of G (the fast preset's "GEMA" section): kept per step with the
     * warm-up, saved and restored so a resumed run's average equals an uninterrupted one's,
     * hidden from the caller's sections, damage refused, and a file without it loads
     * without it. */
    {
        CHECK_CLOSE(gs_ema_decay_at(0.999f, 0), 0.1, 1e-7, 0);
        CHECK_CLOSE(gs_ema_decay_at(0.999f, 90), 0.91, 1e-6, 0);
        CHECK(gs_ema_decay_at(0.999f, 100000) == 0.999f);
        GsConfig ec = tiny_config(7);
        ec.ema_decay = 0.999f;
        GsGan e, f;
        CHECK(gs_gan_create(&e, &ec, &err) == GS_OK && e.ema.params && e.ema.decay == 0.999f);
        CHECK(same_floats(e.ema.params, e.g.params, e.g.n_params)); /* starts at G */
        /* one step by hand: avg = d*avg + (1-d)*g with d = decay_at(1) */
        float *before = malloc(sizeof(float) * e.g.n_params);
        memcpy(before, e.ema.params, sizeof(float) * e.g.n_params);
        train(&e, &data, 1);
        const float d1 = gs_ema_decay_at(0.999f, 1);
        int by_hand = 1;
        for (size_t i = 0; i < e.g.n_params; i++)
            by_hand &= e.ema.params[i] == d1 * before[i] + (1.0f - d1) * e.g.params[i];
        CHECK_MSG(by_hand, "the average is not d*avg + (1-d)*g after one step");
        free(before);
        train(&e, &data, 5);
        CHECK(!same_floats(e.ema.params, e.g.params, e.g.n_params));
        /* the trained networks are the same as without the average */
        GsGan plain;
        CHECK(gs_gan_create(&plain, &cfg, &err) == GS_OK);
        train(&plain, &data, 6);
        CHECK_MSG(same_floats(plain.g.params, e.g.params, e.g.n_params) &&
                      same_floats(plain.d.params, e.d.params, e.d.n_params),
                  "keeping the average changed training");
        gs_gan_destroy(&plain);
        /* generate runs the average; after dropping it, the trained G */
        float *img_avg = malloc(sizeof(float) * 2 * GS_IMG_SIZE), *img_g = malloc(sizeof(float) * 2 * GS_IMG_SIZE);
        gs_gan_generate(&e, e.fixed_noise, 2, img_avg);
        CHECK(gs_ckpt_save(&e, path, &err) == GS_OK);
        CHECK(gs_ckpt_load(&f, path, &err) == GS_OK && same_state(&e, &f));
        gs_gan_drop_ema(&f);
        gs_gan_generate(&f, f.fixed_noise, 2, img_g);
        CHECK_MSG(!same_floats(img_avg, img_g, 2 * GS_IMG_SIZE), "generate ignores the average");
        gs_ema_swap(&e.ema, &e.g); /* the average's net, by hand */
        const float *by_avg = gs_net_forward(&e.g, e.fixed_noise, 2, 0, NULL);
        CHECK(same_floats(by_avg, img_avg, 2 * GS_IMG_SIZE));
        gs_ema_swap(&e.ema, &e.g);
        gs_gan_destroy(&f);
        /* adopting the average makes G produce exactly the average's images */
        CHECK(gs_ckpt_load(&f, path, &err) == GS_OK);
        gs_gan_adopt_ema(&f);
        CHECK(!f.ema.params && same_floats(f.g.params, e.ema.params, e.g.n_params));
        gs_gan_generate(&f, f.fixed_noise, 2, img_g);
        CHECK(same_floats(img_avg, img_g, 2 * GS_IMG_SIZE));
        gs_gan_destroy(&f);
        free(img_avg), free(img_g);
        /* resume: 3 + save/load + 3 == 6, average included */
        CHECK(gs_gan_create(&f, &ec, &err) == GS_OK);
        train(&f, &data, 3);
        const char replay[] = "abc";
        GsCkptSection sec[1] = {{{'R', 'P', 'L', 'Y'}, replay, sizeof replay}};
        CHECK(gs_ckpt_save_with(&f, sec, 1, path, &err) == GS_OK);
        gs_gan_destroy(&f);
        GsCkptSections got;
        CHECK(gs_ckpt_load_with(&f, &got, path, &err) == GS_OK && f.ema.params && f.cfg.ema_decay == 0.999f);
        CHECK_MSG(got.n == 1 && gs_ckpt_sections_find(&got, "RPLY") && !gs_ckpt_sections_find(&got, GS_EMA_TAG),
                  "the caller sees %d sections", got.n);
        gs_ckpt_sections_free(&got);
        train(&f, &data, 3);
        CHECK_MSG(same_state(&e, &f), "resumed run's average differs from the uninterrupted one");
        gs_gan_destroy(&f);
        /* the snapshot the window draws holds the average */
        GsSnapshotBuffer *sb;
        CHECK(gs_snapshot_create(&sb, 1, &err) == GS_OK);
        GsSnapshot *snap = gs_snapshot_begin(sb);
        CHECK(gs_snapshot_copy_gan(snap, &e, &err) == GS_OK);
        CHECK_MSG(same_floats(snap->g_params, e.ema.params, e.g.n_params) &&
                      same_floats(snap->g_state, e.ema.state, e.g.n_state) &&
                      same_floats(snap->d_params, e.d.params, e.d.n_params),
                  "the snapshot does not carry the average");
        gs_snapshot_destroy(sb);
        /* a damaged average (its decay made 2.0, CRC made right) is refused by name */
        CHECK(gs_ckpt_save(&e, path, &err) == GS_OK);
        CHECK(gs_file_read_all(path, &buf, &size, (size_t)1 << 30, &err) == GS_OK);
        bytes = buf;
        size_t sec_len = 20 + sizeof(float) * (e.g.n_params + e.g.n_state);
        size_t at = size - 4 - sec_len; /* the section's data: decay first */
        CHECK(memcmp(bytes + at - 12, GS_EMA_TAG, 4) == 0);
        float two = 2.0f;
        memcpy(bytes + at, &two, 4);
        uint32_t crc = gs_frame_crc(bytes, size - 4);
        memcpy(bytes + size - 4, &crc, 4);
        char dmg[512];
        snprintf(dmg, sizeof dmg, "%s/test_ckpt_ema.gsck", check_tmpdir());
        write_bytes(dmg, bytes, size);
        CHECK(gs_ckpt_load(&f, dmg, &err) == GS_ERR_FORMAT && strstr(err.msg, "moving-average") && strstr(err.msg, dmg));
        free(buf);
        /* without its section (a file from before the average, or keras) it loads without one */
        GsGan g0;
        CHECK(gs_ckpt_load(&g0, path, &err) == GS_OK);
        gs_gan_drop_ema(&g0);
        CHECK(gs_ckpt_save(&g0, path, &err) == GS_OK);
        gs_gan_destroy(&g0);
        CHECK(gs_ckpt_load(&g0, path, &err) == GS_OK && !g0.ema.params && g0.cfg.ema_decay == 0.0f);
        gs_gan_destroy(&g0);
        gs_gan_destroy(&e);
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

/* test_replay.c: the replay file: frames round-trip; a torn last record (a kill mid-write) is
 * ignored and cut when the file is reopened; a resumed run keeps the frames up to its
 * checkpoint; damage before the end, a foreign header, a missing file are refused. The
 * checkpoint's RPLY section: to-bytes equals the file, from-bytes gives the frames back,
 * through a saved and loaded checkpoint too. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "gs_ckpt.h"
#include "gs_file.h"
#include "gs_model.h"
#include "gs_replay.h"

static uint8_t pixels[4 * GS_IMG_SIZE];

static GsReplayFrame frame(int64_t step) {
    for (int i = 0; i < 4 * GS_IMG_SIZE; i++) pixels[i] = (uint8_t)(i * 7 + step);
    GsReplayFrame f = {step, step * 0.5f, 0.7f, 1.2f, NAN, 0.9f, NAN, (uint32_t)step & 3, 4, pixels};
    return f;
}

static void write_frames(const char *path, int64_t from, int64_t to, int64_t keep) {
    GsReplayWriter w;
    GsError err;
    CHECK(gs_replay_open(&w, path, keep, &err) == GS_OK);
    for (int64_t s = from; s <= to; s += 10) {
        GsReplayFrame f = frame(s);
        CHECK(gs_replay_append(&w, &f, &err) == GS_OK);
    }
    CHECK(gs_replay_close(&w, &err) == GS_OK);
}

static int same_frame(const GsReplayFrame *a, const GsReplayFrame *b) {
    return a->step == b->step && a->seconds == b->seconds && a->d_loss == b->d_loss && a->g_loss == b->g_loss &&
           a->coverage == b->coverage && a->doctor == b->doctor && a->count == b->count &&
           memcmp(a->pixels, b->pixels, (size_t)a->count * GS_IMG_SIZE) == 0;
}

/* The RPLY section: bytes built frame by frame are the file's bytes; they come back from a
 * checkpoint unchanged and parse to the same frames. */
static void check_section(const char *path) {
    GsError err;
    GsReplay file, back;
    GsReplayBuf b = {0};
    write_frames(path, 0, 90, -1);
    CHECK(gs_replay_load(path, &file, &err) == GS_OK && file.n == 10);
    for (int i = 0; i < file.n; i++) CHECK(gs_replay_buf_append(&b, &file.frames[i], &err) == GS_OK);
    void *raw;
    size_t size;
    CHECK(gs_file_read_all(path, &raw, &size, (size_t)1 << 30, &err) == GS_OK);
    CHECK(b.n == 10 && b.len == size && memcmp(b.data, raw, size) == 0);
    free(raw);
    GsReplayBuf part = {0};
    CHECK(gs_replay_to_bytes(&file, gs_replay_count_until(&file, 45), &part, &err) == GS_OK && part.n == 5);
    CHECK(gs_replay_count_until(&file, -1) == 0 && gs_replay_count_until(&file, 90) == 10);

    GsConfig cfg;
    CHECK(gs_config_preset(&cfg, "fast", &err) == GS_OK);
    cfg.g_dense_c = 4, cfg.g_c[0] = 4, cfg.g_c[1] = 3, cfg.g_c[2] = 2; /* small: a quick save */
    cfg.d_c[0] = 2, cfg.d_c[1] = 4, cfg.d_c[2] = 4, cfg.d_c[3] = 4;
    GsGan gan, again;
    CHECK(gs_gan_create(&gan, &cfg, &err) == GS_OK);
    char ckpt[4300];
    snprintf(ckpt, sizeof ckpt, "%s.gsck", path);
    GsCkptSection sec = {{'R', 'P', 'L', 'Y'}, b.data, b.len};
    CHECK(gs_ckpt_save_with(&gan, &sec, 1, ckpt, &err) == GS_OK);
    GsCkptSections got;
    CHECK(gs_ckpt_load_with(&again, &got, ckpt, &err) == GS_OK);
    const GsCkptSection *r = gs_ckpt_sections_find(&got, GS_REPLAY_SECTION);
    CHECK(r && r->len == b.len);
    CHECK(r && gs_replay_from_bytes(r->data, r->len, ckpt, &back, &err) == GS_OK);
    CHECK(back.n == file.n && !back.torn);
    for (int i = 0; i < back.n && i < file.n; i++) CHECK_MSG(same_frame(&back.frames[i], &file.frames[i]), "frame %d", i);
    gs_replay_free(&back);
    /* a section cut short is a torn tail (frames before it kept); a foreign one refused */
    CHECK(gs_replay_from_bytes(part.data, part.len - 5, ckpt, &back, &err) == GS_OK && back.n == 4 && back.torn);
    gs_replay_free(&back);
    CHECK(gs_replay_from_bytes("GSCKjunk", 8, ckpt, &back, &err) == GS_ERR_FORMAT && strstr(err.msg, ckpt));
    gs_ckpt_sections_free(&got);
    gs_gan_destroy(&again);
    gs_gan_destroy(&gan);
    gs_replay_buf_free(&part);
    gs_replay_buf_free(&b);
    gs_replay_free(&file);
    unlink(ckpt);
}

static off_t file_size(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : -1;
}

int main(void) {
    GsError err;
    char path[4200];
    CHECK(gs_file_mkdirs(check_tmpdir(), &err) == GS_OK);
    snprintf(path, sizeof path, "%s/test_replay.gsr", check_tmpdir());
    write_frames(path, 0, 50, -1);
    CHECK(file_size(path) == 16 + 6 * gs_replay_record_bytes(4));

    GsReplay r;
    CHECK(gs_replay_load(path, &r, &err) == GS_OK);
    CHECK(r.n == 6 && !r.torn);
    for (int i = 0; i < r.n; i++) {
        GsReplayFrame want = frame(i * 10);
        const GsReplayFrame *f = &r.frames[i];
        CHECK(f->step == want.step && f->seconds == want.seconds && f->d_loss == want.d_loss &&
              f->g_loss == want.g_loss && isnan(f->recognisability) && f->coverage == want.coverage &&
              f->doctor == want.doctor && f->count == 4);
        CHECK(memcmp(f->pixels, pixels, sizeof pixels) == 0);
    }
    gs_replay_free(&r);

    /* a kill mid-write: every cut inside the last record leaves the five before it */
    int64_t whole = file_size(path), rec = gs_replay_record_bytes(4);
    int cuts[] = {1, 7, 8, 100, (int)rec - 1};
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
        write_frames(path, 0, 50, -1);
        CHECK(truncate(path, whole - rec + cuts[c]) == 0);
        CHECK(gs_replay_load(path, &r, &err) == GS_OK);
        CHECK_MSG(r.n == 5 && r.torn && r.frames[4].step == 40, "cut at %d: %d frames", cuts[c], r.n);
        gs_replay_free(&r);
    }
    /* resuming at step 40 cuts the torn tail and appends from there */
    write_frames(path, 50, 70, 40);
    CHECK(gs_replay_load(path, &r, &err) == GS_OK);
    CHECK(r.n == 8 && !r.torn && r.frames[5].step == 50 && r.frames[7].step == 70);
    gs_replay_free(&r);
    /* resuming at step 20 drops the frames after it (the resumed run redoes them) */
    write_frames(path, 30, 30, 20);
    CHECK(gs_replay_load(path, &r, &err) == GS_OK);
    CHECK(r.n == 4 && r.frames[3].step == 30);
    gs_replay_free(&r);

    /* a flipped byte in a record before the end is damage, not a torn tail */
    write_frames(path, 0, 50, -1);
    FILE *f = fopen(path, "r+b");
    CHECK(f && fseek(f, 16 + rec + 60, SEEK_SET) == 0 && fputc(0x5a, f) != EOF && fclose(f) == 0);
    CHECK(gs_replay_load(path, &r, &err) == GS_ERR_FORMAT);
    CHECK(strstr(err.msg, path) && strstr(err.msg, "damaged"));
    /* a file of something else, and no file */
    f = fopen(path, "wb");
    CHECK(f && fputs("GSCK not a replay at all", f) >= 0 && fclose(f) == 0);
    CHECK(gs_replay_load(path, &r, &err) == GS_ERR_FORMAT);
    unlink(path);
    CHECK(gs_replay_load(path, &r, &err) == GS_ERR_IO);
    check_section(path);
    /* quantizing: clamped and rounded, NaN black */
    float in[5] = {-1.0f, 0.5f, 2.0f, NAN, 1.0f / 255.0f};
    uint8_t out[5];
    gs_replay_quantize(out, in, 5);
    CHECK(out[0] == 0 && out[1] == 128 && out[2] == 255 && out[3] == 0 && out[4] == 1);
    CHECK_DONE();
}

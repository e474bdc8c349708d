/* test_idx.c: the IDX reader on fixtures written here (raw and gzip, from files and memory):
 * exact round trips, and a clear GS_ERR_* naming the file for every kind of damage. Also the
 * MNIST test set embedded in the binary. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <zlib.h>

#include "check.h"
#include "gs_builtin.h"
#include "gs_data.h"
#include "gs_file.h"
#include "gs_idx.h"

enum { N = 5, SIDE = 28, PIX = N * SIDE * SIDE };

static char g_dir[1024];

static const char *tmp_path(char *buf, const char *name) {
    snprintf(buf, 1200, "%s/%s", g_dir, name);
    return buf;
}

/* An IDX file in memory: magic, ndims big-endian sizes, then the payload. */
static uint8_t *build_idx(uint32_t magic, const uint32_t *dims, int ndims, const uint8_t *payload,
                          size_t len, size_t *size) {
    *size = 4 + 4 * (size_t)ndims + len;
    uint8_t *b = malloc(*size), *p = b;
    uint32_t words[4] = {magic};
    for (int i = 0; i < ndims; i++) words[1 + i] = dims[i];
    for (int i = 0; i <= ndims; i++, p += 4) {
        p[0] = (uint8_t)(words[i] >> 24);
        p[1] = (uint8_t)(words[i] >> 16);
        p[2] = (uint8_t)(words[i] >> 8);
        p[3] = (uint8_t)words[i];
    }
    if (len) memcpy(p, payload, len);
    return b;
}

static void write_raw(const char *path, const void *data, size_t size) {
    GsError err;
    CHECK_MSG(gs_file_write_atomic(path, data, size, &err) == GS_OK, "%s", err.msg);
}

static void write_gz(const char *path, const void *data, size_t size) {
    gzFile gz = gzopen(path, "wb");
    CHECK(gz != NULL);
    if (!gz) return;
    CHECK(gzwrite(gz, data, (unsigned)size) == (int)size);
    CHECK(gzclose(gz) == Z_OK);
}

/* gzip bytes of data, made through a file so they are exactly what gzopen writes. */
static uint8_t *gzip_mem(const void *data, size_t size, size_t *gz_size) {
    char path[1200];
    void *out = NULL;
    write_gz(tmp_path(path, "scratch.gz"), data, size);
    CHECK(gs_file_read_all(path, &out, gz_size, 1 << 26, NULL) == GS_OK);
    return out;
}


static void expect_images_err(const char *path, GsStatus want, const char *word) {
    GsImages im = {0};
    GsError err = {{0}};
    GsStatus st = gs_idx_read_images(path, &im, &err);
    CHECK_MSG(st == want, "%s: got status %d (%s), want %d", path, st, err.msg, want);
    CHECK_MSG(strstr(err.msg, path) != NULL, "message does not name the file: %s", err.msg);
    CHECK_MSG(!word || strstr(err.msg, word), "message lacks '%s': %s", word, err.msg);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(im.pixels == NULL);
    gs_images_free(&im);
}

static void expect_images_mem_err(const void *data, size_t size, GsStatus want,
                                  const char *word) {
    GsImages im = {0};
    GsError err = {{0}};
    GsStatus st = gs_idx_read_images_mem(data, size, "memfile", &im, &err);
    CHECK_MSG(st == want, "memfile: got status %d (%s), want %d", st, err.msg, want);
    CHECK_MSG(strstr(err.msg, "memfile") != NULL, "message does not name the file: %s", err.msg);
    CHECK_MSG(!word || strstr(err.msg, word), "message lacks '%s': %s", word, err.msg);
    gs_images_free(&im);
}

static void expect_images_ok(const GsImages *im, GsStatus st, const GsError *err,
                             const uint8_t *pixels) {
    CHECK_MSG(st == GS_OK, "%s", err->msg);
    if (st != GS_OK) return;
    CHECK(im->n == N && im->rows == SIDE && im->cols == SIDE);
    CHECK(im->labels == NULL);
    CHECK(memcmp(im->pixels, pixels, PIX) == 0);
}

int main(void) {
    GsError err = {{0}};
    char path[1200], lpath[1200];
    snprintf(g_dir, sizeof g_dir, "%s/test_idx", check_tmpdir());
    CHECK_MSG(gs_file_mkdirs(g_dir, &err) == GS_OK, "%s", err.msg);

    static uint8_t pixels[PIX], labels[N] = {3, 1, 4, 1, 5};
    for (int i = 0; i < PIX; i++) pixels[i] = (uint8_t)(i * 7 + i / 784 * 13);
    uint32_t dims[3] = {N, SIDE, SIDE}, ldims[1] = {N};
    size_t isize, lsize;
    uint8_t *idx = build_idx(0x803, dims, 3, pixels, PIX, &isize);
    uint8_t *lidx = build_idx(0x801, ldims, 1, labels, N, &lsize);

    /* Round trips: raw file, gzip file, raw memory, gzip memory. */
    GsImages im = {0};
    write_raw(tmp_path(path, "img-raw"), idx, isize);
    GsStatus st = gs_idx_read_images(path, &im, &err);
    expect_images_ok(&im, st, &err, pixels);
    CHECK(strcmp(im.source, path) == 0);
    gs_images_free(&im);
    CHECK(im.pixels == NULL && im.n == 0);
    gs_images_free(&im); /* twice is fine */

    write_gz(tmp_path(path, "img.gz"), idx, isize);
    st = gs_idx_read_images(path, &im, &err);
    expect_images_ok(&im, st, &err, pixels);
    gs_images_free(&im);

    st = gs_idx_read_images_mem(idx, isize, "mem", &im, &err);
    expect_images_ok(&im, st, &err, pixels);
    CHECK(strcmp(im.source, "mem") == 0);
    gs_images_free(&im);

    size_t gsize;
    uint8_t *gz = gzip_mem(idx, isize, &gsize);
    CHECK(gz && gsize > 18 && gz[0] == 0x1f && gz[1] == 0x8b);
    st = gs_idx_read_images_mem(gz, gsize, "memgz", &im, &err);
    expect_images_ok(&im, st, &err, pixels);
    gs_images_free(&im);

    /* Labels, raw and gzip, file and memory. */
    uint8_t *lab = NULL;
    int nl = 0;
    write_raw(tmp_path(lpath, "lab-raw"), lidx, lsize);
    CHECK_MSG(gs_idx_read_labels(lpath, &lab, &nl, &err) == GS_OK, "%s", err.msg);
    CHECK(nl == N && lab && memcmp(lab, labels, N) == 0);
    free(lab);
    lab = NULL;
    write_gz(tmp_path(lpath, "lab.gz"), lidx, lsize);
    CHECK_MSG(gs_idx_read_labels(lpath, &lab, &nl, &err) == GS_OK, "%s", err.msg);
    CHECK(nl == N && lab && memcmp(lab, labels, N) == 0);
    free(lab);
    lab = NULL;
    CHECK(gs_idx_read_labels_mem(lidx, lsize, "labmem", &lab, &nl, &err) == GS_OK);
    CHECK(nl == N && lab && memcmp(lab, labels, N) == 0);
    free(lab);
    lab = NULL;

    /* gs_idx_write_images writes a file the reader gives back exactly. */
    CHECK(gs_idx_write_images(tmp_path(path, "written"), pixels, N, SIDE, SIDE, &err) == GS_OK);
    st = gs_idx_read_images(path, &im, &err);
    expect_images_ok(&im, st, &err, pixels);
    gs_images_free(&im);
    void *wdata;
    size_t wsize;
    CHECK(gs_file_read_all(path, &wdata, &wsize, 1 << 20, &err) == GS_OK);
    CHECK(wsize == isize && memcmp(wdata, idx, isize) == 0);
    free(wdata);
    CHECK(gs_idx_write_images(path, pixels, 0, SIDE, SIDE, &err) == GS_ERR_ARG);

    /* Missing file. */
    expect_images_err(tmp_path(path, "does-not-exist"), GS_ERR_IO,
                      "cannot open: No such file or directory");
    CHECK(gs_idx_read_labels(path, &lab, &nl, &err) == GS_ERR_IO && strstr(err.msg, path));

    /* Bad magic: a labels file given as images, and the other way round. */
    expect_images_err(tmp_path(path, "lab-raw"), GS_ERR_FORMAT, "magic is 0x00000801");
    CHECK(gs_idx_read_labels(tmp_path(path, "img-raw"), &lab, &nl, &err) == GS_ERR_FORMAT);
    CHECK_MSG(strstr(err.msg, path) && strstr(err.msg, "expected 0x00000801"), "%s", err.msg);
    {
        const uint8_t text[] = "hello, this is not an idx file at all";
        write_raw(tmp_path(path, "text"), text, sizeof text);
        expect_images_err(path, GS_ERR_FORMAT, "not an IDX images file");
        write_raw(tmp_path(path, "empty"), text, 0);
        expect_images_err(path, GS_ERR_FORMAT, "empty");
        write_raw(tmp_path(path, "three-bytes"), idx, 3);
        expect_images_err(path, GS_ERR_FORMAT, "truncated");
        write_raw(tmp_path(path, "cut-header"), idx, 10);
        expect_images_err(path, GS_ERR_FORMAT, "truncated");
    }

    /* Truncated pixels: raw and gzip (a valid gzip of a short file). */
    write_raw(tmp_path(path, "short-raw"), idx, 16 + 1000);
    expect_images_err(path, GS_ERR_FORMAT, "truncated: expected 3920 bytes of pixels, found 1000");
    write_gz(tmp_path(path, "short.gz"), idx, 16 + 1000);
    expect_images_err(path, GS_ERR_FORMAT, "truncated: expected 3920 bytes of pixels, found 1000");
    expect_images_mem_err(idx, 16 + 1000, GS_ERR_FORMAT, "expected 3920 bytes of pixels");
    /* A gzip file cut in half, and one cut inside its 8-byte trailer (all pixels present). */
    write_raw(tmp_path(path, "cut.gz"), gz, gsize / 2);
    expect_images_err(path, GS_ERR_FORMAT, "truncated");
    expect_images_mem_err(gz, gsize / 2, GS_ERR_FORMAT, "truncated");
    write_raw(tmp_path(path, "cut-trailer.gz"), gz, gsize - 4);
    expect_images_err(path, GS_ERR_FORMAT, "truncated");
    expect_images_mem_err(gz, gsize - 4, GS_ERR_FORMAT, "truncated");
    /* Labels truncated too. */
    write_raw(tmp_path(path, "short-lab"), lidx, lsize - 2);
    CHECK(gs_idx_read_labels(path, &lab, &nl, &err) == GS_ERR_FORMAT);
    CHECK_MSG(strstr(err.msg, "expected 5 bytes of labels, found 3"), "%s", err.msg);

    /* Trailing garbage: the header and the data disagree. */
    {
        size_t s2;
        uint8_t *longer = build_idx(0x803, dims, 3, pixels, PIX, &s2);
        longer = realloc(longer, s2 + 10);
        memset(longer + s2, 0xAB, 10);
        write_raw(tmp_path(path, "trailing"), longer, s2 + 10);
        expect_images_err(path, GS_ERR_FORMAT, "10 unexpected bytes");
        free(longer);
    }

    /* Bad dimensions: zero rows, huge sides, zero and huge counts, and a huge (but valid)
     * header over little data, which must say "truncated" rather than try to allocate it. */
    {
        const uint32_t bad[][3] = {{N, 0, SIDE}, {N, SIDE, 5000}, {0, SIDE, SIDE},
                                   {200000000, SIDE, SIDE}};
        for (int i = 0; i < 4; i++) {
            size_t s2;
            uint8_t *b = build_idx(0x803, bad[i], 3, pixels, PIX, &s2);
            write_raw(tmp_path(path, "bad-dims"), b, s2);
            expect_images_err(path, GS_ERR_FORMAT, "bad header");
            free(b);
        }
        const uint32_t huge[3] = {100000000, 4096, 4096};
        size_t s2;
        uint8_t *b = build_idx(0x803, huge, 3, pixels, PIX, &s2);
        write_raw(tmp_path(path, "huge"), b, s2);
        expect_images_err(path, GS_ERR_FORMAT, "found 3920");
        free(b);
    }

    /* Corrupt gzip: flip bytes in the middle of the compressed stream. Either inflate finds
     * bad codes or the CRC at the end disagrees; both must be errors, not wrong pixels. */
    {
        uint8_t *bad = malloc(gsize);
        memcpy(bad, gz, gsize);
        for (size_t i = gsize / 2; i < gsize / 2 + 8; i++) bad[i] ^= 0x5A;
        write_raw(tmp_path(path, "corrupt.gz"), bad, gsize);
        expect_images_err(path, GS_ERR_FORMAT, "gzip");
        expect_images_mem_err(bad, gsize, GS_ERR_FORMAT, "gzip");
        /* Only the stored CRC damaged: the data inflates fine, the check must still fail. */
        memcpy(bad, gz, gsize);
        bad[gsize - 8] ^= 0xFF;
        write_raw(tmp_path(path, "badcrc.gz"), bad, gsize);
        expect_images_err(path, GS_ERR_FORMAT, "incorrect data check");
        expect_images_mem_err(bad, gsize, GS_ERR_FORMAT, "incorrect data check");
        free(bad);
    }

    /* Label/image count mismatch, through gs_data_load on a directory. */
    {
        char dir[1200];
        snprintf(dir, sizeof dir, "%s/mismatch", g_dir);
        CHECK(gs_file_mkdirs(dir, &err) == GS_OK);
        CHECK(snprintf(path, sizeof path, "%s/train-images-idx3-ubyte", dir) < (int)sizeof path);
        write_raw(path, idx, isize);
        uint32_t four[1] = {4};
        size_t s2;
        uint8_t *b = build_idx(0x801, four, 1, labels, 4, &s2);
        CHECK(snprintf(lpath, sizeof lpath, "%s/train-labels-idx1-ubyte.gz", dir) <
              (int)sizeof lpath);
        write_gz(lpath, b, s2);
        free(b);
        st = gs_data_load(dir, GS_DATASET_MNIST, &im, &err);
        CHECK_MSG(st == GS_ERR_FORMAT, "status %d: %s", st, err.msg);
        CHECK_MSG(strstr(err.msg, "train-labels-idx1-ubyte.gz") && strstr(err.msg, "4 labels") &&
                      strstr(err.msg, "5 images"),
                  "%s", err.msg);
        CHECK(im.pixels == NULL && im.labels == NULL);
        /* With matching labels the same directory loads, labels and all. */
        write_gz(lpath, lidx, lsize);
        st = gs_data_load(dir, GS_DATASET_MNIST, &im, &err);
        CHECK_MSG(st == GS_OK, "%s", err.msg);
        CHECK(im.n == N && im.labels && memcmp(im.labels, labels, N) == 0);
        CHECK(im.pixels && memcmp(im.pixels, pixels, PIX) == 0);
        CHECK_MSG(strstr(im.source, path) && strstr(im.source, lpath), "%s", im.source);
        gs_images_free(&im);
    }

    /* The embedded MNIST test set: 10000 images of 28x28 with 10000 labels in 0..9. */
    {
        size_t bi, bl;
        const unsigned char *bimg = gs_builtin_images(&bi), *blab = gs_builtin_labels(&bl);
        CHECK(bi > 1000000 && bl > 1000 && bimg[0] == 0x1f && blab[0] == 0x1f);
        st = gs_idx_read_images_mem(bimg, bi, "builtin", &im, &err);
        CHECK_MSG(st == GS_OK, "%s", err.msg);
        CHECK(im.n == 10000 && im.rows == 28 && im.cols == 28);
        long sum = 0;
        for (size_t i = 0; st == GS_OK && i < (size_t)im.n * 784; i++) sum += im.pixels[i];
        double mean = (double)sum / (10000.0 * 784.0);
        CHECK_MSG(mean > 25 && mean < 40, "mean pixel %.2f (MNIST is about 33)", mean);
        gs_images_free(&im);
        CHECK(gs_idx_read_labels_mem(blab, bl, "builtin labels", &lab, &nl, &err) == GS_OK);
        CHECK(nl == 10000);
        int counts[256] = {0};
        for (int i = 0; lab && i < nl; i++) counts[lab[i]]++;
        int in_range = 0;
        for (int d = 0; d < 10; d++) in_range += counts[d];
        CHECK(in_range == 10000 && counts[0] > 900 && counts[1] > 1000);
        CHECK(lab && lab[0] == 7 && lab[1] == 2 && lab[2] == 1); /* the well-known first three */
        free(lab);
    }

    free(gz);
    free(idx);
    free(lidx);
    CHECK_DONE();
}

/* test_data.c: where gs_data_load finds its images: an explicit path, $GANSCOPE_DATA, the
 * ./data and user directories, the built-in set, Debian's Fashion-MNIST; damaged files are
 * errors, never skipped in favour of the next location. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "gs_data.h"
#include "gs_file.h"
#include "gs_idx.h"

static char g_root[1024];

/* Remove a test's scratch tree after a clean run (a failed run keeps it for a look). */
static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    return remove(path);
}

/* A fresh, empty directory g_root/name; returns its path in buf. */
static const char *fresh_dir(char *buf, const char *name) {
    snprintf(buf, 1200, "%s/%s", g_root, name);
    GsError err;
    CHECK_MSG(gs_file_mkdirs(buf, &err) == GS_OK, "%s", err.msg);
    return buf;
}

/* n images of side x side, each filled with its index plus seed, written to dir/name. */
static void write_images(const char *dir, const char *name, int n, int side, int seed) {
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    uint8_t *px = malloc((size_t)n * side * side);
    for (int i = 0; i < n; i++) memset(px + (size_t)i * side * side, i + seed, (size_t)side * side);
    GsError err;
    CHECK_MSG(gs_idx_write_images(path, px, n, side, side, &err) == GS_OK, "%s", err.msg);
    free(px);
}

/* n labels (i % 10), gzip-compressed, written to dir/name. */
static void write_labels_gz(const char *dir, const char *name, int n) {
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    uint8_t head[8] = {0, 0, 8, 1, (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8),
                       (uint8_t)n};
    gzFile gz = gzopen(path, "wb");
    CHECK(gz != NULL);
    if (!gz) return;
    gzwrite(gz, head, 8);
    for (int i = 0; i < n; i++) gzputc(gz, i % 10);
    CHECK(gzclose(gz) == Z_OK);
}

static void write_text(const char *dir, const char *name, const char *text) {
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    CHECK(gs_file_write_atomic(path, text, strlen(text), NULL) == GS_OK);
}

/* Load with the search (path NULL) or a path; expect success with n images whose first
 * pixel is seed, and a source containing want_source. */
static void expect_load(const char *path, GsDataset ds, int n, int seed, const char *want_source) {
    GsImages im;
    GsError err = {{0}};
    GsStatus st = gs_data_load(path, ds, &im, &err);
    CHECK_MSG(st == GS_OK, "%s: %s", path ? path : "(search)", err.msg);
    if (st != GS_OK) return;
    CHECK_MSG(im.n == n && im.rows == 28 && im.cols == 28, "n=%d %dx%d", im.n, im.rows, im.cols);
    CHECK_MSG(seed < 0 || im.pixels[0] == seed, "first pixel %d, want %d", im.pixels[0], seed);
    CHECK_MSG(strstr(im.source, want_source) != NULL, "source '%s' lacks '%s'", im.source,
              want_source);
    gs_images_free(&im);
}

static void expect_fail(const char *path, GsDataset ds, GsStatus want, const char *word) {
    GsImages im;
    GsError err = {{0}};
    GsStatus st = gs_data_load(path, ds, &im, &err);
    CHECK_MSG(st == want, "%s: status %d (%s), want %d", path ? path : "(search)", st, err.msg,
              want);
    CHECK_MSG(strstr(err.msg, word) != NULL, "message lacks '%s': %s", word, err.msg);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(im.pixels == NULL && im.labels == NULL);
    if (st == GS_OK) gs_images_free(&im);
}

int main(void) {
    char buf[1200], a[1200], b[1200], cwd[1200], home[1200], xdg[1200], f[1400];
    GsError err = {{0}};
    snprintf(g_root, sizeof g_root, "%s/test_data-XXXXXX", check_tmpdir());
    CHECK(gs_file_mkdirs(check_tmpdir(), &err) == GS_OK);
    if (!mkdtemp(g_root)) {
        perror(g_root);
        return 1;
    }

    /* gs_dataset_parse. */
    GsDataset ds = GS_DATASET_FASHION;
    CHECK(gs_dataset_parse("mnist", &ds, &err) == GS_OK && ds == GS_DATASET_MNIST);
    CHECK(gs_dataset_parse("fashion", &ds, &err) == GS_OK && ds == GS_DATASET_FASHION);
    CHECK(gs_dataset_parse("foo", &ds, &err) == GS_ERR_ARG && strstr(err.msg, "foo"));
    CHECK(gs_dataset_parse("MNIST", &ds, &err) == GS_ERR_ARG);
    CHECK(strcmp(gs_dataset_name(GS_DATASET_FASHION), "fashion") == 0);

    /* An isolated world: empty cwd, HOME and XDG_DATA_HOME, no GANSCOPE_DATA. */
    fresh_dir(cwd, "cwd");
    fresh_dir(home, "home");
    fresh_dir(xdg, "xdg");
    CHECK(chdir(cwd) == 0);
    setenv("HOME", home, 1);
    setenv("XDG_DATA_HOME", xdg, 1);
    unsetenv("GANSCOPE_DATA");

    /* Nothing anywhere: the built-in MNIST test set (unless this machine has ganscope's data
     * installed, which a build tree does not). */
    expect_load(NULL, GS_DATASET_MNIST, 10000, -1, "built-in MNIST test set");
    {
        GsImages im;
        CHECK(gs_data_load(NULL, GS_DATASET_MNIST, &im, &err) == GS_OK);
        CHECK(im.labels != NULL && im.labels[0] == 7);
        gs_images_free(&im);
    }

    /* A directory by path: train names with labels. */
    fresh_dir(a, "fixture");
    write_images(a, "train-images-idx3-ubyte", 6, 28, 10);
    write_labels_gz(a, "train-labels-idx1-ubyte.gz", 6);
    expect_load(a, GS_DATASET_MNIST, 6, 10, "train-labels-idx1-ubyte.gz");

    /* t10k names when the train names are missing. */
    fresh_dir(b, "t10k-only");
    write_images(b, "t10k-images-idx3-ubyte", 3, 28, 40);
    expect_load(b, GS_DATASET_MNIST, 3, 40, "t10k-images-idx3-ubyte (no labels)");
    write_labels_gz(b, "t10k-labels-idx1-ubyte.gz", 3);
    expect_load(b, GS_DATASET_MNIST, 3, 40, "t10k-labels-idx1-ubyte.gz");

    /* A single file by path. */
    snprintf(f, sizeof f, "%s/t10k-images-idx3-ubyte", b);
    expect_load(f, GS_DATASET_MNIST, 3, 40, f);
    {
        GsImages im;
        CHECK(gs_data_load(f, GS_DATASET_MNIST, &im, &err) == GS_OK && im.labels == NULL);
        gs_images_free(&im);
    }

    /* Missing path, empty directory, wrong size, bad labels. */
    snprintf(f, sizeof f, "%s/no-such-dir", g_root);
    expect_fail(f, GS_DATASET_MNIST, GS_ERR_IO, "no-such-dir: cannot open");
    expect_fail(fresh_dir(buf, "empty"), GS_DATASET_MNIST, GS_ERR_IO, "no images file");
    fresh_dir(buf, "big");
    write_images(buf, "train-images-idx3-ubyte", 2, 32, 1);
    expect_fail(buf, GS_DATASET_MNIST, GS_ERR_FORMAT, "images are 32x32; ganscope needs 28x28");
    fresh_dir(buf, "badlabel");
    write_images(buf, "train-images-idx3-ubyte", 12, 28, 1);
    {
        uint8_t l[8 + 12] = {0, 0, 8, 1, 0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 11, 1};
        snprintf(f, sizeof f, "%s/train-labels-idx1-ubyte", buf);
        CHECK(gs_file_write_atomic(f, l, sizeof l, NULL) == GS_OK);
    }
    expect_fail(buf, GS_DATASET_MNIST, GS_ERR_FORMAT, "label 11 (item 10) is outside 0..9");

    /* GANSCOPE_DATA, a directory or a file, beats everything else; set but wrong is an error. */
    setenv("GANSCOPE_DATA", a, 1);
    expect_load(NULL, GS_DATASET_MNIST, 6, 10, a);
    expect_load(NULL, GS_DATASET_FASHION, 6, 10, a);
    snprintf(f, sizeof f, "%s/t10k-images-idx3-ubyte", b);
    setenv("GANSCOPE_DATA", f, 1);
    expect_load(NULL, GS_DATASET_MNIST, 3, 40, f);
    snprintf(f, sizeof f, "%s/typo", g_root);
    setenv("GANSCOPE_DATA", f, 1);
    expect_fail(NULL, GS_DATASET_MNIST, GS_ERR_IO, "GANSCOPE_DATA");
    unsetenv("GANSCOPE_DATA");

    /* The user data directory: $XDG_DATA_HOME/ganscope/<ds>, else ~/.local/share/... */
    CHECK(snprintf(buf, sizeof buf, "%s/ganscope/mnist", xdg) < (int)sizeof buf);
    CHECK(gs_file_mkdirs(buf, &err) == GS_OK);
    write_images(buf, "train-images-idx3-ubyte", 4, 28, 50);
    expect_load(NULL, GS_DATASET_MNIST, 4, 50, buf);
    unsetenv("XDG_DATA_HOME");
    expect_load(NULL, GS_DATASET_MNIST, 10000, -1, "built-in");
    CHECK(snprintf(buf, sizeof buf, "%s/.local/share/ganscope/mnist", home) < (int)sizeof buf);
    CHECK(gs_file_mkdirs(buf, &err) == GS_OK);
    write_images(buf, "t10k-images-idx3-ubyte", 7, 28, 60);
    expect_load(NULL, GS_DATASET_MNIST, 7, 60, buf);

    /* ./data/mnist comes before the user directory. */
    CHECK(gs_file_mkdirs("data/mnist", &err) == GS_OK);
    write_images("data/mnist", "train-images-idx3-ubyte", 8, 28, 70);
    expect_load(NULL, GS_DATASET_MNIST, 8, 70, "./data/mnist/train-images-idx3-ubyte");

    /* ...and a corrupt file there is an error, not a reason to fall back to the next place. */
    write_text("data/mnist", "train-images-idx3-ubyte", "garbage, not IDX");
    expect_fail(NULL, GS_DATASET_MNIST, GS_ERR_FORMAT, "./data/mnist/train-images-idx3-ubyte");
    remove("data/mnist/train-images-idx3-ubyte");
    write_text("data/mnist", "train-images-idx3-ubyte.gz", "\x1f\x8b\x08\x00 broken gzip");
    expect_fail(NULL, GS_DATASET_MNIST, GS_ERR_FORMAT, "train-images-idx3-ubyte.gz");
    /* A directory holding no images file is skipped. */
    remove("data/mnist/train-images-idx3-ubyte.gz");
    write_text("data/mnist", "README", "nothing here");
    expect_load(NULL, GS_DATASET_MNIST, 7, 60, home);

    /* Fashion: ./data/fashion, else Debian's package, else a helpful error. */
    struct stat st;
    if (stat("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz", &st) == 0) {
        expect_load(NULL, GS_DATASET_FASHION, 60000, -1,
                    "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    } else {
        expect_fail(NULL, GS_DATASET_FASHION, GS_ERR_IO, "Fashion-MNIST not found (looked in: ");
        expect_fail(NULL, GS_DATASET_FASHION, GS_ERR_IO, "dataset-fashion-mnist or pass --data");
        printf("note: Debian's dataset-fashion-mnist is not installed; checked the error only\n");
    }
    CHECK(gs_file_mkdirs("data/fashion", &err) == GS_OK);
    write_images("data/fashion", "train-images-idx3-ubyte", 9, 28, 80);
    expect_load(NULL, GS_DATASET_FASHION, 9, 80, "./data/fashion");
    CHECK(chdir("/") == 0);
    if (check_failures == 0) nftw(g_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    CHECK_DONE();
}

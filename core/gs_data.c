/* gs_data.c: where the training images come from. The search is an ordered list of
 * locations; the first one that holds an images file is used, and if its files are damaged
 * that is an error (silently training on some other set would be worse). */
#define _POSIX_C_SOURCE 200809L
#include "gs_data.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gs_builtin.h"

#ifndef GS_INSTALL_DATADIR
#define GS_INSTALL_DATADIR "/usr/local/share/ganscope"
#endif
/* The install layout relative to its prefix (CMake's GNUInstallDirs). */
#ifndef GS_INSTALL_BINDIR_REL
#define GS_INSTALL_BINDIR_REL "bin"
#endif
#ifndef GS_INSTALL_DATADIR_REL
#define GS_INSTALL_DATADIR_REL "share/ganscope"
#endif

#define GS_SIDE 28
#define GS_DEBIAN_FASHION_DIR "/usr/share/datasets/fashion-mnist"
#define GS_BUILTIN_NAME "built-in MNIST test set"

/* Candidate images files in a directory, best first, and each one's labels file. Raw before
 * gzip: same data, faster to read. */
static const char *const kImageFiles[] = {
    "train-images-idx3-ubyte", "train-images-idx3-ubyte.gz",
    "t10k-images-idx3-ubyte",  "t10k-images-idx3-ubyte.gz",
};
static const char *const kLabelFiles[][2] = {
    {"train-labels-idx1-ubyte", "train-labels-idx1-ubyte.gz"},
    {"train-labels-idx1-ubyte", "train-labels-idx1-ubyte.gz"},
    {"t10k-labels-idx1-ubyte", "t10k-labels-idx1-ubyte.gz"},
    {"t10k-labels-idx1-ubyte", "t10k-labels-idx1-ubyte.gz"},
};

GsStatus gs_dataset_parse(const char *name, GsDataset *out, GsError *err) {
    if (name && strcmp(name, "mnist") == 0) {
        *out = GS_DATASET_MNIST;
        return GS_OK;
    }
    if (name && strcmp(name, "fashion") == 0) {
        *out = GS_DATASET_FASHION;
        return GS_OK;
    }
    return gs_fail(err, GS_ERR_ARG, "unknown dataset '%s' (expected mnist or fashion)",
                   name ? name : "");
}

const char *gs_dataset_name(GsDataset ds) {
    return ds == GS_DATASET_FASHION ? "fashion" : "mnist";
}

/* 0: missing, 1: a file, 2: a directory. A path that exists but cannot be followed (a
 * symlink loop, no permission) counts as a file, so reading it reports why instead of it
 * being skipped in silence (a looping labels file once meant "no labels"). */
static int path_kind(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return errno == ENOENT || errno == ENOTDIR ? 0 : 1;
    return S_ISDIR(st.st_mode) ? 2 : 1;
}

static int join(char *buf, size_t cap, const char *a, const char *b) {
    int n = snprintf(buf, cap, "%s/%s", a, b);
    return n >= 0 && (size_t)n < cap;
}

/* The model is built for 28x28; labels index 10-class tables, so they must be 0..9. */
static GsStatus check_loaded(const GsImages *im, const char *images_path, const char *labels_path,
                             GsError *err) {
    if (im->rows != GS_SIDE || im->cols != GS_SIDE)
        return gs_fail(err, GS_ERR_FORMAT, "%s: images are %dx%d; ganscope needs %dx%d",
                       images_path, im->rows, im->cols, GS_SIDE, GS_SIDE);
    for (int i = 0; im->labels && i < im->n; i++)
        if (im->labels[i] > 9)
            return gs_fail(err, GS_ERR_FORMAT, "%s: label %d (item %d) is outside 0..9",
                           labels_path ? labels_path : images_path, im->labels[i], i);
    return GS_OK;
}

/* Load images (and labels when labels_path is not NULL) and check them together. */
static GsStatus load_pair(const char *images_path, const char *labels_path, GsImages *out,
                          GsError *err) {
    GsImages im;
    GsStatus st = gs_idx_read_images(images_path, &im, err);
    if (st != GS_OK) return st;
    if (labels_path) {
        int nl = 0;
        st = gs_idx_read_labels(labels_path, &im.labels, &nl, err);
        if (st == GS_OK && nl != im.n)
            st = gs_fail(err, GS_ERR_FORMAT, "%s: has %d labels but %s has %d images",
                         labels_path, nl, images_path, im.n);
    }
    /* A cut-off description is fine: it is only shown to the user. */
    int len = labels_path ? snprintf(im.source, sizeof im.source, "%s (labels: %s)",
                                     images_path, labels_path)
                          : snprintf(im.source, sizeof im.source, "%s (no labels)", images_path);
    if (len < 0) im.source[0] = '\0';
    if (st == GS_OK) st = check_loaded(&im, images_path, labels_path, err);
    if (st != GS_OK) {
        gs_images_free(&im);
        return st;
    }
    *out = im;
    return GS_OK;
}

/* Load from a directory by the standard names; *found = 0 when none is there. */
static GsStatus load_dir(const char *dir, GsImages *out, int *found, GsError *err) {
    char images[PATH_MAX], labels[PATH_MAX];
    *found = 0;
    for (size_t i = 0; i < sizeof kImageFiles / sizeof kImageFiles[0]; i++) {
        if (!join(images, sizeof images, dir, kImageFiles[i]))
            return gs_fail(err, GS_ERR_ARG, "%s: path too long", dir);
        if (path_kind(images) == 0) continue;
        *found = 1;
        const char *labels_path = NULL;
        for (int j = 0; j < 2 && !labels_path; j++)
            if (join(labels, sizeof labels, dir, kLabelFiles[i][j]) && path_kind(labels) != 0)
                labels_path = labels;
        return load_pair(images, labels_path, out, err);
    }
    return GS_OK;
}

/* Load from a location that may be a directory or one images file. *found = 0 when the
 * location is missing or holds no images file; with required set that is an error. */
static GsStatus load_location(const char *loc, int required, GsImages *out, int *found,
                              GsError *err) {
    *found = 0;
    switch (path_kind(loc)) {
    case 1:
        *found = 1;
        return load_pair(loc, NULL, out, err);
    case 2: {
        GsStatus st = load_dir(loc, out, found, err);
        if (st != GS_OK || *found || !required) return st;
        return gs_fail(err, GS_ERR_IO,
                       "%s: no images file here (looked for train-images-idx3-ubyte[.gz] and "
                       "t10k-images-idx3-ubyte[.gz])",
                       loc);
    }
    default:
        if (!required) return GS_OK;
        return gs_fail(err, GS_ERR_IO, "%s: cannot open: %s", loc, strerror(ENOENT));
    }
}

static GsStatus load_builtin(GsImages *out, GsError *err) {
    size_t isize, lsize;
    const unsigned char *idata = gs_builtin_images(&isize);
    const unsigned char *ldata = gs_builtin_labels(&lsize);
    GsImages im;
    GsStatus st = gs_idx_read_images_mem(idata, isize, GS_BUILTIN_NAME " (images)", &im, err);
    if (st != GS_OK) return st;
    int nl = 0;
    st = gs_idx_read_labels_mem(ldata, lsize, GS_BUILTIN_NAME " (labels)", &im.labels, &nl, err);
    if (st == GS_OK && nl != im.n)
        st = gs_fail(err, GS_ERR_INTERNAL, GS_BUILTIN_NAME ": %d labels for %d images", nl, im.n);
    if (st == GS_OK) st = check_loaded(&im, GS_BUILTIN_NAME, GS_BUILTIN_NAME, err);
    if (st != GS_OK) {
        gs_images_free(&im);
        return st;
    }
    /* no count here: the messages that name a source print its count beside it */
    snprintf(im.source, sizeof im.source, GS_BUILTIN_NAME);
    *out = im;
    return GS_OK;
}

/* Append "where" to the comma-separated list of places searched, for the not-found message. */
static void note_looked(char *list, size_t cap, const char *where) {
    size_t len = strlen(list);
    /* A cut-off list is fine: it only feeds a message. */
    if (len + 1 < cap && snprintf(list + len, cap - len, "%s%s", len ? ", " : "", where) < 0)
        list[len] = '\0';
}

/* The install's data directory, found from where the running program is: PREFIX/bin/ganscope
 * reads PREFIX/share/ganscope, so a package under /usr and a build installed under
 * /usr/local (or moved elsewhere) each find their own. A program that is not in an install's
 * bin directory (a build tree) gets the configured GS_INSTALL_DATADIR. */
static void install_datadir(char *out, size_t size) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    size_t bin = strlen(GS_INSTALL_BINDIR_REL);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0'; /* the program's directory */
        size_t len = strlen(exe);
        if (slash && len > bin && exe[len - bin - 1] == '/' &&
            strcmp(exe + len - bin, GS_INSTALL_BINDIR_REL) == 0) {
            exe[len - bin - 1] = '\0';
            snprintf(out, size, "%s/%s", exe, GS_INSTALL_DATADIR_REL);
            return;
        }
    }
    snprintf(out, size, "%s", GS_INSTALL_DATADIR);
}

GsStatus gs_data_load(const char *path, GsDataset ds, GsImages *out, GsError *err) {
    memset(out, 0, sizeof *out);
    if (ds != GS_DATASET_MNIST && ds != GS_DATASET_FASHION)
        return gs_fail(err, GS_ERR_ARG, "unknown dataset %d", (int)ds);
    int found = 0;
    if (path) return load_location(path, 1, out, &found, err);

    const char *name = gs_dataset_name(ds);
    char looked[400] = "";
    char loc[PATH_MAX];
    GsStatus st;

    /* Set explicitly by the user: a typo must not fall through to another data set. */
    const char *env = getenv("GANSCOPE_DATA");
    if (env && *env) {
        st = load_location(env, 1, out, &found, err);
        if (st != GS_OK && err) {
            char why[sizeof err->msg];
            memcpy(why, err->msg, sizeof why);
            gs_fail(err, st, "GANSCOPE_DATA: %s", why);
        }
        return st;
    }

    snprintf(loc, sizeof loc, "./data/%s", name);
    note_looked(looked, sizeof looked, loc);
    if ((st = load_location(loc, 0, out, &found, err)) != GS_OK || found) return st;

    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    int have_user = 1;
    if (xdg && xdg[0] == '/') /* the XDG spec says to ignore relative values */
        snprintf(loc, sizeof loc, "%s/ganscope/%s", xdg, name);
    else if (home && *home)
        snprintf(loc, sizeof loc, "%s/.local/share/ganscope/%s", home, name);
    else
        have_user = 0;
    if (have_user) {
        note_looked(looked, sizeof looked, loc);
        if ((st = load_location(loc, 0, out, &found, err)) != GS_OK || found) return st;
    }

    char datadir[PATH_MAX - 16];
    install_datadir(datadir, sizeof datadir);
    snprintf(loc, sizeof loc, "%s/%s", datadir, name);
    note_looked(looked, sizeof looked, loc);
    if ((st = load_location(loc, 0, out, &found, err)) != GS_OK || found) return st;

    if (ds == GS_DATASET_MNIST) return load_builtin(out, err);

    note_looked(looked, sizeof looked, GS_DEBIAN_FASHION_DIR);
    if ((st = load_location(GS_DEBIAN_FASHION_DIR, 0, out, &found, err)) != GS_OK || found)
        return st;
    return gs_fail(err, GS_ERR_IO,
                   "Fashion-MNIST not found (looked in: %s); install Debian's "
                   "dataset-fashion-mnist or pass --data",
                   looked);
}

/* Loads dir's t10k pair; *found = 0 when dir has no t10k images file. */
static GsStatus load_test_dir(const char *dir, GsImages *out, int *found, GsError *err) {
    char images[PATH_MAX], labels[PATH_MAX];
    *found = 0;
    for (size_t i = 2; i < sizeof kImageFiles / sizeof kImageFiles[0]; i++) { /* the t10k names */
        if (!join(images, sizeof images, dir, kImageFiles[i]) || path_kind(images) != 1) continue;
        *found = 1;
        for (int j = 0; j < 2; j++)
            if (join(labels, sizeof labels, dir, kLabelFiles[i][j]) && path_kind(labels) == 1)
                return load_pair(images, labels, out, err);
        return gs_fail(err, GS_ERR_IO, "%s: no t10k-labels-idx1-ubyte[.gz] next to it", images);
    }
    return GS_OK;
}

GsStatus gs_data_load_test(const char *path, GsDataset ds, GsImages *out, GsError *err) {
    memset(out, 0, sizeof *out);
    int found = 0;
    GsStatus st;
    if (path) {
        if (path_kind(path) != 2) return gs_fail(err, GS_ERR_IO, "%s: not a directory", path);
        st = load_test_dir(path, out, &found, err);
        if (st == GS_OK && !found)
            st = gs_fail(err, GS_ERR_IO, "%s: no t10k-images-idx3-ubyte[.gz] here", path);
        return st;
    }
    char loc[PATH_MAX];
    snprintf(loc, sizeof loc, "./data/%s", gs_dataset_name(ds));
    if ((st = load_test_dir(loc, out, &found, err)) != GS_OK || found) return st;
    if (ds == GS_DATASET_MNIST) return load_builtin(out, err);
    st = load_test_dir(GS_DEBIAN_FASHION_DIR, out, &found, err);
    if (st == GS_OK && !found)
        st = gs_fail(err, GS_ERR_IO, "no Fashion-MNIST test set in ./data/fashion or " GS_DEBIAN_FASHION_DIR
                                     " (install dataset-fashion-mnist or pass --data)");
    return st;
}

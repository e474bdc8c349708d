/* gs_data.h: finding and loading the training set: a --data path, $GANSCOPE_DATA, the usual
 * directories, or the MNIST test set built into the program. */
#ifndef GS_DATA_H
#define GS_DATA_H

#include "gs_idx.h"
#include "gs_status.h"

typedef enum GsDataset { GS_DATASET_MNIST = 0, GS_DATASET_FASHION } GsDataset;

/* "mnist" or "fashion"; anything else is GS_ERR_ARG. */
GsStatus gs_dataset_parse(const char *name, GsDataset *out, GsError *err);

/* The name gs_dataset_parse accepts for ds ("mnist", "fashion"). */
const char *gs_dataset_name(GsDataset ds);

/* Load 28x28 training images (and labels when found) into *out (free with gs_images_free).
 *   path a directory: train-images-idx3-ubyte[.gz], else t10k-images-idx3-ubyte[.gz], with
 *     the matching *-labels-idx1-ubyte[.gz] if present (its count must match).
 *   path a file: that one IDX3 images file, no labels.
 *   path NULL: search, first hit wins: $GANSCOPE_DATA (dir or file; when set it must work),
 *     ./data/<ds>, $XDG_DATA_HOME/ganscope/<ds> (default ~/.local/share/ganscope/<ds>),
 *     PREFIX/share/ganscope/<ds> (PREFIX: above the program's bin/ directory, else the
 *     configured install prefix), then for mnist the built-in MNIST test set and for
 *     fashion Debian's /usr/share/datasets/fashion-mnist (dataset-fashion-mnist).
 * A location that is missing or holds no images file is skipped; one whose files are damaged
 * is an error, never skipped. out->source says what was read. */
GsStatus gs_data_load(const char *path, GsDataset ds, GsImages *out, GsError *err);

/* The labelled test set (t10k-images/labels) of ds, for judging: from directory path when
 * given, else ./data/<ds>, then for mnist the built-in MNIST test set and for fashion
 * Debian's /usr/share/datasets/fashion-mnist. Missing labels are an error. */
GsStatus gs_data_load_test(const char *path, GsDataset ds, GsImages *out, GsError *err);

#endif

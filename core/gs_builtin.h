/* gs_builtin.h: the MNIST test set (10,000 images and labels, gzip IDX) compiled into the
 * program, so ganscope trains out of the box with no download. */
#ifndef GS_BUILTIN_H
#define GS_BUILTIN_H

#include <stddef.h>

/* The embedded t10k-images-idx3-ubyte.gz; *size gets its length in bytes. */
const unsigned char *gs_builtin_images(size_t *size);

/* The embedded t10k-labels-idx1-ubyte.gz; *size gets its length in bytes. */
const unsigned char *gs_builtin_labels(size_t *size);

#endif

/* gs_idx.h: reading and writing the IDX files MNIST ships in (raw or gzip), with checks
 * that turn every damaged or truncated file into a one-line error, never a short read. */
#ifndef GS_IDX_H
#define GS_IDX_H

#include <stddef.h>
#include <stdint.h>

#include "gs_status.h"

typedef struct GsImages {
    uint8_t *pixels;  /* n * rows * cols bytes, row-major, 0 = background */
    uint8_t *labels;  /* n labels, or NULL when no label file was found */
    int n, rows, cols;
    char source[512]; /* human description: path(s) read, or "built-in MNIST test set" */
} GsImages;

/* Read an IDX3 unsigned-byte images file (magic 0x00000803), raw or gzip. labels is NULL;
 * source is the path. Missing file: GS_ERR_IO; bad contents: GS_ERR_FORMAT. */
GsStatus gs_idx_read_images(const char *path, GsImages *out, GsError *err);

/* Read an IDX1 unsigned-byte labels file (magic 0x00000801), raw or gzip, into a malloc'ed
 * array of *n labels. */
GsStatus gs_idx_read_labels(const char *path, uint8_t **labels, int *n, GsError *err);

/* The same from memory (raw or gzip); name is used in messages and as out->source. */
GsStatus gs_idx_read_images_mem(const void *data, size_t size, const char *name, GsImages *out,
                                GsError *err);
GsStatus gs_idx_read_labels_mem(const void *data, size_t size, const char *name,
                                uint8_t **labels, int *n, GsError *err);

/* Write n images of rows x cols bytes as a raw IDX3 file, atomically (gs_file.h). */
GsStatus gs_idx_write_images(const char *path, const uint8_t *pixels, int n, int rows, int cols,
                             GsError *err);

/* Free the pixels and labels and zero the struct; safe on a zeroed struct. */
void gs_images_free(GsImages *im);

#endif

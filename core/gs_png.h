/* gs_png.h: writing PNG images (8-bit gray, RGB or RGBA) with zlib alone, and tiling many
 * small generated images into one grid picture. */
#ifndef GS_PNG_H
#define GS_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "gs_status.h"

/* Encode w x h pixels (row-major, channels bytes each: 1 gray, 3 RGB, 4 RGBA) as a PNG in a
 * malloc'ed buffer (*png, caller frees) of *size bytes. */
GsStatus gs_png_encode(const uint8_t *pixels, int w, int h, int channels, uint8_t **png,
                       size_t *size, GsError *err);

/* Encode and write to path atomically (gs_file_write_atomic). */
GsStatus gs_png_write(const char *path, const uint8_t *pixels, int w, int h, int channels,
                      GsError *err);

/* Building blocks, shared with the animated PNG writer (gs_apng.h): */
extern const uint8_t gs_png_signature[8];
/* Writes one chunk (length, type, data, CRC-32 over type and data) at p; returns its bytes. */
size_t gs_png_chunk(uint8_t *p, const char type[4], const uint8_t *data, uint32_t len);
/* IHDR's 13 bytes for 8-bit w x h with channels 1, 3 or 4. */
void gs_png_ihdr(uint8_t ihdr[13], int w, int h, int channels);
/* The zlib stream of an image's rows (filter 0): *z malloc'ed, caller frees. name is used in
 * messages. */
GsStatus gs_png_deflate(const char *name, const uint8_t *pixels, int w, int h, int channels,
                        uint8_t **z, size_t *zlen, GsError *err);

/* Size of a rows x cols grid of img_w x img_h tiles with pad pixels between and around. */
void gs_grid_size(int rows, int cols, int img_h, int img_w, int pad, int *w, int *h);

/* Tile count single-channel float images in [0,1] (img_h*img_w floats each, row-major) into
 * dst, a gray image of gs_grid_size, filling row by row. Values are clamped and rounded to
 * 0..255 (NaN becomes 0); padding and unused tiles are pad_value; tiles past rows*cols are
 * ignored. */
void gs_grid_compose(uint8_t *dst, const float *images, int count, int rows, int cols, int img_h,
                     int img_w, int pad, uint8_t pad_value);

#endif

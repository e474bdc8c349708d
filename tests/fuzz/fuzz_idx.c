/* fuzz_idx.c: libFuzzer target for the IDX reader (raw and gzip). The first byte picks
 * images (odd) or labels (even); the rest is the file. Seeds in tests/fuzz/idx/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gs_idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    GsError err;
    if (data[0] & 1) {
        GsImages im;
        if (gs_idx_read_images_mem(data + 1, size - 1, "fuzz", &im, &err) == GS_OK) gs_images_free(&im);
    } else {
        uint8_t *labels = NULL;
        int n = 0;
        if (gs_idx_read_labels_mem(data + 1, size - 1, "fuzz", &labels, &n, &err) == GS_OK) free(labels);
    }
    return 0;
}

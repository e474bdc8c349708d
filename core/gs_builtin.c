/* gs_builtin.c: embeds assets/mnist-t10k-*.gz into the binary (gs_incbin.h); CMake passes
 * their absolute paths. */
#include "gs_builtin.h"

#include "gs_incbin.h"

#if !defined(GS_BUILTIN_IMAGES) || !defined(GS_BUILTIN_LABELS)
#error "GS_BUILTIN_IMAGES and GS_BUILTIN_LABELS must name the asset files (set by CMake)"
#endif

GS_INCBIN(gs_builtin_images_data, GS_BUILTIN_IMAGES);
GS_INCBIN(gs_builtin_labels_data, GS_BUILTIN_LABELS);

const unsigned char *gs_builtin_images(size_t *size) {
    *size = GS_INCBIN_SIZE(gs_builtin_images_data);
    return gs_builtin_images_data_start;
}

const unsigned char *gs_builtin_labels(size_t *size) {
    *size = GS_INCBIN_SIZE(gs_builtin_labels_data);
    return gs_builtin_labels_data_start;
}

/* gs_builtin.c: embeds assets/mnist-t10k-*.gz into the binary with the assembler's .incbin
 * (no xxd step, no generated sources); CMake passes their absolute paths. */
#include "gs_builtin.h"

#include <stdint.h>

#if !defined(GS_BUILTIN_IMAGES) || !defined(GS_BUILTIN_LABELS)
#error "GS_BUILTIN_IMAGES and GS_BUILTIN_LABELS must name the asset files (set by CMake)"
#endif

/* pushsection/popsection leave the compiler's own section state alone; .hidden keeps the
 * symbols out of any shared object's export table. */
#define GS_INCBIN(sym, file)                                                                  \
    __asm__(".pushsection .rodata\n"                                                          \
            ".balign 16\n"                                                                    \
            ".globl " #sym "_start\n"                                                         \
            ".hidden " #sym "_start\n"                                                        \
            ".type " #sym "_start, @object\n" #sym "_start:\n"                                \
            ".incbin \"" file "\"\n"                                                          \
            ".globl " #sym "_end\n"                                                           \
            ".hidden " #sym "_end\n" #sym "_end:\n"                                           \
            ".size " #sym "_start, " #sym "_end - " #sym "_start\n"                           \
            ".popsection\n")

GS_INCBIN(gs_builtin_images_data, GS_BUILTIN_IMAGES);
GS_INCBIN(gs_builtin_labels_data, GS_BUILTIN_LABELS);

extern const unsigned char gs_builtin_images_data_start[], gs_builtin_images_data_end[];
extern const unsigned char gs_builtin_labels_data_start[], gs_builtin_labels_data_end[];

const unsigned char *gs_builtin_images(size_t *size) {
    /* Two distinct symbols: subtract addresses, not pointers. */
    *size = (size_t)((uintptr_t)gs_builtin_images_data_end -
                     (uintptr_t)gs_builtin_images_data_start);
    return gs_builtin_images_data_start;
}

const unsigned char *gs_builtin_labels(size_t *size) {
    /* Two distinct symbols: subtract addresses, not pointers. */
    *size = (size_t)((uintptr_t)gs_builtin_labels_data_end -
                     (uintptr_t)gs_builtin_labels_data_start);
    return gs_builtin_labels_data_start;
}

/* gs_incbin.h: embeds a file into the binary with the assembler's .incbin (no xxd step, no
 * generated sources): GS_INCBIN(sym, "/abs/path") defines sym_start[] and sym_end[]. */
#ifndef GS_INCBIN_H
#define GS_INCBIN_H

#include <stddef.h>
#include <stdint.h>

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
            ".popsection\n");                                                                 \
    extern const unsigned char sym##_start[], sym##_end[]

/* Length of an embedded file: two distinct symbols, so subtract addresses, not pointers. */
#define GS_INCBIN_SIZE(sym) ((size_t)((uintptr_t)sym##_end - (uintptr_t)sym##_start))

#endif

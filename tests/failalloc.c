/* failalloc.c: a test-only allocator shim that makes chosen allocations fail, to prove that
 * out-of-memory paths end in a clean message rather than a crash. Loaded with LD_PRELOAD
 * (a whole program: GS_FAILALLOC_SIZE=N fails every malloc/calloc/realloc of exactly N
 * bytes) or linked into a test (gs_failalloc_nth: the n-th allocation from now made by the
 * program's own code fails; libraries' allocations, e.g. FreeType's, which crashes on a
 * NULL inside glyph loading, are let through: their handling is not ours to test).
 * glibc's __libc_* entry points do the real work; never built with the sanitizers, which
 * replace the allocator themselves. */
#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static atomic_long countdown = -1; /* allocations to let through before one fails; -1: off */
static atomic_long failed;         /* allocations failed so far */
static size_t fail_size;           /* from GS_FAILALLOC_SIZE (0: off) */
static atomic_int size_read;

static uintptr_t exe_lo, exe_hi; /* the main program's loaded range */

static int find_exe(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size, (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD) continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (!exe_lo || lo < exe_lo) exe_lo = lo;
        if (hi > exe_hi) exe_hi = hi;
    }
    return 1; /* the first object is the program itself */
}

void gs_failalloc_nth(long n) {
    if (!exe_hi) dl_iterate_phdr(find_exe, NULL);
    atomic_store(&countdown, n);
}
long gs_failalloc_failed(void) { return atomic_load(&failed); }

static int should_fail(size_t n, const void *caller) {
    if (!atomic_load(&size_read)) {
        /* getenv does not allocate */
        const char *s = getenv("GS_FAILALLOC_SIZE");
        fail_size = s ? (size_t)strtoull(s, NULL, 10) : 0;
        atomic_store(&size_read, 1);
    }
    int fail = fail_size && n == fail_size;
    long c = atomic_load(&countdown);
    int ours = (uintptr_t)caller >= exe_lo && (uintptr_t)caller < exe_hi;
    while (c >= 0 && !fail && ours) {
        if (atomic_compare_exchange_weak(&countdown, &c, c - 1)) {
            fail = c == 0;
            break;
        }
    }
    if (fail) {
        atomic_fetch_add(&failed, 1);
        errno = ENOMEM;
    }
    return fail;
}

#define CALLER __builtin_return_address(0)
void *malloc(size_t n) { return should_fail(n, CALLER) ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t size) { return should_fail(n * size, CALLER) ? NULL : __libc_calloc(n, size); }
void *realloc(void *p, size_t n) { return should_fail(n, CALLER) ? NULL : __libc_realloc(p, n); }

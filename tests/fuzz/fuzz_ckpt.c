/* fuzz_ckpt.c: libFuzzer target for the checkpoint loader. The first byte's bit 0 patches
 * the header's payload length and bit 1 the trailing CRC-32 to match the rest, so the
 * fuzzer reaches the payload parsing behind the checksum; the rest is the file, loaded from
 * an in-memory file by path as ganscope loads it. Seeds in tests/fuzz/ckpt/. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "gs_ckpt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("fuzz-ckpt", 0);
        if (fd < 0) abort();
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (size < 1) return 0;
    size_t n = size - 1;
    uint8_t *file = malloc(n ? n : 1);
    if (!file) return 0;
    memcpy(file, data + 1, n);
    if (n >= 20 && (data[0] & 1)) {
        uint64_t payload = n - 20;
        memcpy(file + 8, &payload, 8);
    }
    if (n >= 20 && (data[0] & 2)) {
        uint32_t crc = (uint32_t)crc32(0L, file, (uInt)(n - 4));
        memcpy(file + n - 4, &crc, 4);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, file, n, 0) != (ssize_t)n) abort();
    free(file);
    GsGan gan;
    GsError err;
    if (gs_ckpt_load(&gan, path, &err) == GS_OK) gs_gan_destroy(&gan);
    return 0;
}

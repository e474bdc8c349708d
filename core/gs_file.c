/* gs_file.c: crash-safe writes, mkdir -p and whole-file reads, reporting failures as one
 * line naming the path (see gs_status.h). */
#define _DEFAULT_SOURCE /* flock */
#include "gs_file.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* write() may write less than asked (signals, pipes); loop until done or a real error. */
static int write_fully(int fd, const unsigned char *p, size_t n) {
    while (n > 0) {
        size_t chunk = n < ((size_t)1 << 30) ? n : ((size_t)1 << 30);
        ssize_t w = write(fd, p, chunk);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* fsync the directory holding path so the rename itself survives a crash. Best effort:
 * some file systems refuse to fsync directories, and the data is already safe by then. */
static void sync_parent_dir(const char *path) {
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash) {
        strcpy(dir, ".");
    } else if (slash == path) {
        strcpy(dir, "/");
    } else {
        size_t len = (size_t)(slash - path);
        if (len >= sizeof dir) return;
        memcpy(dir, path, len);
        dir[len] = '\0';
    }
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

GsStatus gs_file_write_atomic(const char *path, const void *data, size_t size, GsError *err) {
    if (!path || !*path || (!data && size > 0))
        return gs_fail(err, GS_ERR_ARG, "gs_file_write_atomic: no path or no data");
    char tmp[PATH_MAX];
    int len = snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    if (len < 0 || (size_t)len >= sizeof tmp)
        return gs_fail(err, GS_ERR_ARG, "%s: cannot write: path too long", path);

    /* O_EXCL: a leftover temp file from a crashed run with the same pid is replaced below,
     * never written through (it could be a symlink planted by someone else). */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno == EEXIST && unlink(tmp) == 0)
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0) return gs_fail(err, GS_ERR_IO, "%s: cannot write: %s", path, strerror(errno));

    int failed = write_fully(fd, data, size) != 0 || fsync(fd) != 0;
    int saved = errno;
    if (close(fd) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed && rename(tmp, path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        unlink(tmp);
        return gs_fail(err, GS_ERR_IO, "%s: cannot write: %s", path, strerror(saved));
    }
    sync_parent_dir(path);
    return GS_OK;
}

GsStatus gs_file_mkdirs(const char *dir, GsError *err) {
    if (!dir || !*dir) return gs_fail(err, GS_ERR_ARG, "gs_file_mkdirs: empty directory name");
    char buf[PATH_MAX];
    size_t len = strlen(dir);
    if (len >= sizeof buf)
        return gs_fail(err, GS_ERR_ARG, "%s: cannot create directory: path too long", dir);
    memcpy(buf, dir, len + 1);

    /* Create each prefix ending before a '/', then the whole path. */
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        if (buf[i - 1] == '/') continue; /* "a//b" or a trailing slash */
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            return gs_fail(err, GS_ERR_IO, "%s: cannot create directory: %s", buf, strerror(e));
        }
        struct stat st;
        if (stat(buf, &st) != 0) /* e.g. a symlink loop: say so, not "a file exists" */
            return gs_fail(err, GS_ERR_IO, "%s: cannot create directory: %s", buf, strerror(errno));
        if (!S_ISDIR(st.st_mode))
            return gs_fail(err, GS_ERR_IO, "%s: cannot create directory: %s", buf,
                           "a file with that name exists");
        buf[i] = saved;
    }
    return GS_OK;
}

GsStatus gs_file_read_all(const char *path, void **data, size_t *size, size_t max_size,
                          GsError *err) {
    *data = NULL;
    *size = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return gs_fail(err, GS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return gs_fail(err, GS_ERR_IO, "%s: cannot read: %s", path, strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return gs_fail(err, GS_ERR_IO, "%s: cannot read: %s", path, strerror(EISDIR));
    }
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_size) {
        close(fd);
        return gs_fail(err, GS_ERR_FORMAT, "%s: too large: %jd bytes, the limit is %zu", path,
                       (intmax_t)st.st_size, max_size);
    }

    /* The size from fstat is only a hint (pipes, files that grow while read): read until
     * EOF, growing the buffer, and stop one byte past max_size. */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
    if (cap > max_size + 1 && max_size < SIZE_MAX) cap = max_size + 1;
    if (cap == 0) cap = 1;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory reading %zu bytes", path, cap);
    }
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            if (n > max_size) break;
            size_t ncap = cap < SIZE_MAX / 2 ? cap * 2 : SIZE_MAX;
            if (max_size < SIZE_MAX && ncap > max_size + 1) ncap = max_size + 1;
            unsigned char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                close(fd);
                return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory reading %zu bytes", path,
                               ncap);
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            free(buf);
            close(fd);
            return gs_fail(err, GS_ERR_IO, "%s: cannot read: %s", path, strerror(e));
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    if (n > max_size) {
        free(buf);
        return gs_fail(err, GS_ERR_FORMAT, "%s: too large: more than %zu bytes", path, max_size);
    }
    *data = buf;
    *size = n;
    return GS_OK;
}

GsStatus gs_file_lock_dir(const char *dir, int *fd_out, GsError *err) {
    char path[PATH_MAX];
    *fd_out = -1;
    if (snprintf(path, sizeof path, "%s/.lock", dir) >= (int)sizeof path)
        return gs_fail(err, GS_ERR_ARG, "%s: path too long", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) return gs_fail(err, GS_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        if (e == EWOULDBLOCK) {
            close(fd);
            return gs_fail(err, GS_ERR_ARG, "%s: in use by another ganscope run", dir);
        }
        /* A file system without locks (some network mounts): go on unlocked rather than
         * refuse every run there. */
    }
    *fd_out = fd;
    return GS_OK;
}

void gs_file_unlock_dir(int fd) {
    if (fd >= 0) close(fd); /* closing releases the flock */
}

/* The pid in a name ending ".tmp-<digits>" (as gs_file_write_atomic makes), else 0. */
static long temp_owner(const char *name) {
    const char *t = strstr(name, ".tmp-");
    while (t && strstr(t + 1, ".tmp-")) t = strstr(t + 1, ".tmp-");
    if (!t || !t[5]) return 0;
    long pid = 0;
    for (const char *p = t + 5; *p; p++) {
        if (!isdigit((unsigned char)*p) || pid > 100000000) return 0;
        pid = pid * 10 + (*p - '0');
    }
    return pid;
}

GsStatus gs_file_remove_stale_temps(const char *dir, int *removed, GsError *err) {
    if (removed) *removed = 0;
    DIR *d = opendir(dir);
    if (!d) return gs_fail(err, GS_ERR_IO, "%s: cannot list: %s", dir, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid = temp_owner(e->d_name);
        /* Only when that process is gone: a live one may be writing it right now. */
        if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        if (unlinkat(dirfd(d), e->d_name, 0) == 0 && removed) ++*removed;
    }
    closedir(d);
    return GS_OK;
}

/* test_file.c: crash-safe writes (content replaced, temp file never left behind, old file kept
 * when a write fails midway), mkdir -p, read_all's size limit, the run directory's lock and
 * the removal of dead processes' temp files. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "gs_file.h"

/* Remove a test's scratch tree after a clean run (a failed run keeps it for a look). */
static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    return remove(path);
}

/* Number of entries in dir whose name contains ".tmp-" (left-over temp files). */
static int count_temp_files(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".tmp-")) n++;
    closedir(d);
    return n;
}

/* Does path hold exactly these bytes? */
static int file_equals(const char *path, const char *want) {
    void *data;
    size_t size;
    if (gs_file_read_all(path, &data, &size, 1 << 20, NULL) != GS_OK) return 0;
    int eq = size == strlen(want) && memcmp(data, want, size) == 0;
    free(data);
    return eq;
}

int main(void) {
    char dir[1024], path[1200], other[1200];
    GsError err = {{0}};
    /* A fresh directory per run, so files left by an earlier (failed) run cannot interfere. */
    char root[900];
    snprintf(root, sizeof root, "%s/test_file-XXXXXX", check_tmpdir());
    CHECK(gs_file_mkdirs(check_tmpdir(), &err) == GS_OK);
    if (!mkdtemp(root)) {
        perror(root);
        return 1;
    }
    snprintf(dir, sizeof dir, "%s/a/b/c", root);
    CHECK(gs_file_mkdirs(dir, &err) == GS_OK);
    CHECK(gs_file_mkdirs(dir, &err) == GS_OK); /* existing is fine */
    struct stat st;
    CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));

    /* Write, then replace: the new content wins, no temp file is left. */
    snprintf(path, sizeof path, "%s/x.txt", dir);
    CHECK(gs_file_write_atomic(path, "first version", 13, &err) == GS_OK);
    CHECK(file_equals(path, "first version"));
    CHECK(gs_file_write_atomic(path, "second", 6, &err) == GS_OK);
    CHECK(file_equals(path, "second"));
    CHECK(gs_file_write_atomic(path, "", 0, &err) == GS_OK);
    CHECK(file_equals(path, ""));
    CHECK(gs_file_write_atomic(path, "keep me", 7, &err) == GS_OK);
    CHECK(count_temp_files(dir) == 0);

    /* A missing directory: GS_ERR_IO naming the path and the reason. */
    snprintf(other, sizeof other, "%s/missing/y.png", dir);
    err.msg[0] = '\0';
    CHECK(gs_file_write_atomic(other, "x", 1, &err) == GS_ERR_IO);
    CHECK_MSG(strstr(err.msg, other) && strstr(err.msg, "cannot write") &&
                  strstr(err.msg, "No such file or directory"),
              "%s", err.msg);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(count_temp_files(dir) == 0);

    /* The rename fails (the target is a directory): the temp file must be cleaned up. */
    snprintf(other, sizeof other, "%s/adir", dir);
    CHECK(gs_file_mkdirs(other, &err) == GS_OK);
    CHECK(gs_file_write_atomic(other, "data", 4, &err) == GS_ERR_IO);
    CHECK_MSG(strstr(err.msg, other) != NULL, "%s", err.msg);
    CHECK(stat(other, &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(count_temp_files(dir) == 0);

    /* The disk "fills up" mid-write (a file size limit works even for root): the old file
     * must be untouched and the temp file gone. */
    struct rlimit old_lim, lim;
    CHECK(getrlimit(RLIMIT_FSIZE, &old_lim) == 0);
    lim = old_lim;
    lim.rlim_cur = 4096;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    static char big[100000];
    memset(big, 'z', sizeof big);
    err.msg[0] = '\0';
    GsStatus s = gs_file_write_atomic(path, big, sizeof big, &err);
    CHECK(setrlimit(RLIMIT_FSIZE, &old_lim) == 0);
    signal(SIGXFSZ, old_handler);
    CHECK(s == GS_ERR_IO);
    CHECK_MSG(strstr(err.msg, path) && strstr(err.msg, "File too large"), "%s", err.msg);
    CHECK(file_equals(path, "keep me"));
    CHECK(count_temp_files(dir) == 0);

    /* read_all: the limit, missing files, directories. */
    void *data = NULL;
    size_t size = 0;
    CHECK(gs_file_read_all(path, &data, &size, 7, &err) == GS_OK && size == 7);
    free(data);
    CHECK(gs_file_read_all(path, &data, &size, 6, &err) == GS_ERR_FORMAT);
    CHECK(data == NULL);
    CHECK_MSG(strstr(err.msg, path) && strstr(err.msg, "too large"), "%s", err.msg);
    snprintf(other, sizeof other, "%s/nope.bin", dir);
    CHECK(gs_file_read_all(other, &data, &size, 100, &err) == GS_ERR_IO);
    CHECK_MSG(strstr(err.msg, "nope.bin: cannot open: No such file or directory"), "%s",
              err.msg);
    CHECK(gs_file_read_all(dir, &data, &size, 100, &err) == GS_ERR_IO);
    CHECK_MSG(strstr(err.msg, "Is a directory"), "%s", err.msg);
    /* Not a regular file: the size is unknown up front, the limit still holds. */
    CHECK(gs_file_read_all("/dev/zero", &data, &size, 100000, &err) == GS_ERR_FORMAT);

    /* mkdirs through a file fails. */
    CHECK(snprintf(other, sizeof other, "%s/sub", path) < (int)sizeof other);
    CHECK(gs_file_mkdirs(other, &err) == GS_ERR_IO);
    CHECK_MSG(strstr(err.msg, "x.txt") != NULL, "%s", err.msg);
    CHECK(gs_file_mkdirs("", &err) == GS_ERR_ARG);
    /* The lock: a second holder is refused with "in use" until the first lets go. */
    int lock1 = -1, lock2 = -1;
    CHECK(gs_file_lock_dir(dir, &lock1, &err) == GS_OK && lock1 >= 0);
    CHECK(gs_file_lock_dir(dir, &lock2, &err) == GS_ERR_ARG && lock2 < 0);
    CHECK_MSG(strstr(err.msg, dir) && strstr(err.msg, "in use by another ganscope run"), "%s", err.msg);
    gs_file_unlock_dir(lock1);
    CHECK(gs_file_lock_dir(dir, &lock2, &err) == GS_OK);
    gs_file_unlock_dir(lock2);

    /* Temp files: a dead process's go; this process's, a live one's and others stay. */
    pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, NULL, 0); /* now a pid nobody has */
    const char *names[] = {"dead.gsck.tmp-%ld", "mine.gsck.tmp-%ld", "live.gsck.tmp-%ld", "plain.tmp-x%ld", "b.tmp-%ldz"};
    long pids[] = {(long)child, (long)getpid(), (long)getppid(), (long)child, (long)child};
    for (int i = 0; i < 5; i++) {
        char name[64];
        snprintf(name, sizeof name, names[i], pids[i]);
        snprintf(other, sizeof other, "%s/%s", dir, name);
        CHECK(gs_file_write_atomic(other, "t", 1, &err) == GS_OK);
    }
    int removed = -1;
    CHECK(gs_file_remove_stale_temps(dir, &removed, &err) == GS_OK);
    CHECK_MSG(removed == 1, "removed %d", removed);
    CHECK(count_temp_files(dir) == 4);
    snprintf(other, sizeof other, "%s/dead.gsck.tmp-%ld", dir, (long)child);
    CHECK(access(other, F_OK) != 0);
    CHECK(gs_file_remove_stale_temps(other, &removed, &err) == GS_ERR_IO); /* not a directory */
    if (check_failures == 0) nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    CHECK_DONE();
}

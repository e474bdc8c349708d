/* settings.c: the window's remembered settings as key=value lines (settings.h). */
#define _POSIX_C_SOURCE 200809L
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs_file.h"

void settings_defaults(Settings *s) {
    memset(s, 0, sizeof *s);
    s->scale = 1.0f;
}

int settings_path(char *out, size_t size) {
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && *xdg == '/') n = snprintf(out, size, "%s/ganscope/settings", xdg);
    else if (home && *home) n = snprintf(out, size, "%s/.config/ganscope/settings", home);
    else return 0;
    return n > 0 && (size_t)n < size;
}

static int parse_float(const char *v, float lo, float hi, float *out) {
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end || !(x >= lo && x <= hi)) return 0;
    *out = (float)x;
    return 1;
}

static int parse_word(const char *v, char *out, size_t size) {
    size_t n = strlen(v);
    if (n >= size) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') || v[i] == '-' || v[i] == '_')) return 0;
    memcpy(out, v, n + 1);
    return 1;
}

/* One key=value; 0 when the value is bad. */
static int settings_set(Settings *s, const char *k, const char *v) {
    float x;
    if (!strcmp(k, "scale")) return parse_float(v, 0.5f, 2.0f, &s->scale);
    if (!strcmp(k, "projector")) {
        if (strcmp(v, "0") && strcmp(v, "1")) return 0;
        s->projector = v[0] == '1';
        return 1;
    }
    if (!strcmp(k, "lr_d") || !strcmp(k, "lr_g")) {
        if (!parse_float(v, 1e-7f, 1.0f, &x)) return 0;
        *(k[3] == 'd' ? &s->lr_d : &s->lr_g) = x;
        s->has_lr = s->lr_d > 0 && s->lr_g > 0;
        return 1;
    }
    if (!strcmp(k, "preset")) return parse_word(v, s->preset, sizeof s->preset);
    if (!strcmp(k, "dataset")) return parse_word(v, s->dataset, sizeof s->dataset);
    return 1; /* unknown: a newer version's key */
}

GsStatus settings_load(Settings *s, const char *path, GsError *err) {
    settings_defaults(s);
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT) return GS_OK;
        return gs_fail(err, GS_ERR_IO, "%s: %s", path, strerror(errno));
    }
    Settings got;
    settings_defaults(&got);
    char line[512];
    int n = 0;
    GsStatus st = GS_OK;
    while (st == GS_OK && fgets(line, sizeof line, f)) {
        n++;
        size_t len = strlen(line);
        if (len && line[len - 1] != '\n' && !feof(f)) {
            st = gs_fail(err, GS_ERR_FORMAT, "%s:%d: line too long", path, n);
            break;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ')) line[--len] = 0;
        if (!len || line[0] == '#') continue;
        char *eq = strchr(line, '=');
        if (!eq) st = gs_fail(err, GS_ERR_FORMAT, "%s:%d: not a key=value line", path, n);
        else if (*eq = 0, !settings_set(&got, line, eq + 1))
            st = gs_fail(err, GS_ERR_FORMAT, "%s:%d: bad value for %s", path, n, line);
    }
    fclose(f);
    if (st == GS_OK) *s = got;
    return st;
}

GsStatus settings_save(const Settings *s, const char *path, GsError *err) {
    char dir[1024], text[512];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = 0;
        GsStatus st = gs_file_mkdirs(dir, err);
        if (st != GS_OK) return st;
    }
    int n = snprintf(text, sizeof text, "# ganscope window settings (key=value; unknown keys are ignored)\n"
                                        "scale=%.3f\nprojector=%d\n", s->scale, s->projector);
    if (s->has_lr) n += snprintf(text + n, sizeof text - n, "lr_d=%.6g\nlr_g=%.6g\n", s->lr_d, s->lr_g);
    if (s->preset[0]) n += snprintf(text + n, sizeof text - n, "preset=%s\n", s->preset);
    if (s->dataset[0]) n += snprintf(text + n, sizeof text - n, "dataset=%s\n", s->dataset);
    return gs_file_write_atomic(path, text, (size_t)n, err);
}

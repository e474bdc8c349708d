/* gs_judge.c: the judge's network, inference and weight files (format in gs_judge.h). */
#include "gs_judge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs_file.h"
#include "gs_frame.h"
#include "gs_judge_builtin.h"

#define MAGIC "GSJD"
#define WHAT "ganscope judge file"

static int judge_layers(GsLayerSpec *s, int *feature_layer) {
    int n = 0;
    const int conv[3][3] = {{32, 5, 2}, {64, 3, 2}, {64, 3, 2}}; /* filters, kernel, stride */
    for (int i = 0; i < 3; i++) {
        s[n++] = (GsLayerSpec){.kind = GS_LAYER_CONV, .units = conv[i][0], .k = conv[i][1],
                               .stride = conv[i][2]};
        s[n++] = (GsLayerSpec){.kind = GS_LAYER_RELU};
    }
    s[n++] = (GsLayerSpec){.kind = GS_LAYER_DENSE, .units = GS_JUDGE_FEATURES};
    s[n++] = (GsLayerSpec){.kind = GS_LAYER_RELU};
    *feature_layer = n - 1;
    s[n++] = (GsLayerSpec){.kind = GS_LAYER_DENSE, .units = GS_JUDGE_CLASSES};
    return n;
}

GsStatus gs_judge_create(GsJudge *j, GsDataset ds, int max_batch, uint64_t seed, GsError *err) {
    memset(j, 0, sizeof *j);
    GsLayerSpec specs[GS_NET_MAX_LAYERS];
    int n = judge_layers(specs, &j->feature_layer);
    GsStatus st = gs_net_create(&j->net, specs, n, 28, 28, 1, max_batch, err);
    if (st != GS_OK) return st;
    j->dataset = ds;
    GsRng rng;
    gs_rng_seed(&rng, seed);
    gs_net_init(&j->net, &rng);
    return GS_OK;
}

void gs_judge_destroy(GsJudge *j) {
    gs_net_destroy(&j->net);
    memset(j, 0, sizeof *j);
}

GsStatus gs_judge_load_mem(GsJudge *j, const void *data, size_t size, const char *name,
                           int max_batch, GsError *err) {
    const uint8_t *p;
    size_t len;
    GsStatus st = gs_frame_check(data, size, MAGIC, GS_JUDGE_VERSION, name, WHAT, &p, &len, err);
    if (st != GS_OK) return st;
    uint32_t ds;
    uint64_t count;
    if (len < 12) return gs_fail(err, GS_ERR_FORMAT, "%s: truncated header", name);
    memcpy(&ds, p, 4);
    memcpy(&count, p + 4, 8);
    if (ds > GS_DATASET_FASHION) return gs_fail(err, GS_ERR_FORMAT, "%s: unknown data set %u", name, ds);
    GsJudge tmp;
    if ((st = gs_judge_create(&tmp, (GsDataset)ds, max_batch, 0, err)) != GS_OK) return st;
    const size_t stats_bytes = sizeof(double) * (GS_JUDGE_FEATURES * (GS_JUDGE_FEATURES + 1) + 1);
    uint32_t n_real = 0;
    if (count == tmp.net.n_params && len >= 16 + count * sizeof(float))
        memcpy(&n_real, p + 12 + count * sizeof(float), 4);
    if (count != tmp.net.n_params || len != 16 + count * sizeof(float) + (n_real ? stats_bytes : 0)) {
        gs_judge_destroy(&tmp);
        return gs_fail(err, GS_ERR_FORMAT, "%s: %llu parameters; this ganscope's judge has %zu",
                       name, (unsigned long long)count, tmp.net.n_params);
    }
    memcpy(tmp.net.params, p + 12, sizeof(float) * count);
    if (n_real) {
        const uint8_t *q = p + 16 + count * sizeof(float);
        tmp.real.n = n_real > 1000000000u ? 1000000000 : (int)n_real;
        memcpy(tmp.real.mu, q, sizeof tmp.real.mu);
        memcpy(tmp.real.cov, q + sizeof tmp.real.mu, sizeof tmp.real.cov);
        memcpy(&tmp.real.fd_floor, q + sizeof tmp.real.mu + sizeof tmp.real.cov, sizeof(double));
    }
    for (size_t i = 0; i < count; i++)
        if (!(tmp.net.params[i] == tmp.net.params[i]) || tmp.net.params[i] > 1e6f || tmp.net.params[i] < -1e6f) {
            gs_judge_destroy(&tmp);
            return gs_fail(err, GS_ERR_FORMAT, "%s: parameter %zu is not a finite weight", name, i);
        }
    *j = tmp;
    return GS_OK;
}

GsStatus gs_judge_load(GsJudge *j, const char *path, int max_batch, GsError *err) {
    void *data;
    size_t size;
    GsStatus st = gs_file_read_all(path, &data, &size, (size_t)16 << 20, err);
    if (st != GS_OK) return st;
    st = gs_judge_load_mem(j, data, size, path, max_batch, err);
    free(data);
    return st;
}

GsStatus gs_judge_load_builtin(GsJudge *j, GsDataset ds, int max_batch, GsError *err) {
    size_t size;
    const unsigned char *data = gs_judge_builtin(ds, &size);
    char name[64];
    snprintf(name, sizeof name, "built-in %s judge", gs_dataset_name(ds));
    return gs_judge_load_mem(j, data, size, name, max_batch, err);
}

GsStatus gs_judge_open(GsJudge *j, const char *path, GsDataset ds, int max_batch, GsError *err) {
    return path ? gs_judge_load(j, path, max_batch, err) : gs_judge_load_builtin(j, ds, max_batch, err);
}

GsStatus gs_judge_save(const GsJudge *j, const char *path, GsError *err) {
    size_t n = j->net.n_params, len = 16 + sizeof(float) * n;
    const GsRealStats *r = &j->real;
    if (r->n > 0) len += sizeof r->mu + sizeof r->cov + sizeof(double);
    uint8_t *p = malloc(len), *q = p;
    if (!p) return gs_fail(err, GS_ERR_NOMEM, "%s: out of memory", path);
    uint32_t ds = (uint32_t)j->dataset, n_real = r->n > 0 ? (uint32_t)r->n : 0;
    uint64_t count = n;
    memcpy(q, &ds, 4), q += 4;
    memcpy(q, &count, 8), q += 8;
    memcpy(q, j->net.params, sizeof(float) * n), q += sizeof(float) * n;
    memcpy(q, &n_real, 4), q += 4;
    if (n_real) {
        memcpy(q, r->mu, sizeof r->mu), q += sizeof r->mu;
        memcpy(q, r->cov, sizeof r->cov), q += sizeof r->cov;
        memcpy(q, &r->fd_floor, sizeof(double));
    }
    GsStatus st = gs_frame_write(path, MAGIC, GS_JUDGE_VERSION, p, len, err);
    free(p);
    return st;
}

void gs_judge_classify(GsJudge *j, const float *images, int n, float *probs, float *features) {
    const int B = j->net.max_batch;
    for (int i0 = 0; i0 < n; i0 += B) {
        int m = n - i0 < B ? n - i0 : B;
        const float *logits = gs_net_forward(&j->net, images + (size_t)i0 * 784, m, 0, NULL);
        if (probs) gs_softmax(probs + (size_t)i0 * GS_JUDGE_CLASSES, logits, m, GS_JUDGE_CLASSES);
        if (features)
            memcpy(features + (size_t)i0 * GS_JUDGE_FEATURES, j->net.layers[j->feature_layer].out,
                   sizeof(float) * m * GS_JUDGE_FEATURES);
    }
}

GsStatus gs_judge_embed(void *judge, const float *images, int n, float *features, GsError *err) {
    (void)err;
    gs_judge_classify(judge, images, n, NULL, features);
    return GS_OK;
}

void gs_images_to_float(float *out, const uint8_t *pixels, size_t count) {
    for (size_t i = 0; i < count; i++) out[i] = pixels[i] * (1.0f / 255.0f);
}

GsStatus gs_judge_accuracy(GsJudge *j, const GsImages *im, int first, int count, double *acc,
                           GsError *err) {
    if (!im->labels || first < 0 || count <= 0 || first + count > im->n || im->rows != 28 || im->cols != 28)
        return gs_fail(err, GS_ERR_ARG, "%s: needs labelled 28x28 images %d..%d", im->source, first,
                       first + count - 1);
    const int B = j->net.max_batch;
    float *x = malloc(sizeof(float) * B * 784), *p = malloc(sizeof(float) * B * GS_JUDGE_CLASSES);
    if (!x || !p) {
        free(x), free(p);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory testing the judge");
    }
    long correct = 0;
    for (int i0 = first; i0 < first + count; i0 += B) {
        int m = first + count - i0 < B ? first + count - i0 : B;
        gs_images_to_float(x, im->pixels + (size_t)i0 * 784, (size_t)m * 784);
        gs_judge_classify(j, x, m, p, NULL);
        for (int i = 0; i < m; i++) {
            const float *r = p + (size_t)i * GS_JUDGE_CLASSES;
            int best = 0;
            for (int k = 1; k < GS_JUDGE_CLASSES; k++)
                if (r[k] > r[best]) best = k;
            correct += best == im->labels[i0 + i];
        }
    }
    free(x), free(p);
    *acc = (double)correct / count;
    return GS_OK;
}

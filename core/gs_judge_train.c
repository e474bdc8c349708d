/* gs_judge_train.c: training the judge: Adam with a cosine learning-rate decay on shuffled
 * minibatches, softmax cross-entropy. Everything random follows from the seed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs_adam.h"
#include "gs_judge.h"

GsStatus gs_judge_train(GsJudge *j, const GsImages *train, const GsJudgeTrainOptions *opt,
                        GsError *err) {
    const int B = opt->batch, N = train->n;
    if (!train->labels) return gs_fail(err, GS_ERR_ARG, "%s: training the judge needs labels", train->source);
    if (train->rows != 28 || train->cols != 28) return gs_fail(err, GS_ERR_ARG, "%s: images are not 28x28", train->source);
    if (B <= 0 || B > j->net.max_batch || opt->epochs <= 0 || N < B || !(opt->lr > 0.0f))
        return gs_fail(err, GS_ERR_ARG, "judge training: bad batch %d, epochs %d or lr %g (%d images)",
                       B, opt->epochs, opt->lr, N);
    GsNet *net = &j->net;
    float *m = calloc(net->n_params, sizeof(float)), *v = calloc(net->n_params, sizeof(float));
    float *x = malloc(sizeof(float) * B * 784), *dlogits = malloc(sizeof(float) * B * GS_JUDGE_CLASSES);
    uint8_t *y = malloc(B);
    int *order = malloc(sizeof(int) * N);
    if (!m || !v || !x || !dlogits || !y || !order) {
        free(m), free(v), free(x), free(dlogits), free(y), free(order);
        return gs_fail(err, GS_ERR_NOMEM, "out of memory training the judge");
    }
    GsRng rng;
    gs_rng_seed(&rng, opt->seed ^ 0x6a756467ull);
    GsAdam adam = {opt->lr, 0.9f, 0.999f, 1e-7f, 0};
    const int per_epoch = N / B;
    const double total = (double)per_epoch * opt->epochs;
    for (int i = 0; i < N; i++) order[i] = i;
    for (int e = 0; e < opt->epochs; e++) {
        for (int i = N - 1; i > 0; i--) { /* Fisher-Yates */
            int k = (int)gs_rng_below(&rng, (uint32_t)i + 1), t = order[i];
            order[i] = order[k], order[k] = t;
        }
        double loss_sum = 0.0, acc_sum = 0.0;
        for (int b = 0; b < per_epoch; b++) {
            for (int i = 0; i < B; i++) {
                int idx = order[b * B + i];
                gs_images_to_float(x + (size_t)i * 784, train->pixels + (size_t)idx * 784, 784);
                y[i] = train->labels[idx];
            }
            const float *logits = gs_net_forward(net, x, B, 1, &rng);
            float acc;
            loss_sum += gs_softmax_xent(dlogits, &acc, logits, y, B, GS_JUDGE_CLASSES);
            acc_sum += acc;
            gs_net_zero_grads(net);
            gs_net_backward(net, dlogits, 1, 0);
            double t = (e * per_epoch + b) / total;
            adam.lr = (float)(opt->lr * 0.5 * (1.0 + cos(3.14159265358979323846 * t)));
            gs_adam_update(&adam, net->params, net->grads, m, v, net->n_params);
        }
        if (opt->progress) opt->progress(opt->ctx, e + 1, loss_sum / per_epoch, acc_sum / per_epoch);
    }
    free(m), free(v), free(x), free(dlogits), free(y), free(order);
    return GS_OK;
}

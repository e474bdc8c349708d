/* gs_judge_builtin.c: embeds assets/judge-mnist.gsj and assets/judge-fashion.gsj
 * (gs_incbin.h); CMake passes their absolute paths. A build made before they existed (the
 * very first training of the judges) has none, and loading one then fails cleanly. */
#include "gs_judge_builtin.h"

#include "gs_incbin.h"

#ifdef GS_JUDGE_MNIST
GS_INCBIN(gs_judge_mnist_data, GS_JUDGE_MNIST);
#endif
#ifdef GS_JUDGE_FASHION
GS_INCBIN(gs_judge_fashion_data, GS_JUDGE_FASHION);
#endif

const unsigned char *gs_judge_builtin(GsDataset ds, size_t *size) {
    *size = 0;
#ifdef GS_JUDGE_MNIST
    if (ds == GS_DATASET_MNIST) return *size = GS_INCBIN_SIZE(gs_judge_mnist_data), gs_judge_mnist_data_start;
#endif
#ifdef GS_JUDGE_FASHION
    if (ds == GS_DATASET_FASHION) return *size = GS_INCBIN_SIZE(gs_judge_fashion_data), gs_judge_fashion_data_start;
#endif
    return (const unsigned char *)"";
}

/* main.c: the ganscope command: dispatches to the subcommands. Without a subcommand it
 * opens the window (app/window/). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "window.h"

static void usage(FILE *f) {
    fputs("usage: ganscope [COMMAND] [OPTIONS]\n"
          "Trains the Keras-tutorial DCGAN on handwritten digits and shows it learning.\n\n"
          "commands:\n"
          "  window   the desktop visualizer: watch it learn, live (the default)\n"
          "  train    train without a window; writes samples, metrics and checkpoints\n"
          "  sample   generate images from a checkpoint (PNG grid or IDX file)\n"
          "  bench    time training steps against this machine's sgemm peak\n"
          "  score    judge generated images: recognisability, coverage, fd, memorisation\n"
          "  classifier  train or test the digit judge the scores use\n"
          "  inspect  look inside a checkpoint: invert a drawing, strongest directions, saliency,\n"
          "           nearest training images, feature maps (PNGs)\n"
          "  plot     draw a run's metrics.csv (losses, accuracies, scores) to a PNG\n"
          "  scenarios  runs set up to fail on purpose (train --scenario NAME)\n"
          "  export   a run's digits forming, as an animated PNG or a contact sheet\n\n"
          "Without a command: the window, training the fast preset; train's flags work there\n"
          "too (ganscope --preset keras --paused).\n"
          "Each command takes --help. Also: ganscope --help, ganscope --version.\n",
          f);
}

int main(int argc, char **argv) {
    if (argc < 2) return cmd_window(argc, argv);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("ganscope %s\n", GS_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "window")) return cmd_window(argc - 1, argv + 1);
    if (!strcmp(cmd, "train")) return cmd_train(argc - 1, argv + 1);
    if (!strcmp(cmd, "sample")) return cmd_sample(argc - 1, argv + 1);
    if (!strcmp(cmd, "bench")) return cmd_bench(argc - 1, argv + 1);
    if (!strcmp(cmd, "score")) return cmd_score(argc - 1, argv + 1);
    if (!strcmp(cmd, "classifier")) return cmd_classifier(argc - 1, argv + 1);
    if (!strcmp(cmd, "inspect")) return cmd_inspect(argc - 1, argv + 1);
    if (!strcmp(cmd, "plot")) return cmd_plot(argc - 1, argv + 1);
    if (!strcmp(cmd, "scenarios")) return cmd_scenarios(argc - 1, argv + 1);
    if (!strcmp(cmd, "export")) return cmd_export(argc - 1, argv + 1);
    if (cmd[0] == '-') /* `ganscope --preset keras` opens the window with train's flags */
        return cmd_window(argc, argv);
    cli_error("unknown command '%s' (try ganscope --help)", cmd);
    return EXIT_USAGE;
}

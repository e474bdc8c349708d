/* main.c: the ganscope command: dispatches to the subcommands. Without a subcommand it will
 * open the window (issue 3); until then it runs a one-minute headless training. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f) {
    fputs("usage: ganscope [COMMAND] [OPTIONS]\n"
          "Trains the Keras-tutorial DCGAN on handwritten digits and shows it learning.\n\n"
          "commands:\n"
          "  train    train without a window; writes samples, metrics and checkpoints\n"
          "  sample   generate images from a checkpoint (PNG grid or IDX file)\n"
          "  bench    time training steps against this machine's sgemm peak\n\n"
          "Without a command: a 60-second 'train' into ./ganscope-run.\n"
          "Each command takes --help. Also: ganscope --help, ganscope --version.\n",
          f);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        char *args[] = {"train", "--seconds", "60", "--out", "ganscope-run", NULL};
        fprintf(stderr, "ganscope: no command given: training for 60 seconds into ./ganscope-run "
                        "(see ganscope --help)\n");
        return cmd_train(5, args);
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("ganscope %s\n", GS_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "train")) return cmd_train(argc - 1, argv + 1);
    if (!strcmp(cmd, "sample")) return cmd_sample(argc - 1, argv + 1);
    if (!strcmp(cmd, "bench")) return cmd_bench(argc - 1, argv + 1);
    if (cmd[0] == '-') {
        /* `ganscope --steps 100` means train: the flags of train work without the word */
        argv[0] = "train";
        return cmd_train(argc, argv);
    }
    cli_error("unknown command '%s' (try ganscope --help)", cmd);
    return EXIT_USAGE;
}

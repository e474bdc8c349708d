/* window.h: `ganscope` with no command, or `ganscope window`: the desktop visualizer. */
#ifndef GS_WINDOW_H
#define GS_WINDOW_H

/* Parses the train flags plus --paused, --exit-after, --stats-out, opens the window and
 * trains live until it is closed. Returns the process exit status. */
int cmd_window(int argc, char **argv);

#endif

/* window.h: `ganscope` with no command, or `ganscope window`: the desktop visualizer. */
#ifndef GS_WINDOW_H
#define GS_WINDOW_H

/* Parses the train flags plus --paused, --exit-after, --stats-out, opens the window and
 * trains live until it is closed. Returns the process exit status. */
int cmd_window(int argc, char **argv);
/* `ganscope plot RUN_DIR --out FILE`: metrics.csv drawn by the window's graphs, offscreen. */
int cmd_plot(int argc, char **argv);
/* The shipped font's path into out (1), or 0 when none is found. */
int window_find_font(char *out, size_t size);

#endif

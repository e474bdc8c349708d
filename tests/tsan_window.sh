#!/usr/bin/env bash
# tsan_window.sh: the window's three threads (render, trainer, view inference) under
# ThreadSanitizer: a ganscope built with -DGS_TSAN=ON runs under Xvfb for a few seconds of
# training while xdotool drags a latent slider, clicks a grid tile and Set A, pauses and
# resumes, runs phases in the model overview's slow motion, visits the look-inside pages
# (Inside, Police with its two indexes, Draw with a stroke on the pad and its search,
# Sliders with a drag of the first meaningful slider: their workers' threads), asks for the
# diverge scenario from the Break it menu (the doctor runs on the trainer thread at every
# step; at TSan's pace, seconds a step, the keras restart asked next replaces the scenario
# before it starts), restarts with the keras preset (confirmed with Enter) and closes the
# window in the middle of the first keras step (minutes under TSan) while the pages' workers
# may still be busy. Fails on any TSan report, a non-zero exit or a close that takes over
# 60 s. About 90 s (up to 4 minutes on a loaded machine); TSAN_WINDOW_SHOTS=1 keeps
# screenshots of the dialog, of the Draw and Sliders pages and of the moment before the close.
# Usage: tsan_window.sh path/to/tsan-built/ganscope
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=${GS_TEST_TMP:-/tmp/ganscope-tsan}/window
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp" || exit 1
for tool in Xvfb xdotool import convert; do
  command -v $tool >/dev/null || { echo "tsan_window.sh: $tool is missing (apt-get install xvfb xdotool imagemagick)"; exit 1; }
done
. "$here/lib_xvfb.sh"
xvfb_start 1400x900x24 || { echo "tsan_window.sh: Xvfb did not start"; exit 1; }
trap 'xvfb_stop; [ -n "${app_pid:-}" ] && kill $app_pid 2>/dev/null' EXIT
export GANSCOPE_DATA= OPENBLAS_NUM_THREADS=1 XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
# OpenBLAS's threads are not instrumented (one thread: none); every report fails the run.
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1 log_path=$tmp/tsan"
"$bin" window --batch 8 --steps 100000 --threads 2 --out run --stats-out stats.json 2>app.log &
app_pid=$!
wid=$(timeout 60 xdotool search --sync --name '^ganscope$' 2>/dev/null | head -1)
[ -n "$wid" ] || { echo "tsan_window.sh: the window did not appear"; cat app.log; exit 1; }
sleep 6 # training, snapshots, grid and strip inference
drag() { # drag the explorer slider at x from bottom to top
  xdotool mousemove --window "$wid" "$1" 495 mousedown 1
  for y in 485 470 455 440; do xdotool mousemove --window "$wid" "$1" $y; sleep 0.1; done
  xdotool mouseup 1
}
drag 1006; drag 1030; sleep 1
xdotool mousemove --window "$wid" 100 120 click 1; sleep 1   # a grid tile into the explorer
xdotool mousemove --window "$wid" 432 610 click 1; sleep 1   # Set A
xdotool key space; sleep 1; xdotool key space; sleep 2        # pause, resume
xdotool key m; sleep 1                                        # the model overview:
for _ in 1 2 3 4; do xdotool key Right; sleep 1; done         # slow motion, three phases
xdotool key Escape; sleep 1                                   # closed: training resumes
# The look-inside pages, paused so their workers have the CPU (Tab: Explore -> Inside ->
# Police; then the Sliders and Draw tabs clicked).
xdotool key space; sleep 1                                    # pause
xdotool key Tab; sleep 2                                      # Inside: feature maps
xdotool key Tab; sleep 8                                      # Police: indexes, saliency
xdotool mousemove --window "$wid" 1179 64 click 1             # Sliders: the directions, up to 150 s
for _ in $(seq 1 50); do                                      # (the first thumbnails' gray spread)
  sleep 3; import -window "$wid" now.png 2>/dev/null
  sd=$(convert now.png -crop 260x50+935+135 -colorspace gray -format '%[fx:standard_deviation]' info: 2>/dev/null)
  awk -v s="${sd:-0}" 'BEGIN { exit !(s > 0.05) }' && break
done
xdotool mousemove --window "$wid" 1100 123 mousedown 1        # the first meaningful slider
for x in 1130 1160 1190 1220; do xdotool mousemove --window "$wid" $x 123; sleep 0.1; done
xdotool mouseup 1; sleep 2
[ -n "${TSAN_WINDOW_SHOTS:-}" ] && import -window "$wid" sliders.png
xdotool mousemove --window "$wid" 1123 64 click 1; sleep 1    # Draw: a stroke, the search
xdotool mousemove --window "$wid" 1010 190 mousedown 1
for p in 1100,186 1150,186 1100,300 1070,390; do xdotool mousemove --window "$wid" "${p%,*}" "${p#*,}"; sleep 0.1; done
xdotool mouseup 1; sleep 8
[ -n "${TSAN_WINDOW_SHOTS:-}" ] && import -window "$wid" draw.png
xdotool key space; sleep 1                                    # resume
xdotool key b; sleep 0.5; xdotool key 4; sleep 0.5            # Break it: the diverge scenario,
xdotool key Return; sleep 2                                   # confirmed
xdotool mousemove --window "$wid" 507 20 click 1; sleep 0.5   # preset: restart with keras?
[ -n "${TSAN_WINDOW_SHOTS:-}" ] && import -window "$wid" dialog.png
xdotool key Return; sleep 10                                  # yes: the keras model, its first step
[ -n "${TSAN_WINDOW_SHOTS:-}" ] && import -window "$wid" keras.png
xdotool key Escape                                            # close in the middle of it
for _ in $(seq 1 60); do kill -0 $app_pid 2>/dev/null || break; sleep 1; done
if kill -0 $app_pid 2>/dev/null; then echo "tsan_window.sh: still running 60 s after Escape"; exit 1; fi
wait $app_pid
rc=$?
app_pid=
reports=$(cat tsan.* 2>/dev/null | grep -c '^WARNING: ThreadSanitizer')
cat tsan.* 2>/dev/null | head -120
echo "tsan_window.sh: exit status $rc, $reports ThreadSanitizer reports"
[ "$rc" -eq 0 ] && [ "$reports" -eq 0 ] && [ -s stats.json ]

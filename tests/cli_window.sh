#!/usr/bin/env bash
# cli_window.sh: the window end to end under a virtual X server: start ganscope, press
# Space (pause) and drag a latent slider with xdotool, screenshots before and after the
# drag: the grid shows digits (not a uniform area) and the drag changed the preview
# (training is paused, so nothing else does); the app is still alive, exits by itself
# (--exit-after) with status 0, and wrote a sane --stats-out file. Skips (exit 77, CTest's SKIP_RETURN_CODE) only when Xvfb
# is not installed. Usage: cli_window.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" window # $bin, a scratch $tmp as cwd, check
. "$here/lib_window.sh" # Xvfb (or skip), cleanup, window_start, rmse, gt
window_start --batch 8 --threads 1 --exit-after 18 --stats-out stats.json --out run
sleep 8 # some training first: a generator a few steps old barely answers a slider (seen under load)
# Regions of the 1280x800 layout: the grid's tiles and the explorer's preview.
grid=480x480+20+80 preview=280x280+956+108
sd() { convert "$1" -crop "$2" -colorspace gray -format '%[fx:standard_deviation]' info: 2>/dev/null; }
if [ -n "$wid" ]; then
  xdotool mousemove --window "$wid" 200 300 windowfocus --sync "$wid" 2>/dev/null
  xdotool key space # pause: from here only the drag changes the preview
  sleep 1.5
  import -window "$wid" before.png 2>/dev/null
  # The 6th noise slider of the explorer (under the tab bar): drag it bottom to top.
  xdotool mousemove --window "$wid" 1006 520 mousedown 1
  sleep 0.3
  for y in 505 490 475 458; do xdotool mousemove --window "$wid" 1006 $y; sleep 0.1; done
  xdotool mouseup 1
  sleep 1
  xdotool mousemove --window "$wid" 200 300
  sleep 0.5
  import -window "$wid" shot.png 2>/dev/null
fi
check "screenshot taken" test -s shot.png
check "the grid shows digits (gray level spread $(sd shot.png $grid))" gt "$(sd shot.png $grid)" 0.05
check "the drag changed the preview (RMSE $(rmse before.png shot.png $preview))" gt "$(rmse before.png shot.png $preview)" 0.01
check "still running after the drag and Space" kill -0 "$app_pid"
wait "$app_pid"
rc=$?
app_pid=
check "exits 0 after --exit-after (got $rc)" test "$rc" -eq 0
check "stats written" test -s stats.json
num() { sed -n "s/.*\"$1\": \\([0-9.]*\\).*/\\1/p" stats.json; }
check "frames rendered ($(num frames))" gt "$(num frames)" 20
check "steps trained ($(num steps))" gt "$(num steps)" 0
check "frame median is finite ($(num frame_ms_median) ms)" gt "$(num frame_ms_median)" 0
check "the slider drag updated the preview ($(num preview_updates) updates)" gt "$(num preview_updates)" 0
check "Space paused training" grep -q '"paused_at_exit": true' stats.json
[ $fails -eq 0 ] || { echo "--- app.log"; cat app.log; echo "--- stats.json"; cat stats.json; }
echo "cli_window.sh: $count checks, $fails failed (screenshot: $tmp/shot.png)"
[ $fails -eq 0 ]

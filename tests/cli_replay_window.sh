#!/usr/bin/env bash
# cli_replay_window.sh: the replay's timeline end to end under a virtual X server: train a
# little (a moment every 5 steps), pause (Space), then drag the timeline's handle to the
# run's start with xdotool: the grid shows step 0's samples (grey noise, not the digits of
# now); let go: the grid is live again, as before. The Export button writes the run's
# directory's replay.png, an animated PNG. Skips (exit 77) only when Xvfb is not installed.
# Usage: cli_replay_window.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" replay_window # $bin, a scratch $tmp as cwd, check
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" # the window remembers settings there
. "$here/lib_xvfb.sh"
if [ -z "${DISPLAY:-}" ]; then
  if ! command -v Xvfb >/dev/null; then
    echo "SKIP: no DISPLAY and Xvfb is not installed (apt-get install xvfb xdotool imagemagick)"
    exit 77
  fi
  xvfb_start 1400x900x24 || { echo "FAIL: Xvfb did not start"; exit 1; }
fi
for tool in xdotool import convert compare; do
  command -v $tool >/dev/null || { echo "FAIL: $tool is missing (apt-get install xdotool imagemagick)"; exit 1; }
done
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null
  xvfb_stop
}
trap cleanup EXIT

"$bin" window --batch 8 --threads 1 --replay-every 5 --exit-after 40 --out run 2>app.log &
app_pid=$!
wid=$(timeout 15 xdotool search --sync --name '^ganscope$' 2>/dev/null | head -1)
check "the window appears" test -n "$wid"
# Regions of the 1280x800 layout (scale 1): the grid's tiles, the timeline's track under it
# (y 595 to 617, x 20 to 510), its Export button (x 155 to 210).
grid=480x440+20+80 track_y=606 track_x0=21 export_x=180 export_y=636
# RMSE (0 to 1) of region $3 between two screenshots; "x" (fails every comparison) on error
rmse() {
  convert "$1" -crop "$3" +repage crop1.png && convert "$2" -crop "$3" +repage crop2.png &&
    compare -metric RMSE crop1.png crop2.png null: 2>&1 | sed -n 's/.*(\([0-9.e-]*\))$/\1/p' | grep . || echo x
}
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a ~ /^[0-9.e-]+$/ && b ~ /^[0-9.e-]+$/ && a + 0 > b + 0) }'; }
if [ -n "$wid" ]; then
  xdotool mousemove --window "$wid" 700 700 windowfocus --sync "$wid" 2>/dev/null
  sleep 12 # tens of steps: several moments kept
  xdotool key space # pause: from here only the timeline changes the grid
  sleep 5 # the grid of the last step (view inference takes a share of the time only)
  import -window "$wid" live.png 2>/dev/null
  xdotool mousemove --window "$wid" $((track_x0 + 40)) $track_y mousedown 1
  sleep 0.3
  for x in 30 20 10 0; do xdotool mousemove --window "$wid" $((track_x0 + x)) $track_y; sleep 0.1; done
  sleep 1
  import -window "$wid" replay.png 2>/dev/null
  xdotool mouseup 1
  sleep 0.3
  xdotool mousemove --window "$wid" 700 700
  sleep 1
  import -window "$wid" back.png 2>/dev/null
  xdotool mousemove --window "$wid" $export_x $export_y click 1
  sleep 0.3
  xdotool mousemove --window "$wid" 700 700
  for _ in $(seq 50); do [ -s run/replay.png ] && break; sleep 0.2; done
fi
check "screenshots taken" test -s live.png -a -s replay.png -a -s back.png
check "dragged to the start: the grid shows step 0 (RMSE $(rmse live.png replay.png $grid))" \
  gt "$(rmse live.png replay.png $grid)" 0.08
check "let go: the grid is live again (RMSE $(rmse live.png back.png $grid))" \
  gt 0.01 "$(rmse live.png back.png $grid)"
check "Export wrote run/replay.png" test -s run/replay.png
check "an animated PNG (acTL chunk)" grep -q acTL run/replay.png
check "still running" kill -0 "$app_pid"
kill "$app_pid" 2>/dev/null
wait "$app_pid"
app_pid=
[ $fails -eq 0 ] || { echo "--- app.log"; cat app.log; }
echo "cli_replay_window.sh: $count checks, $fails failed (screenshots: $tmp/*.png)"
[ $fails -eq 0 ]

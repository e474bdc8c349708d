#!/usr/bin/env bash
# cli_replay_window.sh: the replay's timeline end to end under a virtual X server: train a
# little (a moment every 5 steps), pause (Space), then drag the timeline's handle to the
# run's start with xdotool: the grid shows step 0's samples (grey noise, not the digits of
# now, in the accent colour); let go: the grid is live again. The Export button writes the run's
# directory's replay.png, an animated PNG. Opened again, the saved run's replay comes back
# from its checkpoint. Skips (exit 77) only when Xvfb is not installed.
# Usage: cli_replay_window.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" replay_window # $bin, a scratch $tmp as cwd, check
. "$here/lib_window.sh" # Xvfb (or skip), cleanup, window_start, rmse, gt

window_start --batch 8 --threads 1 --replay-every 5 --exit-after 120 --out run
# Regions of the 1280x800 layout (scale 1): the grid's tiles, the timeline's track under it
# (y 595 to 617, x 20 to 510), its Export button (x 155 to 210).
grid=480x440+20+80 track_y=606 track_x0=21 export_x=180 export_y=636
if [ -n "$wid" ]; then
  xdotool mousemove --window "$wid" 700 700 windowfocus --sync "$wid" 2>/dev/null
  sleep 12 # tens of steps: several moments kept
  xdotool key space # pause: from here only the timeline changes the grid
  sleep 2
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
# What the grid shows, told by colour (the live grid lags training under load, so its
# pixels are no fixed reference): a replayed moment has its title in the accent colour (blue:
# blue well above red) and its tiles unframed; the live grid has a plain title and each tile
# framed in D's verdict (red to green: red well above blue).
accent() { convert "$1" -crop 500x20+12+50 +repage -fx '(b-r)>0.3' -format '%[fx:mean]' info: 2>/dev/null || echo x; }
framed() { convert "$1" -crop $grid +repage -fx '(r-b)>0.3' -format '%[fx:mean]' info: 2>/dev/null || echo x; }
is_live() { [ "$(accent "$1")" = 0 ] && gt "$(framed "$1")" 0.02; }
is_moment() { gt "$(accent "$1")" 0.02 && gt 0.001 "$(framed "$1")"; }
check "live: a plain title ($(accent live.png)), framed tiles ($(framed live.png))" is_live live.png
check "dragged to the start: the grid shows a moment ($(accent replay.png), $(framed replay.png))" is_moment replay.png
check "dragged to the start: step 0's grey, not now's digits (RMSE $(rmse live.png replay.png $grid))" \
  gt "$(rmse live.png replay.png $grid)" 0.05
check "let go: the grid is live again ($(accent back.png), $(framed back.png))" is_live back.png
check "Export wrote run/replay.png" test -s run/replay.png
check "an animated PNG (acTL chunk)" grep -q acTL run/replay.png
check "still running" kill -0 "$app_pid"
kill "$app_pid" 2>/dev/null # the window saves on quit
wait "$app_pid"
app_pid=
# The saved run again: Continue (Enter) brings its replay back from the checkpoint; the save
# on quit then holds the first session's moments from step 0 and the second's after them.
span() { "$bin" export run/checkpoint.gsck --out span.png --max-frames 10000 2>&1 | grep -o 'steps [0-9]* to [0-9]*'; }
first=$(span)
"$bin" window --threads 1 --replay-every 5 --exit-after 20 --out run 2>>app.log &
app_pid=$!
wid=$(timeout 15 xdotool search --sync --name '^ganscope$' 2>/dev/null | head -1)
if [ -n "$wid" ]; then
  xdotool mousemove --window "$wid" 700 700 windowfocus --sync "$wid" 2>/dev/null
  sleep 1
  xdotool key Return # the saved-run dialog: continue
fi
wait "$app_pid"
app_pid=
second=$(span)
last() { echo "$1" | sed -n 's/.* to //p'; }
check "the saved run's replay came back and went on ($first, then $second)" \
  bash -c "[ '${second%% to*}' = 'steps 0' ] && [ '$(last "$second")' -gt '$(last "$first")' ]"
# the window's saves record the data it trained on, as train's do (what `train --resume`
# checks): the DSRC section's tag, its 8-byte length, then the source's name
check "the window's checkpoint records its data (DSRC: built-in MNIST test set)" \
  grep -qaP 'DSRC[\s\S]{8}built-in MNIST test set' run/checkpoint.gsck
[ $fails -eq 0 ] || { echo "--- app.log"; cat app.log; }
echo "cli_replay_window.sh: $count checks, $fails failed (screenshots: $tmp/*.png)"
[ $fails -eq 0 ]

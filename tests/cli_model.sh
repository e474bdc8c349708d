#!/usr/bin/env bash
# cli_model.sh: the model overview and its slow motion end to end under a virtual X server:
# M opens the overview while training runs; Right enters slow motion (training pauses) and
# each further Right runs one phase of a step: after the k-th, chip k of the six is lit
# (shot_k.png), and the diagram changed from the phase before. P (projector mode) and a
# 1366x768 window still show it (shots kept for looking at); Esc leaves the overview, which
# resumes training (not paused at exit), and a second Esc quits. Skips (77) only when Xvfb is not installed.
# Usage: cli_model.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" model # $bin, a scratch $tmp as cwd, check
. "$here/lib_window.sh" # Xvfb (or skip), cleanup, window_start, rmse, gt
window_start --batch 8 --threads 1 --exit-after 60 --stats-out stats.json --out run
sleep 3
# The six phase chips of the 1280x800 layout (view_model.c: 12 px margins, 8 px gaps).
chip() { echo "190x16+$((12 + $1 * 210 + 6))+$2"; }
chip_y=603
diagram=1256x500+12+80
mean() { convert "$1" -crop "$2" -colorspace gray -format '%[fx:mean]' info: 2>/dev/null || echo x; }
shot() { import -window "$wid" "$1" 2>/dev/null; }
if [ -n "$wid" ]; then
  xdotool mousemove --window "$wid" 5 5 windowfocus --sync "$wid" 2>/dev/null
  xdotool key m
  sleep 1.5
  shot open.png
  xdotool key Right # slow motion: training pauses between steps
  sleep 2
  shot phase_0.png
  for k in 1 2 3 4 5 6; do
    xdotool key Right
    sleep 1.2
    shot "phase_$k.png"
  done
  xdotool key p # projector mode
  sleep 1
  shot projector.png
  xdotool key p
  xdotool windowmove "$wid" 0 0 windowsize "$wid" 1366 768
  sleep 1.5
  shot small.png
  xdotool windowsize "$wid" 1280 800
  sleep 1
  xdotool key Escape # leaves the overview and slow motion: training resumes
  sleep 1
  check "still running" kill -0 "$app_pid"
  xdotool key Escape # quits (the overview is closed)
fi
check "the overview drew a diagram (gray level spread $(mean open.png $diagram))" gt "$(mean open.png $diagram)" 0.02
for k in 1 2 3 4 5 6; do
  lit=$(mean "phase_$k.png" "$(chip $((k - 1)) $chip_y)") other=$(mean "phase_$k.png" "$(chip $((k % 6)) $chip_y)")
  check "phase $k: its chip is lit ($lit, the next one $other)" gt "$lit" "$(awk -v o="$other" 'BEGIN { print o + 0.2 }')"
  d=$(rmse "phase_$((k - 1)).png" "phase_$k.png" $diagram)
  check "phase $k changed the diagram (RMSE $d)" gt "$d" 0.005
done
check "projector mode redraws it (RMSE $(rmse phase_6.png projector.png $diagram))" gt "$(rmse phase_6.png projector.png $diagram)" 0.02
check "a 1366x768 window shows it" test -s small.png
wait "$app_pid"
rc=$?
app_pid=
check "exits 0 on Esc (got $rc)" test "$rc" -eq 0
check "leaving slow motion resumed training" grep -q '"paused_at_exit": false' stats.json
[ $fails -eq 0 ] || { echo "--- app.log"; cat app.log; echo "--- stats.json"; cat stats.json; }
echo "cli_model.sh: $count checks, $fails failed (screenshots: $tmp/*.png)"
[ $fails -eq 0 ]

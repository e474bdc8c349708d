#!/usr/bin/env bash
# cli_drawpad.sh: Draw a digit end to end under a virtual X server: open ganscope paused,
# Tab to the Draw page, draw a "7" on the pad with xdotool; the pad shows the stroke and,
# within 60 s, the generator's closest image appears beside it (the search ran on the view's
# worker); then the Sliders page shows its eight directions. The app stays alive and exits
# 0 by itself. Skips (77) only when Xvfb is not installed. Usage: cli_drawpad.sh ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" drawpad # $bin, a scratch $tmp as cwd, check
. "$here/lib_window.sh" # Xvfb (or skip), cleanup, window_start, rmse, gt

# Paused: the search has the CPU to itself (a page shown asks for the newest weights anyway).
window_start --batch 8 --threads 1 --paused --exit-after 300 --out run
sd() { convert "$1" -crop "$2" -colorspace gray -format '%[fx:standard_deviation]' info: 2>/dev/null; }
# Regions of the 1280x800 layout: the pad, the result under it, the first slider's thumbnails.
pad=300x300+945+123 found=80x80+935+490 thumbs=260x50+935+135
shot() { timeout 10 import -window "$wid" "$1" 2>/dev/null; } # (import waits forever for a window gone)
found_at() { # seconds until region $1 differs from before.png by more than $2 (60 s at most), or "none"
  local t0=$SECONDS
  while [ $((SECONDS - t0)) -lt 60 ]; do
    shot now.png
    gt "$(rmse before.png now.png "$1")" "$2" && { echo $((SECONDS - t0)); return; }
    sleep 1
  done
  echo none
}
if [ -n "$wid" ]; then
  sleep 2
  xdotool mousemove --window "$wid" 200 300 windowfocus --sync "$wid" 2>/dev/null
  xdotool key Tab Tab Tab # Explore -> Inside -> Police -> Draw
  sleep 2
  shot before.png
  xdotool mousemove --window "$wid" 1010 190 mousedown 1
  for p in 1050,188 1100,186 1150,186 1130,240 1100,300 1080,360 1070,390; do
    xdotool mousemove --window "$wid" "${p%,*}" "${p#*,}"; sleep 0.05
  done
  xdotool mouseup 1
  sleep 0.5
  shot drawn.png
  check "the stroke inked the pad (gray level spread $(sd drawn.png $pad))" gt "$(sd drawn.png $pad)" 0.15
  t=$(found_at $found 0.05)
  cp now.png found.png 2>/dev/null
  check "the generator's closest image appeared beside the drawing (after ${t} s)" test "$t" != none
  xdotool key Tab # Sliders
  sleep 1
  shot before.png
  t=$(found_at $thumbs 0.05)
  cp now.png sliders.png 2>/dev/null
  check "the Sliders page showed its directions' thumbnails (after ${t} s)" test "$t" != none
  check "still running" kill -0 "$app_pid"
  xdotool key Escape
  wait "$app_pid"
  rc=$?
  app_pid=
  check "exits 0 on Escape (got $rc)" test "$rc" -eq 0
fi
[ $fails -eq 0 ] || { echo "--- app.log"; cat app.log; }
echo "cli_drawpad.sh: $count checks, $fails failed (screenshots: $tmp/found.png, $tmp/sliders.png)"
[ $fails -eq 0 ]

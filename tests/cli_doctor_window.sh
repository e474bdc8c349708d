#!/usr/bin/env bash
# cli_doctor_window.sh: the training doctor in the window, end to end under a virtual X
# server. Run 1 opens the Break it menu (B), picks the `diverge` scenario (4) and confirms
# (Enter): the doctor must name "training diverged" within the scenario's stated steps (a
# `doctor:` line) and its banner must be on screen in the diagnosis's colour. Run 2, the
# default run over the same time (with D's learning rate set on its slider), raises nothing
# and shows no banner. Run 3 starts with --scenario diverge and raises it too (the rate the
# window remembers does not replace the scenario's); an unknown scenario is a one-line error, exit 2.
# Skips (77) only when Xvfb is not installed. Usage: cli_doctor_window.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" doctor_window # $bin, a scratch $tmp as cwd, check, expect
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
. "$here/lib_xvfb.sh"
xvfb_for_test 1400x900x24 # or exit 77 without Xvfb
seconds=14 # each run's length
within=$("$bin" scenarios | sed -n '/^diverge:/,/^$/s/.*(diverged) within \([0-9]*\) steps.*/\1/p')
check "ganscope scenarios states diverge's steps ($within)" test -n "$within"
# Pixels of the diverged banner's colour (doctor_look.h) in a screenshot.
banner_px() {
  convert "$1" -fuzz 8% -fill black +opaque 'rgb(255,60,200)' -fill white -opaque 'rgb(255,60,200)' \
    -colorspace gray -format '%[fx:round(mean*w*h)]' info: 2>/dev/null || echo 0
}
# run NAME ARGS...: a window for $seconds; KEYS (if set) typed 3 s in; a screenshot 2 s before the end.
run() {
  local name=$1; shift
  "$bin" window --threads 1 --fresh --exit-after $seconds --out "$name" "$@" 2>"$name.log" &
  app_pid=$!
  local wid
  wid=$(timeout 15 xdotool search --sync --name '^ganscope$' 2>/dev/null | head -1)
  check "$name: the window appears" test -n "$wid"
  sleep 3
  if [ -n "$wid" ]; then
    xdotool mousemove --window "$wid" 640 20 windowfocus --sync "$wid" 2>/dev/null
    for k in $KEYS; do xdotool key "$k"; sleep 0.5; done
    if [ -n "${CLICK:-}" ]; then # held for a few frames, as a slider needs
      xdotool mousemove --window "$wid" $CLICK mousedown 1; sleep 0.3; xdotool mouseup 1; sleep 0.5
    fi
  fi
  sleep $((seconds - 6))
  [ -n "$wid" ] && import -window "$wid" "$name.png" 2>/dev/null
  wait "$app_pid"
  local rc=$?
  app_pid=
  check "$name: exits 0 after --exit-after (got $rc)" test "$rc" -eq 0
}
KEYS="b 4 Return" run menu
step=$(sed -n 's/.*doctor: step \([0-9]*\): training diverged (diverged).*/\1/p' menu.log | head -1)
check "menu: the doctor named it ('doctor: step ${step:-none}: training diverged')" test -n "$step"
check "menu: within the scenario's $within steps (step ${step:-none})" test "${step:-99999}" -le "${within:-0}"
px=$(banner_px menu.png)
check "menu: its banner is on screen ($px pixels in its colour)" test "$px" -gt 3000
# the default run also sets D's learning rate on its slider: the window remembers it for
# new runs, but a scenario keeps its own (run 3 must still diverge). The click lands near
# the slider's middle (about 1e-3, the default's order): at its left end (1e-5) the police
# stop learning and the generator collapses, which the doctor rightly names.
KEYS="" CLICK="1090 19" run default
lrd=$(sed -n 's/^lr_d=//p' "$XDG_CONFIG_HOME"/ganscope/settings* 2>/dev/null | tail -1)
check "default: D's learning rate set near the default's order (lr_d=${lrd:-none})" \
  awk -v v="${lrd:-0}" 'BEGIN { exit !(v >= 2e-4 && v <= 8e-3) }'
check "default: the doctor raised nothing over the same time" test "$(grep -c 'doctor:' default.log)" -eq 0
px0=$(banner_px default.png)
check "default: no banner ($px0 pixels in the diverged colour)" test "$px0" -lt 300
check "default: the learning rate set on the slider is remembered" grep -q 'lr_d' "$XDG_CONFIG_HOME/ganscope/settings"*
KEYS="" CLICK="" run flag --scenario diverge
check "--scenario diverge: the doctor named it" grep -q 'doctor: step [0-9]*: training diverged' flag.log
expect 2 "window: --scenario: unknown scenario 'nope'" -- window --scenario nope
expect 2 "window: --scenario sets the model" -- window --scenario diverge --preset keras
[ $fails -eq 0 ] || for f in menu default flag; do echo "--- $f.log"; cat "$f.log"; done
echo "cli_doctor_window.sh: $count checks, $fails failed (screenshots: $tmp/menu.png, $tmp/default.png)"
[ $fails -eq 0 ]

#!/usr/bin/env bash
# cli_desktop.sh: the window as a desktop program, under a 1366x768 virtual X server with
# XDG directories in a temp dir: the first window fits the screen; a window closed
# mid-run (Escape) leaves the run's checkpoint in $XDG_DATA_HOME/ganscope/runs; the next
# start offers it (the dialog), Continue (Enter) resumes at that step and Start over (N)
# at step 0; --fresh does not offer it; a second window on the same run is refused; the
# interface scale (+) and projector mode (P) survive a restart through
# $XDG_CONFIG_HOME/ganscope/settings, and a damaged settings file is ignored with a
# message; learning rates set in a session start the next new run; a restart with another preset saves the run first and moves to that preset's
# directory. Skips (exit 77, CTest's SKIP_RETURN_CODE) only when Xvfb is not installed.
# Usage: cli_desktop.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" desktop # $bin, a scratch $tmp as cwd, check
command -v Xvfb >/dev/null || { echo "SKIP: Xvfb is not installed (apt-get install xvfb xdotool)"; exit 77; }
command -v xdotool >/dev/null || { echo "FAIL: xdotool is missing (apt-get install xdotool)"; exit 1; }
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
. "$here/lib_xvfb.sh"
xvfb_start 1366x768x24 || { echo "FAIL: Xvfb did not start"; exit 1; }
app_pid=
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
  xvfb_stop
}
trap cleanup EXIT
num() { sed -n "s/.*\"$2\": \\([0-9.e+-]*\\).*/\\1/p" "$1"; }
ckpt=$tmp/data/ganscope/runs/mnist-fast/checkpoint.gsck settings=$tmp/config/ganscope/settings

# start NAME ARGS...: a window in the background (its pid in app_pid, its id in wid)
start() {
  local name=$1; shift
  "$bin" window --batch 8 --threads 1 --stats-out "$name.json" "$@" >"$name.out" 2>"$name.log" &
  app_pid=$!
  wid=$(timeout 20 xdotool search --sync --name '^ganscope$' 2>/dev/null | head -1)
  [ -n "$wid" ] && xdotool windowfocus --sync "$wid" 2>/dev/null
  sleep 1.5
}
# keys KEY...: typed into the window, a pause after each
keys() { for k in "$@"; do xdotool key --window "$wid" "$k" 2>/dev/null; sleep 0.4; done; }
# finish: waits for the window to close; its status in rc
finish() { timeout 60 tail --pid="$app_pid" -f /dev/null; wait "$app_pid"; rc=$?; app_pid=; }

# 1. a first start trains; the window fits the screen; + and P; Escape closes it
start one
check "the window appears" test -n "$wid"
geo=$(xdotool getwindowgeometry "$wid" 2>/dev/null | sed -n 's/.*Geometry: \([0-9]*x[0-9]*\).*/\1/p')
w=${geo%x*} h=${geo#*x}
check "the first window ($geo) fits 1366x768" test "${w:-9999}" -le 1366 -a "${h:-9999}" -le 768 -a "${w:-0}" -ge 1024
"$bin" window --exit-after 1 >two.out 2>two.log
rc=$?
check "a second window on the same run is refused (status $rc, exit 2)" test "$rc" -eq 2
check "... saying the run is in use" grep -q "in use" two.log
sleep 2
keys plus plus p Escape
finish
check "closing with Escape exits 0 (got $rc)" test "$rc" -eq 0
check "the run's checkpoint was saved on quit" test -s "$ckpt"
check "it trained ($(num one.json step) steps)" test "$(num one.json step)" -gt 0
check "the settings file was written" test -s "$settings"

# 2. the next start offers the saved run; Enter continues at its step (paused: it stays);
#    a key from a newer version in the settings file is ignored, not fatal
echo "a_future_key=whatever" >>"$settings"
start two --paused
saved=$(sed -n 's/.*holds a saved run at step \([0-9]*\).*/\1/p' two.out)
check "the saved run is offered (step ${saved:-none})" test -n "$saved"
keys Return
sleep 1
keys Escape
finish
check "Continue resumed at step $saved (got $(num two.json step))" test "$(num two.json step)" = "${saved:-x}"
check "the scale came back (ui_scale $(num two.json ui_scale))" grep -q '"ui_scale": 1.21' two.json
check "projector mode came back" grep -q '"projector": 1' two.json

# 3. N starts over: step 0
start three --paused
check "offered again" grep -q "holds a saved run" three.out
keys n
sleep 1
keys Escape
finish
check "Start over begins at step 0 (got $(num three.json step))" test "$(num three.json step)" = 0
check "nothing trained, so the saved run is still there" test -s "$ckpt"

# 4. --fresh: no offer; a damaged settings file is ignored with a message
printf 'scale=1.3\nthis line is damaged\n' >"$settings"
start four --fresh --paused --exit-after 3
finish
check "--fresh offers nothing" test ! -s four.out
check "--fresh starts at step 0 (got $(num four.json step))" test "$(num four.json step)" = 0
check "a damaged settings file is named" grep -q "settings ignored: .*settings:2" four.log
check "... and ignored (ui_scale $(num four.json ui_scale))" grep -q '"ui_scale": 1.000' four.json

# 5. a restart with the keras preset saves the fast run first and moves to runs/mnist-keras
#    (paused first: no keras step under way when Escape closes it)
rm -f "$ckpt"
start five --fresh
sleep 2
keys space
# the control bar's keras button at this window's scale (1280x704: 0.88 of 1280x800)
xdotool mousemove --window "$wid" 446 18 click 1; sleep 0.6; keys Return
sleep 2
check "the fast run was saved before the restart" test -s "$ckpt"
keys Escape
finish
check "the restart moved the run to runs/mnist-keras (its checkpoint saved on quit)" \
  test -s "$tmp/data/ganscope/runs/mnist-keras/checkpoint.gsck"
check "keras is remembered as the last preset" grep -q "^preset=keras" "$settings"

# 5b. learning rates remembered from the sliders start a new run
printf 'lr_d=0.0002\nlr_g=0.0001\n' >"$settings"
start lr --fresh --steps 2 --exit-after 6 --out "$tmp/lr"
finish
check "a new run uses the remembered learning rates (lr_d $(num lr.json lr_d), lr_g $(num lr.json lr_g))" \
  awk -v d="$(num lr.json lr_d)" -v g="$(num lr.json lr_g)" 'BEGIN { exit !(d > 0.000199 && d < 0.000201 && g > 0.0000999 && g < 0.0001001) }'
check "... and writes them back on quit" grep -q "^lr_d=0.0002" "$settings"

# 6. autosave by the clock (--autosave 1) while training, into --out
start six --fresh --autosave 1 --exit-after 10 --out "$tmp/six"
finish
check "autosaved every second ($(num six.json autosaves) autosaves in 10 s)" test "$(num six.json autosaves)" -ge 2
check "... into --out DIR" test -s "$tmp/six/checkpoint.gsck"

[ $fails -eq 0 ] || for f in *.out *.log *.json; do echo "--- $f"; cat "$f"; done
echo "cli_desktop.sh: $count checks, $fails failed"
[ $fails -eq 0 ]

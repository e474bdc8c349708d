# lib_window.sh: what the window's Xvfb tests share, sourced after lib_cli.sh: settings in
# the scratch directory, a private Xvfb (or exit 77, a skip, when there is no display and
# Xvfb is not installed), xdotool and ImageMagick checked, the app ($app_pid) and Xvfb
# killed on exit, and pixel helpers for screenshots.
# Usage: . lib_window.sh  (then window_start ARGS... starts ganscope window ARGS, sets
# $app_pid and $wid and checks the window appeared)
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" # the window remembers settings there
. "$here/lib_xvfb.sh"
xvfb_for_test 1400x900x24 # or exit 77 without Xvfb; kills $app_pid and Xvfb on exit

window_start() {
  "$bin" window "$@" 2>app.log &
  app_pid=$!
  wid=$(timeout 15 xdotool search --sync --name '^ganscope$' 2>/dev/null | head -1)
  check "the window appears" test -n "$wid"
}
# RMSE (0 to 1) of region $3 between two screenshots; "x" (fails every comparison) on error
rmse() {
  convert "$1" -crop "$3" +repage crop1.png && convert "$2" -crop "$3" +repage crop2.png &&
    compare -metric RMSE crop1.png crop2.png null: 2>&1 | sed -n 's/.*(\([0-9.e-]*\))$/\1/p' | grep . || echo x
}
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a ~ /^[0-9.e-]+$/ && b ~ /^[0-9.e-]+$/ && a + 0 > b + 0) }'; }

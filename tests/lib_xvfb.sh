# lib_xvfb.sh: starts a private Xvfb on a display number nobody else uses (Xvfb picks it
# with -displayfd), so window tests never draw on, or screenshot, another program's display.
# Sourced. Usage: xvfb_start WIDTHxHEIGHTxDEPTH  -> exports DISPLAY, sets xvfb_pid; returns 1
# if Xvfb did not start. xvfb_stop kills it.
xvfb_pid=
xvfb_start() {
  local f
  f=$(mktemp) || return 1
  Xvfb -displayfd 3 -screen 0 "$1" -nolisten tcp 3>"$f" >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 100); do [ -s "$f" ] && break; sleep 0.05; done
  local n
  n=$(tr -dc 0-9 <"$f")
  rm -f "$f"
  [ -n "$n" ] || { kill "$xvfb_pid" 2>/dev/null; xvfb_pid=; return 1; }
  export DISPLAY=:$n
}
xvfb_stop() { [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null; xvfb_pid=; return 0; }

# What a window test under Xvfb needs, for tests/cli_*window*.sh after lib_cli.sh: a display
# (a private Xvfb of size $1 unless DISPLAY is set; exit 77, a skip, without Xvfb), xdotool
# and ImageMagick, and on exit the app ($app_pid) killed and Xvfb stopped.
window_test_begin() {
  if [ -z "${DISPLAY:-}" ]; then
    if ! command -v Xvfb >/dev/null; then
      echo "SKIP: no DISPLAY and Xvfb is not installed (apt-get install xvfb xdotool imagemagick)"
      exit 77
    fi
    xvfb_start "$1" || { echo "FAIL: Xvfb did not start"; exit 1; }
  fi
  for tool in xdotool import convert compare; do
    command -v $tool >/dev/null || { echo "FAIL: $tool is missing (apt-get install xdotool imagemagick)"; exit 1; }
  done
  trap 'window_test_cleanup' EXIT
}
window_test_cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null
  xvfb_stop
}
# RMSE (0 to 1) of region $3 between two screenshots; "x" (fails every comparison) on error
rmse() {
  convert "$1" -crop "$3" +repage crop1.png && convert "$2" -crop "$3" +repage crop2.png &&
    compare -metric RMSE crop1.png crop2.png null: 2>&1 | sed -n 's/.*(\([0-9.e-]*\))$/\1/p' | grep . || echo x
}
# gt A B: A > B, both numbers
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a ~ /^[0-9.e-]+$/ && b ~ /^[0-9.e-]+$/ && a + 0 > b + 0) }'; }

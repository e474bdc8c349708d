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
# xvfb_for_test SIZE: what the window's shell tests share: a private Xvfb of SIZE unless
# DISPLAY is set (no Xvfb installed: exit 77, a skip), xdotool and ImageMagick required
# (exit 1 without), and on exit the app under test ($app_pid, when set) killed, Xvfb stopped.
xvfb_for_test() {
  if [ -z "${DISPLAY:-}" ]; then
    if ! command -v Xvfb >/dev/null; then
      echo "SKIP: no DISPLAY and Xvfb is not installed (apt-get install xvfb xdotool imagemagick)"
      exit 77
    fi
    xvfb_start "$1" || { echo "FAIL: Xvfb did not start"; exit 1; }
  fi
  local tool
  for tool in xdotool import convert compare; do
    command -v $tool >/dev/null || { echo "FAIL: $tool is missing (apt-get install xdotool imagemagick)"; exit 1; }
  done
  trap 'xvfb_test_cleanup' EXIT
}
xvfb_test_cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null
  xvfb_stop
}

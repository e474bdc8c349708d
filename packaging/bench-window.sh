#!/usr/bin/env bash
# The window's speed targets, measured side by side as the README reports them:
#   - training steps/s headless and with the window open (nobody touching it): ratio >= 0.80
#   - frame times while training: median, 99th percentile < 33 ms
#   - while a latent slider is dragged: frames/s >= 55, preview latency p95 < 50 ms
# Usage: packaging/bench-window.sh [PRESET] [SECONDS] [ROUNDS]   (default: fast 20 3)
# Each round runs headless, window, window + drag, one after the other, so a drifting
# machine hits all three alike; medians over the rounds are printed. Uses $DISPLAY, or
# starts Xvfb when there is none (apt-get install xvfb xdotool).
set -euo pipefail
preset=${1:-fast}
secs=${2:-20}
rounds=${3:-3}
bin=$(realpath "${GANSCOPE_BIN:-build/ganscope}")
tmp=$(mktemp -d)
. "$(dirname "$0")/../tests/lib_xvfb.sh"
cleanup() {
  xvfb_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
  xvfb_start 1600x1000x24 || { echo "bench-window.sh: Xvfb did not start" >&2; exit 1; }
fi

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
num() { sed -n "s/.*\"$2\": \\([0-9.]*\\).*/\\1/p" "$1"; }

headless() { # round -> steps/s
  "$bin" train --preset "$preset" --seconds "$secs" --steps 1000000000 --sample-every 1000000000 \
    --checkpoint-every 1000000000 --out "$tmp/h$1" 2>&1 |
    awk '/steps\/s/ {for (i = 1; i <= NF; i++) if ($i == "steps/s") r = $(i-1)} END {print r}'
}

window() { # round name [drag] -> writes $tmp/name.json
  "$bin" --preset "$preset" --exit-after "$secs" --stats-out "$tmp/$2.json" --out "$tmp/$2" 2>/dev/null &
  local pid=$!
  if [ "${3:-}" = drag ]; then
    local wid
    wid=$(timeout 20 xdotool search --sync --name '^ganscope$' | head -1)
    sleep 2
    # The first noise slider of the explorer (its first row of bars spans y 475-530 at
    # 1280x800), up and down at about 60 moves a second, in one xdotool process so the
    # "user" costs little CPU. The preview counts in the stats show that it hit.
    local moves=$(((secs - 5) * 60)) args=(mousemove --window "$wid" 935 484 mousedown 1)
    for ((i = 0; i < moves; i++)); do
      args+=(sleep 0.016 mousemove --window "$wid" 935 $((484 + (i % 40 < 20 ? i % 20 : 20 - i % 20) * 2)))
    done
    xdotool "${args[@]}" mouseup 1 || true # the window may close before the last moves (a loaded machine)
  fi
  wait "$pid"
}

declare -a h w fmed fp99 fps dfps lat
for r in $(seq "$rounds"); do
  h+=("$(headless "$r")")
  window "$r" "w$r"
  w+=("$(num "$tmp/w$r.json" steps_per_second)")
  fmed+=("$(num "$tmp/w$r.json" frame_ms_median)")
  fp99+=("$(num "$tmp/w$r.json" frame_ms_p99)")
  fps+=("$(num "$tmp/w$r.json" fps)")
  window "$r" "d$r" drag
  dfps+=("$(num "$tmp/d$r.json" drag_fps)")
  lat+=("$(num "$tmp/d$r.json" preview_latency_ms_p95)")
  if [ "$(num "$tmp/d$r.json" preview_updates)" = 0 ]; then
    echo "bench-window: round $r: the drag moved no slider (has the layout changed?): no preview latency measured" >&2
    exit 1
  fi
  echo "round $r: headless ${h[-1]} steps/s, window ${w[-1]} steps/s, frame median ${fmed[-1]} ms" \
    "p99 ${fp99[-1]} ms; drag ${dfps[-1]} fps, preview p95 ${lat[-1]} ms"
done
m() { printf '%s\n' "$@" | median; }
mh=$(m "${h[@]}") mw=$(m "${w[@]}")
echo "preset $preset, $secs s runs, $rounds rounds, medians:"
echo "  training  headless $mh steps/s, window open $mw steps/s," \
  "ratio $(awk -v a="$mw" -v b="$mh" 'BEGIN {printf "%.2f", a / b}') (target >= 0.80)"
echo "  frames    median $(m "${fmed[@]}") ms, p99 $(m "${fp99[@]}") ms (target < 33)," \
  "$(m "${fps[@]}") frames/s drawn while watching (only what changed is drawn)"
echo "  dragging  $(m "${dfps[@]}") frames/s (target >= 55), preview latency p95 $(m "${lat[@]}") ms (target < 50)"

#!/usr/bin/env bash
# Time to digits: how many steps and seconds of training the default preset needs to reach
# the digit targets, on three seeds, and how far the `keras` preset gets in a bounded run.
# Usage: packaging/time-to-digits.sh [FAST_MINUTES] [WATCH_MINUTES] [KERAS_MINUTES]
#   (default 5 10 30): each seed trains FAST_MINUTES, then WATCH_MINUTES more to check that
#   coverage does not collapse; keras trains KERAS_MINUTES (batch 256: ~3.3 s a step on two
#   cores). Training runs in segments (--seconds, then --resume); after each segment
#   `ganscope score` scores 2000 samples of the checkpoint, outside the training time, so
#   the seconds are training wall time as metrics.csv counts them.
# Writes time-to-digits/scores.csv (preset,seed,step,seconds,recognisability,coverage,fd,
# fd_floor), prints the table the README quotes (also in table.md), and draws each run's
# scores against training seconds (PRESET-seedN.png, `ganscope plot --x seconds`): each
# segment's 2,000-sample scores are written into the score columns of the last
# metrics.csv row of that segment, so the plot shows exactly the table's points. The
# default preset's checkpoints keep a moving average of the generator, and `score` scores
# it (what people see); keras has none. Env: GANSCOPE_BIN (default
# build/ganscope), THREADS (default 2), OUT (default time-to-digits), SEEDS (default "1 2 3").
set -euo pipefail
fast_min=${1:-5}
watch_min=${2:-10}
keras_min=${3:-30}
bin=$(realpath "${GANSCOPE_BIN:-build/ganscope}")
threads=${THREADS:-2}
seeds=${SEEDS:-1 2 3}
out=${OUT:-time-to-digits}
mkdir -p "$out"
csv="$out/scores.csv"
echo "preset,seed,step,seconds,recognisability,coverage,fd,fd_floor" >"$csv"

# score DIR PRESET SEED: one csv row for DIR's checkpoint
score() {
  local last step secs
  last=$(tail -n 1 "$1/metrics.csv")
  step=${last%%,*}
  secs=$(echo "$last" | cut -d, -f2)
  "$bin" score "$1/checkpoint.gsck" --count 2000 --probes 0 | awk -v p="$2" -v s="$3" \
    -v st="$step" -v se="$secs" '
      $1 == "recognisability" {r = $2} $1 == "coverage" {c = $2}
      $1 == "fd" {f = $2} $1 == "fd_floor" {fl = $2}
      END {printf "%s,%s,%s,%s,%s,%s,%s,%s\n", p, s, st, se, r, c, f, fl}' >>"$csv"
  tail -n 1 "$csv" >&2
  # the scores into the segment's last metrics row (columns recognisability,coverage,fd)
  local row
  row=$(tail -n 1 "$csv")
  awk -F, -v OFS=, -v n="$(wc -l <"$1/metrics.csv")" -v r="$(echo "$row" | cut -d, -f5)" \
    -v c="$(echo "$row" | cut -d, -f6)" -v f="$(echo "$row" | cut -d, -f7)" '
      NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
      NR == n && NR > 1 {$col["recognisability"] = r; $col["coverage"] = c; $col["fd"] = f}
      {print}' "$1/metrics.csv" >"$1/metrics.csv.new"
  mv "$1/metrics.csv.new" "$1/metrics.csv"
}

# run PRESET SEED SEGMENTS...: train in segments of the given seconds, scoring after each
run() {
  local preset=$1 seed=$2 dir="$out/$1-seed$2"
  shift 2
  rm -rf "$dir"
  local first=1
  for seg in "$@"; do
    if [ $first = 1 ]; then
      "$bin" train --preset "$preset" --seed "$seed" --threads "$threads" --seconds "$seg" \
        --steps 1000000000 --score-every 0 --out "$dir" 2>/dev/null
      first=0
    else
      "$bin" train --resume "$dir/checkpoint.gsck" --threads "$threads" --seconds "$seg" \
        --steps 1000000000 --score-every 0 2>/dev/null
    fi
    score "$dir" "$preset" "$seed"
  done
}

# segments: every 10 s for the first minute, every 30 s to FAST_MINUTES, then every minute
segments() {
  local s=() t=0
  while [ $t -lt 60 ]; do s+=(10); t=$((t + 10)); done
  while [ $t -lt $((fast_min * 60)) ]; do s+=(30); t=$((t + 30)); done
  while [ $t -lt $(((fast_min + watch_min) * 60)) ]; do s+=(60); t=$((t + 60)); done
  echo "${s[@]}"
}

for seed in $seeds; do
  # shellcheck disable=SC2046
  run fast "$seed" $(segments)
done
keras_segs=()
for ((t = 0; t < keras_min; t += 5)); do keras_segs+=(300); done
run keras 1 "${keras_segs[@]}"

# The table: first scored point reaching each target (fd as a multiple of the real-data
# floor), and the lowest coverage after FAST_MINUTES.
awk -F, -v fm="$fast_min" '
  NR == 1 {next}
  {k = $1 " " $2; fd = $7 / $8
   if (!(k in seen)) {seen[k] = 1; order[++n] = k; a[k] = b[k] = "not reached"; low[k] = 1}
   if (a[k] == "not reached" && $5 >= 0.85 && $6 >= 0.95 && fd <= 20) a[k] = sprintf("%d steps, %.0f s", $3, $4)
   if (b[k] == "not reached" && $5 >= 0.90 && $6 >= 0.97 && fd <= 5) b[k] = sprintf("%d steps, %.0f s", $3, $4)
   if ($4 > fm * 60 && $6 < low[k]) low[k] = $6
   last[k] = sprintf("%d steps, %.0f s: %.3f / %.3f / %.1fx", $3, $4, $5, $6, fd)}
  END {
   print "| preset, seed | 0.85 / 0.95 / 20x floor | 0.90 / 0.97 / 5x floor | lowest coverage after " fm " min | last point: recog. / cov. / fd |"
   print "|---|---|---|---|---|"
   for (i = 1; i <= n; i++) {k = order[i]
     printf "| %s | %s | %s | %s | %s |\n", k, a[k], b[k], (low[k] == 1 ? "-" : sprintf("%.3f", low[k])), last[k]}
  }' "$csv" | tee "$out/table.md"

# Each run's training curves against training seconds, drawn by ganscope (its scores are
# the 2,000-sample ones in scores.csv and the table above: train scores nothing itself, so
# the timing stays clean).
for d in "$out"/*/; do
  [ -f "$d/metrics.csv" ] && "$bin" plot "$d" --x seconds --out "${d%/}.png" && echo "curves: ${d%/}.png"
done

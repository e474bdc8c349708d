#!/usr/bin/env bash
# cli_resume.sh: `train --resume` continues bit-identically (same checkpoint bytes and the
# same metrics as an uninterrupted run), refuses to continue silently on other data, and
# Ctrl-C stops cleanly after saving.
# Usage: cli_resume.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" resume

# --replay-every 0: the replay section carries wall-clock seconds, which differ run to run
# (cli_replay_resume.sh checks the replay across a resume)
"$bin" train --batch 4 --steps 8 --seed 5 --threads 1 --replay-every 0 --out whole 2>/dev/null
"$bin" train --batch 4 --steps 3 --seed 5 --threads 1 --replay-every 0 --out split 2>/dev/null
# a crash after the checkpoint leaves extra rows behind; resume must drop and redo them
echo "4,9.9,1,1,1,1,1,1,1,1" >>split/metrics.csv
"$bin" train --resume split/checkpoint.gsck --steps 8 --threads 1 --replay-every 0 2>/dev/null
check "resumed checkpoint is byte-identical to the uninterrupted one" cmp -s whole/checkpoint.gsck split/checkpoint.gsck
check "resumed metrics.csv equals the uninterrupted one (time column aside)" \
  diff <(metrics_without_time whole/metrics.csv) <(metrics_without_time split/metrics.csv)
check "metrics.csv has a header and one row per step" test "$(wc -l <whole/metrics.csv)" = 9

# A run is not continued on other digits without a word: a resume that finds its data by
# searching (no --data, no --dataset) must find what the checkpoint says it trained on.
"$bin" sample --checkpoint whole/checkpoint.gsck --out digits.idx --count 64 2>/dev/null
"$bin" train --batch 4 --steps 2 --seed 5 --threads 1 --data digits.idx --out own 2>/dev/null
expect 2 "own/checkpoint.gsck was trained on .*digits.idx.*would continue on built-in" -- \
  train --resume own/checkpoint.gsck --steps 3 --threads 1
check "the refused resume wrote nothing (metrics.csv still ends at step 2)" test "$(wc -l <own/metrics.csv)" = 3
"$bin" train --resume own/checkpoint.gsck --steps 3 --threads 1 --data digits.idx 2>/dev/null
check "with --data the same resume runs (to step 3)" test "$(wc -l <own/metrics.csv)" = 4
"$bin" train --resume own/checkpoint.gsck --steps 4 --threads 1 --dataset mnist 2>/dev/null
check "with --dataset the user chose: the resume runs (to step 4)" test "$(wc -l <own/metrics.csv)" = 5

# Ctrl-C: stops within a step or two, saves, exits 0, and the checkpoint loads.
"$bin" train --batch 8 --steps 100000 --out sig 2>err.txt &
pid=$!
# (up to 30 s: on a loaded machine the first rows can take a while; a signal before the
# handler is in place would kill the run instead of stopping it)
for _ in $(seq 1 300); do [ -s sig/metrics.csv ] && [ "$(wc -l <sig/metrics.csv)" -gt 3 ] && break; sleep 0.1; done
kill -INT $pid
wait $pid
status=$?
check "Ctrl-C exits 0 (got $status)" test "$status" = 0
check "Ctrl-C says it stopped" grep -q "stopped by signal" err.txt
check "the checkpoint saved at Ctrl-C loads" "$bin" sample --checkpoint sig/checkpoint.gsck --out sig.png 2>/dev/null

finish

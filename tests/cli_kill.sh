#!/usr/bin/env bash
# cli_kill.sh: SIGKILL a training run at random moments, checkpoint writes included
# (a checkpoint every step), 12 times over; after every kill the checkpoint loads,
# metrics.csv holds every row up to its step, and the run resumes. At the end no temp file
# is left, and the checkpoint (its replay's timings aside) and metrics.csv equal an
# uninterrupted run's.
# Usage: cli_kill.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" kill
kills=${GS_KILLS:-12}
args=(--steps 60 --threads 1 --checkpoint-every 1 --sample-every 7)

"$bin" train --batch 4 --seed 3 "${args[@]}" --out whole 2>/dev/null
check "the uninterrupted run finishes" test -s whole/checkpoint.gsck

seed=${GS_KILL_SEED:-$$}
RANDOM=$seed
echo "kill delays seeded with $seed (GS_KILL_SEED=$seed repeats them)"
temps=0
for i in $(seq 1 "$kills"); do
  if [ -s run/checkpoint.gsck ]; then
    "$bin" train --resume run/checkpoint.gsck "${args[@]}" 2>>log.txt &
  else
    "$bin" train --batch 4 --seed 3 "${args[@]}" --out run 2>>log.txt &
  fi
  pid=$!
  if [ $((i % 2)) = 0 ]; then
    # every other kill lands inside a checkpoint write: as soon as its temp file appears
    # (after a random number of checkpoints), or after 3 s
    skip=$((RANDOM % 4)) end=$((SECONDS + 3))
    while [ $SECONDS -lt $end ]; do
      if [ -e "run/checkpoint.gsck.tmp-$pid" ]; then
        [ $skip = 0 ] && break
        skip=$((skip - 1))
        while [ -e "run/checkpoint.gsck.tmp-$pid" ] && [ $SECONDS -lt $end ]; do :; done
      fi
    done
  else
    sleep "$((RANDOM % 2)).$((RANDOM % 10))$((RANDOM % 10))" # 0 to 2 s: start-up, steps, writes
  fi
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  ls run run/samples 2>/dev/null | grep -q '\.tmp-' && temps=$((temps + 1))
  if [ -s run/checkpoint.gsck ]; then
    check "kill $i: the checkpoint loads" "$bin" sample --checkpoint run/checkpoint.gsck --out k.png 2>>log.txt
    # its step, from a zero-step resume into a scratch directory (run/ stays as it is)
    rm -rf probe
    step=$("$bin" train --resume run/checkpoint.gsck --steps 0 --out probe 2>&1 |
           sed -n 's/.*done after \([0-9]*\) steps.*/\1/p')
    check "kill $i: metrics.csv has rows 1 to $step, the checkpoint's step" \
      diff <(seq 1 "${step:-1}") <(tail -n +2 run/metrics.csv | head -n "${step:-1}" | cut -d, -f1)
  fi
done
echo "$kills kills, $temps of them during a write (a temp file left behind)"
check "the run resumes to the end" "$bin" train --resume run/checkpoint.gsck "${args[@]}" 2>>log.txt
check "no temp file is left behind" test -z "$(ls run run/samples | grep '\.tmp-')"
# The checkpoint ends with its RPLY section (the replay.gsr bytes: tag 4, length 8, bytes)
# and the CRC (4): all before it is the training state, byte for byte the uninterrupted
# run's; the replay's moments carry wall-clock seconds, so they are compared by their steps.
train_bytes=$(( $(stat -c %s whole/checkpoint.gsck) - $(stat -c %s whole/replay.gsr) - 16 ))
check "the checkpoint equals the uninterrupted run's (up to its replay section)" \
  cmp -s -n "$train_bytes" whole/checkpoint.gsck run/checkpoint.gsck
steps_of() { "$bin" export "$1" --out "$2.png" --max-frames 10000 2>&1 | grep -o '[0-9]* frames, steps.*'; }
check "the checkpoint's replay has the uninterrupted run's moments ($(steps_of run/checkpoint.gsck r))" \
  test "$(steps_of run/checkpoint.gsck r)" = "$(steps_of whole/checkpoint.gsck w)" -a \
  "$(stat -c %s run/checkpoint.gsck)" = "$(stat -c %s whole/checkpoint.gsck)"
check "metrics.csv has every row once, as the uninterrupted run's (time aside)" \
  diff <(metrics_without_time whole/metrics.csv) <(metrics_without_time run/metrics.csv)
finish

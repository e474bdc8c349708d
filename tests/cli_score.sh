#!/usr/bin/env bash
# cli_score.sh: `ganscope score` and `ganscope classifier`: a checkpoint's samples and an IDX
# file get every score line; bad input gets one clear line on stderr and exit status 2.
# Usage: cli_score.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=${GS_SOURCE_DIR:-$here/..}
. "$here/lib_cli.sh" "$1" score # $bin, a scratch cwd, GANSCOPE_DATA cleared, check, expect

# good input: a checkpoint's samples, and an IDX file
"$bin" train --batch 4 --steps 2 --score-every 1 --score-count 16 --out run 2>/dev/null
check "train --score-every 1 writes scores on every row" \
  test "$(awk -F, 'NR > 1 && $11 != "" && $13 != ""' run/metrics.csv | wc -l)" = 2
check "metrics.csv header names the score columns" grep -qE ",recognisability,coverage,fd(,|$)" run/metrics.csv
"$bin" score run/checkpoint.gsck --count 64 --probes 16 >scores.txt 2>err.txt
check "score of a checkpoint exits 0" test $? = 0
for name in recognisability coverage fd fd_floor memorisation memorisation_real memorisation_ratio; do
  check "score prints $name" grep -qE "^$name [0-9.]+$" scores.txt
done
check "the histogram has ten counts summing to 64" \
  test "$(awk '$1 == "histogram" { s = 0; for (i = 2; i <= NF; i++) s += $i; print NF - 1, s }' scores.txt)" = "10 64"
# the default preset's checkpoint keeps a moving average of G: score uses it, --trained
# the trained G, whose samples (and so fd) differ
"$bin" score run/checkpoint.gsck --count 64 --probes 0 --trained >trained.txt 2>/dev/null
check "score --trained exits 0 and prints fd" grep -qE "^fd [0-9.]+$" trained.txt
check "score --trained scores other images than the average" \
  test "$(grep '^fd ' trained.txt)" != "$(grep '^fd ' scores.txt)"
"$bin" sample --checkpoint run/checkpoint.gsck --count 20 --out s.idx 2>/dev/null
"$bin" score s.idx --probes 0 >idx.txt 2>/dev/null
check "score of an IDX file: 20 images, no memorisation with --probes 0" \
  test "$(grep -cE '^(images 20|memorisation)' idx.txt)" = 1

# bad input
printf 'not an image file at all' >junk.idx
head -c 1000 run/checkpoint.gsck >cut.gsck
expect 2 "missing.idx" -- score missing.idx
expect 2 "junk.idx" -- score junk.idx
expect 2 "cut.gsck: truncated" -- score cut.gsck
expect 2 "needs one FILE" -- score
expect 2 "--count: 1 is out of range" -- score s.idx --count 1
expect 2 "dataset" -- score s.idx --dataset cifar
expect 2 "junk.idx: not a ganscope judge file" -- score s.idx --judge junk.idx
expect 2 "--score-every: 'x' is not" -- train --score-every x --steps 1 --out bad
expect 2 "--score-count: 1 is out of range" -- train --score-count 1 --steps 1 --out bad
cp "$src/assets/judge-mnist.gsj" damaged.gsj
printf '\x55' | dd of=damaged.gsj bs=1 seek=5000 conv=notrunc 2>/dev/null
expect 2 "damaged.gsj: damaged: checksum mismatch" -- classifier test damaged.gsj
expect 2 "missing.gsj" -- classifier test missing.gsj
expect 2 "--out FILE is required" -- classifier train
expect 2 "unknown subcommand 'fit'" -- classifier fit
expect 2 "--epochs: 0 is out of range" -- classifier train --epochs 0 --out x.gsj

finish

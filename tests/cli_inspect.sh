#!/usr/bin/env bash
# cli_inspect.sh: `ganscope inspect` writes its PNGs from a checkpoint, and bad input gets
# one line on stderr and exit status 2. Usage: cli_inspect.sh path/to/ganscope
set -u
bin=$1
tmp=${GS_TEST_TMP:-/tmp/ganscope-cli}/inspect
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp" || exit 1
export GANSCOPE_DATA= # the built-in MNIST test set, whatever the caller's environment
fails=0 count=0
fail() { fails=$((fails + 1)); echo "FAIL: $*"; }

"$bin" train --batch 4 --steps 2 --threads 1 --out run >/dev/null 2>&1 || fail "a 2-step run"
"$bin" sample --checkpoint run/checkpoint.gsck --count 3 --out drawn.idx 2>/dev/null || fail "sample to IDX"

count=$((count + 1))
if ! "$bin" inspect --checkpoint run/checkpoint.gsck --out look --all --invert drawn.idx --index 2 \
    --starts 2 --iters 10 --samples 1 --threads 1 >out.txt 2>err.txt; then
  fail "inspect --all --invert"; cat err.txt
fi
for f in invert directions saliency neighbours featuremaps; do
  count=$((count + 1))
  head -c 8 "look/$f.png" 2>/dev/null | od -An -tx1 | grep -q '89 50 4e 47' || fail "look/$f.png is not a PNG"
done
count=$((count + 1))
grep -q "neighbours: 10000 images" out.txt || fail "neighbours did not report the built-in set"

# expect STATUS PATTERN -- ARGS...: exit status, exactly one stderr line, matching PATTERN
expect() {
  local want=$1 pattern=$2; shift 3
  count=$((count + 1))
  "$bin" "$@" >/dev/null 2>err.txt
  local got=$?
  if [ "$got" != "$want" ] || [ "$(wc -l <err.txt)" != 1 ] || ! grep -qE -- "$pattern" err.txt; then
    fail "ganscope $* -> status $got (want $want):"; sed 's/^/    /' err.txt
  fi
}
ck=run/checkpoint.gsck
expect 2 "at least one of --invert" -- inspect --checkpoint $ck --out o
expect 2 "--checkpoint, --out" -- inspect --all
expect 2 "missing.gsck" -- inspect --checkpoint missing.gsck --out o --all
expect 2 "--index 3: drawn.idx.* has 3 images" -- inspect --checkpoint $ck --out o --invert drawn.idx --index 3
expect 2 "nothere.idx" -- inspect --checkpoint $ck --out o --invert nothere.idx
expect 2 "--iters: 0 is out of range" -- inspect --checkpoint $ck --out o --invert drawn.idx --iters 0
expect 2 "unknown option '--bogus'" -- inspect --bogus
touch afile
expect 2 "--out afile/sub: cannot create" -- inspect --checkpoint $ck --out afile/sub --featuremaps

echo "cli_inspect: $count checks, $fails failed"
[ "$fails" = 0 ]

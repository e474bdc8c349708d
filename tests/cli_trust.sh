#!/usr/bin/env bash
# cli_trust.sh: what a tough user tries: resuming into another run's directory, an empty
# --out, full disks, stale temp files, a device as checkpoint, two runs in one directory,
# out-of-range threads, symlink loops. Each case once slipped through (exit status, lost
# data or a misleading message). Usage: cli_trust.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" trust
run() { "$bin" train --batch 4 "$@" >/dev/null 2>>log.txt; }

# 1. --resume A --out B must not overwrite run B's checkpoint or mix its metrics.
run --steps 2 --seed 1 --out A
run --steps 2 --seed 2 --out B
cp B/checkpoint.gsck B.saved && cp B/metrics.csv Bm.saved
expect 2 "B/checkpoint.gsck already exists" -- train --resume A/checkpoint.gsck --steps 3 --out B
check "B's checkpoint untouched by a refused resume" cmp -s B/checkpoint.gsck B.saved
check "B's metrics untouched by a refused resume" cmp -s B/metrics.csv Bm.saved
mkdir -p B2 && cp Bm.saved B2/metrics.csv # a run killed before its first checkpoint
expect 2 "B2/metrics.csv holds another run's metrics" -- train --resume A/checkpoint.gsck --steps 3 --out B2
check "B2's metrics untouched by a refused resume" cmp -s B2/metrics.csv Bm.saved
check "resuming into the checkpoint's own directory, named explicitly, works" \
  "$bin" train --resume A/checkpoint.gsck --steps 3 --out ./A/ 2>>log.txt
check "resuming into a new directory works" "$bin" train --resume A/checkpoint.gsck --steps 4 --out A2 2>>log.txt

# 2. An empty path is a usage error (it used to write into /).
expect 2 "--out: empty" -- train --out "" --steps 1
expect 2 "--resume: empty" -- train --resume "" --steps 1
expect 2 "--data: empty" -- train --data "" --steps 1

# 4 and 13. A failed write exits 1: a checkpoint over the file-size limit (EFBIG), and
# metrics.csv on a full disk (/dev/full), which used to be truncated silently with exit 0.
count=$((count + 1))
(trap '' XFSZ; ulimit -f 256; exec "$bin" train --batch 4 --steps 2 --out fsize >/dev/null 2>err.txt)
got=$?
if [ "$got" != 1 ] || ! grep -q "checkpoint.gsck: cannot write: File too large" err.txt; then
  fails=$((fails + 1)); echo "FAIL: checkpoint over the size limit -> status $got (want 1)"; cat err.txt
fi
check "the failed checkpoint write leaves no temp file" test -z "$(ls fsize | grep tmp)"
mkdir -p full && ln -s /dev/full full/metrics.csv
count=$((count + 1))
"$bin" train --batch 4 --steps 3 --out full >/dev/null 2>err.txt
got=$?
if [ "$got" != 1 ] || [ "$(tail -1 err.txt)" != "ganscope: full/metrics.csv: cannot write: No space left on device" ]; then
  fails=$((fails + 1)); echo "FAIL: metrics.csv on a full disk -> status $got (want 1)"; cat err.txt
fi

# 5. Temp files of dead processes (a kill during a write) are removed when a run starts.
run --steps 2 --out T
sh -c 'exit 0' & dead=$!
wait $dead
touch "T/checkpoint.gsck.tmp-$dead" "T/samples/step-000003.png.tmp-$dead" "T/metrics.csv.tmp-$dead"
touch "T/checkpoint.gsck.tmp-$$" T/notes.tmp-x T/keep.txt # a live process's, and not ours
check "resuming T works" "$bin" train --resume T/checkpoint.gsck --steps 3 2>>log.txt
check "stale checkpoint temp file removed" test ! -e "T/checkpoint.gsck.tmp-$dead"
check "stale sample temp file removed" test ! -e "T/samples/step-000003.png.tmp-$dead"
check "stale metrics temp file removed" test ! -e "T/metrics.csv.tmp-$dead"
check "a live process's temp file is kept" test -e "T/checkpoint.gsck.tmp-$$"
check "other files are kept" test -e T/notes.tmp-x -a -e T/keep.txt

# 6. A device or pipe as checkpoint: the header is checked before any payload is read.
count=$((count + 1))
start=$(date +%s%N)
timeout 20 "$bin" sample --checkpoint /dev/zero --out z.png 2>err.txt
got=$? ms=$((($(date +%s%N) - start) / 1000000))
if [ "$got" != 2 ] || [ "$ms" -gt 2000 ] || ! grep -q "/dev/zero: not a ganscope checkpoint" err.txt; then
  fails=$((fails + 1)); echo "FAIL: /dev/zero as checkpoint -> status $got after $ms ms (want 2, fast)"; cat err.txt
fi
count=$((count + 1))
start=$(date +%s%N)
{ printf 'GSCK\001\000\000\000\000\000\000\000\000\001\000\000'; cat /dev/zero; } 2>/dev/null |
  timeout 20 "$bin" sample --checkpoint /dev/stdin --out z.png 2>err.txt
got=$? ms=$((($(date +%s%N) - start) / 1000000))
if [ "$got" != 2 ] || [ "$ms" -gt 2000 ] || ! grep -qE "/dev/stdin: .*(too large|version)" err.txt; then
  fails=$((fails + 1)); echo "FAIL: a pipe declaring 1 TiB -> status $got after $ms ms (want 2, fast)"; cat err.txt
fi

# 7. Two runs in one directory: the second is refused while the first holds it.
"$bin" train --batch 4 --steps 1000000 --out L 2>/dev/null &
first=$!
for _ in $(seq 1 200); do [ -s L/metrics.csv ] && break; sleep 0.05; done
expect 2 "L: in use by another ganscope run" -- train --batch 4 --steps 1 --out L
kill -INT $first
wait $first
check "the first run still ends cleanly" test -s L/checkpoint.gsck

# 8. One thread range, checked once, naming the flag.
expect 2 "--threads: 66 is out of range \(1 to 65\)" -- train --threads 66 --steps 1
expect 2 "--threads: 256 is out of range \(1 to 65\)" -- bench --threads 256

# 9. Symlink loops are named as such.
ln -s loop loop
expect 2 "loop: .*Too many levels of symbolic links" -- train --out loop --steps 1
mkdir -p dl && cp "$GS_SOURCE_DIR/assets/mnist-t10k-images-idx3-ubyte.gz" dl/train-images-idx3-ubyte.gz
ln -s train-labels-idx1-ubyte dl/train-labels-idx1-ubyte
expect 2 "dl/train-labels-idx1-ubyte: .*Too many levels of symbolic links" -- train --data dl --steps 1 --out dlrun

finish

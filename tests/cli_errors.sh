#!/usr/bin/env bash
# cli_errors.sh: bad input gets one clear line on stderr and exit status 2, never a crash,
# and nothing the user saved is overwritten. Usage: cli_errors.sh path/to/ganscope
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=${GS_TEST_TMP:-/tmp/ganscope-cli}/errors
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp" || exit 1
export GANSCOPE_DATA= # the search must not be steered by the caller's environment
fails=0 count=0

source "$here/expect.sh" # expect STATUS PATTERN -- ARGS...

expect 2 "unknown option '--bogus'" -- train --bogus
expect 2 "--batch: 'abc' is not a whole number" -- train --batch abc
expect 2 "--batch: 0 is out of range" -- train --batch 0
expect 2 "--steps needs a value" -- train --steps
expect 2 "--seconds: 'x' is not a number" -- train --seconds x
expect 2 "unknown preset 'huge'" -- train --preset huge --steps 1 --out p
expect 2 "unknown command 'trian'" -- trian
expect 2 "unexpected argument 'extra'" -- train extra
expect 2 "dataset" -- train --dataset cifar --steps 1

# the window without a display says so instead of training invisibly
count=$((count + 1))
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$bin" --steps 1 --out nodisplay >out.txt 2>err.txt
got=$?
if [ "$got" != 2 ] || [ "$(wc -l <err.txt)" != 1 ] || ! grep -q "no display" err.txt; then
  fails=$((fails + 1)); echo "FAIL: window without a display -> status $got:"; sed 's/^/    /' err.txt
fi

# data: missing, corrupt, wrong size
expect 2 "nope.*(No such file|not found|cannot)" -- train --data nope --steps 1 --out d1
printf 'garbage that is not an IDX file at all' >bad-images-idx3-ubyte
expect 2 "bad-images-idx3-ubyte" -- train --data bad-images-idx3-ubyte --steps 1 --out d2
printf '\x1f\x8b\x08\x00garbage' >bad.gz
expect 2 "bad.gz" -- train --data bad.gz --steps 1 --out d3
# a valid IDX3 header for 2 images of 32x32 with their pixels
{ printf '\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x20\x00\x00\x00\x20'; head -c 2048 /dev/zero; } >big-idx3-ubyte
expect 2 "28x28" -- train --data big-idx3-ubyte --steps 1 --out d4
mkdir -p data/mnist && cp bad-images-idx3-ubyte data/mnist/train-images-idx3-ubyte
expect 2 "data/mnist/train-images-idx3-ubyte" -- train --steps 1 --out d5 # never falls back silently
rm -rf data

# a real short run, then checkpoints: damaged ones are refused, saved ones never overwritten
count=$((count + 1))
if ! "$bin" train --batch 4 --steps 3 --out run >/dev/null 2>err.txt || [ ! -s run/checkpoint.gsck ]; then
  fails=$((fails + 1)); echo "FAIL: a 3-step run did not produce run/checkpoint.gsck"; cat err.txt
fi
cp run/checkpoint.gsck saved.gsck
expect 2 "checkpoint.gsck already exists; continue it with --resume" -- train --batch 4 --steps 3 --out run
count=$((count + 1))
cmp -s run/checkpoint.gsck saved.gsck || { fails=$((fails + 1)); echo "FAIL: refused run still touched the checkpoint"; }
expect 2 "drop them with --resume" -- train --resume run/checkpoint.gsck --batch 8
head -c 1000 saved.gsck >trunc.gsck
expect 2 "trunc.gsck: truncated" -- sample --checkpoint trunc.gsck --out s.png
cp saved.gsck flipped.gsck
printf '\xff' | dd of=flipped.gsck bs=1 seek=5000 conv=notrunc status=none
expect 2 "flipped.gsck: damaged: checksum mismatch" -- sample --checkpoint flipped.gsck --out s.png
expect 2 "flipped.gsck: damaged" -- train --resume flipped.gsck --steps 5
expect 2 "not a ganscope checkpoint" -- sample --checkpoint bad.gz --out s.png
expect 2 "missing.gsck.*(No such file|cannot)" -- sample --checkpoint missing.gsck --out s.png
expect 2 "must end in .png or .idx" -- sample --checkpoint saved.gsck --out s.jpg
expect 2 "--checkpoint and --out are required" -- sample --out s.png
expect 2 "--count: 0 is out of range" -- sample --checkpoint saved.gsck --count 0 --out s.png

# sample writes readable files
count=$((count + 1))
if ! "$bin" sample --checkpoint saved.gsck --count 10 --out s.idx 2>err.txt ||
   [ "$(od -An -tx1 -N16 s.idx | tr -d ' \n')" != "000008030000000a0000001c0000001c" ] ||
   [ "$(stat -c %s s.idx)" != $((16 + 10 * 784)) ]; then
  fails=$((fails + 1)); echo "FAIL: sample .idx header or size wrong"; cat err.txt
fi
count=$((count + 1))
if ! "$bin" sample --checkpoint saved.gsck --out s.png 2>err.txt ||
   [ "$(head -c 8 s.png | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
  fails=$((fails + 1)); echo "FAIL: sample .png is not a PNG"; cat err.txt
fi

echo "$((count - fails)) passed, $fails failed"
[ "$fails" = 0 ]

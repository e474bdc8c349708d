#!/usr/bin/env bash
# cli_teach.sh: the teaching commands from the outside: `ganscope scenarios`, train's
# --scenario and --replay-every flags, the doctor column, the replay file across a resume and
# a torn tail, and `ganscope export` (animated PNG, contact sheet, bad input exits 2 with one
# line). Usage: cli_teach.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" teach

# scenarios: every one listed with its diagnosis and its paragraph
"$bin" scenarios >list.txt 2>err.txt
check "scenarios exits 0" test $? = 0
for s in d-wins no-dropout collapse diverge sigmoid-bce; do
  check "scenarios lists $s" grep -q "^$s: " list.txt
done
check "scenarios names the doctor's diagnosis" grep -q "doctor: the discriminator wins (d-wins)" list.txt
check "scenarios tells it with police and counterfeiter" grep -q "counterfeiter" list.txt
expect 2 "scenarios: unexpected argument 'x'" -- scenarios x
expect 2 "--scenario: unknown scenario 'nope'" -- train --scenario nope --steps 1 --out s0
expect 2 "--scenario sets the model" -- train --scenario d-wins --preset keras --steps 1 --out s0
check "no run directory made by a refused scenario" test ! -e s0

# a short run keeps the 16 samples every 5 steps; metrics has the doctor column
"$bin" train --steps 12 --replay-every 5 --threads 1 --out run >/dev/null 2>train.txt
check "train with --replay-every exits 0" test $? = 0
check "metrics.csv has the doctor column" grep -q "^step,.*,lr_g,recognisability,coverage,fd,doctor$" run/metrics.csv
check "a healthy start raises nothing" test "$(grep -c "^doctor:" train.txt)" = 0
"$bin" export run --out anim.png --sheet sheet.png 2>export.txt
check "export exits 0" test $? = 0
check "export reports frames 0 to 12" grep -q "anim.png: 4 frames, steps 0 to 12" export.txt
check "the animation is a PNG" test "$(head -c 8 anim.png | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a
check "the animation has acTL and fdAT" bash -c "grep -qa acTL anim.png && grep -qa fdAT anim.png"
check "the sheet is a PNG" test "$(head -c 4 sheet.png | od -An -c | tr -d ' ')" = "211PNG"
if command -v identify >/dev/null; then
  check "ImageMagick reads the sheet" identify sheet.png
fi

# resume: frames up to the checkpoint kept, the rest appended, none twice
"$bin" train --resume run/checkpoint.gsck --steps 22 --replay-every 5 --threads 1 >/dev/null 2>&1
check "resume exits 0" test $? = 0
"$bin" export run --out anim2.png 2>export.txt
check "resumed replay: steps 0 to 22 (0 5 10 12 15 20 22)" grep -q "7 frames, steps 0 to 22" export.txt

# a torn last record (a kill mid-write) is ignored
size=$(stat -c %s run/replay.gsr)
truncate -s $((size - 100)) run/replay.gsr
"$bin" export run --out anim3.png 2>export.txt
check "torn tail ignored" grep -q "6 frames, steps 0 to 20" export.txt

# bad input: one line, exit 2
expect 2 "export: give the run's directory" -- export --out x.png
expect 2 "say what to write" -- export run
expect 2 "missing/replay.gsr" -- export missing --out x.png
expect 2 "--scale: 9 is out of range" -- export run --out x.png --scale 9
expect 2 "unknown option '--bogus'" -- export run --bogus
mkdir -p bad && printf 'GSRP\001\000\000\000\034\000\000\000\000\000\000\000GSRFjunkjunkjunk%.0s' {1..40} >bad/replay.gsr
expect 2 "bad/replay.gsr: damaged record" -- export bad --out x.png
mkdir -p empty && printf 'GSRP\001\000\000\000\034\000\000\000\000\000\000\000' >empty/replay.gsr
expect 2 "holds no frames" -- export empty --out x.png
printf 'not a replay' >empty/replay.gsr
expect 2 "not a ganscope replay file" -- export empty --out x.png
check "nothing written for bad input" test ! -e x.png
finish

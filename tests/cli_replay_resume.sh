#!/bin/bash
# cli_replay_resume.sh: the checkpoint carries the replay (its RPLY section): `train --resume`
# in a run directory that lost replay.gsr, or holds fewer moments, gets them back from the
# checkpoint; `export` takes a checkpoint file as well as a run directory.
# Usage: cli_replay_resume.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" replay_resume

# frames: the "N frames, steps A to B" line export prints, for what the replay holds
frames() { "$bin" export "$1" --out x.png --max-frames 10000 2>&1 | grep -o '[0-9]* frames, steps [0-9]* to [0-9]*'; }

"$bin" train --batch 4 --steps 40 --seed 3 --threads 1 --replay-every 5 --checkpoint-every 20 --out run 2>/dev/null
check "the run's replay: steps 0 to 40 every 5" [ "$(frames run)" = "9 frames, steps 0 to 40" ]
check "export reads the checkpoint's replay" [ "$(frames run/checkpoint.gsck)" = "9 frames, steps 0 to 40" ]
"$bin" export run --out y.png --max-frames 10000 2>/dev/null
check "the checkpoint's replay is the file's" cmp -s x.png y.png

# lost: the file is gone; the resumed run restores it, then goes on appending
rm run/replay.gsr
"$bin" train --resume run/checkpoint.gsck --steps 60 --threads 1 --replay-every 5 2>err.txt
check "resume says it restored the replay" grep -q "replay.gsr restored from the checkpoint (9 moments)" err.txt
check "restored and continued: steps 0 to 60" [ "$(frames run)" = "13 frames, steps 0 to 60" ]
check "the new checkpoint carries all of it" [ "$(frames run/checkpoint.gsck)" = "13 frames, steps 0 to 60" ]

# fewer: a replay.gsr with only its first moments (copied from another run's start)
"$bin" train --batch 4 --steps 10 --seed 3 --threads 1 --replay-every 5 --out short 2>/dev/null
cp short/replay.gsr run/replay.gsr
"$bin" train --resume run/checkpoint.gsck --steps 70 --threads 1 --replay-every 5 2>err.txt
check "fewer moments: restored from the checkpoint" grep -q "restored from the checkpoint (13 moments)" err.txt
check "fewer moments: steps 0 to 70" [ "$(frames run)" = "15 frames, steps 0 to 70" ]

# more: a replay.gsr that holds as much as the checkpoint is kept as it is
"$bin" train --resume run/checkpoint.gsck --steps 75 --threads 1 --replay-every 5 2>err.txt
check "a whole replay.gsr is kept" bash -c '! grep -q restored err.txt'
check "kept and continued: steps 0 to 75" [ "$(frames run)" = "16 frames, steps 0 to 75" ]

# a checkpoint without a replay, and a file that is no checkpoint
"$bin" train --batch 4 --steps 5 --seed 3 --threads 1 --replay-every 0 --out none 2>/dev/null
expect 2 "none/checkpoint.gsck: this checkpoint carries no replay" -- export none/checkpoint.gsck --out x.png
echo "not a checkpoint" >junk.gsck
expect 2 "junk.gsck" -- export junk.gsck --out x.png
finish

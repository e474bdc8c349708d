#!/usr/bin/env bash
# cli_plot.sh: `ganscope plot RUN_DIR`: a metrics.csv drawn to a PNG with no display; the
# plotted series' pixels sit where the values say; bad input gets one line and exit 2.
# Needs ImageMagick's convert to read the pixels (exits 77, a skip, without it).
# Usage: cli_plot.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" plot # $bin, a scratch cwd, check, expect
command -v convert >/dev/null || { echo "skipped: no ImageMagick convert"; exit 77; }
unset DISPLAY SDL_VIDEODRIVER WAYLAND_DISPLAY # no display: the software renderer on a surface

# Rows (y, from the top) of region WxH+X+Y of PNG holding colour R,G,B (+-40), one per line.
rows_of() {
  convert "$1" -crop "$2" +repage txt:- |
    awk -v r="$3" -v g="$4" -v b="$5" -F'[(),: ]+' 'NR > 1 {
      d = ($3 - r) ^ 2 + ($4 - g) ^ 2 + ($5 - b) ^ 2; if (d < 1600) print $2 }' | sort -n | uniq
}

# A run whose losses are constant: D 1, G 3 (the loss graph's top is then 3), and two scores.
mkdir -p run
{
  echo "step,seconds,d_loss,d_acc,g_loss,g_acc,d_real,d_fake,lr_d,lr_g,recognisability,coverage,fd"
  for s in $(seq 1 40); do
    sc=",,"
    [ $((s % 20)) = 0 ] && sc="0.9,0.5,100"
    echo "$s,$s.5,1,0.5,3,0.5,0.9,0.1,0.0008,0.0004,$sc"
  done
} >run/metrics.csv
"$bin" plot run --out curves.png >out.txt 2>err.txt
check "plot exits 0 without a display" test $? = 0
check "plot says what it wrote" grep -q "wrote curves.png (40 steps, 2 scores)" out.txt
check "the PNG is 900x1100" test "$(convert curves.png -format %wx%h info:)" = 900x1100
# the loss graph: the top 250 rows; D in red, G in blue, each a flat line, G's 2/3 of the
# graph above D's (1 and 3 on a 0..3 axis)
d_rows=$(rows_of curves.png 880x210+10+30 240 110 90 | tr '\n' ' ')
g_rows=$(rows_of curves.png 880x210+10+30 90 180 250 | tr '\n' ' ')
read -r -a d <<<"$d_rows"
read -r -a g <<<"$g_rows"
echo "loss graph rows: D ${d[*]:0:3}, G ${g[*]:0:3}"
check "D's loss is one flat line" test "${#d[@]}" -ge 1 -a "${#d[@]}" -le 3
check "G's loss is one flat line" test "${#g[@]}" -ge 1 -a "${#g[@]}" -le 3
check "G's line (3) is above D's (1)" test "${g[0]:-999}" -lt "${d[0]:-0}"
# the scores: recognisability (yellow) drawn in the quality graph at the bottom
check "the scores are plotted" test -n "$(rows_of curves.png 880x300+10+790 250 200 60)"
# without score columns: no quality graph, the training graphs take the whole height
cut -d, -f1-10 run/metrics.csv >plain.csv && mkdir -p plain && mv plain.csv plain/metrics.csv
"$bin" plot plain >/dev/null 2>&1
check "default output RUN_DIR/curves.png" test -s plain/curves.png
check "no scores: nothing yellow" test -z "$(rows_of plain/curves.png 880x300+10+790 250 200 60)"

# --x seconds: a run whose second half is four times slower per step, and whose D loss
# steps from 1 to 2 halfway through (step 21): against steps the jump is halfway across the
# graph, against seconds (1..20, then 24..100) a fifth of the way
mkdir -p slow
{
  echo "step,seconds,d_loss,d_acc,g_loss,g_acc,d_real,d_fake,lr_d,lr_g,recognisability,coverage,fd"
  for s in $(seq 1 40); do
    t=$s; dl=1
    [ "$s" -gt 20 ] && t=$((20 + (s - 20) * 4)) && dl=2
    echo "$s,$t,$dl,0.5,3,0.5,0.9,0.1,0.0008,0.0004,,,"
  done
} >slow/metrics.csv
# the leftmost column (in the loss graph) of D's upper line, the 2
jump_col() {
  convert "$1" -crop 880x210+10+30 +repage txt:- |
    awk -F'[(),: ]+' 'NR > 1 { d = ($3 - 240) ^ 2 + ($4 - 110) ^ 2 + ($5 - 90) ^ 2; if (d < 1600) print $1, $2 }' |
    sort -k2,2n -k1,1n | awk 'NR == 1 { top = $2 } $2 <= top + 2 { if (min == "" || $1 < min) min = $1 } END { print min + 0 }'
}
"$bin" plot slow --out steps.png >/dev/null 2>&1
"$bin" plot slow --x seconds --out seconds.png >out.txt 2>err.txt
check "plot --x seconds exits 0" test $? = 0
check "plot --x seconds says the seconds it drew" grep -q "wrote seconds.png (100.0 s, 0 scores)" out.txt
js=$(jump_col steps.png); jt=$(jump_col seconds.png)
echo "D's jump: column $js against steps, $jt against seconds"
check "against steps the jump is near the middle" test "$js" -gt 400 -a "$js" -lt 520
check "against seconds the jump is a fifth of the way" test "$jt" -gt 150 -a "$jt" -lt 300
expect 2 "--x takes steps or seconds" -- plot slow --x minutes
cut -d, -f1,3-13 slow/metrics.csv >noseconds.csv && mkdir -p nosec && mv noseconds.csv nosec/metrics.csv
expect 2 "no 'seconds' column" -- plot nosec --x seconds

# bad input
mkdir -p empty corrupt short
: >empty/metrics.csv
printf 'step,d_loss\n1,2\n' >short/metrics.csv
sed '5s/^4,4.5,1/4,4.5,x/' run/metrics.csv >corrupt/metrics.csv
expect 2 "missing/metrics.csv: No such file" -- plot missing
expect 2 "empty/metrics.csv: empty" -- plot empty
expect 2 "short/metrics.csv: not a metrics.csv" -- plot short
expect 2 "corrupt/metrics.csv: line 5, field 3 is not a number" -- plot corrupt
expect 2 "which run" -- plot
expect 2 "unknown flag --bogus" -- plot run --bogus
expect 2 "--out: empty path" -- plot run --out ""
expect 1 "cannot write" -- plot run --out missing-dir/x.png
finish

# lib_cli.sh: helpers the shell tests source: a scratch directory, `check` and `expect`
# counters, and the summary line. Sourced, not run (CTest runs tests/cli_*.sh only).
# Usage: . lib_cli.sh NAME   (then $bin is the ganscope under test and the cwd is scratch)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=${GS_TEST_TMP:-/tmp/ganscope-cli}/$2
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp" || exit 1
export GANSCOPE_DATA= # the search must not be steered by the caller's environment
fails=0 count=0

check() { # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  count=$((count + 1))
  if ! "$@"; then fails=$((fails + 1)); echo "FAIL: $what"; fi
}

# expect STATUS PATTERN -- ARGS...: runs ganscope ARGS, checks the exit status, that stderr
# is exactly one line, and that it matches PATTERN.
expect() {
  local want=$1 pattern=$2; shift 3
  count=$((count + 1))
  "$bin" "$@" >out.txt 2>err.txt
  local got=$? lines
  lines=$(wc -l <err.txt)
  if [ "$got" != "$want" ] || [ "$lines" != 1 ] || ! grep -qE -- "$pattern" err.txt; then
    fails=$((fails + 1))
    echo "FAIL: ganscope $* -> status $got (want $want), $lines stderr lines:"
    sed 's/^/    /' err.txt
  fi
}

# a metrics.csv without its time column, which differs between runs
metrics_without_time() { cut -d, -f1,3- "$1"; }

finish() {
  echo "$((count - fails)) passed, $fails failed"
  [ "$fails" = 0 ]
}

# Screenshot comparisons (ImageMagick) for the window tests:
# sd SHOT REGION: the gray level's standard deviation in REGION (WxH+X+Y) of SHOT
sd() { convert "$1" -crop "$2" -colorspace gray -format '%[fx:standard_deviation]' info: 2>/dev/null; }
# RMSE (0 to 1) of region $3 between two screenshots; "x" (fails every comparison) on error
rmse() {
  convert "$1" -crop "$3" +repage crop1.png && convert "$2" -crop "$3" +repage crop2.png &&
    compare -metric RMSE crop1.png crop2.png null: 2>&1 | sed -n 's/.*(\([0-9.e-]*\))$/\1/p' | grep . || echo x
}
# gt A B: A > B, both numbers
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a ~ /^[0-9.e-]+$/ && b ~ /^[0-9.e-]+$/ && a + 0 > b + 0) }'; }

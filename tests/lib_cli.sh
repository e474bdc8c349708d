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

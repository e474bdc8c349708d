# expect.sh: helpers the shell tests source (not a test itself). They count into $count and
# $fails and run ganscope as $bin.

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

#!/usr/bin/env bash
# cli_scenarios.sh: each break-it scenario shows its failure and the doctor names it: a run
# of `train --scenario NAME` (seed 1, as many steps as the scenario promises in `ganscope
# scenarios`) prints its `doctor:` line and marks the step in metrics.csv; and a default run
# raises nothing. Real training: label slow. Usage: cli_scenarios.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" scenarios

"$bin" scenarios >list.txt || exit 1
# "NAME: ...", then "  doctor: TITLE (ID) within N steps"
awk '/^[a-z-]+: / { name = $1; sub(":", "", name) }
     /^  doctor: .* within [0-9]+ steps$/ { id = $0; sub(/.*\(/, "", id); sub(/\).*/, "", id); print name, id, $(NF - 1) }' list.txt >expect.txt
# a scenario that promises no step (not seen to fire in the runs measured) is not run here
check "scenarios with their promises" test "$(wc -l <expect.txt)" -ge 4
while read -r name id steps; do
  "$bin" train --scenario "$name" --seed 1 --steps "$steps" --threads 2 --replay-every 0 \
    --checkpoint-every 100000 --out "$name" >/dev/null 2>"$name.txt"
  check "$name: its doctor line ($id) within $steps steps" grep -q "^doctor: step [0-9]*: .*($id)" "$name.txt"
  check "$name: metrics.csv marks the step" grep -q ",$id\$\|,$id+\|+$id\$" "$name/metrics.csv"
done <expect.txt
# the default preset: nothing to say over its first steps
"$bin" train --seed 1 --steps "${GS_HEALTHY_STEPS:-300}" --threads 2 --replay-every 0 --out healthy >/dev/null 2>healthy.txt
check "a default run raises no diagnosis" test "$(grep -c '^doctor:' healthy.txt)" = 0
check "its doctor column stays empty" test "$(cut -d, -f14 healthy/metrics.csv | sort -u | tr -d "\n")" = "doctor"
finish
